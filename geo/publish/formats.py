"""Format writers behind :func:`geo.publish.export.export_claims`: typed Arrow tables written by GDAL.

Types (the same in every GDAL format): ``event_date`` stays the ISO text the claim gives
(``2025-11-12``, ``2025-11`` or ``2025``) with ``date_precision`` saying ``day``/``month``/``year``,
so a month is never turned into its first day; two typed Date columns, ``event_start`` and
``event_end``, give the first and last day of that period for date filters and QGIS's temporal
controller.  ``published`` is a Date, ``confidence`` is Real, counts and offsets are Integer,
list-valued properties (``source_articles``) are JSON text.  Coordinates stay ``[lon, lat]`` in
EPSG:4326.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from geo.errors import ExportError
from geo.records import PROPERTIES

#: Formats that get a ``.qml`` style sidecar (QGIS loads ``<name>.qml`` beside a file layer).
SIDECAR_FORMATS = ("geojson", "csv", "fgb", "parquet", "kml", "kmz")

CRS = "EPSG:4326"
DATE_FIELDS = ("published",)
#: Typed columns added after ``event_date``: the first and last day of its period.
PERIOD_FIELDS = ("event_start", "event_end")
INT_FIELDS = ("sources", "quote_start", "quote_end", "mention_start", "mention_end")
REAL_FIELDS = ("confidence",)
JSON_FIELDS = ("source_articles", "stances")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_date(s: Any) -> tuple[_dt.date, str] | None:
    """``"2025-11"`` -> ``(date(2025, 11, 1), "month")``; None for anything else."""
    if not isinstance(s, str):
        return None
    m = _DATE_RE.match(s.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        return (_dt.date(int(y), int(mo or 1), int(d or 1)),
                "day" if d else "month" if mo else "year")
    except ValueError:
        return None


def period(s: Any) -> tuple[_dt.date, _dt.date, str] | None:
    """``"2025-02"`` -> ``(date(2025, 2, 1), date(2025, 2, 28), "month")``; None if not ISO."""
    d = parse_date(s)
    if d is None:
        return None
    start, prec = d
    if prec == "day":
        return start, start, prec
    if prec == "year":
        return start, _dt.date(start.year, 12, 31), prec
    nxt = _dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, nxt - _dt.timedelta(days=1), prec


def with_precision(p: dict) -> dict:
    """A copy of a claim's properties whose ``date_precision`` matches its ISO ``event_date``."""
    d = parse_date(p.get("event_date"))
    if d and (not p.get("date_precision") or d[1] != "day"):
        return {**p, "date_precision": d[1]}
    return p


def _props(fc: dict) -> list[dict[str, Any]]:
    return [dict(f.get("properties") or {}) for f in fc.get("features", [])]


def property_names(fc: dict) -> list[str]:
    """Schema properties first, then any extra keys the features carry, in first-seen order."""
    names = list(PROPERTIES)
    for p in _props(fc):
        names += [k for k in p if k not in names]
    return names


def table_names(fc: dict) -> list[str]:
    """The columns of the typed exports: the properties with ``event_start``/``event_end``
    right after ``event_date``."""
    names = [n for n in property_names(fc) if n not in PERIOD_FIELDS]
    i = names.index("event_date") + 1
    return names[:i] + list(PERIOD_FIELDS) + names[i:]


def _column(name: str, values: list[Any], *, lists_as_json: bool) -> pa.Array:
    if name in DATE_FIELDS:
        parsed = [parse_date(v) for v in values]
        ok = all(p is not None or v is None for p, v in zip(parsed, values))
        if name == "published":
            ok = ok and all(p is None or p[1] == "day" for p in parsed)
        if ok:
            return pa.array([p[0] if p else None for p in parsed], pa.date32())
        warnings.warn(f"{name}: some values are not ISO dates; written as text", stacklevel=3)
    if name in INT_FIELDS:
        return pa.array([None if v is None else int(v) for v in values], pa.int64())
    if name in REAL_FIELDS:
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    present = [v for v in values if v is not None]
    if name not in JSON_FIELDS and present and all(isinstance(v, bool) for v in present):
        return pa.array(values, pa.bool_())
    if name not in JSON_FIELDS and present and all(
            isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.array(values, pa.int64())
    if name not in JSON_FIELDS and present and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if not lists_as_json and present and all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in present):
        return pa.array([None if v is None else [str(x) for x in v] for v in values],
                        pa.list_(pa.string()))
    return pa.array([None if v is None else v if isinstance(v, str)
                     else json.dumps(v, ensure_ascii=False) for v in values], pa.string())


