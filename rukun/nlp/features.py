"""Word and character n-gram TF-IDF features of normalised report text.

Two blocks share one feature space: word unigrams and bigrams of the
normalised tokens, and character 3- to 5-grams of each token padded with
spaces (scikit-learn's ``char_wb`` analyser). Each block is TF-IDF weighted
with sublinear term frequency and smoothed idf, then L2-normalised, as in
scikit-learn's ``TfidfVectorizer`` (Manning, Raghavan & Schütze 2008, §6.2–6.4).

Character n-grams carry colloquial spellings, typos, Chinese and Tamil
without a segmenter (Cavnar & Trenkle 1994). The same tokens recur across
reports, so each token's columns are worked out once and kept in a token
table; a batch of reports is then a few array operations and sparse
products, which keeps featurisation within the throughput target on one core.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, count, islice, pairwise

import numpy as np
import scipy.sparse as sp

CHAR_RANGE = (3, 5)
#: Cap of the per-token n-gram cache; cleared when full.
CACHE_SIZE = 200_000
#: Batches smaller than this are featurised by counting ids (``_transform_flat``).
SMALL_BATCH = 64
_TABLE_LOCK = threading.Lock()


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

    Tokens hold no spaces: a word bigram is its two tokens joined by one.

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
        self._table = None
        # word bigrams as integer keys: first word's id × number of words + second's
        pairs = [
            (parts, c) for f, c in self.word_vocabulary_.items() if len(parts := f.split(" ")) == 2
        ]
        words = sorted({w for (a, b), _ in pairs for w in (a, b)})
        self._pair_word_id = {w: i for i, w in enumerate(words)}
        keys = np.array(
            [self._pair_word_id[a] * len(words) + self._pair_word_id[b] for (a, b), _ in pairs],
            dtype=np.int64,
        )
        order = np.argsort(keys)
        self._pair_keys = keys[order]
        self._pair_columns = np.array([c for _, c in pairs], dtype=np.int64)[order]
        return self

    def char_ids(self, token: str) -> list[int]:
        """Return the columns of the character n-grams of ``token`` in the vocabulary."""
        padded, get = f" {token} ", self.char_vocabulary_.get
        ids = [
            get(padded[i : i + n])
            for n in range(CHAR_RANGE[0], CHAR_RANGE[1] + 1)
            for i in range(len(padded) - n + 1)
        ]  # the order of char_grams, without its list of strings
        return [i for i in ids if i is not None]

    def _token_char_ids(self, token: str) -> list[int]:
        cache = self.__dict__.setdefault("_cache", {})
        ids = cache.get(token)
        if ids is None:
            ids = self.char_ids(token)
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

        Big batches are featurised in array operations; Python touches each
        token once, to find its row in the token table (:class:`_TokenTable`:
        its character n-gram and unigram columns and its bigram word id,
        worked out the first time a token is seen). The (documents × table
        rows) matrix times the table's (rows × features) matrix counts the
        character n-grams and unigrams; word bigrams are integer pairs of word
        ids looked up in the sorted keys of the bigram vocabulary.
        """
        docs = docs if isinstance(docs, list) else list(docs)
        if len(docs) < SMALL_BATCH:
            return self._transform_flat(docs)
        n_docs, n_features = len(docs), len(self.feature_names_)
        # One batch at a time grows the table (a threaded server shares the
        # model); what a batch reads of it afterwards never changes, as rows
        # are only appended and the arrays grow into new buffers.
        with _TABLE_LOCK:
            table = self.__dict__.get("_table")
            if table is None or len(table) >= CACHE_SIZE:
                table = self._table = _TokenTable(self)
            positions = table.rows(chain.from_iterable(docs))
            rows_features, rows_pair_word_id = table.matrix(), table.pair_word_id
        lengths = np.fromiter(map(len, docs), dtype=np.int32, count=n_docs)
        token_ptr = np.zeros(n_docs + 1, dtype=np.int32)
        np.cumsum(lengths, out=token_ptr[1:])

        # a bigram pairs each position with the next one of the same document
        row = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        word_id = rows_pair_word_id[positions]
        first, second = word_id[:-1], word_id[1:]
        paired = (first >= 0) & (second >= 0) & (row[:-1] == row[1:])
        keys = first[paired] * len(self._pair_word_id) + second[paired]
        found = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
        hit = self._pair_keys[found] == keys
        bigrams = sp.csr_matrix(
            (np.ones(int(hit.sum())), (row[:-1][paired][hit], self._pair_columns[found[hit]])),
            shape=(n_docs, n_features),
        )  # duplicates are summed
        docs_rows = sp.csr_matrix(
            (np.ones(len(positions)), positions, token_ptr), shape=(n_docs, rows_features.shape[0])
        )
        # no duplicate entries in the sum; column order within a row does not
        # matter to what follows, so it is not sorted
        counts = (docs_rows @ rows_features + bigrams).tocsr()
        col = counts.indices
        row = np.repeat(np.arange(n_docs, dtype=counts.indptr.dtype), np.diff(counts.indptr))
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
        data = counts.astype(np.float32)
        np.log(data, out=data)
        data += 1.0
        data *= self.idf_[col]
        # L2-normalise each block of each row separately, then weight the blocks.
        key = row * 2 + (col >= self.n_word_features_)
        squares = np.bincount(key, weights=np.square(data, dtype=np.float64), minlength=2 * n_docs)
        scale = 1.0 / np.maximum(np.sqrt(squares), 1e-12)
        scale[1::2] *= self.char_weight
        data *= scale.astype(np.float32)[key]
        return sp.csr_matrix(
            (
                data,
                col.astype(np.int32, copy=False),
                np.asarray(indptr).astype(np.int32, copy=False),
            ),
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


class _Growing:
    """A one-dimensional array that grows by doubling (amortised appends)."""

    def __init__(self, dtype: type) -> None:
        self._data = np.empty(1024, dtype=dtype)
        self.size = 0

    def extend(self, values: Sequence[float] | np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self._data):
            grown = np.empty(max(end, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : end] = values
        self.size = end

    def view(self) -> np.ndarray:
        return self._data[: self.size]


class _TokenTable:
    """Every token a vectorizer has featurised in big batches, one row each.

    A row holds the token's feature columns (character n-grams, then its
    unigram when in the vocabulary) and its word id among the words of the
    bigram vocabulary (-1 when in no bigram). Indices are 32-bit, as SciPy's
    products would otherwise copy the table to match the batch's indices.
    """

    def __init__(self, vectorizer: ReportVectorizer) -> None:
        self._vectorizer = vectorizer
        self._row: defaultdict[str, int] = defaultdict(count().__next__)
        self._columns = _Growing(np.int32)
        self._ones = _Growing(np.float64)  # the matrix's values
        self._ptr = _Growing(np.int32)
        self._ptr.extend([0])
        self._pair_word_id = _Growing(np.int64)
        self._matrix: sp.csr_matrix | None = None

    def __len__(self) -> int:
        return self._ptr.size - 1

    def rows(self, tokens: Iterable[str]) -> np.ndarray:
        """Return the table row of each token (int32), adding the tokens not seen before."""
        known = len(self)
        rows = np.fromiter(map(self._row.__getitem__, tokens), dtype=np.int32)
        new = len(self._row) - known
        if new:
            # dict order is insertion order: the new tokens are the last ones
            added = list(islice(reversed(self._row), new))[::-1]
            v = self._vectorizer
            unigram = v.word_vocabulary_.get
            columns = [
                [*v.char_ids(t), u] if (u := unigram(t)) is not None else v.char_ids(t)
                for t in added
            ]
            flat = list(chain.from_iterable(columns))
            self._columns.extend(flat)
            self._ones.extend(np.ones(len(flat)))
            self._ptr.extend(self._ptr.view()[-1] + np.cumsum([len(c) for c in columns]))
            self._pair_word_id.extend([v._pair_word_id.get(t, -1) for t in added])
            self._matrix = None
        return rows

    @property
    def pair_word_id(self) -> np.ndarray:
        return self._pair_word_id.view()

    def matrix(self) -> sp.csr_matrix:
        """The (rows × features) matrix of counts, on the table's own arrays."""
        if self._matrix is None:
            self._matrix = sp.csr_matrix(
                (self._ones.view(), self._columns.view(), self._ptr.view()),
                shape=(len(self), len(self._vectorizer.feature_names_)),
            )
        return self._matrix
