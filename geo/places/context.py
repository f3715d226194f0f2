"""Article context: names a few words apart pull towards each other, the places and regions
the article names, its country focus."""
from __future__ import annotations

import math
from collections.abc import Sequence

from geo.distance import approx_km
from geo.model import Mention, Place, PlaceType, Precision
from geo.places.candidates import (
    _ADMIN1,
    _ADMIN2,
    _CONTEXT_NOTES,
    _NEAR_KM,
    _NEAR_TEXT,
    _NEARNESS_MAX,
    _POINTS,
    _SENTENCE_BREAKS,
    _Cand,
    _compact,
    _nearness,
)

#: Places whose point stands in for them (a hromada's area, a nearby centre): weaker evidence
#: of where the article is.
_STAND_INS = (Precision.APPROXIMATE, Precision.HROMADA)


#: The cost cap of the context pass (issue 19): a candidate's context is computed against
#: at most this many other names of the article (pairwise distances: names x this, not names
#: squared).  No real article names nearly as many places; the cap is said in the notes.
MAX_ANCHORS = 200
#: Work done, for the tests: "pairs" counts candidate-to-name distances weighed.
STATS = {"pairs": 0}


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
    for i, (m, cs) in enumerate(zip(mentions, cands)):
        best = cued.get(m.name)
        if best is None:
            continue
        if not any(c.local for c in cs):
            for c in cs:
                if c.place.id in best:
                    c.local, notes = best[c.place.id]
                    c.notes = list(notes)
            continue
        # a mention with cues of its own keeps them first, and takes half of what the other
        # mentions say beyond them: "Mykolaivka in the Donetsk region" ... "southwest of
        # Mykolaivka" (which of the Donetsk Mykolaivkas); an explicit "in Sumy" still wins
        # over another mention's "in Donetsk"
        others = _other_cues(mentions, cands, i)
        for c in cs:
            extra = others.get(c.place.id, (0.0, []))
            if extra[0] > 0:
                c.local += SHARED_WEIGHT * extra[0]
                c.notes.extend(n for n in extra[1] if n not in c.notes)


#: how much of the other mentions' cues a mention with cues of its own takes
SHARED_WEIGHT = 0.5


def _other_cues(mentions: Sequence[Mention], cands: list[list[_Cand]],
                i: int) -> dict[str, tuple[float, list[str]]]:
    """Per candidate, the best cue the other mentions of the same name give it beyond their
    own average (a cue every candidate shares tells nothing)."""
    out: dict[str, tuple[float, list[str]]] = {}
    for j, (m, cs) in enumerate(zip(mentions, cands)):
        if j == i or m.name != mentions[i].name or not cs:
            continue
        base = min(c.local for c in cs)
        for c in cs:
            gain = c.local - base
            if gain > out.get(c.place.id, (0.0, []))[0]:
                out[c.place.id] = (gain, c.notes)
    return out


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
    capped = ""
    if len(anchors) > MAX_ANCHORS:
        # the cost cap: each candidate is weighed against at most MAX_ANCHORS other names (the
        # surest, then the first named), not every name of an article listing thousands
        keep = sorted(anchors, key=lambda k: -anchors[k][1])[:MAX_ANCHORS + 1]
        capped = (f"context from the {MAX_ANCHORS} surest of the {len(anchors)} names "
                  f"(cost cap)")
        anchors = {k: anchors[k] for k in keep}
    cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
    env_of: dict[str, _Env] = {}
    for i, cs in enumerate(cands):
        name_i = mentions[i].name
        env = env_of.get(name_i)
        if env is None:
            others = [(q, w) for k, (q, w) in anchors.items() if k != name_i][:MAX_ANCHORS]
            env = env_of[name_i] = _Env(others)
        for c in cs:
            key = (name_i, c.place.id)
            if key not in cache:
                cache[key] = _context_of(c.place, env, country_mass, total_mass)
            c.context, extra = cache[key]
            c.notes = [n for n in c.notes if not n.startswith(_CONTEXT_NOTES)] + extra
            if capped and capped not in c.notes:
                c.notes.append(capped)


class _Env:
    """The other names' current places, pre-sorted for the per-candidate context sums."""

    __slots__ = ("admin_w", "points", "region_names", "regions")

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
        STATS["pairs"] += len(env.points)  # distances weighed (tests/test_reliability_cost.py)
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
            ctx += (1.25 if p.precision in _STAND_INS else 2.5) * total / max(1.0, wsum)
            if close:
                notes.append(f"near {close} other place(s) the article names")
    if share > 0.3:
        notes.append(f"country focus {p.country} ({share:.0%})")
    return ctx, notes


def _focus_countries(cands: list[list[_Cand]]) -> list[str]:
    mass: dict[str, float] = {}
    for cs in cands:
        if cs:
            b = max(cs, key=lambda c: c.score)
            if b.place.country and b.place.place_type is not PlaceType.COUNTRY:
                mass[b.place.country] = mass.get(b.place.country, 0) + 1
    return [k for k, _ in sorted(mass.items(), key=lambda kv: -kv[1])[:3]]
