"""Claims: for every resolved place, what is claimed about it, who acts, who says so, how sure.

Per sentence: event triggers (:mod:`geo.claims.lexicon`, from ``geo/lang/<code>/events.toml``)
are tied to the nearest place mention; places listed together share it ("Toretsk and
Zarichne", and every noun the parse coordinates with it); a trigger with no place in its
sentence continues the previous sentence's front-line place ("the city", "its north").
Who says it, with which stance, and who did it come from the article's
:class:`~geo.claims.reader.Reader` (the dependency parse: reporting frames, coreference, the
author of a primary-source document, quotations, the dateline; :mod:`geo.claims.claimant`).
The status is derived from every statement about the same (place, event) across the article
(:mod:`geo.claims.stance`), and each claim carries those stances.  Dates resolve against the
publication date (:mod:`geo.claims.dates`).  This module holds no English: its patterns are
named patterns of the language data.

    >>> from geo.model import Article  # the pipeline calls tag(document, resolutions)
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.claims.claimant import attribute, finish, side_value
from geo.claims.dates import resolve_date, statement_date
from geo.claims.lexicon import (
    EVENT_OF_GROUP,
    EVENTS_RE,
    LOSER_GROUPS,
)
from geo.claims.modality import (
    drop_scenarios_of_reported_captures,
    negation_draft,
    scenario,
    takes_positions,
)
from geo.claims.reader import Reader, worth_parsing
from geo.claims.stance import MAX_STATEMENTS, dedupe
from geo.claims.zone import WAR_ZONE, war_zone
from geo.claims.zone import strong_only as _strong_only
from geo.errors import LanguageDataError
from geo.lang import load
from geo.model import Article, Claim, Event, PlaceType, Resolution, Side, Status
from geo.text import Document, document, span_index

_LANG = load("en")
_REPELLED = frozenset(_LANG.words("events", "repelled_by"))
MAX_LINK = 140  # characters between a trigger and the place it is tied to
STRONG_LINK = 45  # for capitals and places beyond the war zone: only a close trigger counts
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
_NEAR = _LANG.regex("events", "near")
_QUALIFIER = _LANG.regex("events", "qualifier")
_LIST_SEP = _LANG.regex("events", "list_sep")
# "X and (the city of) Y": a coordinated list, whatever kinds of place it joins
_AND_SEP = _LANG.regex("events", "and_sep")
_QUALIFIER_GAP = _LANG.regex("events", "qualifier_gap")
_CONTINUES = _LANG.regex("events", "continues")
_ANAPHOR = _LANG.regex("events", "anaphor")
_ANAPHOR_NEAR = _LANG.regex("events", "anaphor_near")
_ANAPHOR_PLURAL = _LANG.regex("events", "anaphor_plural")
_ANAPHOR_TOWN = _LANG.regex("events", "anaphor_town")
_UNNAMED = _LANG.regex("events", "unnamed")
_QUALIFIER_AFTER = _LANG.regex("events", "qualifier_after")
_INCLUDING = _LANG.regex("events", "including_before")
_ROUTE = _LANG.regex("events", "route_before")
_SUBAREA = _LANG.regex("events", "subarea_sep")
_INCIDENTAL = _LANG.regex("events", "incidental_strike")
_STATE_ADJECTIVE = _LANG.regex("events", "state_adjective")
_STATE_UNSIDED = _LANG.regex("events", "state_unsided")
_DIRECTION_LIST = _LANG.regex("events", "direction_list_after")
_ENTRY = _LANG.regex("events", "entry_cue")
_GENERIC_ATTACK = _LANG.regex("events", "generic_attack")
_KIND_END = _LANG.regex("events", "kind_end")
_KIND_COMMA = _LANG.regex("events", "kind_comma")
_OF_NAME = _LANG.regex("events", "of_name")
_GROUND_TARGET = _LANG.regex("events", "ground_target")
_POSITION_OBJECT = _LANG.regex("events", "position_object")
_NEGATED_BEFORE = _LANG.regex("events", "negated_before")
@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    event: Event
    loser: bool = False  # the subject lost the place ("withdrew from")
    text: str = ""


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
    zone = war_zone(resolutions)
    code = getattr(doc, "language", None) or "en"
    try:
        reader = Reader(doc, sents, worth_parsing(sents), code)
    except LanguageDataError:  # a language without data: read without a parser, in English
        reader = Reader(doc, sents, set(), "en")
    drafts: list[dict] = []
    seen: dict[tuple, int] = {}  # (place, event) -> statements met
    first: dict[tuple, dict] = {}
    dates: list[tuple[str | None, str | None]] = []  # each sentence's own date
    focus: Resolution | None = None
    town: Resolution | None = None  # the last settlement that was or could be the focus
    group_focus: list[Resolution] = []  # the places the focus sentence gave an event
    anchor: tuple[str, str] | None = None
    for k, s in enumerate(sents):
        eligible = [r for r in s.places if _eligible(r, text)
                    and not reader.in_dateline(r.mention.start)
                    and not reader.is_source(r.mention.start)]
        links = _link(text, s, eligible, focus, reader, zone)
        carried = False
        if not eligible and focus is not None and s.triggers and (
                _CONTINUES.match(s.text) or _ANAPHOR.search(s.text)):
            front = sorted((t for t in s.triggers if t.event.front_line),
                           key=lambda t: SPECIFICITY.index(t.event))
            if front:
                target = focus
                if focus.place.place_type is not PlaceType.SETTLEMENT and town is not None \
                        and _ANAPHOR_TOWN.search(s.text):
                    target = town  # "battles around the village": the village, not the region
                group = (group_focus if len(group_focus) > 1
                         and _ANAPHOR_PLURAL.search(s.text) else [target])
                links = [(r, front[0], 0.6) for r in group]
                carried = True
        # a dateline's date is when the wire filed, not when anything happened
        date, prec = resolve_date(reader._masked(s), article.published, anchor=anchor)
        dates.append((date, prec))
        if date:
            anchor = (date, prec)
        for r, trig, strength in links:
            key = (r.place.id, trig.event)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > MAX_STATEMENTS:
                continue  # the cost cap (said in the first claim's evidence, below)
            d = _draft(article, sents, k, r, trig, strength, date, prec, carried, reader)
            if d is not None:
                if d["date"] is None and d["claimant"] is not None:
                    d["date"], d["prec"] = statement_date(reader, dates, k, d["claimant"],
                                                           d["side"])
                drafts.append(d)
                first.setdefault(key, d)
        front_places = sorted((r for r, t, _ in links if t.event.front_line),
                              key=lambda r: (r.place.place_type is not PlaceType.SETTLEMENT,
                                             r.mention.start))
        front_places = [r for r in front_places if _can_be_focus(r, zone)]
        candidates = sorted((r for r in eligible if _can_be_focus(r, zone)),
                            key=lambda r: (r.place.place_type is not PlaceType.SETTLEMENT,
                                           r.mention.start))
        if front_places and not carried:
            focus = front_places[0]
            group_focus = list(dict.fromkeys(front_places))
        elif candidates and not carried:
            focus = candidates[0]
            group_focus = [focus]
        if not carried:
            town = next((r for r in front_places + candidates
                         if r.place.place_type is PlaceType.SETTLEMENT), town)
        if _paragraph_break(text, s.end):
            focus = town = None
            group_focus = []
    for key, n in seen.items():
        if n > MAX_STATEMENTS and key in first:
            first[key]["notes"].append(
                f"{n - MAX_STATEMENTS} further statement(s) of this event at this place not "
                f"read (at most {MAX_STATEMENTS} per place and event in one article)")
    drafts = drop_scenarios_of_reported_captures(drafts)
    finish(drafts, reader, sents)
    claims = dedupe([_claim(article, d) for d in drafts])
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
    """The index of the span starting at or before ``pos`` (0 before the first)."""
    return span_index(starts, pos)


def _triggers(sentence: str, offset: int) -> list[_Trigger]:
    """Event cues, leftmost first; where patterns overlap, the one listed first in the lexicon
    wins (one pass of a single alternation)."""
    out: list[_Trigger] = []
    for m in EVENTS_RE.finditer(sentence):
        out.append(_Trigger(offset + m.start(), offset + m.end(), EVENT_OF_GROUP[m.lastgroup],
                            m.lastgroup in LOSER_GROUPS, m.group(0)))
    return out


#: When a sentence continues the previous one, the most specific event it reports is carried.
SPECIFICITY = [Event.CAPTURED, Event.ENCIRCLED, Event.FIGHTING, Event.STRIKE, Event.ADVANCING,
               Event.EVACUATION, Event.HELD, Event.THREATENED]
_FORWARD_ONLY = _LANG.regex("events", "forward_only")


def _can_be_focus(r: Resolution, zone: frozenset = WAR_ZONE) -> bool:
    p = r.place
    return (p.country in zone and p.place_type in (PlaceType.SETTLEMENT, PlaceType.REGION,
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
    if p.place_type in (PlaceType.REGION, PlaceType.WATER) and _QUALIFIER_AFTER.match(
            text, r.mention.end):
        return False  # "the Kharkiv region's Synkivka", "the Black Sea port of Odesa"
    if _KIND_END.search(r.mention.text) and _OF_NAME.match(text, r.mention.end):
        return False  # "the Donbas city of Severodonetsk": the kind of the place named next
    return True


def _sent_index(reader: Reader, s: _Sent) -> int:
    return reader.doc.sentence_at(s.start)


def _link(text: str, s: _Sent, places: list[Resolution], focus: Resolution | None = None,
          reader: Reader | None = None, zone: frozenset = WAR_ZONE,
          ) -> list[tuple[Resolution, _Trigger, float]]:
    """Tie each trigger to its nearest place; listed places share a trigger."""
    if not places or not s.triggers:
        return []
    links: dict[tuple[int, Event, bool], tuple[Resolution, _Trigger, float]] = {}
    only = len(places) == 1
    starts = sorted(r.mention.start for r in places)
    # the places in text order (and where each first stands in it), and by start
    ordered = sorted(places, key=lambda p: p.mention.start)
    first_at: dict[Resolution, int] = {}
    for n, p in enumerate(ordered):
        first_at.setdefault(p, n)
    by_start: dict[int, list[int]] = {}
    for n, p in enumerate(places):
        by_start.setdefault(p.mention.start, []).append(n)
    longest = max(p.mention.end - p.mention.start for p in places)
    k = _sent_index(reader, s) if reader is not None and reader.enabled else None
    for t in s.triggers:
        # a negated trigger and an asserted one of the same event at one place are two
        # statements ("not pushed out of X ... after Kyiv said it had liberated the site")
        neg = k is not None and k in reader.parsed and reader.negated(k, t.start)
        near_text = s.text[max(0, t.start - s.start - 10):t.end - s.start + 40]
        if (focus is not None and t.event.front_line and _ANAPHOR_NEAR.search(near_text)
                and all(r.place.id != focus.place.id for r in places)):
            links.setdefault((focus.mention.start, t.event, neg), (focus, t, 0.7))
            continue
        if reader is not None and reader.enabled and t.event.front_line and not only and \
                reader.anaphoric_object(k, t.start):
            # "... X, a village near Y, a day after Ukraine said it had liberated the site":
            # the site is the sentence's first place that no 'near' qualifier locates
            ante = [r for r in ordered if r.mention.start < t.start
                    and r.place.place_type is PlaceType.SETTLEMENT
                    and not _NEAR.search(text, max(0, r.mention.start - 40), r.mention.start)]
            if ante:
                links.setdefault((ante[0].mention.start, t.event, neg), (ante[0], t, 0.8))
                continue
        best, best_d = None, None
        near = places
        if not only:  # only the places a link can reach (see _beyond_link), by bisect
            lo = bisect_left(starts, t.start - _FAR - longest)
            hi = bisect_right(starts, t.end + _FAR)
            near = [places[n] for n in sorted(n for x in dict.fromkeys(starts[lo:hi])
                                              for n in by_start[x])]
        for r in near:
            if not only and _beyond_link(t, r):
                continue  # too far to be linked, whatever the gap holds (cost: see _beyond_link)
            d = _distance(text, t, r, places, starts)
            if d is None:
                continue
            limit = MAX_LINK
            if _strong_only(r, zone):
                limit = STRONG_LINK
            elif only and t.event.front_line:
                limit = max(MAX_LINK, s.end - s.start)
            if d <= limit and (best_d is None or d < best_d):
                best, best_d = r, d
        if best is None:
            continue
        if t.event is Event.DIPLOMACY and best_d > 70:
            continue
        owner = next((r for r in ordered[bisect_left(starts, t.start - MAX_LINK - longest):
                                         bisect_left(starts, t.start)]
                      if not _strong_only(r, zone)
                      and (_distance(text, t, r, places, starts) or 1e9) <= MAX_LINK
                      and reader.relative_to(k, t.start, r.mention.start)),
                     None) if k is not None and not only else None
        if owner is not None:
            # "between Robotyne, which Ukraine captured in August, and Verbove": Robotyne's
            best, group = owner, [owner]
        else:
            group = _list_group(text, best, places, (ordered, first_at))
        if owner is None and reader is not None and reader.enabled:
            coord = reader.coordinated(k, best.mention.start)
            have = set(group)
            picked = sorted(n for x in coord for n in by_start.get(x, ()))
            group += [places[n] for n in picked if places[n] not in have]
        if _DIRECTION_AFTER.match(text, best.mention.end):
            # "fighting in the Kostiantynivka direction near Ivanopillia and Pleshchiivka":
            # the direction is an axis; the places after 'near' are where it happens
            later = [r for r in places if best.mention.end < r.mention.start < s.end
                     and _NEAR.search(text, max(0, r.mention.start - 40), r.mention.start)]
            if later:
                have = set(group)
                group = group + [g for g in _list_group(text, later[0], places) if g not in have]
        if t.event is not Event.CAPTURED:  # a suburb taken is not the city taken
            have = set(group)
            group += [w for g in list(group) for w in _subareas(text, g, places, (starts, by_start))
                      if w not in have]
        for r in group:
            strength = 0.9 if r is best else 0.8
            key = (r.mention.start, t.event, neg)
            if key not in links:
                links[key] = (r, t, strength)
    # a place that has a front-line event in this sentence does not also get "diplomacy", and a
    # place taken or fought over does not also get a strike from a generic harm word
    front = {r.mention.start for r, t, _ in links.values() if t.event.front_line}
    ground = {r.mention.start for r, t, _ in links.values() if t.event in _GROUND}
    return [v for k, v in links.items() if (v[1].event.front_line or k[0] not in front)
            and not (v[1].event is Event.STRIKE and k[0] in ground
                     and _INCIDENTAL.match(v[1].text))]


_SIDES = frozenset(s.value for s in Side)
_GROUND = frozenset({Event.CAPTURED, Event.ADVANCING, Event.FIGHTING, Event.ENCIRCLED})


_DIRECTION_AFTER = _LANG.regex("events", "direction_after")
_OBJECT_GAP = _LANG.regex("events", "object_gap")
_APPOSITIVE = _LANG.regex("events", "appositive")




#: A trigger further than this from a place (in characters) is never linked to it when the
#: sentence names several places: the distance is at least 0.4 x the gap after the trigger
#: and 1.2 x (the gap before it, less a 92-character appositive), both over MAX_LINK.  Skipping
#: them keeps one sentence listing thousands of places linear (issue 19).
_FAR = 400


def _beyond_link(t: _Trigger, r: Resolution) -> bool:
    m = r.mention
    return m.start - t.end > _FAR or t.start - m.end > _FAR


def _distance(text: str, t: _Trigger, r: Resolution, places: list[Resolution],
              starts: list[int] | None = None) -> float | None:
    m = r.mention
    if m.end <= t.start and _FORWARD_ONLY.search(text[t.start:t.end]):
        return None  # "a drive toward X", "the path to threaten X" point forward
    if t.end <= m.start:
        gap = text[t.end:m.start]
        if _ROUTE.search(gap) or _UNNAMED_IN.search(gap):
            return None  # "entered villages on the way to X", "captured another town in X"
        if _names_other(gap):
            return None  # "the capture of Nyabibwe ... closer to Bukavu": another name was taken
        d = float(len(gap))
        if _OBJECT_GAP.match(gap) and not re.search(r"[,.;:]", gap):
            d *= 0.4  # the place is the verb's object: "close to capturing the city of Kupiansk"
        elif _INCLUDING.search(gap) and not re.search(r"[;:]|\.\s+[A-Z]", gap):
            d *= 0.3  # "entered several settlements ..., including the town of X"
        elif "," in gap and not (gap.count(",") == 1 and _KIND_COMMA.search(gap)):
            d += 25  # (not "heard in Iran's capital, Tehran": an apposition)
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
    if starts is None:
        starts = sorted(p.mention.start for p in places)
    # places between the two (r itself starts at neither side of the half-open span)
    d += 35 * (bisect_left(starts, between[1]) - bisect_left(starts, between[0]))
    return d


_EVENT_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w'’-]*)(?!['’]s\b)")


def _names_other(gap: str) -> bool:
    """Does an event noun's "of" name a place the gazetteer does not hold ("the capture of
    Nyabibwe")?  Then the event is that place's, not the next named one's.  A people's
    adjective is not a name ("the capture of Russian-held X")."""
    m = _EVENT_OF_NAME.match(gap)
    if m is None:
        return False
    from geo.places.demonyms import demonyms

    word = m.group(1).split("-")[0].lower()
    return word not in demonyms() and m.end() < len(gap.rstrip())


#: "captured another town in X", "seized a mining town in eastern Congo's X province": the
#: place after the unnamed one only says where it is
_UNNAMED_IN = re.compile(_UNNAMED.pattern + r"\s+(?:in|of)\s+[^,.;:!?]*$")
#: how far after a part its whole may be named ("the Sabra suburb of Gaza City"), read with
#: an index of the sentence's places (a scan of every place per group member was quadratic)
_SUBAREA_REACH = 200


def _subareas(text: str, r: Resolution, places: list[Resolution],
              index: tuple[list[int], dict] | None = None) -> list[Resolution]:
    """The whole a part is named in: "the Sabra suburb of Gaza City" -> Gaza City."""
    cands = places
    if index is not None:  # the places starting within _SUBAREA_REACH after r, in order
        starts, by_start = index
        lo = bisect_right(starts, r.mention.end)
        hi = bisect_right(starts, r.mention.end + _SUBAREA_REACH)
        cands = [places[n] for n in sorted(n for x in dict.fromkeys(starts[lo:hi])
                                           for n in by_start[x])]
    return [p for p in cands if p.mention.start > r.mention.end
            and _SUBAREA.match(text[r.mention.end:p.mention.start])]


def _list_group(text: str, r: Resolution, places: list[Resolution],
                ordered: tuple[list, dict] | None = None) -> list[Resolution]:
    """The places listed with ``r`` ("A, B and C"); ``ordered``: ``places`` in text order and
    the first position of each in it (given by :func:`_link`, once per sentence)."""
    if ordered is None:
        ordered = sorted(places, key=lambda p: p.mention.start)
        i = ordered.index(r)
    else:
        ordered, first_at = ordered
        i = first_at[r]
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


def _draft(article: Article, sents: list[_Sent], k: int, r: Resolution, trig: _Trigger,
           strength: float, date: str | None, prec: str | None, carried: bool,
           reader: Reader) -> dict | None:
    s = sents[k]
    event = trig.event
    cue = s.text[trig.start - s.start:trig.end - s.start]
    notes = [f"event: '{cue}' -> {event.value}" + (" (carried from the previous sentence)"
                                                   if carried else "")]
    before = article.text[max(0, r.mention.start - 40):r.mention.start]
    if event is Event.CAPTURED and r.place.place_type is PlaceType.WATER:
        return None  # a river or a sea is crossed or reached, never captured
    if trig.loser and trig.end <= r.mention.start and _NEAR.search(
            article.text[max(trig.end, r.mention.start - _NEAR_WINDOW):r.mention.start]):
        return None  # "withdrew from areas around X": X itself did not change hands
    axis = bool(_DIRECTION_LIST.match(article.text, r.mention.end))
    if axis and event in (Event.CAPTURED, Event.ENCIRCLED):
        return None  # "to bolster efforts on the Donetsk front": an axis is not taken
    if axis and event is Event.STRIKE:
        event = Event.FIGHTING  # "a broad attack on the Aleppo and Idlib fronts"
        notes.append("an attack on a front or direction -> fighting")
    elif event is Event.STRIKE and _GENERIC_ATTACK.match(trig.text) and _GROUND_TARGET.match(
            article.text[trig.end:trig.end + 80]):
        event = Event.FIGHTING  # "attacks on Ukrainian positions", "... of the eastern front"
        notes.append("an attack on positions or a front -> fighting")
    if event is Event.CAPTURED and not trig.loser and takes_positions(
            _POSITION_OBJECT, article.text, trig.end, r.mention.start):
        event = Event.ADVANCING  # "seized outposts in the Rathedaung area": not the area
        notes.append("captured positions, not the place -> advancing")
    withdrawn = any(o.loser and 0 <= r.mention.start - o.end <= 12 for o in s.triggers)
    if event is Event.CAPTURED and _NEAR.search(before) and not carried and not trig.loser \
            and not withdrawn:  # "after the army withdrew from X": the 'from' is the withdrawal's
        event = Event.ADVANCING
        notes.append("captured near a place, not the place itself -> advancing")
    if event in (Event.STRIKE, Event.FIGHTING, Event.ADVANCING) and reader.governed_by(
            k, trig.start, _REPELLED):
        notes.append(f"an {'advance' if event is Event.ADVANCING else 'attack'} that was "
                     "repelled or stopped -> held")
        event = Event.HELD
    if k in reader.parsed:
        hypothetical = reader.hypothetical(k, trig.start)
    else:
        hypothetical = scenario(s.text, trig.start - s.start)
    scenario_of = None
    if hypothetical and event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED):
        notes.append(f"a scenario or a future, not a report: {event.value} -> threatened")
        if reader.is_noun(k, trig.start):
            scenario_of = event  # "the capture of X would be ...": weighs an event named
        event = Event.THREATENED
    at = attribute(reader, sents, k, r.place, trig, event, carried)
    if (reader.negated(k, trig.start) if k in reader.parsed
            else _NEGATED_BEFORE.search(s.text, 0, trig.start - s.start)) and not carried:
        return negation_draft(sents, k, r, trig, event, at, notes, date, prec, strength)
    if event is Event.ADVANCING and _ENTRY.match(cue):
        doer = reader.actor(k, trig.start, None) if reader.enabled else None  # the parse's
        says = side_value(at["side"])
        if at["stance"] == "acknowledges" or (doer and says not in (None, "independent", doer)):
            event = Event.FIGHTING  # the other side says the enemy is inside: a contested place
            notes.append("an entry told by the other side -> fighting")
    if event is Event.HELD and _STATE_ADJECTIVE.search(cue):
        at.update(claimant=None, side=None, around=[])  # "Ukrainian-held cities": the outlet's words
        if _STATE_UNSIDED.search(cue):
            at["actor"] = None  # "the occupied region" says nothing of who holds it
    notes += at["notes"]
    a, b = s.start, s.end
    if carried:
        k0 = _index([x.start for x in sents], r.mention.start)
        a = sents[k0].start if k - k0 <= 2 else s.start
    conf = r.confidence * strength * (0.7 if hypothetical else 1.0)
    return {"resolution": r, "event": event, "actor": at["actor"], "claimant": at["claimant"],
            "side": at["side"], "stance": at["stance"], "around": at["around"],
            "denied_by": at["denied_by"], "status": Status.REPORTED, "date": date, "prec": prec,
            "a": a, "b": b, "k": k, "t": trig.start, "t_end": trig.end, "conf": conf,
            "notes": notes, "stances": (), "scenario_of": scenario_of}


#: 'near' cues end right before the place they qualify: only this much of the gap is read
_NEAR_WINDOW = 200


def _claim(article: Article, d: dict) -> Claim:
    text = article.text
    side, party = d["side"], None
    if isinstance(side, str) and side not in _SIDES:
        side, party = Side.INDEPENDENT, side  # another war's party: the schema's side is independent
    return Claim(article=article, resolution=d["resolution"], event=d["event"], actor=d["actor"],
                 claimant=d["claimant"], claimant_side=side, claimant_party=party,
                 status=d["status"],
                 event_date=d["date"], date_precision=d["prec"], quote=text[d["a"]:d["b"]],
                 quote_start=d["a"], quote_end=d["b"], confidence=round(min(1.0, d["conf"]), 3),
                 evidence="; ".join(d["notes"]), stances=d["stances"])