def claims_table(fc: dict, *, lists_as_json: bool = True, geometry: str = "geometry") -> pa.Table:
    """The claims as a typed Arrow table with a WKB point column named ``geometry``."""
    import shapely

    props = _props(fc)
    # event_date stays the claim's own text; its precision and period are spelled out
    for p in props:
        d = period(p.get("event_date"))
        if d:
            p["event_start"], p["event_end"] = d[0], d[1]
            if not p.get("date_precision") or d[2] != "day":
                p["date_precision"] = d[2]
        else:
            p["event_start"] = p["event_end"] = None
    cols = {}
    for n in table_names(fc):
        values = [p.get(n) for p in props]
        cols[n] = (pa.array(values, pa.date32()) if n in PERIOD_FIELDS else
                   pa.array([None if v is None else str(v) for v in values], pa.string())
                   if n == "event_date" else _column(n, values, lists_as_json=lists_as_json))
    coords = [f["geometry"]["coordinates"][:2] for f in fc.get("features", [])]
    pts = shapely.points([[round(float(x), 7), round(float(y), 7)] for x, y in coords]) \
        if coords else []
    cols[geometry] = pa.array(shapely.to_wkb(pts) if coords else [], pa.binary())
    return pa.table(cols)


def unresolved_table(fc: dict) -> pa.Table:
    rows = fc.get("unresolved") or []
    return pa.table({
        "article": pa.array([r.get("article") for r in rows], pa.string()),
        "mention": pa.array([r.get("mention") for r in rows], pa.string()),
        "start": pa.array([r.get("start") for r in rows], pa.int64()),
        "end": pa.array([r.get("end") for r in rows], pa.int64()),
        "reason": pa.array([r.get("reason") for r in rows], pa.string()),
    })


def regions_table(fc: dict) -> pa.Table:
    """One point per admin region named in the claims.

    The point is the region's own gazetteer point when a claim names the region itself
    (``place_type`` region); otherwise the mean of its claims' points, and ``point_source``
    says so (``"gazetteer"`` or ``"centroid of claims"``).
    """
    import shapely

    groups: dict[str, list[dict]] = defaultdict(list)
    own: dict[str, tuple[float, float, str]] = {}
    for f in fc.get("features", []):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if p.get("place_type") == "region":
            key = p.get("admin1") or p.get("place")
            own.setdefault(key, (lon, lat, p.get("place_id")))
            if p.get("place") and p.get("place") != key:
                own.setdefault(p["place"], (lon, lat, p.get("place_id")))
        else:
            key = p.get("admin1")
        if key:
            groups[key].append(f)
    rows = []
    for name in sorted(groups):
        feats = groups[name]
        ps = [f["properties"] for f in feats]
        if name in own:
            lon, lat, pid = own[name]
            source = "gazetteer"
        else:
            lon = sum(f["geometry"]["coordinates"][0] for f in feats) / len(feats)
            lat = sum(f["geometry"]["coordinates"][1] for f in feats) / len(feats)
            pid, source = None, "centroid of claims"
        sides = Counter(p.get("claimant_side") or "none" for p in ps)
        dates = sorted(d for d in (p.get("event_date") or p.get("published") for p in ps) if d)
        rows.append({
            "region": name, "country": next((p.get("country") for p in ps if p.get("country")),
                                            None),
            "place_id": pid, "point_source": source, "claims": len(ps),
            "places": len({p.get("place_id") for p in ps}),
            "front_line_claims": sum(p.get("event") not in ("mention", "diplomacy") for p in ps),
            "russia": sides["russia"], "ukraine": sides["ukraine"],
            "independent": sides["independent"], "no_side": sides["none"],
            "events": json.dumps(dict(sorted(Counter(p.get("event") for p in ps).items()))),
            "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
            "geometry": shapely.to_wkb(shapely.Point(round(lon, 7), round(lat, 7))),
        })
    names = ["region", "country", "place_id", "point_source", "claims", "places",
             "front_line_claims", "russia", "ukraine", "independent", "no_side", "events",
             "first_date", "last_date", "geometry"]
    types = {"claims": pa.int64(), "places": pa.int64(), "front_line_claims": pa.int64(),
             "russia": pa.int64(), "ukraine": pa.int64(), "independent": pa.int64(),
             "no_side": pa.int64(), "geometry": pa.binary()}
    return pa.table({n: pa.array([r[n] for r in rows], types.get(n, pa.string()))
                     for n in names})


