"""The concept glossary's matching rules, script by script."""

import pytest

from rukun.nlp.concepts import GLOSSARY, concept_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Malay prefix before the term, and a suffix after it
        ("dibakar sampah, asap", ["§burning", "§waste", "§burning"]),
        # a term of three letters or fewer must be a whole word: "car" but not "carpet"
        ("car park penuh, carpet", ["§vehicle", "§parking"]),
        # a word start only: "terrace" is not the prefix "ter" + "race"
        ("terrace house noise", ["§noise"]),
        ("楼上装修很吵", ["§renovation", "§noise"]),
        # every script in one text, in the order of the text
        ("நாய் குரைக்கிறது, parking problem, 停车", ["§animal", "§animal", "§parking", "§parking"]),
        ("கணவன் 打架 police", ["§family", "§violence", "§police"]),
        ("", []),
    ],
)
def test_it_finds_concepts_in_text_order(text, expected):
    assert concept_tokens(text) == expected


def test_every_glossary_term_is_found_on_its_own():
    """No term is lost between the scripts' patterns: alone, each finds its concept."""
    first_concept: dict[str, str] = {}
    for concept, terms in GLOSSARY.items():
        for term in terms:
            first_concept.setdefault(term, f"§{concept}")  # a term listed twice keeps its first
    missed = [t for t, c in first_concept.items() if c not in concept_tokens(f" {t} ")]
    assert missed == []
