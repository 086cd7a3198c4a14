"""The report taxonomy (v2) of ``shared/TAXONOMY.md`` as Python constants.

The classifier, the corpus, the detectors and the dashboard all use exactly
these codes; nothing else in the project spells them out.
"""

from __future__ import annotations

TAXONOMY_VERSION = "2"

#: Category codes in the order of the taxonomy table.
CATEGORIES: tuple[str, ...] = (
    "noise",
    "parking_road",
    "waste_environment",
    "property_boundary",
    "religious",
    "ethnic",
    "online_provocation",
    "youth_vandalism",
    "crime_safety",
    "migrant_worker",
    "community_governance",
    "political",
    "domestic_family",
    "none",
)

CATEGORY_NAMES_MS: dict[str, str] = {
    "noise": "Bising",
    "parking_road": "Parkir & laluan",
    "waste_environment": "Sampah & alam sekitar",
    "property_boundary": "Sempadan & harta",
    "religious": "Agama",
    "ethnic": "Kaum",
    "online_provocation": "Provokasi dalam talian",
    "youth_vandalism": "Remaja & vandalisme",
    "crime_safety": "Jenayah & keselamatan",
    "migrant_worker": "Pekerja asing",
    "community_governance": "Tadbir urus komuniti",
    "political": "Politik",
    "domestic_family": "Keluarga",
    "none": "Bukan konflik",
}

CATEGORY_NAMES_EN: dict[str, str] = {
    "noise": "Noise",
    "parking_road": "Parking & roads",
    "waste_environment": "Waste & environment",
    "property_boundary": "Boundaries & property",
    "religious": "Religion",
    "ethnic": "Ethnicity",
    "online_provocation": "Online provocation",
    "youth_vandalism": "Youth & vandalism",
    "crime_safety": "Crime & safety",
    "migrant_worker": "Foreign workers",
    "community_governance": "Community governance",
    "political": "Politics",
    "domestic_family": "Family",
    "none": "Not a conflict",
}

#: Categories whose appearance in a chain marks an escalation of its axis.
SENSITIVE_CATEGORIES: frozenset[str] = frozenset({"ethnic", "religious", "online_provocation"})

#: Severity levels 1 (nuisance) to 4 (violence happened or imminent).
SEVERITIES: tuple[int, ...] = (1, 2, 3, 4)

LANGUAGES: tuple[str, ...] = ("ms", "en", "zh", "ta", "mixed")

#: Where a report comes from.
SOURCES: tuple[str, ...] = (
    "krt_report",
    "srs_patrol",
    "mediator_note",
    "public_complaint",
    "social_media",
    "resident_message",
)

#: The six issue clusters that JPNIN already tracks, with their categories.
CLUSTERS: dict[str, tuple[str, ...]] = {
    "governance_development": (
        "community_governance",
        "property_boundary",
        "waste_environment",
        "parking_road",
        "noise",
    ),
    "security": ("crime_safety", "youth_vandalism", "migrant_worker", "domestic_family"),
    "religion": ("religious",),
    "politics": ("political",),
    "hate_speech": ("online_provocation",),
    "race": ("ethnic",),
}

CLUSTER_NAMES_MS: dict[str, str] = {
    "governance_development": "Tadbir urus & pembangunan",
    "security": "Keselamatan",
    "religion": "Agama",
    "politics": "Politik",
    "hate_speech": "Ucapan kebencian",
    "race": "Kaum",
}

CLUSTER_NAMES_EN: dict[str, str] = {
    "governance_development": "Governance & development",
    "security": "Security",
    "religion": "Religion",
    "politics": "Politics",
    "hate_speech": "Hate speech",
    "race": "Race",
}

CLUSTER_OF_CATEGORY: dict[str, str] = {
    category: cluster for cluster, members in CLUSTERS.items() for category in members
}


def cluster_of(category: str) -> str | None:
    """Return the JPNIN issue cluster of ``category``; ``None`` for ``none``.

    Raises ``ValueError`` for a code that is not in the taxonomy.
    """
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; allowed: {', '.join(CATEGORIES)}")
    return CLUSTER_OF_CATEGORY.get(category)
