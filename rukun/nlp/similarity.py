"""Text similarity for near-duplicates: MinHash signatures and exact confirmation.

MinHash (Broder 1997) estimates the Jaccard similarity of two sets of
character shingles; locality-sensitive hashing over bands of the signature
(Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3) finds the
candidate pairs without comparing every pair. Because both are probabilistic,
every candidate is confirmed with an exact similarity computed by RapidFuzz.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from rukun.nlp.normalise import normalise

#: Permutations per MinHash signature; 64 keeps signatures small and the
#: estimate's standard error near 1/sqrt(64) = 0.125 of the Jaccard scale.
NUM_PERM = 64
#: Fixed seed so that signatures (and hence candidates) are reproducible.
MINHASH_SEED = 20250101


def shingles(text: str, k: int = 4) -> set[bytes]:
    """Return the set of character ``k``-shingles of the normalised ``text``.

    Texts shorter than ``k`` give one shingle, the whole text.
    """
    if k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    norm = normalise(text)
    if len(norm) <= k:
        return {norm.encode("utf-8")}
    return {norm[i : i + k].encode("utf-8") for i in range(len(norm) - k + 1)}


def minhash(text: str, k: int = 4) -> MinHash:
    """Return the MinHash signature of ``text``'s character shingles."""
    signature = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    signature.update_batch(list(shingles(text, k)))
    return signature


def minhashes(texts: Sequence[str], k: int = 4) -> list[MinHash]:
    """Return the MinHash signatures of many texts (see :func:`minhash`)."""
    return MinHash.bulk([list(shingles(t, k)) for t in texts], num_perm=NUM_PERM, seed=MINHASH_SEED)


def copy_similarity(a: str, b: str) -> float:
    """Exact similarity in [0, 1] of two normalised texts: an edit-distance ratio.

    High (≥ 0.9) only for the same text forwarded, lightly edited or re-typed.
    """
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0


def content_similarity(a: str, b: str) -> float:
    """Exact similarity in [0, 1] of two texts' words, robust to order and length.

    RapidFuzz's ``token_set_ratio`` on normalised text: two residents who tell
    the same event in their own words share its distinctive words (the place,
    the object, the act) even when sentences differ.
    """
    return fuzz.token_set_ratio(normalise(a), normalise(b)) / 100.0


def jaccard(a: MinHash, b: MinHash) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.mean(a.hashvalues == b.hashvalues))
