"""Shared fixtures of the detection tests: kernel backends and the reference data."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def scan_data_dir() -> Path:
    """``RUKUN_SCAN_DATA_DIR`` or ``../shared/data/scan`` beside the repository."""
    return Path(os.environ.get("RUKUN_SCAN_DATA_DIR", REPO.parent / "shared" / "data" / "scan"))


@pytest.fixture
def scan_data() -> Path:
    path = scan_data_dir()
    if not (path / "satscan_sample" / "NYCfever.cas").exists():
        pytest.skip(f"SaTScan reference data not found at {path} (set RUKUN_SCAN_DATA_DIR)")
    return path


@pytest.fixture(params=["numba", "numpy"])
def backend(request) -> str:
    return request.param