def control_table(control: str | Path) -> pa.Table:
    """A DeepState-style control GeoJSON (Polygon/MultiPolygon features) as an Arrow table."""
    import shapely

    try:
        data = json.loads(Path(control).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExportError(f"{control}: not a readable control GeoJSON ({err})") from err
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list) or not feats:
        raise ExportError(f"{control}: expected a GeoJSON FeatureCollection of polygons")
    m = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", Path(control).stem)
    snapshot = f"{m[1]}-{m[2]}-{m[3]}" if m else None
    geoms = []
    for i, f in enumerate(feats):
        try:
            g = shapely.geometry.shape(f["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ExportError(f"{control}: feature {i} has no usable geometry ({err})") from err
        if g.geom_type == "Polygon":
            g = shapely.MultiPolygon([g])
        if g.geom_type != "MultiPolygon":
            raise ExportError(f"{control}: feature {i} is a {g.geom_type}; expected polygons")
        geoms.append(g)
    return pa.table({
        "source": pa.array([Path(control).name] * len(geoms), pa.string()),
        "snapshot": pa.array([_dt.date.fromisoformat(snapshot) if snapshot else None] * len(geoms),
                             pa.date32()),
        "properties": pa.array([json.dumps(f.get("properties") or {}, ensure_ascii=False)
                                for f in feats], pa.string()),
        "geometry": pa.array(shapely.to_wkb(geoms), pa.binary()),
    })


def write_gdal(table: pa.Table, path: Path, *, driver: str, layer: str,
               geometry_type: str | None = "Point", dataset_options: dict | None = None,
               layer_options: dict | None = None) -> None:
    """Write one Arrow table as a layer through pyogrio/GDAL (creating or adding to ``path``)."""
    import pyogrio

    kwargs: dict[str, Any] = {}
    if geometry_type:
        kwargs = {"geometry_name": "geometry", "geometry_type": geometry_type, "crs": CRS}
    try:
        pyogrio.write_arrow(table, str(path), layer=layer, driver=driver,
                            dataset_options=dataset_options, layer_options=layer_options,
                            **kwargs)
    except Exception as err:  # pyogrio raises several unrelated types
        raise ExportError(f"{path}: GDAL could not write layer {layer!r} as {driver} "
                          f"({err})") from err


def write_parquet(fc: dict, path: Path) -> None:
    """GeoParquet 1.0 (WKB, EPSG:4326) via geopandas/pyarrow; lists stay Arrow lists."""
    import geopandas as gpd

    table = claims_table(fc, lists_as_json=False)
    df = table.drop(["geometry"]).to_pandas(types_mapper={pa.date32(): pd_date_type()}.get)
    geom = gpd.GeoSeries.from_wkb(table.column("geometry").to_pylist(), crs=CRS)
    gdf = gpd.GeoDataFrame(df, geometry=geom, crs=CRS)
    try:
        gdf.to_parquet(path, index=False, schema_version="1.0.0")
    except Exception as err:
        raise ExportError(f"{path}: cannot write GeoParquet ({err})") from err


def pd_date_type():
    import pandas as pd

    return pd.ArrowDtype(pa.date32())


def areas_table(fc: dict) -> pa.Table | None:
    """The ``areas`` layer: claims drawn as the polygon of their area (a hromada) instead of a
    point, from the collection's ``areas`` member (a list or FeatureCollection of Polygon /
    MultiPolygon features carrying claim properties).  None when the collection has none."""
    import shapely

    areas = fc.get("areas")
    if isinstance(areas, dict):
        areas = areas.get("features")
    if not areas:
        return None
    props_fc = {"features": [{"properties": dict(f.get("properties") or {}),
                              "geometry": {"coordinates": [0.0, 0.0]}} for f in areas]}
    geoms = []
    for i, f in enumerate(areas):
        try:
            g = shapely.geometry.shape(f["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ExportError(f"areas: feature {i} has no usable geometry ({err})") from err
        if g.geom_type == "Polygon":
            g = shapely.MultiPolygon([g])
        if g.geom_type != "MultiPolygon":
            raise ExportError(f"areas: feature {i} is a {g.geom_type}; expected polygons")
        geoms.append(g)
    table = claims_table(props_fc)
    return table.set_column(table.column_names.index("geometry"), "geometry",
                            pa.array(shapely.to_wkb(geoms), pa.binary()))
