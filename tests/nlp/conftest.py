"""Shared fixtures: a small labelled corpus written here and a model trained on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rukun.core.taxonomy import CATEGORIES
from rukun.nlp.artefact import fit_records
from rukun.nlp.corpus import LabelledReport

#: Per category: (Malay, English, Chinese, Tamil) phrases; sentences are built
#: by combining them with varied frames so that no two texts are equal.
PHRASES = {
    "noise": ("bising karaoke kuat", "loud karaoke music", "卡拉OK太吵", "சத்தம் அதிகம் பாட்டு"),
    "parking_road": (
        "letak kereta halang pagar",
        "car parked blocking my gate",
        "车挡住门口",
        "கார் நிறுத்தி வழி மறைத்து",
    ),
    "waste_environment": (
        "sampah dibuang tepi longkang",
        "rubbish dumped near the drain",
        "垃圾丢在水沟",
        "குப்பை கொட்டி நாற்றம்",
    ),
    "property_boundary": (
        "pagar jiran masuk tanah saya",
        "neighbour fence on my land",
        "邻居围墙占地",
        "வேலி எல்லை தாண்டி",
    ),
    "religious": (
        "pembesar suara surau",
        "temple procession loudspeaker",
        "庙会游神",
        "கோவில் திருவிழா ஒலிபெருக்கி",
    ),
    "ethnic": ("hina kaum lain", "racial slurs at the stall", "种族歧视骂人", "இனவெறி பேச்சு"),
    "online_provocation": (
        "post viral di facebook menghasut",
        "viral tiktok video provoking",
        "网上视频挑衅",
        "வைரல் வீடியோ வதந்தி",
    ),
    "youth_vandalism": (
        "budak rempit conteng dinding",
        "teenagers spray graffiti",
        "少年涂鸦破坏",
        "பசங்க கிறுக்கல் சுவர்",
    ),
    "crime_safety": (
        "motosikal dicuri malam tadi",
        "motorbike stolen last night",
        "摩托被偷",
        "மோட்டார் திருட்டு",
    ),
    "migrant_worker": (
        "pekerja asing rumah kongsi sesak",
        "foreign workers crowded house",
        "外劳宿舍拥挤",
        "வெளிநாட்டு தொழிலாளர் கூட்டம்",
    ),
    "community_governance": (
        "ajk krt gaduh duit yuran",
        "committee quarrel over hall funds",
        "委员会账目争吵",
        "குழு நிதி கணக்கு சண்டை",
    ),
    "political": (
        "penyokong parti koyak bendera",
        "party supporters tore the banner",
        "政党支持者撕旗",
        "கட்சி கொடி கிழிப்பு",
    ),
    "domestic_family": (
        "suami isteri bergaduh kuat",
        "husband and wife fighting loudly",
        "夫妻吵架",
        "கணவன் மனைவி சண்டை",
    ),
    "none": (
        "jemputan gotong-royong sabtu",
        "invitation to the community clean-up",
        "欢迎参加大扫除",
        "நிகழ்ச்சி அழைப்பு நன்றி",
    ),
}
FRAMES = (
    "{p} di taman {i}",
    "Tolong, {p} lagi hari ni no {i}",
    "Report {i}: {p}",
    "{p}!! blok {i}",
    "semalam {p}, jalan {i}",
)
LANGS = ("ms", "en", "zh", "ta")


def make_records(per_frame: int = 5) -> list[LabelledReport]:
    records = []
    n = 0
    for category, phrases in PHRASES.items():
        sensitive = category in ("religious", "ethnic")
        for li, phrase in enumerate(phrases):
            for fi, frame in enumerate(FRAMES[:per_frame]):
                n += 1
                records.append(
                    LabelledReport(
                        id=f"t{n:04d}",
                        text=frame.format(p=phrase, i=fi * 7 + li),
                        category=category,
                        three_r=sensitive,
                        severity=1 + (fi + li) % 4,
                        language=LANGS[li],
                        source="krt_report",
                    )
                )
    return records


@pytest.fixture(scope="session")
def small_records() -> list[LabelledReport]:
    return make_records()


@pytest.fixture(scope="session")
def small_model(small_records):
    return fit_records(small_records)


def _write_jsonl(path: Path, records) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            obj = (
                r
                if isinstance(r, dict)
                else {
                    "id": r.id,
                    "text": r.text,
                    "category": r.category,
                    "three_r": r.three_r,
                    "severity": r.severity,
                    "language": r.language,
                    "source": r.source,
                }
            )
            handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def write_jsonl():
    """Write records (LabelledReport or dicts) as JSONL; return the path."""
    return _write_jsonl


assert set(PHRASES) == set(CATEGORIES)
