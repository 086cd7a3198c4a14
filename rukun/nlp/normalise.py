"""Normalisation of Malaysian report text before features are taken.

Colloquial Malay (``x``, ``tak``, ``yg``, ``dgn``, ``sbb``, ``mcm``, ``nk``,
``dorg`` …) and Manglish spellings (``u``, ``pls``, ``bcos`` …) are mapped to
standard forms so that the classifier sees one spelling for one word; Malay
reduplication with a digit (``budak2``) is expanded, letter runs
(``bisinggggg``) are shortened and numbers collapse to one symbol. Chinese and
Tamil need no segmenter: Chinese runs become overlapping character bigrams and
Tamil words keep their combining vowel signs, so character n-grams work on all
five ways Malaysians write.
"""

from __future__ import annotations

import re
import unicodedata

#: Colloquial or abbreviated spelling → standard form. Malay first, then
#: Manglish / SMS English. Only unambiguous mappings: a word that is a common
#: standard word in either language is left alone.
# fmt: off
LEXICON: dict[str, str] = {
    # Malay negation and function words
    "x": "tidak", "tak": "tidak", "tk": "tidak", "tdk": "tidak", "tx": "tidak",
    "yg": "yang", "yng": "yang", "dgn": "dengan", "dg": "dengan", "ngan": "dengan",
    "sbb": "sebab", "pasal": "sebab", "mcm": "macam", "cam": "macam",
    "nk": "hendak", "nak": "hendak", "nek": "hendak",
    "dorg": "mereka", "dorang": "mereka", "diorg": "mereka", "diorang": "mereka",
    "derang": "mereka", "depa": "mereka", "korg": "kamu", "korang": "kamu",
    "kat": "di", "kt": "di", "dkt": "dekat", "dlm": "dalam", "utk": "untuk", "utuk": "untuk",
    "tp": "tetapi", "tpi": "tetapi", "tapi": "tetapi", "pd": "pada", "bg": "bagi",
    "org": "orang", "ore": "orang", "tu": "itu", "ni": "ini", "je": "sahaja", "jer": "sahaja",
    "aje": "sahaja", "saja": "sahaja", "lg": "lagi", "lgi": "lagi", "dah": "sudah",
    "dh": "sudah", "udah": "sudah", "blh": "boleh", "leh": "boleh", "sy": "saya",
    "sye": "saya", "aku": "saya", "gua": "saya", "bkn": "bukan", "jgn": "jangan",
    "skrg": "sekarang", "skg": "sekarang", "sekrang": "sekarang", "mlm": "malam",
    "ptg": "petang", "pg": "pagi", "rmh": "rumah", "umah": "rumah", "jln": "jalan",
    "tmn": "taman", "kg": "kampung", "kpg": "kampung",
    "kampong": "kampung", "bsg": "bising", "tgk": "tengok", "tngok": "tengok",
    "lps": "lepas", "sgt": "sangat", "sngt": "sangat", "bnyk": "banyak", "byk": "banyak",
    "ckp": "cakap", "kete": "kereta", "keta": "kereta", "moto": "motosikal",
    "motor": "motosikal", "mtr": "motosikal", "jiran2": "jiran", "smpai": "sampai",
    "sampai2": "sampai", "ank": "anak", "bdk": "budak", "bebudak": "budak",
    "mkn": "makan", "tlg": "tolong", "tolonglah": "tolong", "mcmana": "macam mana",
    "camne": "macam mana", "camana": "macam mana", "apsal": "apa sebab", "knp": "kenapa",
    "napa": "kenapa", "pastu": "lepas itu", "lepastu": "lepas itu", "sume": "semua",
    "smua": "semua", "sbnrnya": "sebenarnya", "bole": "boleh", "mmg": "memang",
    "mmng": "memang", "klu": "kalau", "kalo": "kalau", "klau": "kalau", "kol": "pukul",
    "pkl": "pukul", "bln": "bulan", "thn": "tahun", "hri": "hari",
    "mggu": "minggu", "mgu": "minggu", "tpt": "tempat", "tmpt": "tempat", "kdai": "kedai",
    "msjid": "masjid", "skolah": "sekolah", "sekolh": "sekolah", "pulis": "polis",
    "plis": "polis", "prkir": "parkir", "parking": "parkir", "letak2": "letak",
    "bgtau": "beritahu", "bagitau": "beritahu", "bgitau": "beritahu", "ckgu": "cikgu",
    "gaduh2": "gaduh", "bergaduh": "gaduh", "mende": "benda", "bende": "benda",
    "pehal": "apa hal", "apehal": "apa hal", "takde": "tiada", "xde": "tiada",
    "xda": "tiada", "tkde": "tiada", "tade": "tiada", "takda": "tiada", "xleh": "tidak boleh",
    "xboleh": "tidak boleh", "xbleh": "tidak boleh", "xnak": "tidak hendak",
    "taknak": "tidak hendak", "xtau": "tidak tahu", "tatau": "tidak tahu",
    "cemana": "macam mana", "sape": "siapa", "spe": "siapa", "ape": "apa", "pe": "apa",
    "dpt": "dapat", "dapt": "dapat", "tlh": "telah", "blm": "belum", "blum": "belum",
    "kpd": "kepada", "dri": "dari", "drpd": "daripada", "sja": "sahaja",
    "ade": "ada", "adelah": "adalah", "sket": "sikit", "skit": "sikit", "ckit": "sikit",
    "bwk": "bawa", "bawak": "bawa", "dtg": "datang", "dtng": "datang", "mai": "datang",
    "balik2": "balik", "blk": "balik", "kluar": "keluar", "klr": "keluar", "msk": "masuk",
    "smlm": "semalam", "smalam": "semalam", "td": "tadi", "tdi": "tadi",
    "esok2": "esok", "ari": "hari", "harini": "hari ini", "arini": "hari ini",
    # Manglish / SMS English
    "u": "you", "ur": "your", "urs": "yours", "pls": "please", "plz": "please",
    "pliz": "please", "tmr": "tomorrow", "tmrw": "tomorrow", "2moro": "tomorrow",
    "nite": "night", "tonite": "tonight", "bcos": "because", "bcoz": "because",
    "coz": "because", "cos": "because", "cuz": "because", "becoz": "because",
    "dun": "do not", "dont": "do not", "don't": "do not", "cant": "cannot",
    "can't": "cannot", "wont": "will not", "won't": "will not", "didnt": "did not",
    "didn't": "did not", "doesnt": "does not", "doesn't": "does not", "isnt": "is not",
    "ppl": "people", "msia": "malaysia", "m'sia": "malaysia", "govt": "government",
    "gov": "government", "rd": "road", "thx": "thanks", "tq": "thanks", "tqvm": "thanks",
    "ty": "thanks", "abt": "about", "bout": "about", "wat": "what", "wht": "what",
    "b4": "before", "bfr": "before", "btw": "by the way", "ppl2": "people",
    "nvm": "never mind", "msg": "message", "pic": "picture", "pics": "pictures",
    "vid": "video", "vids": "videos", "fb": "facebook", "ig": "instagram",
    "whatsap": "whatsapp", "grp": "group", "frm": "from", "fr": "from",
    "w/": "with", "wif": "with", "oso": "also", "alrdy": "already", "alr": "already",
    "liao": "already", "oredi": "already", "wan": "want", "wanna": "want to",
    "gonna": "going to", "gotta": "got to", "sumore": "some more", "summore": "some more",
    "y": "why", "r": "are", "n": "and", "nd": "and", "k": "okay", "ok": "okay", "okie": "okay",
    "bro": "brother", "sis": "sister", "uncle2": "uncle", "neighbor": "neighbour",
    "neighbors": "neighbours", "color": "colour",
}
# fmt: on

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TAMIL = "\u0b80-\u0bff"
#: A word: letters, digits, apostrophes inside words, and Indic combining marks
#: (``str.isalnum`` is false for Tamil vowel signs, so ``\w`` alone would split
#: Tamil words into pieces). ``_`` is a separator: it is replaced by a space
#: first, which lets a word be one character class (a fast repeat).
_TOKEN = re.compile(
    rf"[{_CJK}]+|[{_TAMIL}]+|[\w\u0300-\u036f]+(?:'\w+)?|[\U0001F300-\U0001FAFF\u2600-\u27bf]"
)
#: The same on lower-case ASCII text.
_ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")
_REDUPLICATION = re.compile(r"^([^\W\d_]{2,})2$")
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
#: Any character three times in a row: a cheap test before the elongation pass.
_TRIPLE = re.compile(r"(.)\1\1")
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


