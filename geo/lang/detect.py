"""Which language an article (and each of its paragraphs) is written in, offline.

The detector is ``lingua-language-detector`` (PyPI; its n-gram models ship inside the wheel,
nothing is fetched), restricted to the languages Frontline has data for (``geo/lang/<code>``):
fewer models load faster and a Ukrainian text cannot be taken for Bulgarian.  A text without
Cyrillic letters is English without asking the detector: the models load only for texts that
need them (about a second and some 100 MB, once per process; BENCHMARKS.md).

    >>> language("Українські військові звільнили село.")
    'uk'
    >>> language("Российские войска освободили населенный пункт.")
    'ru'
    >>> language("Russian forces captured the village.")
    'en'
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

__all__ = ["LANGUAGES", "language", "paragraphs", "with_language"]

#: The languages the detector chooses among (those with a ``geo/lang`` folder).
LANGUAGES = ("en", "uk", "ru")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")
_PARA = re.compile(r"\n\s*\n")
#: Letters only one of the two languages writes: a cheap, certain answer for most texts.
_UK = re.compile(r"[іїєґІЇЄҐ]")
_RU = re.compile(r"[ыэёъЫЭЁЪ]")


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = {"en": Language.ENGLISH, "uk": Language.UKRAINIAN, "ru": Language.RUSSIAN}
    return LanguageDetectorBuilder.from_languages(*langs.values()).build(), {
        v: k for k, v in langs.items()}


def language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language among :data:`LANGUAGES` (None: no letters)."""
    letters = _LETTER.findall(text)
    if not letters:
        return None
    cyr = sum(1 for c in letters if _CYRILLIC.match(c))
    if cyr < 0.3 * len(letters):
        return "en"
    uk, ru = len(_UK.findall(text)), len(_RU.findall(text))
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    det, code = _detector()
    found = det.detect_language_of(text)
    if found is None or code.get(found) == "en":
        return "uk" if uk >= ru else "ru"
    return code[found]


def paragraphs(text: str) -> list[tuple[int, int, str | None]]:
    """``(start, end, language)`` of each paragraph (blank-line separated) of ``text``."""
    out = []
    pos = 0
    for m in list(_PARA.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            out.append((pos, end, language(text[pos:end])))
        pos = m.end() if m else len(text)
    return out


def article_language(text: str) -> str | None:
    """The language most of the text's letters are written in (paragraphs weighted by size)."""
    weight: dict[str, int] = {}
    for a, b, code in paragraphs(text):
        if code:
            weight[code] = weight.get(code, 0) + len(_LETTER.findall(text[a:b]))
    return max(weight, key=weight.get) if weight else None


def with_language(article):
    """The article with ``language`` filled in (kept when it is already set)."""
    if getattr(article, "language", None):
        return article
    return replace(article, language=article_language(article.text))
