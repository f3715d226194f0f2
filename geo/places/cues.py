"""Text cues around a mention: containment ("Rivne in Donetsk"), kind-of phrases ("the
Russian region of Kursk"), lists that share a container, county short forms."""
from __future__ import annotations

import math
from typing import Sequence

from geo.distance import approx_km
from geo.model import Mention, PlaceType
from geo.places.candidates import (
    _ADMIN2,
    _AP_AFTER,
    _COMPASS_WORDS,
    _CONTAIN_AFTER,
    _CONTAIN_AFTER_CYRILLIC,
    _COUNTRY_BEFORE,
    _COUNTRY_HINT,
    _COUNTY_KM,
    _IN_AFTER,
    _KIND_BEFORE,
    _LIST_JOIN,
    _LIST_JOIN_CYRILLIC,
    _NEAR_AFTER,
    _NEAR_KM,
    _REGION_AFTER,
    _REGIONS_AFTER,
    _SENTENCE_BREAKS,
    _THE_BEFORE,
    AP_STATES,
    COUNTRY_WORDS,
    GROUND_RE,
    REGION_WORDS,
    WATER_WORDS,
    _Cand,
    _compact,
    _nearness,
    _snip,
)


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
        nxt_end = mentions[i + 1].end
        possessive = text[nxt_end:nxt_end + 2] in ("'s", "’s")  # "X, Russia's agency said"
        if len(gap) <= 30 and _contains(m.text, mentions[i + 1].text, gap) and not (
                possessive and gap.startswith(",")):
            target = i + 1
            # "Tacoma, Washington" names a region or country after the comma; a town there
            # is a list ("Guam, Louisiana, Nevada"), not a container; so does a bare space
            # ("Дніпровське Херсонської області": only a region's genitive follows a name so)
            comma = gap.startswith(",") or not gap.strip()
            if comma and _in_list(text, mentions, cands, i + 1):
                target = None  # "Washington, New York and Boston"
    near_t: int | None = None
    if target is None:
        # "Kamianske and Stepnohirsk in Zaporizhzhia region", "Lyman, Kupiansk and Borova
        # near Izium": the container or landmark after a list holds every name on it
        cyr = _cyrillic(m.text)
        j = i
        while j + 1 < len(mentions) and j - i < 6:
            g = text[mentions[j].end:mentions[j + 1].start]
            if not (_joins_list(g, cyr) or g.strip() == ","):
                break
            j += 1
        if j + 1 < len(mentions):
            g = text[mentions[j].end:mentions[j + 1].start]
            if j > i and (_IN_AFTER.match(g) or (
                    cyr and not g.strip().startswith(",") and len(g) <= 30
                    and _contains(mentions[j].text, mentions[j + 1].text, g))):
                # "Ильинка, Новодмитровка и Ленинское Донецкой Народной Республики"
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
            c.local += _said_near(d)
            if d < _NEAR_KM:
                c.notes.append(f"{round(d)} km from {mentions[near_t].text}, as the text says")
        if compass and p.place_type in (PlaceType.REGION, PlaceType.COUNTRY):
            c.local += 1.0
            c.notes.append(f"'{before.split()[-1]}' before the name marks an area")
        if country and p.place_type is not PlaceType.WATER:  # "Ukrainian Black Sea ports": a
            # sea shared by several countries is no country's
            c.cue(p.country == country, 2.0, 2.5, f"'{_snip(before, 40)}' puts it in {country}")
            if p.country != country:
                c.contradicts.append(f"'{_snip(before, 40)}' puts it in {country}")
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
                abroad = {q.country for q in outer if q.place_type in kinds + (PlaceType.COUNTRY,)}
                if abroad and p.country not in abroad:
                    c.contradicts.append(f"the text places it in {tm} ({', '.join(sorted(abroad))})")
                elif (p.place_type is PlaceType.SETTLEMENT and p.admin1_code and not comma
                      and (oblasts := {q.admin1_code for q in outer
                                       if q.place_type is PlaceType.REGION
                                       and q.id.startswith("admin1:")})
                      and p.admin1_code not in oblasts):
                    # "Minkovka in the Donetsk People's Republic" with no Minkivka there: not
                    # the namesake in another region
                    c.contradicts.append(f"the text places it in {tm}, not {p.admin1}")
        elif target is not None and p.source == _ADMIN2:
            # "Suffolk County, New York": a county in the state the text names
            if (p.country, p.admin1) in states:
                c.local += 3.0
                c.notes.append(f"text places it in {tm}")
    if near_t is not None:
        # and the other way round: "Selydove, located southwest of Mykolaivka" says which
        # Mykolaivka too (the one near Selydove)
        here = [c.place for c in cands[i] if _compact(c.place)]
        for t in cands[near_t]:
            q = t.place
            if not here or not _compact(q):
                continue
            d = min(approx_km(q.lat, q.lon, p.lat, p.lon) for p in here)
            t.local += _said_near(d)
            if d < _NEAR_KM:
                t.notes.append(f"{round(d)} km from {m.text}, as the text says")
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


#: the text itself says two places are close ("X, a few miles from Y", "X near Y"): nearness
#: counts more, and over a shorter distance, than two names merely written side by side
_SAID_NEAR_MAX = 3.0
_SAID_NEAR_KM = 15.0


def _said_near(d: float) -> float:
    return _SAID_NEAR_MAX * math.exp(-d / _SAID_NEAR_KM) if d < 6 * _SAID_NEAR_KM else 0.0


def _contains(name: str, other: str, gap: str) -> bool:
    """Does ``gap`` between two names say the second holds the first?"""
    if _cyrillic(name) and _cyrillic(other):
        return any(rx.match(gap) for rx in _CONTAIN_AFTER_CYRILLIC)
    return _CONTAIN_AFTER.match(gap) is not None


def _cyrillic(s: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in s[:3])


def _joins_list(gap: str, cyrillic: bool) -> bool:
    """Does ``gap`` end a list of names ("A, B and C"; "А, Б и В", "А, Б та В")?"""
    return _LIST_JOIN.match(gap) is not None or (
        cyrillic and any(rx.match(gap) for rx in _LIST_JOIN_CYRILLIC))


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
    if _joins_list(after, _cyrillic(mentions[j].text)):
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
