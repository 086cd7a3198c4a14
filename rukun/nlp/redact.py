"""Redaction of personal data in report text.

Finds MyKad numbers, passport numbers, Malaysian phone numbers, e-mail
addresses, vehicle plates, house numbers in addresses and personal names that
follow an honorific (Encik, Puan, En., Pn., Cik, Tuan, Datuk, Mr, Mrs, Uncle,
Auntie, Abang, Kak, 先生, 小姐, திரு …) or sit in a ``bin`` / ``binti`` /
``a/l`` / ``a/p`` patronymic. Each span is replaced by a bracketed kind
(``[PHONE]``); an honorific stays visible (``Encik [NAME]``) because it helps
the reader and identifies no one.

Phones use Google's libphonenumber (``phonenumbers``, region ``MY``, leniency
``VALID``); the rest are rules written for Malaysian formats (MyKad: JPN's
``YYMMDD-PB-###G``; plates: JPJ's prefix letters, up to four digits and an
optional suffix). The redacted text is what pages show; the original stays
under access control in the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KINDS: tuple[str, ...] = ("email", "mykad", "phone", "passport", "plate", "house_number", "name")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One piece of personal data: its kind and ``text[start:end]``."""

    kind: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted text with the spans (offsets into the original) it replaced."""

    text: str
    spans: tuple[PiiSpan, ...]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MYKAD = re.compile(
    r"(?<![\d-])(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[- ]?(\d{2})[- ]?(\d{4})(?![\d-])"
)
_PASSPORT_SHAPE = re.compile(r"\b[A-Z]{1,2}\d{7,8}\b")
_PASSPORT_CONTEXT = re.compile(
    r"(?:passport|pasport|paspot|passpot|护照|கடவுச்சீட்டு)(?:\s*(?:no|number|nombor|num)\.?)?"
    r"\s*[:#]?\s*(?:is\s+|ialah\s+|号码?\s*|(?:[a-z]+\s+){1,3})?([A-Z0-9]{6,10})\b",
    re.IGNORECASE,
)
_PHONE_SHAPE = re.compile(
    r"(?<![\d+])(?:\+?60[-\s]?|0)(?:1\d[-\s]?\d{3,4}[-\s]?\d{3,4}|[3-9][-\s]?\d{3,4}[-\s]?\d{4})(?!\d)"
)
_PLATE = re.compile(r"\b([A-Za-z]{1,3})\s?(\d{1,4})(?:\s?([A-Za-z]))?\b(?![-/]\d)")
_PLATE_CONTEXT = re.compile(
    r"(?:plate|plat|no\.?\s*pendaftaran|registration|kereta|car|motor|motosikal|motorbike|"
    r"bike|van|lori|lorry|pickup|suv|myvi|axia|saga|bezza|"
    r"车牌|车|வாகன|கார்)\W*(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
#: A plate-shaped token right after a make is a model name (Honda EX5).
_MAKE_BEFORE = re.compile(
    r"(?:honda|yamaha|toyota|proton|perodua|nissan|suzuki|kawasaki|modenas|mazda|bmw)\s*$",
    re.IGNORECASE,
)
#: Letter groups that look like plates but are Malaysian section names,
#: agencies, housing words or units.
_NOT_PLATE = _words(
    "ss usj pjs pju ppr lrt mrt krt srs rt km no jkr tnb pdrm jpj jpn ppkm mbpj mpsj dbkl "
    "mco pkp spm upsr pt lot blok blk kl pj jb bsp sek tingkat tkt lvl level flat unit "
    "rm myr usd am pm jam pkl ipd ipk bm bi jalan jln lrg tmn kg ms en zh ta covid ic "
    "mykad bil tel hp vol ep mp ph fb ig tv dun mp pru ge jun jul mac apr mei ogos sep "
    "okt nov dis dec jan feb mar aug oct covid bas bus"
)
_HOUSE = re.compile(
    r"(?:\b(?:no|nombor|number|num|house|rumah\s+no|unit|lot)\b\.?\s*[:#]?\s*|#)"
    r"((?:[A-Z]-?)?\d{1,5}[A-Z]?(?:\s?[-/]\s?\d{1,4}[A-Z]?){0,3})\b"
    r"|\b(?:blok|block|blk)\.?\s*((?:[A-Z]-?)?\d{1,3}[A-Z]?(?:-\d{1,4}[A-Z]?){1,2})\b"
    r"|\b([A-Z]-\d{1,2}-\d{1,3}[A-Z]?)\b",
    re.IGNORECASE,
)
_HOUSE_BEFORE_STREET = re.compile(
    r"\b(\d{1,5}[A-Z]?(?:-\d{1,4}[A-Z]?){0,3}),?\s+(?=(?:jalan|jln|lorong|lrg|persiaran|"
    r"lebuh|solok|lengkok|street|road|lane)\b)",
    re.IGNORECASE,
)
_HOUSE_ZH = re.compile(r"(\d{1,5}(?:-\d{1,4})?)\s?号")
#: "2300-0100" in a patrol log is a time range, not a house number.
_TIME_RANGE = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d-(?:[01]\d|2[0-3])[0-5]\d$")

_HONORIFIC = (
    r"encik|en\.|en|puan|pn\.|pn|cik|tuan|tn\.|datuk\s+seri|datuk|dato'?\s+seri|dato'?|datin|"
    r"tan\s+sri|puan\s+sri|tok|penghulu|"
    r"haji|hajah|hj\.?|hjh\.?|mr\.?|mrs\.?|ms\.?|madam|mdm\.?|miss|uncle|auntie|aunty|"
    r"abang|abg|kak|kakak|makcik|mak\s+cik|pakcik|pak\s+cik|dr\.?|cikgu|ustaz|ustazah|"
    r"sister|brother|bro|sis|anne|akka|thambi"
)
#: A capitalised word, without a possessive ending ("Lau's" gives "Lau").
_NAME_WORD = r"(?:[A-Z][a-zA-Z-]*[a-zA-Z]|[A-Z]{2,})"
_CONNECTOR = r"(?:\s+(?:bin|binti|bt\.?|bte\.?|b\.|a/l|a/p|@)\s+|\s+)"
_HONORIFIC_NAME = re.compile(
    rf"(?<![\w'])(?i:{_HONORIFIC})\s+(?:(?i:haji|hj\.?|hajah|hjh\.?)\s+)?"
    rf"({_NAME_WORD}(?:{_CONNECTOR}{_NAME_WORD}){{0,3}})"
)
_HONORIFIC_LOWER = re.compile(rf"(?<![\w'])(?i:{_HONORIFIC})\s+([a-z][a-z-]{{1,15}})\b")
_PATRONYMIC = re.compile(
    rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD})?\s+(?:bin|binti|bt\.?|bte\.?|a/l|a/p)\s+"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
#: Places named after a person ("Lorong Haji Taib") are not personal data.
_STREET_BEFORE = re.compile(
    r"(?:jalan|jln|lorong|lrg|taman|tmn|kampung|kg|masjid|surau|sekolah|persiaran)\s+$",
    re.IGNORECASE,
)
_NAME_ZH = re.compile(
    r"(?:欧阳|司马|上官|诸葛|[^\W\d_a-zA-Z小先太女老阿伯叔大的是在和跟与被给位个])"
    r"(?=先生|小姐|太太|女士|老板|阿姨|伯伯|叔叔|大哥|大姐)"
)
_NAME_TA = re.compile(r"(?:திருமதி|திரு|செல்வி|தம்பி|அண்ணன்|அக்கா)\.?\s*([\u0B80-\u0BFF]+)")
#: Lower-case words after an honorific that are not names.
_NOT_NAME = _words(
    "tu itu ni ini yang yg kat di dekat sebelah depan belakang tersebut dia dorang mereka the a an "
    "next who that from at in on of said says with and also kata cakap sana sini tak tidak x pun "
    "je lah la lor kena dah sudah lagi was is are has had will rumah house unit guard jaga "
    "kedai shop pemandu driver cleaner security lain other kampung ketua"
)
#: Capitalised words that an honorific regex would otherwise take as names.
_NOT_NAME_CAP = frozenset({"Jalan", "Jln", "Taman", "Tmn", "Kampung", "Kg", "Blok", "Lorong"})


def _phones(text: str) -> list[PiiSpan]:
    matcher = phonenumbers.PhoneNumberMatcher(text, "MY", leniency=phonenumbers.Leniency.VALID)
    spans = []
    for m in matcher:
        start, raw = m.start, m.raw_string
        if raw.startswith("(") and ")" not in raw:
            start, raw = start + 1, raw[1:]
        spans.append(PiiSpan("phone", start, start + len(raw), raw))
    # Numbers libphonenumber's metadata does not (yet) hold, in Malaysian shapes.
    spans += [PiiSpan("phone", m.start(), m.end(), m.group(0)) for m in _PHONE_SHAPE.finditer(text)]
    return spans


def _plates(text: str) -> list[PiiSpan]:
    spans = []
    for m in _PLATE.finditer(text):
        letters, digits, suffix = m.group(1), m.group(2), m.group(3)
        before = text[max(0, m.start() - 40) : m.start()]
        if letters.lower() in _NOT_PLATE or _MAKE_BEFORE.search(before):
            continue
        looks_like = (
            letters.isupper()
            and (suffix is None or suffix.isupper())
            and (
                len(letters) == 3 or (len(letters) == 2 and len(digits) >= 2) or suffix is not None
            )
        )
        contextual = bool(_PLATE_CONTEXT.search(before)) and (
            letters.isupper() or (len(letters) >= 2 and len(digits) >= 3)
        )
        if looks_like or contextual:
            spans.append(PiiSpan("plate", m.start(), m.end(), m.group(0)))
    return spans


def _house_numbers(text: str) -> list[PiiSpan]:
    spans = []
    for pattern in (_HOUSE, _HOUSE_BEFORE_STREET, _HOUSE_ZH):
        for m in pattern.finditer(text):
            group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g) is not None)
            if not _TIME_RANGE.match(m.group(group)):
                spans.append(PiiSpan("house_number", m.start(group), m.end(group), m.group(group)))
    return spans


def _names(text: str) -> list[PiiSpan]:
    spans = []
    for m in _HONORIFIC_NAME.finditer(text):
        first = m.group(1).split()[0]
        if first in _NOT_NAME_CAP or first.lower() in _NOT_NAME:
            continue
        if not _STREET_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            spans.append(PiiSpan("name", m.start(1), m.end(1), m.group(1)))
    for m in _HONORIFIC_LOWER.finditer(text):
        if m.group(1) not in _NOT_NAME:
            spans.append(PiiSpan("name", m.start(1), m.end(1), m.group(1)))
    for m in _PATRONYMIC.finditer(text):
        spans.append(PiiSpan("name", m.start(1), m.end(1), m.group(1)))
    spans += [PiiSpan("name", m.start(), m.end(), m.group(0)) for m in _NAME_ZH.finditer(text)]
    spans += [PiiSpan("name", m.start(1), m.end(1), m.group(1)) for m in _NAME_TA.finditer(text)]
    return spans


def find_pii(text: str) -> list[PiiSpan]:
    """Return the personal-data spans of ``text``, sorted and non-overlapping.

    Where two candidates overlap, the longer one wins, then the earlier kind
    of :data:`KINDS` (an e-mail before a name, a MyKad before a phone).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    found = [PiiSpan("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]
    found += [PiiSpan("mykad", m.start(), m.end(), m.group(0)) for m in _MYKAD.finditer(text)]
    found += _phones(text)
    found += [
        PiiSpan("passport", m.start(1), m.end(1), m.group(1))
        for m in _PASSPORT_CONTEXT.finditer(text)
        if any(c.isdigit() for c in m.group(1))
    ]
    found += [
        PiiSpan("passport", m.start(), m.end(), m.group(0)) for m in _PASSPORT_SHAPE.finditer(text)
    ]
    found += _plates(text)
    found += _house_numbers(text)
    found += _names(text)
    found.sort(key=lambda s: (s.start, -(s.end - s.start), _PRIORITY[s.kind]))
    chosen: list[PiiSpan] = []
    for span in found:
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def redact(text: str) -> Redaction:
    """Replace the personal data in ``text`` by bracketed kinds.

    Parameters
    ----------
    text : str

    Returns
    -------
    Redaction
        ``text`` with each span replaced by ``[KIND]`` and the spans found.

    Examples
    --------
    >>> redact("Call Encik Ahmad at 012-345 6789, car WXY 1234").text
    'Call Encik [NAME] at [PHONE], car [PLATE]'
    """
    spans = find_pii(text)
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts += [text[cursor : span.start], f"[{span.kind.upper()}]"]
        cursor = span.end
    parts.append(text[cursor:])
    return Redaction("".join(parts), tuple(spans))
