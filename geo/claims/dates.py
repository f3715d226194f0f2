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

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

_WEEKDAY = re.compile(r"(?i)\b(?:on|late|early|last|next|this|since|by|from)?\s*"
                      r"(?:late\s+|early\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
                      r"sunday)(?:'s|\s+(?:night|morning|evening|afternoon))?\b")
_MONTH_DAY = re.compile(rf"(?i)\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")
_DAY_MONTH = re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(\d{{4}}))?\b")
_MONTH_YEAR = re.compile(rf"(?i)\b(?:in|since|by|until|from|during|early|late|mid-?)\s+"
                         rf"(?:early\s+|late\s+|mid-?)?{_MON}(?:\s+(\d{{4}}))?\b")
_FUTURE = re.compile(r"(?i)\b(?:will|is due|are due|due to|is to|are to|is expected|are expected|"
                     r"scheduled|plans? to|planning to|set to|next|upcoming|later this)\b")
_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_RELATIVE = re.compile(r"(?i)\b(yesterday|today|tonight|last month|last year|this month|"
                       r"the following month|the next month|the previous month|"
                       r"earlier this month|the following day|the next day|overnight)\b")


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
            if _FUTURE.search(text[max(0, m.start() - 60):m.start()]) or re.match(
                    r"(?i)\s*next\b", m.group(0)):
                ahead = (wd - pub.weekday()) % 7 or 7  # "is due to meet ... on Thursday"
                found.append((m.start(1), (pub + dt.timedelta(days=ahead)).isoformat(), "day"))
                continue
            back = (pub.weekday() - wd) % 7
            if re.match(r"(?i)\s*last\b", m.group(0)) and back == 0:
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
    if word in ("the following month", "the next month", "the previous month"):
        if not anchor:
            return None
        y, m = int(anchor[0][:4]), int(anchor[0][5:7]) if len(anchor[0]) >= 7 else 1
        y, m = _shift_month(y, m, -1 if "previous" in word else 1)
        return f"{y:04d}-{m:02d}", "month"
    if word in ("the following day", "the next day"):
        if not anchor or anchor[1] != "day" or anchor[0] >= "9999-12-31":
            return None
        d = dt.date.fromisoformat(anchor[0]) + dt.timedelta(days=1)
        return d.isoformat(), "day"
    if pub is None or not (dt.date(1, 2, 1) <= pub <= dt.date(9999, 11, 30)):
        return None
    if word in ("today", "tonight"):
        return pub.isoformat(), "day"
    if word in ("yesterday", "overnight"):
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if word == "last month":
        y, m = _shift_month(pub.year, pub.month, -1)
        return f"{y:04d}-{m:02d}", "month"
    if word in ("this month", "earlier this month"):
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if word == "last year":
        return f"{pub.year - 1:04d}", "year"
    return None


_PUB = re.compile(r"(?im)^\s*(?:date|published|updated|posted)\s*[:\-]?\s*"
                  r"(\d{4}-\d{2}-\d{2})\b")
_PUB_WORDS = re.compile(rf"(?im)^\s*(?:published|updated|posted)?\s*:?\s*{_MON}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")


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
