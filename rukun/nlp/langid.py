"""Language identification: ``ms``, ``en``, ``zh``, ``ta`` or ``mixed``.

Two identifiers, both offline, compared on the held-out split (``rukun
eval-nlp`` prints both):

* the **trained character n-gram model**, a multinomial logistic regression on
  the same TF-IDF features as the classifiers (a discriminative variant of
  Cavnar & Trenkle 1994), which learns what a *mixed* Manglish or rojak report
  looks like from the corpus; it is the default;
* **Lingua** (``lingua-language-detector``, models shipped in the wheel), with
  Indonesian read as Malay and *mixed* decided from its multi-language
  segmentation.

Both decide Chinese and Tamil by script first: a text whose letters are
mostly Han or Tamil characters needs no statistical model.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: A text is ``zh`` / ``ta`` outright when this share of its letters is Han / Tamil.
SCRIPT_SHARE = 0.8
#: Lingua: a text is ``mixed`` when its second language covers this share of it.
LINGUA_MIXED_SHARE = 0.25


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAMIL = re.compile("[\u0b80-\u0bff]")
_LATIN = re.compile("[A-Za-z]")


def script_shares(text: str) -> dict[str, float]:
    """Return the share of ``text``'s letters that are Han, Tamil and Latin."""
    han, tamil, latin = (len(p.findall(text)) for p in (_HAN, _TAMIL, _LATIN))
    total = han + tamil + latin
    if total == 0:
        return {"han": 0.0, "tamil": 0.0, "latin": 0.0}
    return {"han": han / total, "tamil": tamil / total, "latin": latin / total}


def language_by_script(text: str) -> str | None:
    """Return ``zh`` or ``ta`` when the script decides it, else ``None``.

    Examples
    --------
    >>> language_by_script("楼上装修很吵")
    'zh'
    >>> language_by_script("parking problem lah") is None
    True
    """
    if text.isascii():
        return None
    shares = script_shares(text)
    if shares["han"] >= SCRIPT_SHARE:
        return "zh"
    if shares["tamil"] >= SCRIPT_SHARE:
        return "ta"
    return None


@lru_cache(maxsize=1)
def _lingua_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = (
        Language.MALAY,
        Language.INDONESIAN,
        Language.ENGLISH,
        Language.CHINESE,
        Language.TAMIL,
    )
    return LanguageDetectorBuilder.from_languages(*languages).build()


_LINGUA_CODE = {"MALAY": "ms", "INDONESIAN": "ms", "ENGLISH": "en", "CHINESE": "zh", "TAMIL": "ta"}


def lingua_language(text: str) -> str:
    """Identify the language with Lingua; Indonesian counts as Malay.

    ``mixed`` when Lingua's segmentation gives a second language at least
    :data:`LINGUA_MIXED_SHARE` of the characters, or when Han or Tamil script
    is present but not dominant beside Latin.
    """
    by_script = language_by_script(text)
    if by_script:
        return by_script
    shares = script_shares(text)
    if shares["latin"] < 1.0 and (shares["han"] >= 0.2 or shares["tamil"] >= 0.2):
        return "mixed"
    detector = _lingua_detector()
    covered: dict[str, int] = {}
    for part in detector.detect_multiple_languages_of(text):
        code = _LINGUA_CODE[part.language.name]
        covered[code] = covered.get(code, 0) + part.end_index - part.start_index
    if not covered:
        best = detector.detect_language_of(text)
        return _LINGUA_CODE[best.name] if best is not None else "ms"
    total = sum(covered.values())
    ranked = sorted(covered.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] / total >= LINGUA_MIXED_SHARE:
        return "mixed"
    return ranked[0][0]
