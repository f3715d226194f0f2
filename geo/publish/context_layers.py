"""Offline context for maps: oblast, raion and hromada outlines from the OSM admin data.

The data is the OpenStreetMap extract of Ukraine's administrative units vendored in the gazetteer
(``gazetteer/data/ua_admin_osm.geojson.gz``: admin_level 4 oblasts, 6 raions, 7 hromadas, with
their KATOTTG codes).  Oblast outlines are dissolved from their raions (the extract holds only
some level-4 relations).  Everything is simplified for drawing and rounded to 3 decimals (~100 m)
so a map file stays small: all oblasts, the raions around the claims, and the hromadas near
front-line claims only.

A place known only by its hromada (``precision`` "hromada" or an "approximate" hromada-centre
stand-in with a KATOTTG id) can be drawn as that hromada's area: :func:`hromada_area`.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

ADMIN_FILE = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "ua_admin_osm.geojson.gz"
_KATOTTG = re.compile(r"UA\d{17}")


@dataclass(frozen=True, slots=True)
class Unit:
    level: int
    code: str  # KATOTTG
    name: str
    geom: Any  # shapely geometry (lon/lat)


def _round(obj: Any, nd: int = 3) -> Any:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, list):
        return [_round(x, nd) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v, nd) for k, v in obj.items()}
    return obj


def geojson_of(geom: Any, tolerance: float) -> dict:
    """A shapely geometry simplified by ``tolerance`` degrees, as a rounded GeoJSON dict."""
    import shapely

    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    return _round(json.loads(shapely.to_geojson(g)), 3 if tolerance >= 0.002 else 4)


def _latin(name: str | None) -> str | None:
    """A Ukrainian name in the national (2010) romanization, for maps read in English."""
    if not name:
        return None
    try:
        from translitua import translit
    except ImportError:  # a dependency; without it the Cyrillic name is still right
        return name
    return translit(name)


@functools.lru_cache(maxsize=1)
def _units() -> tuple[Unit, ...]:
    """Raions (6) and hromadas (7) with KATOTTG codes; empty when the data file is absent."""
    import shapely

    if not ADMIN_FILE.is_file():
        return ()
    try:
        with gzip.open(ADMIN_FILE, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return ()
    out = []
    for f in data.get("features") or []:
        p = f.get("properties") or {}
        lvl, code = p.get("admin_level"), p.get("katottg") or ""
        if lvl not in (6, 7) or not _KATOTTG.fullmatch(code):
            continue
        try:
            g = shapely.make_valid(shapely.from_geojson(json.dumps(f["geometry"])))
        except (shapely.errors.GEOSException, ValueError, KeyError, TypeError):
            continue  # a broken outline is left out, never fatal for a map
        out.append(Unit(lvl, code, p.get("name_en") or _latin(p.get("name_uk")) or code, g))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _oblasts() -> tuple[tuple[str, Any], ...]:
    """Oblast outlines dissolved from their raions, keyed by the 4-character KATOTTG prefix."""
    import shapely

    by: dict[str, list] = {}
    for u in _units():
        if u.level == 6:
            by.setdefault(u.code[:4], []).append(u.geom)
    return tuple((k, shapely.union_all(v, grid_size=0.0005)) for k, v in sorted(by.items()))


def hromada_code(place_id: Any) -> str | None:
    """The hromada KATOTTG a settlement's KATOTTG id belongs to (same first 9 characters).

    >>> hromada_code("katottg:UA14160210290044318")
    'UA1416021'
    >>> hromada_code("geonames:704422") is None
    True
    """
    if not isinstance(place_id, str):
        return None
    m = _KATOTTG.search(place_id)
    return m.group(0)[:9] if m else None


@functools.lru_cache(maxsize=4096)
def hromada_area(place_id: str) -> Unit | None:
    """The hromada polygon that contains the settlement ``place_id`` (a KATOTTG id), if known."""
    pref = hromada_code(place_id)
    if not pref:
        return None
    for u in _units():
        if u.level == 7 and u.code.startswith(pref) and u.code[9:12] == "000":
            return u
    return None


def context_layers(bbox: tuple[float, float, float, float],
                   near: Iterable[tuple[float, float]] = (), *, near_km: float = 15.0) -> dict:
    """Outlines to draw under the claims: ``{"oblast", "raion", "hromada"}`` GeoJSON collections.

    ``bbox`` is the claims' extent (lon/lat); raions are kept within it (plus a margin), hromadas
    only within ``near_km`` of the ``near`` (lon, lat) points (the front-line claims).
    """
    import shapely

    empty = {"type": "FeatureCollection", "features": []}
    units = _units()
    if not units:
        return {"oblast": empty, "raion": empty, "hromada": empty}
    x0, y0, x1, y1 = bbox
    pad = max(1.0, (x1 - x0) * 0.3, (y1 - y0) * 0.3)
    view = shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    pts = [shapely.Point(lon, lat) for lon, lat in near]
    zone = shapely.union_all([p.buffer(near_km / 111.0) for p in pts]) if pts else None

    def coll(items: Iterable[tuple[str, Any]], tol: float) -> dict:
        feats = [{"type": "Feature", "properties": {"name": n},
                  "geometry": geojson_of(g, tol)} for n, g in items]
        return {"type": "FeatureCollection", "features": feats}

    return {
        "oblast": coll(((k, g) for k, g in _oblasts()), 0.02),
        "raion": coll(((u.name, u.geom) for u in units
                       if u.level == 6 and shapely.intersects(u.geom, view)), 0.012),
        "hromada": coll(((u.name, u.geom) for u in units if u.level == 7 and zone is not None
                         and shapely.intersects(u.geom, zone)), 0.004),
    }
