"""Reading and validating labelled report records (the training corpus format).

A record is one JSON object per line::

    {"id", "text", "category", "three_r", "severity", "language", "source"}

with the codes of ``shared/TAXONOMY.md`` (:mod:`rukun.core.taxonomy`). The
project's corpus lives in ``rukun/nlp/data/corpus/*.jsonl`` and ships with the
package; officers' label corrections arrive later as extra files in the same
format (``source`` may then be omitted).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rukun.core.taxonomy import CATEGORIES, LANGUAGES, SEVERITIES, SOURCES

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The packaged corpus; ``RUKUN_NLP_CORPUS_DIR`` points elsewhere.
CORPUS_DIR = DATA_DIR / "corpus"
#: The independent evaluation set written apart from the corpus.
FRESH_DIR = DATA_DIR / "fresh"


@dataclass(frozen=True, slots=True)
class LabelledReport:
    """One labelled report of the corpus."""

    id: str
    text: str
    category: str
    three_r: bool
    severity: int
    language: str
    source: str | None = None
    origin: str = ""


def corpus_dir() -> Path:
    """Return the corpus folder (``RUKUN_NLP_CORPUS_DIR`` or the packaged one)."""
    return Path(os.environ.get("RUKUN_NLP_CORPUS_DIR", CORPUS_DIR))


def parse_record(obj: object, where: str = "record") -> LabelledReport:
    """Validate one decoded JSON object and return it as a :class:`LabelledReport`.

    Raises
    ------
    ValueError
        When a field is missing or holds a value outside the taxonomy; the
        message names the field, what was received and what is allowed.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    missing = [k for k in ("id", "text", "category", "three_r", "severity") if k not in obj]
    if missing:
        raise ValueError(f"{where}: missing field(s) {', '.join(missing)}")
    rid, text = obj["id"], obj["text"]
    if not isinstance(rid, str | int) or isinstance(rid, bool) or str(rid) == "":
        raise ValueError(f"{where}: 'id' must be a non-empty string or integer, got {rid!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: 'text' must be a non-empty string, got {text!r}")
    if obj["category"] not in CATEGORIES:
        raise ValueError(
            f"{where}: 'category' {obj['category']!r} is not allowed; allowed: "
            + ", ".join(CATEGORIES)
        )
    if not isinstance(obj["three_r"], bool):
        raise ValueError(f"{where}: 'three_r' must be true or false, got {obj['three_r']!r}")
    severity = obj["severity"]
    if isinstance(severity, bool) or severity not in SEVERITIES:
        raise ValueError(f"{where}: 'severity' must be one of 1, 2, 3, 4, got {severity!r}")
    language = obj.get("language")
    if language not in LANGUAGES:
        raise ValueError(
            f"{where}: 'language' {language!r} is not allowed; allowed: {', '.join(LANGUAGES)}"
        )
    source = obj.get("source")
    if source is not None and source not in SOURCES:
        raise ValueError(
            f"{where}: 'source' {source!r} is not allowed; allowed: {', '.join(SOURCES)}"
        )
    return LabelledReport(
        id=str(rid),
        text=text,
        category=obj["category"],
        three_r=obj["three_r"],
        severity=int(severity),
        language=language,
        source=source,
        origin=where,
    )


def read_records(path: str | os.PathLike[str]) -> Iterator[LabelledReport]:
    """Yield the validated records of one JSONL file (blank lines are skipped)."""
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not valid JSON ({exc.msg})") from exc
            yield parse_record(obj, where)


def corpus_files(directory: str | os.PathLike[str] | None = None) -> list[Path]:
    """Return the corpus JSONL files in a stable (sorted) order."""
    folder = corpus_dir() if directory is None else Path(directory)
    return sorted(folder.glob("*.jsonl"))


def read_files(paths: Iterable[str | os.PathLike[str]]) -> list[LabelledReport]:
    """Read several JSONL files; ids must be unique across all of them.

    Raises
    ------
    ValueError
        When an id occurs twice (the message names both places).
    """
    seen: dict[str, str] = {}
    records: list[LabelledReport] = []
    for path in paths:
        for record in read_records(path):
            if record.id in seen:
                raise ValueError(
                    f"duplicate id {record.id!r} in {record.origin} (first in {seen[record.id]})"
                )
            seen[record.id] = record.origin
            records.append(record)
    return records


def read_corpus(directory: str | os.PathLike[str] | None = None) -> list[LabelledReport]:
    """Read every record of the corpus folder, unfiltered (see :mod:`rukun.nlp.manifest`)."""
    files = corpus_files(directory)
    if not files:
        raise ValueError(f"no *.jsonl corpus files in {directory or corpus_dir()}")
    return read_files(files)