_LEXICON_TOKENS: dict[str, list[str]] = {k: v.split(" ") for k, v in LEXICON.items()}


def _cjk_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Return the normalised tokens of ``text``.

    Lower-cases, applies Unicode NFKC, maps :data:`LEXICON` spellings to their
    standard forms, expands ``word2`` reduplication, shortens runs of three or
    more equal letters to two, replaces numbers with ``0`` and splits Chinese
    runs into overlapping character bigrams.

    Parameters
    ----------
    text : str
        One report.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokens("Jiran x bagi parking, bsg sgt mlm2 😡")
    ['jiran', 'tidak', 'bagi', 'parkir', 'bising', 'sangat', 'malam', 'malam', '😡']
    >>> tokens("楼上装修噪音")
    ['楼上', '上装', '装修', '修噪', '噪音']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    text = unicodedata.normalize("NFKC", text).lower()
    if "http" in text or "www." in text:
        text = _URL.sub(" url ", text)
    if _TRIPLE.search(text):  # five times faster than the substitution's own scan
        text = _ELONGATION.sub(r"\1\1", text)
    if "_" in text:
        text = text.replace("_", " ")
    words = _ASCII_TOKEN.findall(text) if text.isascii() else _TOKEN.findall(text)
    has_digit = _DIGIT.search(text) is not None
    out: list[str] = []
    lexicon = _LEXICON_TOKENS
    for word in words:
        if "\u3400" <= word[0] <= "\u9fff" or "\uf900" <= word[0] <= "\ufaff":
            out.extend(_cjk_bigrams(word))
            continue
        mapped = lexicon.get(word)
        if mapped is not None:
            out.extend(mapped)
        elif word.isalpha():
            out.append(word)
        elif word.endswith("2") and (match := _REDUPLICATION.match(word)):
            base = LEXICON.get(match.group(1), match.group(1))
            out.extend(base.split(" ") * 2)
        else:
            out.append(_DIGITS.sub("0", word) if has_digit else word)
    return out


def normalise(text: str) -> str:
    """Return ``text`` normalised to standard spellings, tokens joined by spaces.

    Examples
    --------
    >>> normalise("Dorg x nk dgr, sbb tu sy report kat JPNIN")
    'mereka tidak hendak dgr sebab itu saya report di jpnin'
    """
    return " ".join(tokens(text))
