import pytest

from rukun.nlp.langid import language_by_script, lingua_language, script_shares


def test_it_decides_chinese_and_tamil_by_script():
    assert language_by_script("楼上装修很吵，每天都这样") == "zh"
    assert language_by_script("சத்தம் அதிகம்") == "ta"
    assert language_by_script("Jiran bising") is None


def test_mixed_scripts_are_left_to_the_model():
    assert language_by_script("Uncle 楼上 renovation until midnight lah") is None
    assert script_shares("ab楼")["han"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The neighbour keeps throwing rubbish into the drain behind our house", "en"),
        ("Jiran sebelah rumah saya selalu membuang sampah ke dalam longkang", "ms"),
        ("楼上装修很吵", "zh"),
    ],
)
def test_lingua_reads_clear_cases(text, code):
    assert lingua_language(text) == code
