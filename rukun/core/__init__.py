"""Shared vocabulary of rukun: the report taxonomy and value types.

Every layer may import this package; it imports nothing from the others.
"""

from rukun.core.taxonomy import (
    CATEGORIES,
    CATEGORY_NAMES_MS,
    CLUSTER_OF_CATEGORY,
    CLUSTERS,
    LANGUAGES,
    SEVERITIES,
    SOURCES,
    cluster_of,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES_MS",
    "CLUSTERS",
    "CLUSTER_OF_CATEGORY",
    "LANGUAGES",
    "SEVERITIES",
    "SOURCES",
    "cluster_of",
]
