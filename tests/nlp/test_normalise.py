import pytest

from rukun.nlp.normalise import normalise, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("x", "tidak"),
        ("tak", "tidak"),
        ("yg", "yang"),
        ("dgn", "dengan"),
        ("sbb", "sebab"),
        ("mcm", "macam"),
        ("nk", "hendak"),
        ("dorg", "mereka"),
        ("pls", "please"),
        ("bcos", "because"),
    ],
)
def test_it_maps_colloquial_spellings_to_standard_forms(raw, expected):
    assert normalise(raw) == expected


def test_it_expands_reduplication_and_shortens_letter_runs():
    assert tokens("budak2 bisingggg") == ["budak", "budak", "bisingg"]


def test_it_collapses_numbers_and_urls():
    assert tokens("rumah 12 https://x.com/a") == ["rumah", "0", "url"]


def test_it_splits_chinese_into_character_bigrams():
    assert tokens("装修噪音") == ["装修", "修噪", "噪音"]


def test_it_keeps_tamil_words_whole_with_their_vowel_signs():
    # "சத்தம்" (noise) holds combining vowel signs and a virama; str.isalnum is
    # false for those, so a plain \w+ tokeniser would cut the word apart.
    assert tokens("சத்தம் அதிகம்") == ["சத்தம்", "அதிகம்"]


def test_it_keeps_emoji_as_tokens():
    assert tokens("bising 😡") == ["bising", "😡"]


def test_it_rejects_non_text():
    with pytest.raises(TypeError, match="got int"):
        tokens(12)


def test_underscores_separate_words_in_every_script():
    assert tokens("jiran_bising") == ["jiran", "bising"]
    assert tokens("jiran_bising சத்தம்") == ["jiran", "bising", "சத்தம்"]


def test_ascii_text_and_text_with_other_scripts_are_tokenised_alike():
    """ASCII text takes a narrower pattern; a non-ASCII character must change nothing else."""
    text = "Dorg park kete depan rmh no 12, mlm2 bising x2 jiran's 'sound' b4"
    assert tokens(text + " 😡") == [*tokens(text), "😡"]
    assert tokens(text) == [
        "mereka", "park", "kereta", "depan", "rumah", "no", "0", "malam", "malam",
        "bising", "x0", "jiran's", "sound", "before",
    ]  # fmt: skip


def test_digits_of_any_script_collapse_and_words_without_digits_stay():
    assert tokens("வீடு ௧௨ சத்தம்") == ["வீடு", "0", "சத்தம்"]
    assert tokens("வீடு சத்தம்") == ["வீடு", "சத்தம்"]
