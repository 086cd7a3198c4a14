import math
from collections import Counter, defaultdict
from dataclasses import replace

import pytest

from rukun.nlp.corpus import corpus_files, read_corpus
from rukun.nlp.manifest import (
    TEST_FRACTION,
    build_manifest,
    near_copy_pairs,
    partition,
    read_manifest,
)


def test_it_finds_an_edited_copy_and_keeps_the_smallest_id(small_records):
    original = small_records[0]
    copy = replace(original, id="zz-copy", text=original.text + " !!")
    records = [*small_records, copy]
    pairs = near_copy_pairs(records)
    assert (original.id, "zz-copy") in {(a, b) for a, b, _ in pairs}
    assignment = build_manifest(records)
    assert assignment["zz-copy"] == f"dup:{original.id}"


def test_it_puts_at_least_the_test_fraction_of_each_stratum_in_test(small_records):
    assignment = build_manifest(small_records)
    strata = defaultdict(Counter)
    for r in small_records:
        strata[(r.category, r.language)][assignment[r.id]] += 1
    for counts in strata.values():
        live = counts["train"] + counts["test"]
        assert counts["test"] == math.ceil(TEST_FRACTION * live)


def test_it_keeps_earlier_assignments_when_records_are_added(small_records):
    first = build_manifest(small_records[:200])
    second = build_manifest(small_records, previous=first)
    assert {k: second[k] for k in first} == first


def test_it_refuses_records_missing_from_the_manifest(small_records):
    assignment = build_manifest(small_records[:10])
    with pytest.raises(ValueError, match="not in the split manifest"):
        partition(small_records, assignment)


def test_the_committed_manifest_covers_the_corpus_with_stratified_shares():
    if not corpus_files():
        pytest.skip("the corpus files are not present")
    records = read_corpus()
    committed = read_manifest()
    missing = [r.id for r in records if r.id not in committed]
    assert missing == [], "run `rukun nlp-manifest --write`"
    kept = {i for i, v in committed.items() if not v.startswith("dup:")}
    assert all(v[4:] in kept for v in committed.values() if v.startswith("dup:"))
    strata = defaultdict(Counter)
    for r in records:
        strata[(r.category, r.language)][committed[r.id]] += 1
    for key, counts in strata.items():
        live = counts["train"] + counts["test"]
        if live > 1:
            assert counts["test"] >= math.ceil(TEST_FRACTION * live), key
