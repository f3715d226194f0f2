"""Event dates in war reporting, resolved against the publication date.

    >>> resolve_date("on Monday", "2025-12-02")      # the most recent Monday on or before
    ('2025-12-01', 'day')
    >>> resolve_date("On Sunday, Kyiv said", "2025-12-07")  # publication day itself
    ('2025-12-07', 'day')
    >>> resolve_date("said on November 12 that", "2025-11-13")
    ('2025-11-12', 'day')
    >>> resolve_date("in July 2024", "2025-12-02")
    ('2024-07', 'month')
    >>> resolve_date("no date here", "2025-12-02")
    (None, None)
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from geo.errors import LanguageDataError
from geo.lang import load

_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_MEANINGS = ("today", "yesterday", "last_month", "this_month", "last_year", "following_month",
             "previous_month", "following_day")
_NEVER = re.compile(r"(?!x)x")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


@dataclass(frozen=True)
class _Rules:
    """The date words of one language (``geo/lang/<code>/dates.toml``)."""

    weekday_stems: tuple[str, ...]  # calendar order, Monday first
    month_stems: tuple[str, ...]  # calendar order
    weekday: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    future: re.Pattern[str]
    next_: re.Pattern[str]
    last: re.Pattern[str]
    relative: re.Pattern[str]
    meaning: dict
    publication: re.Pattern[str]
    publication_words: re.Pattern[str]


@functools.cache
def _rules(code: str = "en") -> _Rules:
    lang = load(code)

    def rx(name: str) -> re.Pattern[str]:
        try:
            return lang.regex("dates", name)
        except LanguageDataError:  # a language without this expression never matches it
            return _NEVER

    return _Rules(
        weekday_stems=lang.words("dates", "weekday_stems"),
        month_stems=lang.words("dates", "month_stems"),
        weekday=rx("weekday"), month_day=rx("month_day"), day_month=rx("day_month"),
        month_year=rx("month_year"), future=rx("future"), next_=rx("next_weekday"),
        last=rx("last_weekday"), relative=rx("relative"),
        meaning={w.lower(): k for k in _MEANINGS for w in lang.words("dates", f"rel_{k}")},
        publication=rx("publication"), publication_words=rx("publication_words"))


def _stem_index(token: str, stems: tuple[str, ...]) -> int:
    """The calendar position (0-based) of the longest stem ``token`` starts with."""
    t = token.lower().translate(_APOSTROPHES)
    best = max((len(st), i) for i, st in enumerate(stems) if t.startswith(st))
    return best[1]


def _month(token: str, code: str = "en") -> int:
    return _stem_index(token, _rules(code).month_stems) + 1


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return max(1, min(9999, n // 12)), n % 12 + 1


def resolve_date(text: str, published: str | None, *, anchor: tuple[str, str] | None = None,
                 code: str = "en") -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``; see the module.

    A publication date at the very edge of the calendar (year 1 or 9999) gives no date rather
    than an overflow.
    """
    try:
        return _resolve_date(text, published, anchor=anchor, code=code)
    except (OverflowError, ValueError):
        return None, None


