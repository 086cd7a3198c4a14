"""The corpus manifest: near-copies dropped and the stratified held-out split.

The manifest (``rukun/nlp/data/manifest.json``, committed) records for every
corpus id whether it is in the training part, the held-out test part, or
dropped as a near-copy of another record. Training and evaluation read it, so
the split never changes silently: a corpus id missing from it is an error until
``rukun nlp-manifest --write`` assigns it, and writing keeps every assignment
already made.

Rules (deterministic, no randomness):

* **Near-copies.** Candidate pairs come from MinHash LSH over character
  4-shingles of the normalised text (threshold 0.5); a pair is a near-copy when
  the exact edit-distance ratio of the normalised texts is at least
  :data:`NEAR_COPY_RATIO`. Near-copies form groups (connected components); the
  group keeps the member already kept by the manifest, else its smallest id.
* **Split.** Within each stratum ``category × language``, ids are ordered by
  SHA-256 of ``"rukun-split-v1:" + id``; while the stratum's test share is below
  :data:`TEST_FRACTION`, the next id goes to test (strata of one record stay in
  training).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from datasketch import MinHashLSH

from rukun.nlp.corpus import DATA_DIR, LabelledReport
from rukun.nlp.similarity import NUM_PERM, copy_similarity, minhashes

MANIFEST_PATH = DATA_DIR / "manifest.json"
MANIFEST_VERSION = 1
TEST_FRACTION = 0.2
NEAR_COPY_RATIO = 0.9
SPLIT_SALT = "rukun-split-v1:"
TRAIN, TEST = "train", "test"


def near_copy_pairs(
    records: Sequence[LabelledReport], ratio: float = NEAR_COPY_RATIO
) -> list[tuple[str, str, float]]:
    """Return ``(id_a, id_b, similarity)`` for every confirmed near-copy pair.

    Pairs are sorted; ``id_a < id_b``.
    """
    if not 0.0 < ratio <= 1.0:
        raise ValueError(f"ratio must be in (0, 1], got {ratio!r}")
    signatures = minhashes([r.text for r in records])
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    for i, signature in enumerate(signatures):
        lsh.insert(i, signature)
    pairs: set[tuple[str, str, float]] = set()
    for i, signature in enumerate(signatures):
        for j in lsh.query(signature):
            if j <= i:
                continue
            score = copy_similarity(records[i].text, records[j].text)
            if score >= ratio:
                a, b = sorted((records[i].id, records[j].id))
                pairs.add((a, b, round(score, 4)))
    return sorted(pairs)


def _components(ids: Sequence[str], pairs: Sequence[tuple[str, str, float]]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _split_key(record_id: str) -> str:
    return hashlib.sha256((SPLIT_SALT + record_id).encode("utf-8")).hexdigest()


def build_manifest(
    records: Sequence[LabelledReport], previous: dict[str, str] | None = None
) -> dict[str, str]:
    """Assign every record to ``"train"``, ``"test"`` or ``"dup:<kept id>"``.

    Parameters
    ----------
    records : sequence of LabelledReport
        The whole corpus.
    previous : dict, optional
        An existing assignment; its entries are kept unchanged for ids still
        in the corpus, so that adding records never moves old ones.

    Returns
    -------
    dict
        id → assignment, for every record.
    """
    previous = dict(previous or {})
    by_id = {r.id: r for r in records}
    assignment: dict[str, str] = {i: previous[i] for i in by_id if i in previous}
    for group in _components(list(by_id), near_copy_pairs(records)):
        kept_before = [i for i in group if i in assignment and not assignment[i].startswith("dup:")]
        keeper = kept_before[0] if kept_before else group[0]
        for member in group:
            if member != keeper and member not in assignment:
                assignment[member] = f"dup:{keeper}"
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        strata[(r.category, r.language)].append(r.id)
    for ids in strata.values():
        live = [i for i in ids if not assignment.get(i, "").startswith("dup:")]
        n_test = sum(1 for i in live if assignment.get(i) == TEST)
        for i in sorted((i for i in live if i not in assignment), key=_split_key):
            if len(live) > 1 and n_test < math.ceil(TEST_FRACTION * len(live)):
                assignment[i] = TEST
                n_test += 1
            else:
                assignment[i] = TRAIN
    return dict(sorted(assignment.items()))


def read_manifest(path: str | os.PathLike[str] = MANIFEST_PATH) -> dict[str, str]:
    """Return the committed assignment (id → ``train`` / ``test`` / ``dup:<id>``)."""
    path = Path(path)
    if not path.exists():
        return {}
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("version") != MANIFEST_VERSION:
        raise ValueError(
            f"{path}: manifest version {payload.get('version')!r}; allowed: {MANIFEST_VERSION}"
        )
    return dict(payload["assignment"])


def write_manifest(
    assignment: dict[str, str], path: str | os.PathLike[str] = MANIFEST_PATH
) -> None:
    """Write the assignment with its rules and counts, in a stable layout."""
    counts: dict[str, int] = defaultdict(int)
    for value in assignment.values():
        counts["dropped_near_copy" if value.startswith("dup:") else value] += 1
    payload = {
        "version": MANIFEST_VERSION,
        "rules": {
            "near_copy": f"MinHash LSH (char 4-shingles, threshold 0.5) confirmed by "
            f"edit-distance ratio >= {NEAR_COPY_RATIO} on normalised text; keep "
            "the already-kept member, else the smallest id",
            "split": f"per category x language, ids ordered by sha256('{SPLIT_SALT}' + id); "
            f"test while the stratum's test share < {TEST_FRACTION}",
        },
        "counts": dict(sorted(counts.items())),
        "assignment": assignment,
    }
    Path(path).write_text(
        json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )


def partition(
    records: Sequence[LabelledReport], assignment: dict[str, str]
) -> tuple[list[LabelledReport], list[LabelledReport]]:
    """Split ``records`` into (train, test) by ``assignment``, dropping near-copies.

    Raises
    ------
    ValueError
        When a record's id is not in the manifest (the split must not change
        silently; run ``rukun nlp-manifest --write``).
    """
    unlisted = [r.id for r in records if r.id not in assignment]
    if unlisted:
        shown = ", ".join(unlisted[:5]) + (" …" if len(unlisted) > 5 else "")
        raise ValueError(
            f"{len(unlisted)} corpus id(s) are not in the split manifest ({shown}); "
            "run `rukun nlp-manifest --write` to assign them"
        )
    train = [r for r in records if assignment[r.id] == TRAIN]
    test = [r for r in records if assignment[r.id] == TEST]
    return train, test


def stats_markdown(records: Sequence[LabelledReport], assignment: dict[str, str]) -> str:
    """Return Markdown tables of the kept corpus: category × language, and the labels."""
    from rukun.core.taxonomy import CATEGORIES, LANGUAGES, SEVERITIES, SOURCES

    kept = [r for r in records if not assignment.get(r.id, "").startswith("dup:")]
    test = {r.id for r in kept if assignment.get(r.id) == TEST}
    lines = [
        f"{len(records)} records; {len(records) - len(kept)} near-copies dropped; "
        f"{len(kept)} kept, {len(test)} of them held out ({len(test) / max(len(kept), 1):.1%}).",
        "",
        "| category | " + " | ".join(LANGUAGES) + " | total | three_r true | held out |",
        "|---" * (len(LANGUAGES) + 4) + "|",
    ]
    for category in CATEGORIES:
        rows = [r for r in kept if r.category == category]
        per_language = [str(sum(r.language == lang for r in rows)) for lang in LANGUAGES]
        lines.append(
            f"| {category} | "
            + " | ".join(per_language)
            + f" | {len(rows)} | {sum(r.three_r for r in rows)} | {sum(r.id in test for r in rows)} |"
        )
    totals = [str(sum(r.language == lang for r in kept)) for lang in LANGUAGES]
    shares = [f"{int(t) / max(len(kept), 1):.0%}" for t in totals]
    lines += [
        "| **all** | " + " | ".join(totals) + f" | {len(kept)} | {sum(r.three_r for r in kept)} "
        f"| {len(test)} |",
        "| share | " + " | ".join(shares) + " | | | |",
        "",
        "| severity | " + " | ".join(map(str, SEVERITIES)) + " |",
        "|---" * (len(SEVERITIES) + 1) + "|",
        "| reports | "
        + " | ".join(str(sum(r.severity == s for r in kept)) for s in SEVERITIES)
        + " |",
        "",
        "| source | " + " | ".join(SOURCES) + " |",
        "|---" * (len(SOURCES) + 1) + "|",
        "| reports | " + " | ".join(str(sum(r.source == s for r in kept)) for s in SOURCES) + " |",
    ]
    return "\n".join(lines)
