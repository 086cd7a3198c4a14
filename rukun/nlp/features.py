"""Word and character n-gram TF-IDF features of normalised report text.

Two blocks share one feature space: word unigrams and bigrams of the
normalised tokens, and character 3- to 5-grams of each token padded with
spaces (scikit-learn's ``char_wb`` analyser). Each block is TF-IDF weighted
with sublinear term frequency and smoothed idf, then L2-normalised, as in
scikit-learn's ``TfidfVectorizer`` (Manning, Raghavan & Schütze 2008, §6.2–6.4).

Character n-grams carry colloquial spellings, typos, Chinese and Tamil
without a segmenter (Cavnar & Trenkle 1994). The implementation caches each
token's n-gram ids, because the same tokens recur across reports: that keeps
featurisation within the throughput target on one core.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

CHAR_RANGE = (3, 5)
#: Cap of the per-token n-gram cache; cleared when full.
CACHE_SIZE = 200_000
#: Batches smaller than this are featurised by counting ids (``_transform_flat``).
SMALL_BATCH = 64


def char_grams(token: str, lo: int = CHAR_RANGE[0], hi: int = CHAR_RANGE[1]) -> list[str]:
    """Return the character ``lo``..``hi``-grams of `` token `` (padded with spaces).

    Examples
    --------
    >>> char_grams("bising", 3, 3)
    [' bi', 'bis', 'isi', 'sin', 'ing', 'ng ']
    """
    padded = f" {token} "
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if n > len(padded):
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def word_grams(tokens: Sequence[str]) -> list[str]:
    """Return the word unigrams and bigrams (joined by a space) of ``tokens``."""
    return list(tokens) + [f"{a} {b}" for a, b in pairwise(tokens)]


class ReportVectorizer:
    """TF-IDF over word 1–2-grams and character 3–5-grams of token lists.

    Parameters
    ----------
    min_df : int, default 2
        Keep a feature only when it occurs in at least this many documents.
    char_weight : float, default 1.0
        Weight of the character block relative to the word block (each block
        is L2-normalised before weighting).

    Attributes
    ----------
    feature_names_ : list of str
        Feature names by column: word features first, then character n-grams.
    n_word_features_ : int
    word_vocabulary_, char_vocabulary_ : dict of str to int
        Feature → column, per block.
    idf_ : ndarray of shape (n_features,)
    """

    def __init__(self, min_df: int = 2, char_weight: float = 1.0) -> None:
        self.min_df = min_df
        self.char_weight = char_weight

    def fit(self, docs: Iterable[Sequence[str]]) -> ReportVectorizer:
        """Learn the vocabulary and idf from token lists."""
        if not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f"min_df must be a positive integer, got {self.min_df!r}")
        if self.char_weight <= 0:
            raise ValueError(f"char_weight must be positive, got {self.char_weight!r}")
        word_df: Counter[str] = Counter()
        char_df: Counter[str] = Counter()
        n_docs = 0
        for tokens in docs:
            n_docs += 1
            word_df.update(set(word_grams(tokens)))
            char_df.update({g for t in set(tokens) for g in char_grams(t)})
        if n_docs == 0:
            raise ValueError("cannot fit on zero documents")
        words = sorted(w for w, c in word_df.items() if c >= self.min_df)
        chars = sorted(g for g, c in char_df.items() if c >= self.min_df)
        df = np.array([word_df[w] for w in words] + [char_df[g] for g in chars], dtype=float)
        idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return self.set_vocabulary(words + chars, len(words), idf)

    def set_vocabulary(
        self, features: Sequence[str], n_word_features: int, idf: np.ndarray
    ) -> ReportVectorizer:
        """Install a learned state: feature names (words first), word count, idf."""
        if len(features) != len(idf) or not 0 <= n_word_features <= len(features):
            raise ValueError(
                f"{len(features)} features, {n_word_features} word features and "
                f"{len(idf)} idf values do not fit together"
            )
        self.feature_names_ = list(features)
        self.n_word_features_ = int(n_word_features)
        self.word_vocabulary_ = {f: i for i, f in enumerate(features[:n_word_features])}
        self.char_vocabulary_ = {
            g: n_word_features + i for i, g in enumerate(features[n_word_features:])
        }
        self.idf_ = np.asarray(idf, dtype=np.float32)
        self._cache: dict[str, list[int]] = {}
        return self

    def _token_char_ids(self, token: str) -> list[int]:
        cache = self.__dict__.setdefault("_cache", {})
        ids = cache.get(token)
        if ids is None:
            vocab = self.char_vocabulary_
            ids = [vocab[g] for g in char_grams(token) if g in vocab]
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[token] = ids
        return ids

    def doc_ids(self, tokens: Sequence[str]) -> tuple[list[int], list[int]]:
        """Return the word-feature and char-feature columns of one token list."""
        vocab = self.word_vocabulary_
        words = [vocab[g] for g in word_grams(tokens) if g in vocab]
        chars: list[int] = []
        for token in tokens:
            chars.extend(self._token_char_ids(token))
        return words, chars

    def transform(self, docs: Iterable[Sequence[str]]) -> sp.csr_matrix:
        """Return the TF-IDF matrix, shape ``(n_docs, n_features)``, float32.

        Each distinct token of the batch has its character n-grams listed once;
        the character block is then one sparse product, (documents × tokens) ×
        (tokens × n-grams), so the per-report Python work is a dictionary lookup
        per token and per word n-gram.
        """
        docs = docs if isinstance(docs, list) else list(docs)
        if len(docs) < SMALL_BATCH:
            return self._transform_flat(docs)
        word_vocab = self.word_vocabulary_
        cache = self.__dict__.setdefault("_cache", {})
        local: dict[str, int] = {}
        setdefault = local.setdefault
        word_ids: list[int] = []
        token_cols: list[int] = []
        word_ptr, token_ptr = [0], [0]
        for tokens in docs:
            word_ids.extend([word_vocab[g] for g in word_grams(tokens) if g in word_vocab])
            word_ptr.append(len(word_ids))
            # setdefault's default is evaluated first: a new token gets the next column
            token_cols.extend([setdefault(t, len(local)) for t in tokens])
            token_ptr.append(len(token_cols))
        gram_ids: list[int] = []
        gram_ptr = [0]
        for token in local:  # insertion order is column order
            ids = cache.get(token)
            gram_ids.extend(self._token_char_ids(token) if ids is None else ids)
            gram_ptr.append(len(gram_ids))
        n_docs, n_features = len(word_ptr) - 1, len(self.feature_names_)

        def ones_csr(cols: list[int], ptr: list[int], shape: tuple[int, int]) -> sp.csr_matrix:
            return sp.csr_matrix(
                (np.ones(len(cols), dtype=np.float64), np.asarray(cols, dtype=np.int64), ptr),
                shape=shape,
            )

        docs_tokens = ones_csr(token_cols, token_ptr, (n_docs, len(local)))
        tokens_grams = ones_csr(gram_ids, gram_ptr, (len(local), n_features))
        words = ones_csr(word_ids, word_ptr, (n_docs, n_features))
        words.sum_duplicates()
        # the product and the sum have no duplicate entries; column order within a
        # row does not matter to what follows, so it is not sorted
        counts = (docs_tokens @ tokens_grams + words).tocsr()
        col = counts.indices.astype(np.int64)
        row = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(counts.indptr))
        return self._weigh(row, col, counts.data, counts.indptr, n_docs)

    def _transform_flat(self, docs: list[Sequence[str]]) -> sp.csr_matrix:
        """The same matrix for a few documents: their feature ids counted in NumPy
        (cheaper than three sparse matrices when there is little to share)."""
        indptr = [0]
        flat: list[int] = []
        for tokens in docs:
            words, chars = self.doc_ids(tokens)
            flat += words
            flat += chars
            indptr.append(len(flat))
        n_docs, n_features = len(indptr) - 1, len(self.feature_names_)
        row = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(indptr))
        keys, counts = np.unique(
            row * n_features + np.asarray(flat, dtype=np.int64), return_counts=True
        )
        row, col = np.divmod(keys, n_features)
        indptr_out = np.searchsorted(row, np.arange(n_docs + 1))
        return self._weigh(row, col, counts, indptr_out, n_docs)

    def _weigh(self, row, col, counts, indptr, n_docs: int) -> sp.csr_matrix:
        """Sublinear tf × idf, each block L2-normalised per row, then block weights."""
        n_features = len(self.feature_names_)
        data = (1.0 + np.log(counts.astype(np.float32))) * self.idf_[col]
        block = (col >= self.n_word_features_).astype(np.int64)
        # L2-normalise each block of each row separately, then weight the blocks.
        key = row * 2 + block
        norms = np.sqrt(
            np.bincount(key, weights=data.astype(np.float64) ** 2, minlength=2 * n_docs)
        )
        weight = np.where(block == 1, self.char_weight, 1.0)
        data = (data * weight / np.maximum(norms[key], 1e-12)).astype(np.float32)
        return sp.csr_matrix(
            (data, col.astype(np.int32), np.asarray(indptr).astype(np.int32)),
            shape=(n_docs, n_features),
        )

    def attribute(self, tokens: Sequence[str]) -> list[tuple[int, int, float]]:
        """Return ``(token position, column, share)`` for one document's features.

        ``share`` is the token's part of that feature's count (a word bigram
        is split between its two tokens), so that a linear contribution can be
        credited to the words of the text.
        """
        vocab = self.word_vocabulary_
        credits: list[tuple[int, int, float]] = []
        for pos, token in enumerate(tokens):
            if token in vocab:
                credits.append((pos, vocab[token], 1.0))
            if pos + 1 < len(tokens):
                bigram = f"{token} {tokens[pos + 1]}"
                if bigram in vocab:
                    credits += [(pos, vocab[bigram], 0.5), (pos + 1, vocab[bigram], 0.5)]
            credits.extend((pos, column, 1.0) for column in self._token_char_ids(token))
        return credits
