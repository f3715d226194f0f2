"""Claims in Ukrainian and Russian: a rule-based clause reader over ``geo/lang/uk`` and ``geo/lang/ru``.

No parser for Ukrainian ships offline, and the Russian ones (natasha/slovnet) give a syntax
tree but not what a bulletin claims; the reading here works from the language data alone:

- **events**: each sentence's event cues (``events.toml``; inflected stems), each place tied
  to the cue nearest to it in its sentence, so a list of villages after "звільнили села" or
  "в районах населенных пунктов" shares its cue.  A bulletin's locator ("в районі населеного
  пункту", "на ... напрямку") counts as fighting only where the sentence has no other cue.  A
  sentence that refers back ("цих населених пунктів") carries its cue to the places before.
- **claimants** (``claimants.toml``): a source counts where a reporting frame names it
  ("повідомив X", "по данным X", "У Генштабі розповіли", "Минобороны:"); "за його словами",
  "он также сообщил" continue the source named last; "Про це заявив X" gives X the sentences
  before it; a person named after a source ("очільник ОВА Олександр Прокудін") is that source
  when the text later uses the surname alone.  **The primary-source rule**: the source of the
  article's lead (a ministry's bulletin, a General Staff post) claims every event that no
  other source is given for.
- **status** (``status.toml``): a party's claim is ``claimed``; an assessor's ``assessed``; a
  claim hedged by its reporter ("нібито", "якобы") in an article carrying a denial, a claim
  inside a denial, or a claim the other side contradicts for the same place is ``disputed``;
  "не вдалося перевірити" makes it ``unverified``.
- **units**: a name in quotation marks («Восток», "Хортиця") is a formation, never a place.

Claims use the shared vocabulary (event, side, status, claimant's English name); the quote and
the mention stay in the original.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.claims.dates import resolve_date
from geo.claims.lexicon import lexicon
from geo.claims.modality import takes_positions
from geo.claims.stance import MAX_STATEMENTS, dedupe
from geo.lang import load
from geo.lang.prefilter import Prefiltered
from geo.model import Actor, Article, Claim, Event, PlaceType, Resolution, Side, Status
from geo.text import sentences, span_index

__all__ = ["LANGUAGES", "tag"]

LANGUAGES = ("uk", "ru")
_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_OPEN_QUOTES = "«\"„“'"
_CLOSE_QUOTES = "»\"“”'"
NEAR = 60  # characters: every cue this close to a place is its event, not only the nearest
_SURNAME = re.compile(r"\s+(?:[А-ЯІЇЄҐЁ][\w'’ʼ-]+\s+)?([А-ЯІЇЄҐЁ][\w'’ʼ-]{3,})")
_SEC = re.compile(r"[,;:–—-]")
_SETTLEMENT_ONLY = frozenset({Event.CAPTURED, Event.HELD, Event.ENCIRCLED})
ORDER = [Event.CAPTURED, Event.ENCIRCLED, Event.FIGHTING, Event.STRIKE, Event.ADVANCING,
         Event.HELD, Event.EVACUATION, Event.THREATENED]


@dataclass(frozen=True)
class _Source:
    name: str
    side: Side | None
    kind: str


@dataclass
class _Sent:
    start: int
    end: int
    text: str
    k: int
    para: int
    bullet: bool = False
    triggers: list[tuple[int, int, Event]] = field(default_factory=list)
    sources: list[tuple[int, _Source]] = field(default_factory=list)  # (offset in text, source)
    places: list[Resolution] = field(default_factory=list)


@functools.cache
def _data(code: str):
    lang = load(code)
    lex = lexicon(code)
    claimants = [(Prefiltered(re.compile(rf"(?i)(?:{p})")), _Source(c.name, c.side, c.kind))
                 for c in lang.claimants for p in c.patterns]
    assessors = frozenset(lang.raw.get("claimants.toml", {}).get("assessors", ()))

    def rx(file: str, name: str) -> re.Pattern[str]:
        try:
            return lang.regex(file, name)
        except Exception:  # noqa: BLE001  (a language without this cue never matches)
            return re.compile(r"(?!x)x")

    verb = rx("reporting", "verb").pattern.removeprefix("(?i)")
    comp = "|".join(re.escape(w) for w in lang.words("reporting", "complementizers")) or "(?!x)x"
    return {
        # a reporting verb next to the source: "повідомив X", "У X розповіли", "X, ... заявил";
        # not across a complementizer ("розповіли, що росіяни ...": the clause reported)
        "verb_before": re.compile(rf"(?i)(?:{verb})[\s,]+(?:(?!(?:{comp})\b)[\w'-]+\s+){{0,3}}$"),
        "verb_after": re.compile(rf"(?i)[\s,»\")]*(?:[\w'-]+[\s,]+){{0,3}}?(?:{verb})"),
        "events": lex.events_re, "event_of": lex.event_of_group, "claimants": claimants,
        "assessors": assessors, "locator": rx("events", "locator"),
        "anaphor": rx("events", "anaphor"), "verb": rx("reporting", "verb"),
        "unnamed": rx("events", "unnamed_place"),
        "according": rx("reporting", "according"), "pronoun": rx("reporting", "pronoun"),
        "about_this": rx("reporting", "about_this"), "unverified": rx("status", "unverified"),
        "disputed": rx("status", "disputed"), "hedge": rx("status", "hedge"),
        "hypothetical": rx("status", "hypothetical"),
        "qualifier": rx("places", "qualifier_gap"), "water_before": rx("places", "water_before"),
        "enemy": rx("events", "enemy_subject"), "russia_subject": rx("events", "russia_subject"),
        "ukraine_subject": rx("events", "ukraine_subject"), "own_gain": rx("events", "own_gain"),
        "position_object": rx("events", "position_object"),
    }


_QUOTED = re.compile(r"[«\"„“]([^«»\"„“”\n]{1,40})[»\"“”]")


def is_unit_name(text: str, start: int, end: int) -> bool:
    """A name in quotation marks with at most two words («Восток», "Хортиця", "Ахмат-Чечня"):
    a formation's or an operation's name, not a place."""
    for m in _QUOTED.finditer(text, max(0, start - 42), min(len(text), end + 42)):
        if m.start(1) <= start and end <= m.end(1) and len(m.group(1).split()) <= 2:
            return True
    return False


def tag(article: Article, resolutions: Sequence[Resolution], code: str | None = None
        ) -> list[Claim]:
    """Every claim a Ukrainian or Russian article makes about its resolved places."""
    code = code or getattr(article, "language", None) or "uk"
    d = _data(code)
    text = article.text
    plain = text.translate(_APOS)
    spans = sentences(text)
    if not spans:
        return []
    sents: list[_Sent] = []
    para = 0
    for k, (a, b) in enumerate(spans):
        bullet = text[a:a + 1] in "•·*▪●"
        if k and ("\n\n" in text[spans[k - 1][1]:a] or bullet):
            para += 1
        sents.append(_Sent(a, b, plain[a:b], k, para, bullet))
    starts = [s.start for s in sents]
    places = [r for r in resolutions if r.place is not None and r.role == "place"
              and not is_unit_name(text, r.mention.start, r.mention.end)
              and not _water_named(r, text, d)]
    for r in places:
        sents[_index(starts, r.mention.start)].places.append(r)
    aliases: list[tuple[re.Pattern[str], _Source]] = []
    for s in sents:
        s.triggers = [(s.start + m.start(), s.start + m.end(), d["event_of"][m.lastgroup])
                      for m in d["events"].finditer(s.text)]
        if not s.triggers:
            s.triggers = [(s.start + m.start(), s.start + m.end(), Event.FIGHTING)
                          for m in d["locator"].finditer(s.text)]
        s.sources = _sources(s.text, s.start, d, aliases)
    primary = next((src for s in sents[:4] for _, src in s.sources), None)
    denial = [s for s in sents if d["disputed"].search(s.text)]
    drafts: list[dict] = []
    seen_at: dict[tuple, int] = {}  # (place, event) -> statements met
    first: dict[tuple, dict] = {}
    last: _Source | None = None
    prev_front: list[Resolution] = []
    anchor: tuple[str, str] | None = None
    para: tuple[str, str] | None = None  # the day the current paragraph named
    prev_end = 0
    for s in sents:
        if "\n" in text[prev_end:s.start]:
            para = None  # a new paragraph or digest item: its own day, if any
        prev_end = s.end
        date, prec = resolve_date(s.text, article.published, anchor=anchor, code=code)
        if date:
            anchor = (date, prec)
            para = (date, prec) if prec == "day" else None
        elif para is not None:
            date, prec = para  # "В ночь на 27 февраля ... атаковали. В Хмельницком погиб ..."
        nxt = sents[s.k + 1] if s.k + 1 < len(sents) else None
        unnamed = [r for r in s.places if d["unnamed"].search(
            text, max(0, r.mention.start - 40), r.mention.start)]
        ix, skip = _PlacesIndex(s.places), set(unnamed)
        eligible = [r for r in s.places if _eligible(r, s, text, d, ix) and r not in skip]
        links = _link(s, eligible)
        if not eligible and prev_front and s.triggers and (d["anaphor"].search(s.text)
                                                           or unnamed):
            front = [t for t in s.triggers if t[2].front_line]
            if front:
                links = [(r, min(front, key=lambda t: ORDER.index(t[2])), 0.6)
                         for r in prev_front]
        # who says so: the frame in the sentence, one continued from before, or the lead's
        after_src = None
        if nxt is not None and d["about_this"].search(nxt.text) and nxt.sources:
            after_src = nxt.sources[0][1]
        for r, trig, strength in links:
            key = (r.place.id, trig[2])
            seen_at[key] = seen_at.get(key, 0) + 1
            if seen_at[key] > MAX_STATEMENTS:
                continue  # the cost cap (geo.claims.stance.MAX_STATEMENTS), said in the evidence
            src, cue = _claimant_for(s, trig, d, last, after_src, primary)
            x = _draft(article, s, r, trig, strength, src, cue, d, denial, nxt)
            x["date"], x["prec"] = date, prec
            drafts.append(x)
            first.setdefault(key, x)
        if s.sources:
            last = s.sources[-1][1]
        if nxt is not None and nxt.bullet:
            last = None  # the items of a digest are separate reports
        front_places = [r for r, t, _ in links if t[2].front_line]
        prev_front = front_places or [r for r in eligible
                                      if r.place.place_type is PlaceType.SETTLEMENT]
    for key, n in seen_at.items():
        if n > MAX_STATEMENTS and key in first:
            first[key]["notes"].append(
                f"{n - MAX_STATEMENTS} further statement(s) of this event at this place not "
                f"read (at most {MAX_STATEMENTS} per place and event in one article)")
    _contradictions(drafts)
    claims = dedupe([_claim(article, x) for x in drafts])
    have = {c.place.id for c in claims}
    seen: set[str] = set()
    for r in places:
        if r.place.id in have or r.place.id in seen:
            continue
        seen.add(r.place.id)
        s = sents[_index(starts, r.mention.start)]
        claims.append(Claim(article=article, resolution=r, event=Event.MENTION,
                            quote=text[s.start:s.end], quote_start=s.start, quote_end=s.end,
                            confidence=round(r.confidence * 0.9, 3),
                            evidence="no claim about this place"))
    claims.sort(key=lambda c: (c.quote_start, c.resolution.mention.start, c.event.value))
    return claims


def _index(starts: list[int], pos: int) -> int:
    """The index of the span starting at or before ``pos`` (0 before the first)."""
    return span_index(starts, pos)


def _sources(sentence: str, offset: int, d: dict,
             aliases: list[tuple[re.Pattern[str], _Source]]) -> list[tuple[int, _Source]]:
    """Sources the sentence attributes something to, by a reporting frame around the name."""
    out: list[tuple[int, _Source]] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint: an overlap test is a bisect (issue 19)
    for rx, src in list(d["claimants"]) + aliases:
        for m in rx.finditer(sentence):
            a, b = m.start(), m.end()
            i = bisect.bisect_left(taken, (b, -1))
            if i and taken[i - 1][1] > a:
                continue
            # 'according to' ends right before the name: a bounded window, not the whole prefix
            framed = (d["verb_before"].search(sentence, max(0, a - 60), a) is not None
                      or d["verb_after"].match(sentence, b) is not None
                      or d["according"].search(sentence, max(0, a - 200), a) is not None
                      or sentence[b:b + 2].startswith(":"))
            if not framed:
                continue
            bisect.insort(taken, (a, b))
            out.append((offset + a, src))
            # the person named after the source is that source ("ОВА Олександр Прокудін")
            who = _SURNAME.match(sentence, b)
            if who and src.kind != "assessor":
                stem = who.group(1)[:max(4, len(who.group(1)) - 2)]
                aliases.append((re.compile(rf"\b{re.escape(stem)}\w*"), src))
    out.sort(key=lambda x: x[0])
    return out


def _water_named(r: Resolution, text: str, d: dict) -> bool:
    """"берег Днепра", "річки Дніпро": a river's name resolved to a town of that name is not
    that town (nothing is claimed about the town; no dot is better than a wrong one)."""
    if r.place.place_type is PlaceType.WATER:
        return False
    return d["water_before"].search(text, max(0, r.mention.start - 30), r.mention.start) is not None


def _eligible(r: Resolution, s: _Sent, text: str, d: dict | None = None,
              ix: _PlacesIndex | None = None) -> bool:
    """A place that can carry an event: not a country, not a place that only says where the
    place before it is ("Выемка в ДНР", "Днепровское Херсонской области", "Ягодное под
    Бахмутом", "Різдвянка на Запоріжжі")."""
    p = r.place
    if p.place_type is PlaceType.COUNTRY:
        return False
    ix = ix or _PlacesIndex(s.places)
    if d is not None:
        prev = ix.last_before(r.mention.start, s.places)
        if prev is not None and prev.place.place_type is PlaceType.SETTLEMENT and d[
                "qualifier"].fullmatch(text, prev.mention.end, r.mention.start):
            return False
    if p.place_type is PlaceType.REGION:
        before = ix.last_before(r.mention.start, s.places, settlement=True)
        if before is not None:
            gap = text[before.mention.end:r.mention.start]
            if len(gap) <= 6 and not _SEC.search(gap):
                return False
        if ix.settlement and not _governed(r, s, text):
            return False
    return True


_GOVERNED_GAP = re.compile(r"\s*(?:(?:по|на|у|в|во|за|під|под)\s+)?")


def _governed(r: Resolution, s: _Sent, text: str) -> bool:
    """Is the region the object of an event cue right before it ("били по Марганецькій
    громаді", "обстріл Херсонщини")?  Then it carries the event, not only says where."""
    start = r.mention.start
    return any(t[1] <= start and start - t[1] <= 12
               and _GOVERNED_GAP.fullmatch(text, t[1], start) for t in s.triggers)


class _PlacesIndex:
    """A sentence's places by where they end, for "the place before this one" (a scan per
    place was quadratic in a sentence listing thousands: issue 19)."""

    def __init__(self, places: list[Resolution]):
        self.ends = [q.mention.end for q in places]
        self.ordered = all(x <= y for x, y in zip(self.ends, self.ends[1:]))
        self.last_settlement: list[int] = []  # index of the last settlement up to each place
        j = -1
        for n, q in enumerate(places):
            if q.place.place_type is PlaceType.SETTLEMENT:
                j = n
            self.last_settlement.append(j)
        self.settlement = j >= 0

    def last_before(self, start: int, places: list[Resolution], settlement: bool = False):
        """The last place (in the sentence's order) ending at or before ``start``."""
        if not self.ordered:  # places out of text order: the plain scan
            prev = [q for q in places if q.mention.end <= start and (
                not settlement or q.place.place_type is PlaceType.SETTLEMENT)]
            return prev[-1] if prev else None
        i = bisect.bisect_right(self.ends, start) - 1
        if settlement and i >= 0:
            i = self.last_settlement[i]
        return places[i] if i >= 0 else None




def _link(s: _Sent, places: list[Resolution]) -> list[tuple[Resolution, tuple, float]]:
    """Each place takes the cue nearest to it in its sentence, and every other cue as close."""
    out = []
    if not places or not s.triggers:
        return out
    # only the cues within NEAR of a place and the nearest on each side can be chosen: a
    # window by binary search (cues are disjoint, in text order), not every cue (issue 19)
    every = s.triggers
    kinds = {True: every,  # a region or a river is not taken, held or encircled as a whole
             False: [t for t in every if t[2] not in _SETTLEMENT_ONLY]}
    bounds = {k: ([t[1] for t in v], [t[0] for t in v]) for k, v in kinds.items()}
    for r in places:
        m = r.mention
        dist = []
        settlement = r.place.place_type is PlaceType.SETTLEMENT
        trigs = kinds[settlement]
        ends, starts = bounds[settlement]
        lo = max(0, bisect.bisect_left(ends, m.start - NEAR) - 1)
        hi = min(len(trigs), bisect.bisect_right(starts, m.end + NEAR / 1.3) + 1)
        for t in trigs[lo:hi]:
            if t[1] <= m.start:
                gap = m.start - t[1]
            elif m.end <= t[0]:
                gap = (t[0] - m.end) * 1.3
            else:
                gap = 0
            dist.append((gap, t))
        if not dist:
            continue
        dist.sort(key=lambda x: x[0])
        chosen = [dist[0]] + [x for x in dist[1:] if x[0] <= NEAR and x[1][2] != dist[0][1][2]]
        for gap, t in chosen:
            out.append((r, t, 0.9 if gap <= NEAR else 0.75))
    return out


def _claimant_for(s: _Sent, trig: tuple, d: dict, last: _Source | None,
                  after: _Source | None, primary: _Source | None) -> tuple[_Source | None, str]:
    if s.sources:
        src = min(s.sources, key=lambda x: abs(x[0] - trig[0]))[1]
        return src, "named in the sentence"
    if last is not None and d["pronoun"].search(s.text):
        return last, "continues the source named before"
    if after is not None:
        return after, "'про це / об этом' in the next sentence"
    if last is not None:
        return last, "the source of the paragraphs before"
    if primary is not None:
        return primary, "the article's primary source"
    return None, ""


_CLAUSE = re.compile(r"[,;:.!?«»\"—–]")


def _subject_side(text: str, s: _Sent, trig: tuple, d: dict, side: Side | None
                  ) -> Actor | None:
    """The side named as the subject of the clause the event cue is in: a side's own words
    ("окупанти", "ВСУ"), or the source's enemy ("ворог", "противник"); the last named before
    the cue counts."""
    head = text[s.start:trig[0]]
    cut = max((m.end() for m in _CLAUSE.finditer(head)), default=0)
    clause = head[cut:]
    found = []
    keys = [("russia_subject", Actor.RUSSIA), ("ukraine_subject", Actor.UKRAINE)]
    if side in (Side.RUSSIA, Side.UKRAINE):
        keys.append(("enemy", Actor.RUSSIA if side is Side.UKRAINE else Actor.UKRAINE))
    for key, who in keys:
        for m in d[key].finditer(clause):
            found.append((m.start(), who))
    return max(found, key=lambda x: x[0])[1] if found else None


def _draft(article: Article, s: _Sent, r: Resolution, trig: tuple, strength: float,
           src: _Source | None, cue: str, d: dict, denial: list[_Sent], nxt: _Sent | None
           ) -> dict:
    event = trig[2]
    notes = [f"event: '{article.text[trig[0]:trig[1]]}' -> {event.value}"]
    if event is Event.CAPTURED and takes_positions(d["position_object"], article.text, trig[1],
                                                   r.mention.start):
        event = Event.ADVANCING
        notes.append("captured positions, not the place -> advancing")
    side = src.side if src else None
    name = src.name if src else None
    if src is not None and side is None:
        side = {"UA": Side.UKRAINE, "RU": Side.RUSSIA}.get(r.place.country or "",
                                                           Side.INDEPENDENT)
        if name in ("regional authorities", "Ukrainian regional military administration"):
            name = ("Ukrainian" if side is Side.UKRAINE else "Russian") + " regional authorities"
    if src is not None:
        notes.append(f"claimant: {src.name} ({cue})")
    if src is None:
        status, side = Status.REPORTED, Side.INDEPENDENT
    elif src.name in d["assessors"] or src.kind == "assessor":
        status = Status.ASSESSED
    else:
        status = Status.CLAIMED
        gain = event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED)
        hedged = d["hedge"].search(s.text) is not None
        if gain and (d["disputed"].search(s.text) or (hedged and denial) or any(
                r.mention.text[:5].lower() in x.text.lower() for x in denial if x is not s)):
            status = Status.DISPUTED
            notes.append("status: denied or hedged in the article")
        elif d["unverified"].search(s.text) or (nxt is not None and d["unverified"].search(nxt.text)):
            status = Status.UNVERIFIED
            notes.append("status: not verified")
    actor = None
    if event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED) and side not in (
            Side.RUSSIA, Side.UKRAINE) and status is not Status.DISPUTED:
        # an assessor or the outlet: the side its clause names ("российские войска продвинулись")
        actor = _subject_side(article.text, s, trig, d, None)
    elif event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED) and side in (
            Side.RUSSIA, Side.UKRAINE) and status is not Status.DISPUTED:
        actor = Actor(side.value)
        own = d["own_gain"].match(article.text, trig[0]) is not None  # "освободили X"
        doer = None if own else _subject_side(article.text, s, trig, d, side)
        if doer is not None and doer is not actor:
            # "ворог намагається прорвати оборону біля X", "окупанти просунулися": the subject
            actor = doer
            notes.append(f"actor: the clause's subject is {doer.value}'s")
    elif event is Event.STRIKE and r.place.country in ("UA", "RU"):
        actor = Actor.RUSSIA if r.place.country == "UA" else Actor.UKRAINE
    return {"r": r, "event": event, "actor": actor, "claimant": name, "side": side,
            "status": status, "a": s.start, "b": s.end, "conf": r.confidence * strength,
            "notes": notes}


def _contradictions(drafts: list[dict]) -> None:
    """A gain one side claims where the other side says it holds the place is disputed."""
    held = {(x["r"].place.id, x["side"]) for x in drafts if x["event"] is Event.HELD}
    for x in drafts:
        if x["event"] in (Event.CAPTURED, Event.ADVANCING) and x["status"] is Status.CLAIMED:
            other = {Side.RUSSIA: Side.UKRAINE, Side.UKRAINE: Side.RUSSIA}.get(x["side"])
            if other and (x["r"].place.id, other) in held:
                x["status"] = Status.DISPUTED
                x["notes"].append("status: the other side says it holds the place")


def _claim(article: Article, x: dict) -> Claim:
    return Claim(article=article, resolution=x["r"], event=x["event"], actor=x["actor"],
                 claimant=x["claimant"], claimant_side=x["side"], status=x["status"],
                 event_date=x.get("date"), date_precision=x.get("prec"),
                 quote=article.text[x["a"]:x["b"]],
                 quote_start=x["a"], quote_end=x["b"], confidence=round(min(1.0, x["conf"]), 3),
                 evidence="; ".join(x["notes"]))
