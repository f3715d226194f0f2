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

import math
import re
from dataclasses import replace
from typing import Callable, Sequence

from geo.distance import approx_km
from geo.text import Document, document
from geo.model import Article, Mention, Place, PlaceType, Precision, Resolution, Unresolved
from geo.places.candidates import (
    _ADMIN2,
    _AGENCY_POSSESSIVE,
    _BEFORE_METONYM,
    _PART_OF_AFTER,
    _SPEECH,
    REGION_WORDS,
    _Cand,
    _is_capital,
    _prior,
)
from geo.places.context import _close_in_text, _context, _focus_countries, _share_cues
from geo.places.cues import _county_short_forms, _ground_fighting, _listed_together, _local_cues
from geo.places.demonyms import demonym_place, demonyms
from geo.places.recognize import LOCATIVE_BEFORE
from geo.lang import load as _load_language

_LANG = _load_language("en")


#: candidates of a name read against the text around it (containment, nearness, kind words),
#: then kept for the article's context (the cost of the context pass grows with the latter)
CUE_CANDIDATES = 100
CONTEXT_CANDIDATES = 20


def resolve(article: Article | Document, mentions: Sequence[Mention], gz,
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
    doc = document(article)
    article = doc.article
    text = doc.text
    mentions = list(mentions)
    cands: list[list[_Cand]] = []
    # a demonym handed in as a mention ("Canadian") points at its country, not at a namesake
    # town; it takes no part in the context of the others
    adjectives = demonyms()
    pointed = [demonym_place(m.name, gz) if m.name in adjectives else None for m in mentions]
    for k, (m, country) in enumerate(zip(mentions, pointed)):
        if country is not None:
            cands.append([])  # a demonym takes no part in the others' context
            continue
        cs = [_Cand(c, _prior(c, m)) for c in gz.candidates(m.name)]
        cs += _ukrainian_spelling(m, gz, {c.place.id for c in cs})
        if _PART_OF_AFTER.match(text, m.end):
            cs = _parts_of(cs, mentions, k, gz)
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
        cands.append(cs[:CUE_CANDIDATES])
    # explicit cues: containment and kind-of phrases
    for i, m in enumerate(mentions):
        _local_cues(text, mentions, cands, i)
    _listed_together(text, mentions, cands)
    _county_short_forms(mentions, cands)
    _share_cues(mentions, cands)
    # the context pass weighs the likeliest candidates only: by prior and what the text said
    # ("Mykolaivka", one of a hundred, "southwest of" a named town is the village beside it)
    for i, cs in enumerate(cands):
        if len(cs) > CONTEXT_CANDIDATES:
            cands[i] = sorted(cs, key=lambda c: -(c.prior + c.local))[:CONTEXT_CANDIDATES]
    # article context, iterated so that confident choices inform the others
    for _ in range(2):
        best = [max(cs, key=lambda c: c.score) if cs else None for cs in cands]
        _context(mentions, cands, best)
    _close_in_text(text, mentions, cands)
    sense = _one_sense(mentions, cands)
    resolutions: list[Resolution] = []
    unresolved: list[Unresolved] = []
    for i, m in enumerate(mentions):
        if pointed[i] is not None:
            resolutions.append(Resolution(m, pointed[i], 0.9, f"'{m.text}' is the adjective "
                                          f"of {pointed[i].name}", "demonym"))
            continue
        part = _PART_OF_AFTER.match(text, m.end)
        if part and not cands[i]:
            # a town's part ("the Kanal neighborhood of Chasiv Yar") is no namesake elsewhere
            reason = (f"'{m.text}{part.group(0)}' ...: a part of a town, which the gazetteer "
                      f"does not hold")
            unresolved.append(Unresolved(article.id, m.text, m.start, m.end, reason))
            resolutions.append(Resolution(m, None, 0.0, reason, "not-place"))
            continue
        cs = sorted(cands[i], key=lambda c: -c.score)
        _take_sense(cs, sense.get(m.name), m)
        abroad = bool(cs) and all(c.contradicts for c in cs)
        if not cs or cs[0].score < -1.0 or abroad:
            if not cs:
                reason = "not in the offline gazetteer"
            elif abroad:
                # a Kursk village the gazetteer lacks is not moved to a namesake in Ukraine
                reason = (f"no candidate where the text puts it ({cs[0].contradicts[0]}); "
                          f"not moved to a namesake elsewhere ({cs[0].place.name}, "
                          f"{cs[0].place.admin1 or cs[0].place.country})")
            else:
                reason = ("every candidate contradicts the text "
                          f"({'; '.join(cs[0].notes) or 'no fit'})")
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
        stray = _stray_alternate(top, cands, i)
        if stray:
            resolutions.append(Resolution(m, None, 0.0, stray, "not-place"))
            unresolved.append(Unresolved(article.id, m.text, m.start, m.end, stray))
            continue
        margin = top.score - cs[1].score if len(cs) > 1 else 3.0
        conf = 1.0 / (1.0 + math.exp(-1.5 * margin))
        if top.place.precision in (Precision.APPROXIMATE, Precision.HROMADA):
            conf *= 0.85
        why = _reason(top, cs[1] if len(cs) > 1 else None)
        resolutions.append(Resolution(m, top.place, round(conf, 3), why,
                                      _role(text, m, top.place)))
    return resolutions, unresolved


# ------------------------------------------------------------------ the decision and its reason


_RUSSIAN_ENDINGS = tuple(tuple(r.split(">")) for r in _LANG.words("places", "russian_endings"))
#: a candidate reached through a Russian spelling's Ukrainian ending weighs this much less
RUSSIAN_SPELLING_PRIOR = 0.5


def _ukrainian_spelling(m: Mention, gz, have: set[str]) -> list[_Cand]:
    """Candidates in Ukraine of the Ukrainian romanisation of a Russian spelling ("Minkovka" ->
    "Minkivka"), beside those of the name as written; the context decides between them."""
    key = m.name
    for old, new in _RUSSIAN_ENDINGS:
        if key.endswith(old) and len(key) > len(old) + 2:
            alt = key[: -len(old)] + new
            out = []
            for c in gz.candidates(alt):
                if c.place.country == "UA" and c.place.id not in have:
                    # weighed as an alternate name (the text did not write this one), less
                    c = replace(c, main_name=False, weight=min(c.weight, 0.9))
                    k = _Cand(c, _prior(c, m) - RUSSIAN_SPELLING_PRIOR)
                    k.notes.append(f"'{m.text}' read as the Russian spelling of '{alt}'")
                    out.append(k)
            return out
    return []


#: a part of a town ("the Sheikh Jarrah neighbourhood of Jerusalem") is the namesake this
#: close to the town the text names, when the gazetteer has one
PART_KM = 12.0


def _parts_of(cs: list[_Cand], mentions: Sequence[Mention], k: int, gz) -> list[_Cand]:
    """The candidates of a town's part that lie by the town named after it (none: the
    gazetteer does not hold that part, and no namesake elsewhere stands in for it)."""
    m = mentions[k]
    town = next((n for n in mentions[k + 1:k + 3] if n.start - m.end < 90), None)
    if town is None:
        return []
    towns = [c.place for c in gz.candidates(town.name)]
    out = []
    for c in cs:
        d = min((approx_km(c.place.lat, c.place.lon, t.lat, t.lon) for t in towns),
                default=1e9)
        if d < PART_KM:
            c.local += 2.0
            c.notes.append(f"a part of {town.text}, {round(d)} km from it")
            out.append(c)
    return out


#: a mention's own cues must prefer its best candidate by this much to keep it against the
#: choice of the article's other mentions of the same name
OWN_SENSE_MARGIN = 1.0


def _one_sense(mentions: Sequence[Mention], cands: list[list[_Cand]]) -> dict[str, str]:
    """One sense per article: for a name mentioned more than once, the candidate with the
    highest prior and context (the same for every mention of a name) plus the most that the
    words around any one of its mentions say for it."""
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if cands[i]:
            groups.setdefault(m.name, []).append(i)
    out: dict[str, str] = {}
    for name, idx in groups.items():
        if len(idx) < 2:
            continue
        total: dict[str, float] = {}
        for i in idx:
            low = min(c.local for c in cands[i])
            for c in cands[i]:
                # the strongest thing any mention's words say for it, beyond that mention's
                # weakest candidate (a cue repeated at every mention counts once)
                gain = c.local - low
                total[c.place.id] = max(total.get(c.place.id, c.prior + c.context),
                                        c.prior + c.context + gain)
        out[name] = max(total, key=lambda pid: (total[pid], pid))
    return out


def _take_sense(cs: list[_Cand], pid: str | None, m: Mention) -> None:
    """Put the article's choice for this name first, unless this mention's own cues (what
    the words around it say) clearly prefer its own best ("Mykolaivka in Sumy region")."""
    if pid is None or not cs or cs[0].place.id == pid:
        return
    pick = next((c for c in cs if c.place.id == pid), None)
    if pick is None or cs[0].local - pick.local >= OWN_SENSE_MARGIN:
        return
    cs.remove(pick)
    cs.insert(0, pick)
    note = f"as the article's other mentions of '{m.text}'"
    if note not in pick.notes:
        pick.notes.append(note)


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


def _stray_alternate(top: _Cand, cands: list[list[_Cand]], i: int) -> str | None:
    """A small town matched only by one of its alternate names, in a country that nothing else
    in the article is in or names, is not placed: the name is more likely a place the gazetteer
    lacks ("the Sabra suburb" of Gaza City is not Sabratha in Libya) than a stray town abroad."""
    p = top.place
    if (top.cand.main_name or top.evidenced or p.place_type is not PlaceType.SETTLEMENT
            or p.population >= 100_000 or _is_capital(p) or not p.country):
        return None
    countries = [max(cs, key=lambda c: c.score).place.country
                 for j, cs in enumerate(cands) if cs and j != i]
    if len(countries) < 3 or p.country in countries:
        return None
    return (f"not placed: '{top.cand.matched}' is only an alternate name of {p.name} "
            f"({p.admin1 or p.country}, population {p.population:,}), and no other place the "
            f"article names is in that country")


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
