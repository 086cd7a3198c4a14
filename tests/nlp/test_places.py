import pytest

from rukun.nlp.places import extract_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bising di Jln Mawar 3, Tmn Sri Muda",
            [("jalan", "Jln Mawar 3"), ("taman", "Tmn Sri Muda")],
        ),
        (
            "2315 Jln Kenari 5 Tmn Puchong Utama.",
            [("jalan", "Jln Kenari 5"), ("taman", "Tmn Puchong Utama")],
        ),
        ("budak rempit kat kg baru tu", [("kampung", "kg baru")]),
        ("PPR Lembah Subang 2 datang bantah", [("flat", "PPR Lembah Subang 2")]),
        ("revving in Seksyen 7 EVERY night", [("seksyen", "Seksyen 7")]),
        ("士毛月新村的居民投诉", [("kampung", "士毛月新村")]),
        ("no place here at all", []),
    ],
)
def test_it_extracts_place_names(text, expected):
    assert [(p.kind, p.name) for p in extract_places(text)] == expected


def test_offsets_point_at_the_name():
    text = "Lori parking atas jalan Taman Impian hari ni"
    (place,) = extract_places(text)
    assert text[place.start : place.end] == place.name == "Taman Impian"