def _resolve_date(text: str, published: str | None, *, anchor: tuple[str, str] | None = None,
                  code: str = "en") -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``.

    Parameters
    ----------
    text : the sentence (or clause) to read.
    published : the publication date (``YYYY-MM-DD``); relative expressions need it.
    anchor : the last date the article named, for "the following month".
    code : the language whose date words are read (``geo/lang/<code>/dates.toml``).
    """
    R = _rules(code)
    pub = None
    if published:
        try:
            pub = dt.date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    found: list[tuple[int, str, str]] = []
    m = _ISO.search(text)
    if m:
        try:
            found.append((m.start(), dt.date(*map(int, m.groups())).isoformat(), "day"))
        except ValueError:
            pass
    for m in R.month_day.finditer(text):
        d = _ymd(pub, _month(m.group(1), code), int(m.group(2)), m.group(3))
        if d:
            found.append((m.start(), d, "day"))
    for m in R.day_month.finditer(text):
        d = _ymd(pub, _month(m.group(2), code), int(m.group(1)), m.group(3))
        if d:
            found.append((m.start(), d, "day"))
    if pub is not None and dt.date(1, 1, 8) <= pub <= dt.date(9999, 12, 24):
        for m in R.weekday.finditer(text):
            wd = _stem_index(m.group(1), R.weekday_stems)
            if R.future.search(text[max(0, m.start() - 60):m.start()]) or R.next_.match(
                    m.group(0)):
                ahead = (wd - pub.weekday()) % 7 or 7  # "is due to meet ... on Thursday"
                found.append((m.start(1), (pub + dt.timedelta(days=ahead)).isoformat(), "day"))
                continue
            back = (pub.weekday() - wd) % 7
            if R.last.match(m.group(0)) and back == 0:
                back = 7
            found.append((m.start(1), (pub - dt.timedelta(days=back)).isoformat(), "day"))
    for m in R.month_year.finditer(text):
        if any(a <= m.start(1) <= a + 12 for a, _, p in found if p == "day"):
            continue
        mon = _month(m.group(1), code)
        if m.group(2):
            y = int(m.group(2))
        elif pub is not None:
            y = pub.year if mon <= pub.month else pub.year - 1
        else:
            continue
        found.append((m.start(), f"{y:04d}-{mon:02d}", "month"))
    if pub is not None or anchor is not None:
        for m in R.relative.finditer(text):
            got = _relative(R.meaning.get(m.group(1).lower(), ""), pub, anchor)
            if got:
                found.append((m.start(), *got))
    if not found:
        return None, None
    found.sort(key=lambda f: f[0])
    return found[0][1], found[0][2]


def _ymd(pub: dt.date | None, month: int, day: int, year: str | None) -> str | None:
    if year:
        y = int(year)
    elif pub is not None:
        # a date without a year is the latest such date on or before publication (+2 days slack)
        y = pub.year
        try:
            if dt.date(y, month, day) > pub + dt.timedelta(days=2):
                y -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return dt.date(y, month, day).isoformat()
    except ValueError:
        return None


def _relative(word: str, pub: dt.date | None, anchor: tuple[str, str] | None
              ) -> tuple[str, str] | None:
    if word in ("following_month", "previous_month"):
        if not anchor:
            return None
        y, m = int(anchor[0][:4]), int(anchor[0][5:7]) if len(anchor[0]) >= 7 else 1
        y, m = _shift_month(y, m, -1 if word == "previous_month" else 1)
        return f"{y:04d}-{m:02d}", "month"
    if word == "following_day":
        if not anchor or anchor[1] != "day" or anchor[0] >= "9999-12-31":
            return None
        d = dt.date.fromisoformat(anchor[0]) + dt.timedelta(days=1)
        return d.isoformat(), "day"
    if pub is None or not (dt.date(1, 2, 1) <= pub <= dt.date(9999, 11, 30)):
        return None
    if word == "today":
        return pub.isoformat(), "day"
    if word == "yesterday":
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if word == "last_month":
        y, m = _shift_month(pub.year, pub.month, -1)
        return f"{y:04d}-{m:02d}", "month"
    if word == "this_month":
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if word == "last_year":
        return f"{pub.year - 1:04d}", "year"
    return None




def find_publication_date(text: str) -> str | None:
    """A publication date the text states at its top ("date 2025-12-02", "Published: ...").

    >>> find_publication_date(" date 2025-12-02 Russia's president ...")
    '2025-12-02'
    """
    head = text[:400]
    m = _rules().publication.search(head)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    m = _rules().publication_words.search(head)
    if m:
        try:
            return dt.date(int(m.group(3)), _month(m.group(1)), int(m.group(2))).isoformat()
        except ValueError:
            return None
    return None
