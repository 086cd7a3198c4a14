"""Place names in report text: taman, jalan, kampung, flat and similar names.

Malaysian addresses name a place by a generic word followed by its proper
name (``Taman Sri Muda``, ``Jalan Mawar 3``, ``Kampung Baru``, ``Flat Sri
Pinang``, ``Seksyen 7``, ``PPR Lembah Subang 2``). The extractor finds the
generic word (full or abbreviated, any case) and takes the proper name that
follows: capitalised words and numbers, or, in an all-lower-case message, up
to two words that are not common words. Chinese names end in a generic word
(``新村``, ``花园``, ``路``); Tamil reports transliterate the generic words
(``ஜாலான்``, ``தாமான்``). The service resolves the names to a KRT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Generic word (as written, lower case) → kind of place.
GENERIC: dict[str, str] = {
    "taman": "taman", "tmn": "taman", "tman": "taman",
    "jalan": "jalan", "jln": "jalan", "lorong": "lorong", "lrg": "lorong",
    "persiaran": "jalan", "lebuh": "jalan", "lebuhraya": "jalan", "solok": "jalan",
    "kampung": "kampung", "kampong": "kampung", "kg": "kampung", "kpg": "kampung",
    "flat": "flat", "pangsapuri": "flat", "apartment": "flat", "apartmen": "flat",
    "residensi": "flat", "kondominium": "flat", "condo": "flat", "ppr": "flat",
    "seksyen": "seksyen", "section": "seksyen", "bandar": "bandar", "desa": "taman",
    "felda": "kampung", "road": "jalan",
}  # fmt: skip
_STOP = _words(
    "yang yg ni ini tu itu tak tidak x dan and the di kat dekat dkt ke dari sebelah depan "
    "belakang ada sudah dah lagi pun je jer lah la is are was at in on to near with "
    "saya sy kami dia dorang mereka they we i my our your rumah house area kawasan"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+[A-Za-z]?(?:/\d+[A-Za-z]?)?|[A-Z]{1,3}\s?\d+(?:/\d+)?")
_GENERIC_RE = re.compile(
    r"\b(" + "|".join(sorted(GENERIC, key=len, reverse=True)) + r")\b\.?\s+", re.IGNORECASE
)
_ZH = re.compile(r"([\u4e00-\u9fff]{2,5}?)(新村|花园|花園|路|街|村|组屋)")
_TA_GENERIC = {"ஜாலான்": "jalan", "தாமான்": "taman", "கம்போங்": "kampung", "கம்பம்": "kampung"}
_TA = re.compile(r"(" + "|".join(_TA_GENERIC) + r")\s+([\u0B80-\u0BFF]+(?:\s+\d+)?)")


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a text: its kind, the name as written and its offsets."""

    kind: str
    name: str
    start: int
    end: int


def _proper_name(text: str, pos: int) -> tuple[int, int] | None:
    """Return the span of the proper name that starts at ``pos``, if any."""
    end = pos
    taken = 0
    lower_mode = None
    for m in _WORD.finditer(text, pos):
        between = text[end : m.start()]
        if taken and (between.strip(" ") or len(between) > 2):
            break
        if not taken and m.start() != pos:
            break
        word = m.group(0)
        is_number = word[0].isdigit() or (word[:1].isupper() and any(c.isdigit() for c in word))
        if lower_mode is None:
            lower_mode = word[0].islower()
        if word.lower() in _STOP or word.lower() in GENERIC:
            break
        if not lower_mode and word[0].islower():
            break
        if lower_mode and not is_number and taken >= 2:
            break
        taken += 1
        end = m.end()
        if taken >= 5 or is_number:
            break
    return (pos, end) if taken else None


def extract_places(text: str) -> list[Place]:
    """Return the place names in ``text`` in order of appearance.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Place

    Examples
    --------
    >>> [p.name for p in extract_places("Bising di Jln Mawar 3, Tmn Sri Muda, Shah Alam")]
    ['Jln Mawar 3', 'Tmn Sri Muda']
    >>> [(p.kind, p.name) for p in extract_places("budak rempit kat kg baru tu")]
    [('kampung', 'kg baru')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    places: list[Place] = []
    for m in _GENERIC_RE.finditer(text):
        span = _proper_name(text, m.end())
        if span is None:
            continue
        places.append(
            Place(GENERIC[m.group(1).lower()], text[m.start() : span[1]], m.start(), span[1])
        )
    for m in _ZH.finditer(text):
        kind = {"新村": "kampung", "村": "kampung", "路": "jalan", "街": "jalan", "组屋": "flat"}
        places.append(Place(kind.get(m.group(2), "taman"), m.group(0), m.start(), m.end()))
    for m in _TA.finditer(text):
        places.append(Place(_TA_GENERIC[m.group(1)], m.group(0), m.start(), m.end()))
    places.sort(key=lambda p: p.start)
    kept: list[Place] = []
    for place in places:
        if kept and place.start < kept[-1].end:
            continue
        kept.append(place)
    return kept
