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
import re

from geo.lang import load

_EN = load("en")  # the date words are language data: geo/lang/en/dates.toml
WEEKDAYS = list(_EN.words("dates", "weekdays"))
MONTHS = list(_EN.words("dates", "months"))
_WEEKDAY = _EN.regex("dates", "weekday")
_MONTH_DAY = _EN.regex("dates", "month_day")
_DAY_MONTH = _EN.regex("dates", "day_month")
_MONTH_YEAR = _EN.regex("dates", "month_year")
_FUTURE = _EN.regex("dates", "future")
_NEXT = _EN.regex("dates", "next_weekday")
_LAST = _EN.regex("dates", "last_weekday")
_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_RELATIVE = _EN.regex("dates", "relative")
#: relative expression -> what it means (the word lists ``rel_<meaning>`` of dates.toml)
_MEANING = {w.lower(): k[4:] for k in ("rel_today", "rel_yesterday", "rel_last_month",
                                        "rel_this_month", "rel_last_year", "rel_following_month",
                                        "rel_previous_month", "rel_following_day")
            for w in _EN.words("dates", k)}


def _month(token: str) -> int:
    t = token.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(t) + 1


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return max(1, min(9999, n // 12)), n % 12 + 1


def resolve_date(text: str, published: str | None, *,
                 anchor: tuple[str, str] | None = None) -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``; see the module.

    A publication date at the very edge of the calendar (year 1 or 9999) gives no date rather
    than an overflow.
    """
    try:
        return _resolve_date(text, published, anchor=anchor)
    except (OverflowError, ValueError):
        return None, None


def _resolve_date(text: str, published: str | None, *,
                  anchor: tuple[str, str] | None = None) -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``.

    Parameters
    ----------
    text : the sentence (or clause) to read.
    published : the publication date (``YYYY-MM-DD``); relative expressions need it.
    anchor : the last date the article named, for "the following month".
    """
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
    for m in _MONTH_DAY.finditer(text):
        d = _ymd(pub, _month(m.group(1)), int(m.group(2)), m.group(3))
        if d:
            found.append((m.start(), d, "day"))
    for m in _DAY_MONTH.finditer(text):
        d = _ymd(pub, _month(m.group(2)), int(m.group(1)), m.group(3))
        if d:
            found.append((m.start(), d, "day"))
    if pub is not None and dt.date(1, 1, 8) <= pub <= dt.date(9999, 12, 24):
        for m in _WEEKDAY.finditer(text):
            wd = WEEKDAYS.index(m.group(1).lower())
            if _FUTURE.search(text[max(0, m.start() - 60):m.start()]) or _NEXT.match(
                    m.group(0)):
                ahead = (wd - pub.weekday()) % 7 or 7  # "is due to meet ... on Thursday"
                found.append((m.start(1), (pub + dt.timedelta(days=ahead)).isoformat(), "day"))
                continue
            back = (pub.weekday() - wd) % 7
            if _LAST.match(m.group(0)) and back == 0:
                back = 7
            found.append((m.start(1), (pub - dt.timedelta(days=back)).isoformat(), "day"))
    for m in _MONTH_YEAR.finditer(text):
        if any(a <= m.start(1) <= a + 12 for a, _, p in found if p == "day"):
            continue
        mon = _month(m.group(1))
        if m.group(2):
            y = int(m.group(2))
        elif pub is not None:
            y = pub.year if mon <= pub.month else pub.year - 1
        else:
            continue
        found.append((m.start(), f"{y:04d}-{mon:02d}", "month"))
    if pub is not None or anchor is not None:
        for m in _RELATIVE.finditer(text):
            got = _relative(m.group(1).lower(), pub, anchor)
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
    word = _MEANING.get(word, word)
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


_PUB = _EN.regex("dates", "publication")
_PUB_WORDS = _EN.regex("dates", "publication_words")


def find_publication_date(text: str) -> str | None:
    """A publication date the text states at its top ("date 2025-12-02", "Published: ...").

    >>> find_publication_date(" date 2025-12-02 Russia's president ...")
    '2025-12-02'
    """
    head = text[:400]
    m = _PUB.search(head)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    m = _PUB_WORDS.search(head)
    if m:
        try:
            return dt.date(int(m.group(3)), _month(m.group(1)), int(m.group(2))).isoformat()
        except ValueError:
            return None
    return None
