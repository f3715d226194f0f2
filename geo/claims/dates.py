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

from geo.lang import languages, load

_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_RELATIVE_KINDS = ("yesterday", "today", "last_month", "this_month", "last_year",
                   "following_day", "following_month", "previous_month")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True)
class _Rules:
    """One language's date expressions (``geo/lang/<code>/dates.toml``), compiled."""

    months: dict[str, int]
    weekdays: dict[str, int]
    last: frozenset[str]
    next: frozenset[str]
    future: re.Pattern[str] | None
    month_day: re.Pattern[str] | None
    day_month: re.Pattern[str] | None
    month_year: re.Pattern[str] | None
    weekday: re.Pattern[str] | None
    relative: re.Pattern[str] | None  # one named group per kind of relative expression
    publication: re.Pattern[str] | None
    publication_month_day: re.Pattern[str] | None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


@functools.cache
def rules(code: str = "en") -> _Rules:
    """The compiled date rules of language ``code`` (English when it has no ``dates.toml``)."""
    if code not in languages() or "dates.toml" not in load(code).raw:
        code = "en"
    lang = load(code)
    words = lambda name: lang.words("dates", name)
    months = {w.lower(): n for n in range(1, 13) for w in words(f"month_{n}")}
    weekdays = {w.lower(): i for i in range(7) for w in words(f"weekday_{i + 1}")}
    extra = {"month_words": list(months), "weekday_words": list(weekdays)}
    pats = lang.raw["dates.toml"].get("patterns", {})

    def rx(name: str) -> re.Pattern[str] | None:
        if name not in pats:
            return None
        return re.compile(lang.expand("dates", pats[name], extra), re.IGNORECASE)

    rel = [f"(?P<{k}>{_alternation(words(k))})" for k in _RELATIVE_KINDS if words(k)]
    fut = words("future")
    return _Rules(
        months=months, weekdays=weekdays, last=frozenset(w.lower() for w in words("last")),
        next=frozenset(w.lower() for w in words("next")),
        future=re.compile(rf"(?i)(?<!\w)(?:{_alternation(fut)})(?!\w)") if fut else None,
        month_day=rx("month_day"), day_month=rx("day_month"), month_year=rx("month_year"),
        weekday=rx("weekday"),
        relative=re.compile(rf"(?i)(?<!\w)(?:{'|'.join(rel)})(?!\w)") if rel else None,
        publication=rx("publication"), publication_month_day=rx("publication_month_day"))


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return max(1, min(9999, n // 12)), n % 12 + 1


def resolve_date(text: str, published: str | None, *,
                 anchor: tuple[str, str] | None = None,
                 code: str = "en") -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``; see the module.

    ``code`` is the text's language (its ``geo/lang/<code>/dates.toml``).  A publication date
    at the very edge of the calendar (year 1 or 9999) gives no date rather than an overflow.
    """
    try:
        return _resolve_date(text, published, anchor=anchor, code=code)
    except (OverflowError, ValueError):
        return None, None


def _resolve_date(text: str, published: str | None, *,
                  anchor: tuple[str, str] | None = None,
                  code: str = "en") -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as ``(ISO date, precision)``.

    Parameters
    ----------
    text : the sentence (or clause) to read.
    published : the publication date (``YYYY-MM-DD``); relative expressions need it.
    anchor : the last date the article named, for "the following month".
    code : the language of ``text``.
    """
    R = rules(code)
    text = text.translate(_APOSTROPHES)  # same length: offsets are unchanged
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
    for rx in (R.month_day, R.day_month):
        for m in rx.finditer(text) if rx is not None else ():
            d = _ymd(pub, R.months[m.group("m").lower()], int(m.group("d")), m.group("y"))
            if d:
                found.append((m.start(), d, "day"))
    if R.weekday is not None and pub is not None and \
            dt.date(1, 1, 8) <= pub <= dt.date(9999, 12, 24):
        for m in R.weekday.finditer(text):
            wd = R.weekdays[m.group("wd").lower()]
            pre = (m.group("pre") or "").lower()
            if pre in R.next or R.future is not None and R.future.search(
                    text[max(0, m.start() - 60):m.start()]):
                ahead = (wd - pub.weekday()) % 7 or 7  # "is due to meet ... on Thursday"
                found.append((m.start("wd"), (pub + dt.timedelta(days=ahead)).isoformat(), "day"))
                continue
            back = (pub.weekday() - wd) % 7
            if pre in R.last and back == 0:
                back = 7
            found.append((m.start("wd"), (pub - dt.timedelta(days=back)).isoformat(), "day"))
    for m in R.month_year.finditer(text) if R.month_year is not None else ():
        if any(a <= m.start("m") <= a + 12 for a, _, p in found if p == "day"):
            continue
        mon = R.months[m.group("m").lower()]
        if m.group("y"):
            y = int(m.group("y"))
        elif pub is not None:
            y = pub.year if mon <= pub.month else pub.year - 1
        else:
            continue
        found.append((m.start(), f"{y:04d}-{mon:02d}", "month"))
    if R.relative is not None and (pub is not None or anchor is not None):
        for m in R.relative.finditer(text):
            got = _relative(m.lastgroup or "", pub, anchor)
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


def _relative(kind: str, pub: dt.date | None, anchor: tuple[str, str] | None
              ) -> tuple[str, str] | None:
    if kind in ("following_month", "previous_month"):
        if not anchor:
            return None
        y, m = int(anchor[0][:4]), int(anchor[0][5:7]) if len(anchor[0]) >= 7 else 1
        y, m = _shift_month(y, m, -1 if kind == "previous_month" else 1)
        return f"{y:04d}-{m:02d}", "month"
    if kind == "following_day":
        if not anchor or anchor[1] != "day" or anchor[0] >= "9999-12-31":
            return None
        d = dt.date.fromisoformat(anchor[0]) + dt.timedelta(days=1)
        return d.isoformat(), "day"
    if pub is None or not (dt.date(1, 2, 1) <= pub <= dt.date(9999, 11, 30)):
        return None
    if kind == "today":
        return pub.isoformat(), "day"
    if kind == "yesterday":
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if kind == "last_month":
        y, m = _shift_month(pub.year, pub.month, -1)
        return f"{y:04d}-{m:02d}", "month"
    if kind == "this_month":
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if kind == "last_year":
        return f"{pub.year - 1:04d}", "year"
    return None


def find_publication_date(text: str) -> str | None:
    """A publication date the text states at its top ("date 2025-12-02", "Published: ...").

    >>> find_publication_date(" date 2025-12-02 Russia's president ...")
    '2025-12-02'
    """
    head = text[:400]
    R = rules("en")
    m = R.publication.search(head) if R.publication is not None else None
    if m:
        try:
            return dt.date.fromisoformat(m.group("iso")).isoformat()
        except ValueError:
            return None
    m = R.publication_month_day.search(head) if R.publication_month_day is not None else None
    if m:
        try:
            return dt.date(int(m.group("y")), R.months[m.group("m").lower()],
                           int(m.group("d"))).isoformat()
        except ValueError:
            return None
    return None


def statement_date(reader, dates: list, k: int, claimant: str, side=None) -> tuple:
    """The day of the statement a claim continues: "X said on Saturday (Aug 3) that ...
    The group said its fighters had captured Y" -> Y's claim is dated that Saturday."""
    kind = next((kd for _, n, _, kd in reader.rep.claimants if n == claimant), None)
    for j in (k - 1, k - 2):
        if j < 0:
            break
        day, prec = dates[j]
        if day and prec == "day" and any(f.source is not None and _same_voice(f.source, claimant,
                                                                            side, kind)
                                         for f in reader.frames.get(j, ())):
            return day, prec
    return None, None


#: a side's official voices: "Russia on Saturday said ... The defence ministry said its troops
#: liberated X" is one statement of one day
_OFFICIAL = frozenset({"state", "ministry", "authorities"})


def _same_voice(src, claimant: str, side, kind: str | None) -> bool:
    if src.name == claimant:
        return True
    return (side is not None and src.side == side and kind in _OFFICIAL
            and src.kind in _OFFICIAL)
