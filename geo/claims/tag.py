"""Claims: for every resolved place, what is claimed about it, who acts, who says so, how sure.

Per sentence: event triggers (:mod:`geo.claims.lexicon`) are tied to the nearest place mention (places
listed together share it: "Toretsk and Zarichne"); a trigger with no place in its sentence
continues the previous sentence's front-line place ("the city", "its north").  The claimant
comes from the attribution frame nearest the trigger ("X said", "according to X", "X's claims
that ..."), normalised to a canonical name and side.  The status comes from cues in the
sentence, the next one, and hedges that cover a group of claims ("Russia's most recent claimed
advances").  Dates resolve against the publication date (:mod:`geo.claims.dates`).

    >>> from geo.model import Article  # the pipeline calls tag(article, resolutions)
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Sequence

from geo.claims.dates import resolve_date
from geo.claims.lexicon import (ACTOR_RES, ASSESSED_CLAIMANTS, CLAIMANT_RES, CONFIRMED, DISPUTED,
                         DISPUTED_AFTER, EVENT_OF_GROUP, EVENTS_RE, GROUP_SCOPE, HYPOTHETICAL,
                         UNVERIFIED)
from geo.model import Actor, Article, Claim, Event, PlaceType, Resolution, Side, Status
from geo.text import Document, document

MAX_LINK = 140  # characters between a trigger and the place it is tied to
STRONG_LINK = 45  # for capitals and places beyond the war zone: only a close trigger counts
WAR_ZONE = {"UA", "RU"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
HEDGE_WINDOW = 5  # sentences back that a group hedge ("the reports of the advance") covers
_NEAR = re.compile(r"(?i)(?:near|outside|around|close to|towards?|approaching|outskirts of|"
                   r"road to|(?:north|south|east|west)(?:east|west)?(?:ern)? of|from|beyond)"
                   r"\s+(?:the\s+)?(?:\w+\s+)?$")
_QUALIFIER = re.compile(r"(?:\b(?:[Cc]ities|[Tt]owns|[Vv]illages|[Cc]ity|[Tt]own|[Vv]illage|"
                        r"[Ss]ettlements?|hub)|\b[A-Z][\w'’-]+)\s+in\s+(?:the\s+)?"
                        r"(?:Ukraine's\s+|Russia's\s+)?(?:[a-z]+ern\s+)?$")
_LIST_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|\s*/\s*|\s*--?\s*)"
                       r"(?:(?:the\s+)?(?:city|town|village|region|oblast|settlements?|villages?|"
                       r"towns?|cities)\s+of\s+|(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)"
                       r"(?:ern)?|central)\s+(?:of\s+)?)?$")
# "X and (the city of) Y": a coordinated list, whatever kinds of place it joins
_AND_SEP = re.compile(r"^,?\s+(?:and|or|&)\s+")
_QUALIFIER_GAP = re.compile(r"^\s+in\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s*){1,2}(?:region|oblast|province)?")
_CONTINUES = re.compile(r"(?i)^\s*(?:\W*\s*)?(?:it|they|he|she|the (?:city|town|village|ministry|"
                        r"army|military|statement|region|settlement|governor)|there|half|most|"
                        r"part|parts|much|the (?:rest|remaining)|its|on (?:\w+day)|meanwhile|"
                        r"[A-Z][\w'’]+ (?:reports|telegram|military|forces|officials)|ukraine's|"
                        r"russia's|russian|ukrainian)\b")
_ANAPHOR = re.compile(r"(?i)\b(?:it|its|they|there|the (?:city|town|village|area|settlement|"
                     r"region|localit(?:y|ies)))\b")
_ANAPHOR_NEAR = re.compile(r"(?i)\b(?:its|the city's|the town's) (?:north|south|east|west|"
                          r"northern|southern|eastern|western|outskirts|centre|center|"
                          r"north\w+|south\w+|edge|suburbs)\b|\b(?:in|of|around) the (?:city|town|"
                          r"village)\b")
_UNNAMED = re.compile(r"(?i)\b(?:a|an|another)\s+(?:\w+\s+){0,3}(?:city|town|village|settlement)\b")
_SPEECH_AFTER = re.compile(
    # an appositive may stand between ("DeepState, a Ukrainian monitoring group, said")
    r"(?i)^(?:\s*,\s[^,.;:\"“”]{1,70},)?[\w\s'’,-]{0,30}?\b(?:said|says|say|claimed|claims|"
    r"claim|announced|reported|reports|"
    r"stated|told|added|declared|acknowledged|admitted|confirmed|denied|rejected|suggested|"
    r"suggest|showed|shows|assessed|believe|believes|estimated|wrote|posted|warned|noted|"
    r"has not commented|have not commented|insisted|insists)\b")
_CLAIMS_THAT = re.compile(r"(?i)^(?:'s|’s)\s+(?:\w+\s+)?claims?\b")
_ACCORDING = re.compile(r"(?i)\b(?:according to|citing|per)\s+$")


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    event: Event


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    text: str
    triggers: list[_Trigger] = field(default_factory=list)
    places: list[Resolution] = field(default_factory=list)


def tag(article: Article | Document, resolutions: Sequence[Resolution]) -> list[Claim]:
    """Every claim the article makes about its resolved places (see the module docstring)."""
    doc = document(article)
    if doc.language in ("uk", "ru"):  # ukru: Ukrainian and Russian are read by their own reader
        from geo.claims.slavic import tag as tag_slavic

        return tag_slavic(doc.article, resolutions, doc.language)
    article = doc.article
    text = doc.text
    plain = text.translate(_QUOTES)  # same length: patterns see one apostrophe
    sents = [_Sent(a, b, plain[a:b]) for a, b in doc.sentences]
    if not sents:
        return []
    starts = [s.start for s in sents]
    for r in resolutions:
        if r.place is None or r.role == "not-place":
            continue
        sents[_index(starts, r.mention.start)].places.append(r)
    for s in sents:
        s.triggers = _triggers(s.text, s.start)
    drafts: list[dict] = []
    focus: Resolution | None = None
    anchor: tuple[str, str] | None = None
    for k, s in enumerate(sents):
        eligible = [r for r in s.places if _eligible(r, text)]
        links = _link(text, s, eligible, focus)
        carried = False
        if not eligible and focus is not None and s.triggers and (
                _CONTINUES.match(s.text) or _ANAPHOR.search(s.text)):
            front = sorted((t for t in s.triggers if t.event.front_line),
                           key=lambda t: SPECIFICITY.index(t.event))
            if front:
                links = [(focus, front[0], 0.6)]
                carried = True
        date, prec = resolve_date(s.text, article.published, anchor=anchor)
        if date:
            anchor = (date, prec)
        for r, trig, strength in links:
            d = _draft(article, sents, k, r, trig, strength, date, prec, carried)
            if d is not None:
                drafts.append(d)
        front_places = sorted((r for r, t, _ in links if t.event.front_line),
                              key=lambda r: (r.place.place_type is not PlaceType.SETTLEMENT,
                                             r.mention.start))
        front_places = [r for r in front_places if _can_be_focus(r)]
        candidates = sorted((r for r in eligible if _can_be_focus(r)),
                            key=lambda r: (r.place.place_type is not PlaceType.SETTLEMENT,
                                           r.mention.start))
        if front_places and not carried:
            focus = front_places[0]
        elif candidates and not carried:
            focus = candidates[0]
        if _paragraph_break(text, s.end):
            focus = None
    _apply_hedges(drafts, sents)
    claims = _dedupe([_claim(article, d) for d in drafts])
    # a resolved place with no claim at all is still listed, as a mention
    have = {c.place.id for c in claims}
    seen: set[str] = set()
    for r in resolutions:
        if r.place is None or r.role == "not-place" or r.place.id in have or r.place.id in seen:
            continue
        seen.add(r.place.id)
        k = _index(starts, r.mention.start)
        s = sents[k]
        claims.append(Claim(article=article, resolution=r, event=Event.MENTION,
                            quote=text[s.start:s.end],
                            quote_start=s.start, quote_end=s.end,
                            confidence=round(r.confidence * 0.9, 3),
                            evidence=f"no claim about this place ({r.role})"))
    claims.sort(key=lambda c: (c.quote_start, c.resolution.mention.start, c.event.value))
    return claims


# ------------------------------------------------------------------ triggers and links


def _index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _triggers(sentence: str, offset: int) -> list[_Trigger]:
    """Event cues, leftmost first; where patterns overlap, the one listed first in the lexicon
    wins (one pass of a single alternation)."""
    out: list[_Trigger] = []
    for m in EVENTS_RE.finditer(sentence):
        out.append(_Trigger(offset + m.start(), offset + m.end(), EVENT_OF_GROUP[m.lastgroup]))
    return out


#: When a sentence continues the previous one, the most specific event it reports is carried.
SPECIFICITY = [Event.CAPTURED, Event.ENCIRCLED, Event.FIGHTING, Event.STRIKE, Event.ADVANCING,
               Event.EVACUATION, Event.HELD, Event.THREATENED]
_FORWARD_ONLY = re.compile(r"(?i)(?:towards?|target(?:s|ed|ing)? of|path (?:for \w+ )?to|"
                           r"threaten(?:s|ed|ing)?)$")


def _can_be_focus(r: Resolution) -> bool:
    p = r.place
    return (p.country in WAR_ZONE and p.place_type in (PlaceType.SETTLEMENT, PlaceType.REGION,
                                                       PlaceType.WATER))


def _eligible(r: Resolution, text: str) -> bool:
    """Places that can carry an event: not a government standing for itself, not a country,
    not a region used only to say where another place is ("Kucherivka in the Kharkiv region")."""
    if r.role != "place":
        return False
    p = r.place
    if p.place_type is PlaceType.COUNTRY:
        return False
    if p.place_type is PlaceType.REGION:
        before = text[max(0, r.mention.start - 60):r.mention.start]
        if _QUALIFIER.search(before):
            return False
    return True


def _link(text: str, s: _Sent, places: list[Resolution], focus: Resolution | None = None
          ) -> list[tuple[Resolution, _Trigger, float]]:
    """Tie each trigger to its nearest place; listed places share a trigger."""
    if not places or not s.triggers:
        return []
    links: dict[tuple[int, Event], tuple[Resolution, _Trigger, float]] = {}
    only = len(places) == 1
    for t in s.triggers:
        near_text = s.text[max(0, t.start - s.start - 10):t.end - s.start + 40]
        if (focus is not None and t.event.front_line and _ANAPHOR_NEAR.search(near_text)
                and all(r.place.id != focus.place.id for r in places)):
            links.setdefault((focus.mention.start, t.event), (focus, t, 0.7))
            continue
        best, best_d = None, None
        for r in places:
            d = _distance(text, t, r, places)
            if d is None:
                continue
            limit = MAX_LINK
            if _strong_only(r):
                limit = STRONG_LINK
            elif only and t.event.front_line:
                limit = max(MAX_LINK, s.end - s.start)
            if d <= limit and (best_d is None or d < best_d):
                best, best_d = r, d
        if best is None:
            continue
        if t.event is Event.DIPLOMACY and best_d > 70:
            continue
        group = _list_group(text, best, places)
        if _DIRECTION_AFTER.match(text, best.mention.end):
            # "fighting in the Kostiantynivka direction near Ivanopillia and Pleshchiivka":
            # the direction is an axis; the places after 'near' are where it happens
            later = [r for r in places if best.mention.end < r.mention.start < s.end
                     and _NEAR.search(text, max(0, r.mention.start - 40), r.mention.start)]
            if later:
                group = group + [g for g in _list_group(text, later[0], places) if g not in group]
        for r in group:
            strength = 0.9 if r is best else 0.8
            key = (r.mention.start, t.event)
            if key not in links:
                links[key] = (r, t, strength)
    # a place that has a front-line event in this sentence does not also get "diplomacy"
    front = {r.mention.start for r, t, _ in links.values() if t.event.front_line}
    return [v for k, v in links.items() if v[1].event.front_line or k[0] not in front]


_DIRECTION_AFTER = re.compile(r"(?i)\s+(?:direction|axis|sector|front)\b")
_OBJECT_GAP = re.compile(r"^\s*(?:\"?\s*(?:the|a|an|of|on|in|into|to|towards?|around|near|from|"
                         r"two|three|several|control|[a-z][\w'-]*)\s+){0,6}\"?$")
_APPOSITIVE = re.compile(r"^,[^,]{1,90},")


def _strong_only(r: Resolution) -> bool:
    """Capitals and places beyond the war zone carry an event only when it is right next to them."""
    from geo.places.candidates import _is_capital

    p = r.place
    return (p.country not in WAR_ZONE) or _is_capital(p)


def _distance(text: str, t: _Trigger, r: Resolution, places: list[Resolution]) -> float | None:
    m = r.mention
    if m.end <= t.start and _FORWARD_ONLY.search(text[t.start:t.end]):
        return None  # "a drive toward X", "the path to threaten X" point forward
    if t.end <= m.start:
        gap = text[t.end:m.start]
        d = float(len(gap))
        if _OBJECT_GAP.match(gap) and not re.search(r"[,.;:]", gap):
            d *= 0.4  # the place is the verb's object: "close to capturing the city of Kupiansk"
        elif "," in gap:
            d += 25
        between = (t.end, m.start)
    elif m.end <= t.start:
        gap = text[m.end:t.start]
        app = _APPOSITIVE.match(gap)
        core = gap[app.end():] if app else gap  # "Pokrovsk, a logistics hub, looks poised"
        if _UNNAMED.search(core):
            return None  # the trigger's subject is another, unnamed place ("a key city had fallen")
        d = len(core) * 1.2 + (5 if app else 0)
        if "," in core:
            d += 25
        between = (m.end, t.start)
    else:
        return 0.0
    if re.search(r"[.;:!?]|\s--?\s|—", gap) and d > 25:
        d += 60  # another clause
    others = [p for p in places if between[0] <= p.mention.start < between[1] and p is not r]
    d += 35 * len(others)
    return d


def _list_group(text: str, r: Resolution, places: list[Resolution]) -> list[Resolution]:
    ordered = sorted(places, key=lambda p: p.mention.start)
    i = ordered.index(r)
    group = [r]
    j = i
    joined = set()  # joined by 'and'/'or': a list even across kinds of place
    while j + 1 < len(ordered) and _LIST_SEP.match(
            gap := _QUALIFIER_GAP.sub("", text[ordered[j].mention.end:ordered[j + 1].mention.start])):
        if _AND_SEP.match(gap) and (j == i or ordered[j] in joined):
            joined.add(ordered[j + 1])
        j += 1
        group.append(ordered[j])
    j = i
    while j - 1 >= 0 and _LIST_SEP.match(
            gap := _QUALIFIER_GAP.sub("", text[ordered[j - 1].mention.end:ordered[j].mention.start])):
        if _AND_SEP.match(gap) and (j == i or ordered[j] in joined):
            joined.add(ordered[j - 1])
        j -= 1
        group.append(ordered[j])
    return [g for g in group if g.place.place_type is r.place.place_type or g is r
            or g in joined]


def _paragraph_break(text: str, end: int) -> bool:
    return "\n\n" in text[end:end + 4]


# ------------------------------------------------------------------ claimant, actor, status


@functools.lru_cache(maxsize=4096)
def _sources(sentence: str) -> tuple[tuple[int, int, str, Side | None, str, str, bool], ...]:
    """Every attributed source of a sentence: (start, end, name, side, frame, text, may_follow).

    Computed once per sentence (every trigger of the sentence asks)."""
    out = []
    taken: list[tuple[int, int]] = []
    for rx, name, side in CLAIMANT_RES:
        for m in rx.finditer(sentence):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            after = sentence[b:b + 60]
            before = sentence[max(0, a - 20):a]
            frame = None
            if _ACCORDING.search(before):
                frame = "according to"
            elif _CLAIMS_THAT.match(after) or re.search(r"(?i)claims?$", m.group(0)):
                frame = "claims that"
            elif _SPEECH_AFTER.match(after):
                frame = "said"
            elif re.search(r"(?i)\b(?:said|says|told|according to|claimed|announced)\s+"
                           r"(?:\w+\s+){0,3}$", sentence[max(0, a - 40):a]):
                frame = "said"
            if frame is None:
                continue
            # a source named after the event counts only as "..., X said" (not "which X say")
            may_follow = frame == "said" and not re.search(
                r"(?i)\b(?:which|who|that|where|whom)\s+(?:\w+\s+){0,3}$", sentence[:a]) and bool(
                re.search(r",\s*(?:[\w'’-]+\s+){0,4}$", sentence[:a]) or (
                    len(sentence) - b <= 40 and re.search(
                        r"(?i)\b(?:said|says|reported|told|added|stated|claimed|announced)\b"
                        r"[^,;]{0,30}[.!?\"']*\s*$", sentence[b:])))
            out.append((a, b, name, side, frame, m.group(0), may_follow))
    # "the open-source intelligence group DeepState": the description yields to the name
    if not any(o[2] in _GENERIC_SOURCES for o in out):
        return tuple(out)
    named = [(a, name) for a, _, name, *_ in out if name not in _GENERIC_SOURCES]
    out = [o for o in out if o[2] not in _GENERIC_SOURCES or not any(
        0 < a2 - o[1] <= 25 and re.fullmatch(r"[\w\s'’-]*", sentence[o[1]:a2]) and n2 != o[2]
        for a2, n2 in named)]
    return tuple(out)


_GENERIC_SOURCES = {"analysts"}


def _claimant(sentence: str, offset: int, trig: _Trigger) -> tuple[str | None, Side | None, str, int]:
    """(claimant, side, cue, position) for the trigger: the attributed source nearest to it."""
    t = trig.start - offset
    best = None
    for a, b, name, side, frame, text, may_follow in _sources(sentence):
        if frame == "according to":
            dist = abs(t - a) * 0.5  # "according to X" covers the whole sentence
        elif a <= t:
            dist = t - a
        elif may_follow:
            dist = (a - t) * 1.5  # "..., the governor said." / "..., the ministry said, ..."
        else:
            continue  # a source after the event, inside another clause, is not its claimant
        if best is None or dist < best[0]:
            best = (dist, name, side, f"{frame} '{text}'", offset + a)
    if best is None:
        return None, None, "", -1
    return best[1], best[2], best[3], best[4]


def _actor(sentence: str, offset: int, trig: _Trigger, side: Side | None) -> Actor | None:
    t = trig.start - offset
    best = None
    for actor, rx in ACTOR_RES:
        for m in rx.finditer(sentence):
            d = t - m.start() if m.start() <= t else (m.start() - t) * 1.5
            value = actor
            if trig.event is Event.CAPTURED and re.match(r"(?i)^\s*out of",
                                                         sentence[m.end():m.end() + 12]):
                value = "ukraine" if actor == "russia" else "russia"  # "pushed Ukrainian troops out of"
            if best is None or d < best[0]:
                best = (d, value)
    if best is not None and best[0] < 160:
        return Actor(best[1])
    if re.search(r"(?i)\b(?:its|our|their) (?:forces|troops|army|units)\b", sentence) and side in (
            Side.RUSSIA, Side.UKRAINE):
        return Actor(side.value)
    if trig.event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED) and side in (
            Side.RUSSIA, Side.UKRAINE):
        return Actor(side.value)
    if trig.event is Event.HELD:
        return Actor.UKRAINE if re.search(r"(?i)ukrain|kyiv", sentence) else None
    return None


def _side_for_place(claim_place) -> Side | None:
    if claim_place.country == "RU":
        return Side.RUSSIA
    if claim_place.country == "UA":
        return Side.UKRAINE
    return None


def _draft(article: Article, sents: list[_Sent], k: int, r: Resolution, trig: _Trigger,
           strength: float, date: str | None, prec: str | None, carried: bool) -> dict | None:
    s = sents[k]
    event = trig.event
    cue = s.text[trig.start - s.start:trig.end - s.start]
    notes = [f"event: '{cue}' -> {event.value}" + (" (carried from the previous sentence)"
                                                   if carried else "")]
    before = article.text[max(0, r.mention.start - 40):r.mention.start]
    if event is Event.CAPTURED and _NEAR.search(before) and not carried:
        event = Event.ADVANCING
        notes.append("captured near a place, not the place itself -> advancing")
    tail = s.text[trig.start - s.start:]
    head = s.text[:trig.start - s.start]
    tail = UNVERIFIED.sub(" ", tail)  # "could not be verified" is a hedge, not a scenario
    hypothetical = bool(HYPOTHETICAL.search(head[-60:]) or HYPOTHETICAL.search(tail[:130]))
    if hypothetical and event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED):
        return None  # "the seizure of X would open the path...": a scenario, not a claim
    claimant, side, ccue, cpos = _claimant(s.text, s.start, trig)
    if event is Event.HELD and re.search(r"(?i)-(?:held|controlled|occupied)$", cue):
        claimant, side, ccue, cpos = None, None, "", -1  # "Ukrainian-held cities": the outlet's words
    if claimant is None and carried and k > 0:
        claimant, side, ccue, cpos = None, None, "", -1
    if claimant == "regional authorities":
        side = _side_for_place(r.place) or Side.INDEPENDENT
        if r.place.country in ("RU", "UA"):
            claimant = f"{'Russian' if r.place.country == 'RU' else 'Ukrainian'} regional authorities"
    if ccue:
        notes.append(f"claimant: {ccue} -> {claimant}")
    actor = _actor(s.text, s.start, trig, side)
    status = Status.REPORTED
    if claimant is None:
        side = Side.INDEPENDENT
    elif claimant in ASSESSED_CLAIMANTS:
        status = Status.ASSESSED
    else:
        status = Status.CLAIMED
        seg = s.text[:trig.start - s.start]
        if (DISPUTED.search(seg) and re.search(r"(?i)claims?\b", seg)) or DISPUTED_AFTER.search(
                s.text[trig.end - s.start:]):
            status = Status.DISPUTED
            notes.append("status: the other side rejects it")
        elif CONFIRMED.search(s.text[max(0, cpos - s.start):trig.start - s.start + 1]) and (
                actor is None or actor.value != (side.value if side else None)):
            status = Status.CONFIRMED
            notes.append("status: acknowledged by the side it concerns")
    a, b = s.start, s.end
    if carried:
        k0 = _index([x.start for x in sents], r.mention.start)
        a = sents[k0].start if k - k0 <= 2 else s.start
    conf = r.confidence * strength * (0.7 if hypothetical else 1.0)
    return {"resolution": r, "event": event, "actor": actor, "claimant": claimant, "side": side,
            "status": status, "date": date, "prec": prec, "a": a, "b": b, "k": k,
            "conf": conf, "notes": notes}


def _apply_hedges(drafts: list[dict], sents: list[_Sent]) -> None:
    """Verification statements: in the claim's sentence or the next one, or a statement about
    a group of claims ("the latest claimed advances") within the following sentences."""
    hedges = [k for k, s in enumerate(sents) if UNVERIFIED.search(s.text)]
    group = {k for k in hedges if GROUP_SCOPE.search(sents[k].text)}
    for d in drafts:
        if d["status"] not in (Status.CLAIMED,):
            continue
        k = d["k"]
        for h in hedges:
            near = h in (k, k + 1)
            covers = h in group and k <= h <= k + HEDGE_WINDOW
            if near or covers:
                d["status"] = Status.UNVERIFIED
                d["notes"].append(f"status: '{UNVERIFIED.search(sents[h].text).group(0)}'"
                                  + (" (a statement about these claims)" if not near else ""))
                break


def _claim(article: Article, d: dict) -> Claim:
    text = article.text
    return Claim(article=article, resolution=d["resolution"], event=d["event"], actor=d["actor"],
                 claimant=d["claimant"], claimant_side=d["side"], status=d["status"],
                 event_date=d["date"], date_precision=d["prec"], quote=text[d["a"]:d["b"]],
                 quote_start=d["a"], quote_end=d["b"], confidence=round(min(1.0, d["conf"]), 3),
                 evidence="; ".join(d["notes"]))


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (place, event, side, status) in an article: the first, most confident."""
    best: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.place.id, c.event, c.claimant_side, c.status)
        old = best.get(key)
        if old is None:
            best[key] = c
        elif c.event_date and not old.event_date:
            best[key] = c
    return list(best.values())
