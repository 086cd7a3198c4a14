"""The vectoriser reproduces scikit-learn's TfidfVectorizer block by block.

Reference: scikit-learn 1.9.1 ``TfidfVectorizer`` (char_wb analyser for the
character block, whitespace tokens with 1–2-grams for the word block;
``sublinear_tf=True``, smooth idf, L2 norm), an independent implementation of
the same definitions.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.feature_extraction.text import TfidfVectorizer

from rukun.nlp import features
from rukun.nlp.features import ReportVectorizer, char_grams
from rukun.nlp.normalise import tokens

TEXTS = [
    "Jiran bising karaoke sampai 2 pagi, bising sangat",
    "Kereta letak depan pagar, bising hon",
    "loud karaoke again la, the neighbour never listen",
    "楼上装修很吵 每天都吵",
    "சத்தம் அதிகம் இரவு முழுவதும்",
    "karaoke lagi malam ni, jiran tak peduli",
]


@pytest.fixture(params=["sparse product", "id counting"])
def featuriser(request, monkeypatch):
    """Both paths of ``transform``: big batches (a sparse product) and small ones."""
    monkeypatch.setattr(features, "SMALL_BATCH", 0 if request.param == "sparse product" else 10**9)
    return request.param


def test_it_matches_sklearn_char_wb_and_word_tfidf(featuriser):
    docs = [tokens(t) for t in TEXTS]
    ours = ReportVectorizer(min_df=1).fit(docs)
    X = ours.transform(docs).toarray()
    joined = [" ".join(d) for d in docs]
    words = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        sublinear_tf=True,
    ).fit(joined)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=False, sublinear_tf=True
    ).fit(joined)
    n_words = ours.n_word_features_
    assert ours.feature_names_[:n_words] == list(words.get_feature_names_out())
    assert ours.feature_names_[n_words:] == list(chars.get_feature_names_out())
    assert_allclose(X[:, :n_words], words.transform(joined).toarray(), rtol=1e-5, atol=1e-6)
    assert_allclose(X[:, n_words:], chars.transform(joined).toarray(), rtol=1e-5, atol=1e-6)


def test_it_drops_rare_features_and_ignores_unknown_ones():
    docs = [tokens(t) for t in TEXTS]
    vec = ReportVectorizer(min_df=2).fit(docs)
    assert "karaoke" in vec.word_vocabulary_
    assert "hon" not in vec.word_vocabulary_
    X = vec.transform([["zzzz", "qqqq"]])
    assert X.nnz == 0 and X.shape == (1, len(vec.feature_names_))


def test_it_pads_and_limits_character_grams():
    assert char_grams("ab", 3, 5) == [" ab", "ab ", " ab "]


def test_it_credits_every_feature_to_the_words_it_came_from():
    docs = [tokens(t) for t in TEXTS]
    vec = ReportVectorizer(min_df=1).fit(docs)
    doc = docs[0]
    credits = vec.attribute(doc)
    columns = vec.transform([doc]).indices
    share = np.zeros(len(vec.feature_names_))
    for _, column, part in credits:
        share[column] += part
    assert set(np.flatnonzero(share)) == set(columns)


def test_both_featurisers_give_the_same_matrix_for_a_corpus_sample(monkeypatch):
    from rukun.nlp.corpus import read_corpus

    docs = [tokens(r.text) for r in read_corpus()[::7]] + [[], ["bising", "bising", "zzq"]]
    vectorizer = ReportVectorizer().fit(docs[:600])
    monkeypatch.setattr(features, "SMALL_BATCH", 0)
    big = vectorizer.transform(docs)
    monkeypatch.setattr(features, "SMALL_BATCH", 10**9)
    small = vectorizer.transform(docs)
    big.sort_indices()
    assert np.array_equal(big.indptr, small.indptr)
    assert np.array_equal(big.indices, small.indices)
    assert np.array_equal(big.data, small.data)


@pytest.mark.parametrize("cache_size", [5, 200_000])
def test_the_token_table_carries_over_batches_and_its_reset_changes_nothing(
    monkeypatch, cache_size
):
    """Tokens seen in earlier batches keep their rows; a table past its cap starts again."""
    from rukun.nlp.corpus import read_corpus

    monkeypatch.setattr(features, "SMALL_BATCH", 0)
    monkeypatch.setattr(features, "CACHE_SIZE", cache_size)
    docs = [tokens(r.text) for r in read_corpus()[::11]]
    fitted = ReportVectorizer().fit(docs[:400])
    state = (fitted.feature_names_, fitted.n_word_features_, fitted.idf_)
    used = ReportVectorizer().set_vocabulary(*state)
    for start in range(0, len(docs), 97):  # batches that share some tokens, not all
        batch = docs[start : start + 97]
        fresh = ReportVectorizer().set_vocabulary(*state).transform(batch)
        again = used.transform(batch)
        assert (abs(again - fresh)).max() == 0.0
    kept = batch if cache_size == 5 else docs
    assert len(used._table) == len({t for doc in kept for t in doc})


def test_a_vocabulary_without_bigrams_still_featurises_big_batches(monkeypatch):
    monkeypatch.setattr(features, "SMALL_BATCH", 0)
    docs = [["bising"], ["karaoke"], ["bising"], ["karaoke"], []]
    vec = ReportVectorizer(min_df=1).fit(docs)
    X = vec.transform([["bising", "karaoke"], [], ["zzz"]]).toarray()
    assert X.shape == (3, len(vec.feature_names_))
    assert X[0, vec.word_vocabulary_["bising"]] > 0 and X[1:].sum() == 0


def test_char_ids_are_the_known_char_grams_in_order():
    vec = ReportVectorizer(min_df=1).fit([tokens(t) for t in TEXTS])
    for token in ["bising", "bisingg", "ab", "a", "", "楼上", "சத்தம்", "zzzz"]:
        known = [vec.char_vocabulary_[g] for g in char_grams(token) if g in vec.char_vocabulary_]
        assert vec.char_ids(token) == known
    assert vec.char_ids("bising")  # not vacuous: a word of the texts has known grams


def test_threads_sharing_a_vectorizer_get_the_same_matrices(monkeypatch):
    """A threaded server shares one model: batches growing the token table at
    the same time must not mix up each other's rows."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from rukun.nlp.corpus import read_corpus

    monkeypatch.setattr(features, "SMALL_BATCH", 0)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        docs = [tokens(r.text) for r in read_corpus()[::3]]
        fitted = ReportVectorizer().fit(docs[:300])
        state = (fitted.feature_names_, fitted.n_word_features_, fitted.idf_)
        batches = [docs[i : i + 150] for i in range(0, len(docs), 150)]
        expected = [ReportVectorizer().set_vocabulary(*state).transform(b) for b in batches]
        for _ in range(3):
            shared = ReportVectorizer().set_vocabulary(*state)
            with ThreadPoolExecutor(8) as pool:
                got = list(pool.map(shared.transform, batches))
            assert all(abs(g - e).max() == 0.0 for g, e in zip(got, expected, strict=True))
    finally:
        sys.setswitchinterval(interval)
