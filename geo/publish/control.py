"""Assessed-control overlays (e.g. DeepState's daily occupied-territory GeoJSON).

A control file is a GeoJSON of the area one side is assessed to hold on one date.  The date comes
from the file name (``deepstate_20251208.geojson``, ``..._2025-12-08...``) or a ``date`` property;
when neither gives one the overlay says "date unknown".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from geo.errors import ExportError

_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)-?([01]\d)-?([0-3]\d)(?!\d)")
_DATE_KEYS = ("date", "Date", "DATE", "snapshot_date", "as_of", "updated")


@dataclass(frozen=True, slots=True)
class ControlSnapshot:
    """One control file: its geometry (lon/lat) and the date it describes (``None`` if unknown)."""

    path: str
    date: str | None
    geom: Any  # shapely geometry
    label: str = "assessed Russian-controlled area"


def control_status(lat: float, lon: float, control_geom: Any) -> bool:
    """True when the point ``lat, lon`` lies inside (or on the edge of) ``control_geom``.

    ``control_geom`` is a shapely geometry in lon/lat (GeoJSON order); note the argument order
    here is the model's ``lat, lon``.

    >>> import shapely
    >>> sq = shapely.box(37.0, 48.0, 38.0, 49.0)     # lon 37..38, lat 48..49
    >>> control_status(48.5, 37.5, sq), control_status(37.5, 48.5, sq)
    (True, False)
    >>> control_status(48.0, 37.5, sq)               # on the edge counts as inside
    True
    """
    import shapely

    return bool(shapely.covers(control_geom, shapely.Point(lon, lat)))


def _valid_day(y: str, m: str, d: str) -> str | None:
    import datetime as dt

    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def control_date(path: str | Path, data: dict | None = None) -> str | None:
    """The date a control file describes: from its name, else a date property, else ``None``.

    >>> control_date("deepstate_20251208.geojson"), control_date("control.geojson")
    ('2025-12-08', None)
    """
    for m in _NAME_DATE.finditer(Path(path).name):
        day = _valid_day(*m.groups())
        if day:
            return day
    if data:
        candidates = [data.get("name")] + [data.get(k) for k in _DATE_KEYS]
        for f in (data.get("features") or [])[:5]:
            props = (f or {}).get("properties") or {}
            candidates += [props.get(k) for k in _DATE_KEYS]
        for value in candidates:
            if isinstance(value, str):
                m = _NAME_DATE.search(value)
                if m and (day := _valid_day(*m.groups())):
                    return day
    return None


def load_control(path: str | Path) -> ControlSnapshot:
    """Read one control GeoJSON (Polygon/MultiPolygon features) into a :class:`ControlSnapshot`."""
    import shapely

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ExportError(f"{p}: not a readable control GeoJSON ({err})") from err
    if not isinstance(data, dict):
        raise ExportError(f"{p}: expected a GeoJSON object, got {type(data).__name__}")
    if data.get("type") == "FeatureCollection":
        geoms = [f.get("geometry") for f in data.get("features") or [] if isinstance(f, dict)]
    elif data.get("type") == "Feature":
        geoms = [data.get("geometry")]
    else:
        geoms = [data]
    polys = []
    for g in geoms:
        if not g:
            continue
        try:
            shp = shapely.from_geojson(json.dumps(g))
        except Exception as err:  # shapely raises GEOSException / ValueError
            raise ExportError(f"{p}: bad geometry in control file ({err})") from err
        if shp.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            polys.append(shapely.make_valid(shp))
    if not polys:
        raise ExportError(f"{p}: no Polygon or MultiPolygon in control file")
    geom = shapely.union_all(polys)
    return ControlSnapshot(path=str(p), date=control_date(p, data), geom=geom)


def load_controls(paths: str | Path | Iterable[str | Path] | None) -> list[ControlSnapshot]:
    """Load one or several control files, sorted by date (undated ones last)."""
    if paths is None:
        return []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():  # a folder of dated snapshots: every GeoJSON in it
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in (".geojson", ".json"))
            if not found:
                raise ExportError(f"{p}: no .geojson control snapshots in this folder")
            files += found
        else:
            files.append(p)
    snaps = [load_control(p) for p in files]
    return sorted(snaps, key=lambda s: (s.date is None, s.date or "", s.path))


def pick_snapshot(snaps: Sequence[ControlSnapshot], day: str | None) -> ControlSnapshot | None:
    """The snapshot to judge a claim dated ``day`` against: the nearest one on or after ``day``;
    else the latest one before it; an undated claim gets the latest snapshot."""
    dated = [s for s in snaps if s.date]
    if not dated:
        return snaps[0] if snaps else None
    if day:
        key = day[:10]
        later = [s for s in dated if s.date >= key]
        if later:
            return later[0]
    return dated[-1]


def area_share(area: Any, control_geom: Any) -> float:
    """The share (0..1) of ``area`` that lies inside ``control_geom`` (equal-area enough for a
    hromada: both in lon/lat, the ratio of planar areas)."""
    import shapely

    total = shapely.area(area)
    if not total:
        return 0.0
    return float(shapely.area(shapely.intersection(area, control_geom)) / total)


def control_note(lat: float, lon: float, day: str | None,
                 snaps: Sequence[ControlSnapshot], *, area: Any = None,
                 area_name: str | None = None, point_only: bool = False) -> str | None:
    """Popup text: where the place lies relative to the assessed area on the chosen date.

    E.g. ``"inside assessed Russian-controlled area as of 2025-12-15"`` or ``"outside ..."``.
    A place known only as an area (``area`` given) gets the share of the area inside, never a
    plain "inside"; a stand-in point (``point_only``) says the place itself is not located.
    """
    snap = pick_snapshot(snaps, day)
    if snap is None:
        return None
    when = f"as of {snap.date or 'date unknown'}"
    if area is not None:
        share = area_share(area, snap.geom)
        pct = ("none" if share < 0.005 else "all" if share > 0.995
               else f"about {max(1, round(share * 100))}%")
        return (f"{pct} of the area ({area_name or 'the hromada'}) lies inside the {snap.label} "
                f"{when}; the place's own position is not known")
    where = "inside" if control_status(lat, lon, snap.geom) else "outside"
    if point_only:
        return (f"the stand-in point lies {where} the {snap.label} {when}; the place's own "
                f"position is not known exactly, so this does not place it {where}")
    return f"{where} {snap.label} {when}"


def control_geojson(snap: ControlSnapshot, *, tolerance: float = 0.002) -> dict:
    """The snapshot's geometry simplified (~200 m) for drawing, as a GeoJSON geometry dict."""
    import shapely

    g = shapely.simplify(snap.geom, tolerance, preserve_topology=True)
    g = shapely.set_precision(g, tolerance / 4)
    return json.loads(shapely.to_geojson(g))
