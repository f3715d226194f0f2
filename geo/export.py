"""Claims -> GeoJSON features (the one place where ``lat, lon`` becomes ``[lon, lat]``).

Other formats (GeoPackage, CSV, KML, FlatGeobuf, GeoParquet) build on :func:`feature_collection`.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geo.exc import BadClaims, ExportError
from geo.files import atomic_write
from geo.model import Actor, Claim, Event, PlaceType, Precision, Side, Status, Unresolved

#: The claims schema: every feature carries exactly these core properties (docs/schema.md).
CORE_PROPERTIES = (
    "claim_id", "article", "mention", "place", "place_id", "place_type", "country", "admin1",
    "event", "actor", "claimant", "claimant_side", "status", "event_date", "published", "outlet",
    "url", "quote", "confidence", "precision",
)
#: Evidence and corroboration properties that follow the core ones (docs/schema.md).
EXTRA_PROPERTIES = (
    "claim_key", "sources", "source_articles", "date_precision", "quote_start", "quote_end",
    "mention_start", "mention_end", "resolution", "precision_note", "title", "evidence",
)
PROPERTIES = CORE_PROPERTIES + EXTRA_PROPERTIES

VOCABULARIES: dict[str, set[Any]] = {
    "event": {e.value for e in Event},
    "actor": {a.value for a in Actor} | {None},
    "claimant_side": {s.value for s in Side} | {None},
    "status": {s.value for s in Status},
    "place_type": {t.value for t in PlaceType},
    "precision": {p.value for p in Precision},
}


def _v(x: Any) -> Any:
    return x.value if hasattr(x, "value") else x


#: ``source_articles`` lists at most this many articles; ``sources`` always has the full count.
MAX_SOURCE_ARTICLES = 25


def properties(claim: Claim, *, sources: Sequence[str] = (), source_count: int = 0
               ) -> dict[str, Any]:
    """The flat property dict of one claim, in schema order."""
    p = claim.place
    m = claim.resolution.mention
    a = claim.article
    srcs = list(sources) if a.id in sources else sorted(set(sources) | {a.id})
    return {
        "claim_id": claim.claim_id,
        "article": a.id,
        "mention": m.text,
        "place": p.name,
        "place_id": p.id,
        "place_type": _v(p.place_type),
        "country": p.country,
        "admin1": p.admin1,
        "event": _v(claim.event),
        "actor": _v(claim.actor),
        "claimant": claim.claimant,
        "claimant_side": _v(claim.claimant_side),
        "status": _v(claim.status),
        "event_date": claim.event_date,
        "published": a.published,
        "outlet": a.outlet,
        "url": a.url,
        "quote": claim.quote,
        "confidence": round(float(claim.confidence), 3),
        "precision": _v(p.precision),
        "claim_key": claim.claim_key,
        "sources": max(len(srcs), source_count),
        "source_articles": srcs[:MAX_SOURCE_ARTICLES],
        "date_precision": claim.date_precision,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "mention_start": m.start,
        "mention_end": m.end,
        "resolution": claim.resolution.reason,
        "precision_note": p.precision_note,
        "title": a.title,
        "evidence": claim.evidence,
    }


def feature(claim: Claim, *, sources: Sequence[str] = (), source_count: int = 0) -> dict[str, Any]:
    """One GeoJSON Feature.  GeoJSON (RFC 7946) orders coordinates ``[lon, lat]``: the model's
    ``lat, lon`` is swapped here and nowhere else, rounded to 7 decimals (about 1 cm)."""
    p = claim.place
    return {
        "type": "Feature",
        "id": claim.claim_id,
        "geometry": {"type": "Point", "coordinates": [round(p.lon, 7), round(p.lat, 7)]},
        "properties": properties(claim, sources=sources, source_count=source_count),
    }


def unresolved_record(u: Unresolved) -> dict[str, Any]:
    return {"article": u.article, "mention": u.mention, "start": u.start, "end": u.end,
            "reason": u.reason}


def feature_collection(claims: Iterable[Claim], unresolved: Iterable[Unresolved] = ()) -> dict:
    """A FeatureCollection of claims, with corroboration filled in across articles.

    Claims sharing a ``claim_key`` list each other's articles in ``source_articles``; each
    article keeps its own feature.  Unresolved mentions go in a foreign member ``unresolved``
    (RFC 7946 section 6.1), so nothing is dropped silently.
    """
    claims = list(claims)
    by_key: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.event is not Event.MENTION:
            by_key[c.claim_key].add(c.article.id)
    listed = {k: sorted(v)[:MAX_SOURCE_ARTICLES] for k, v in by_key.items()}  # once per key
    feats = []
    for c in claims:
        srcs = listed.get(c.claim_key, [])
        if srcs and c.article.id not in srcs:
            srcs = sorted(srcs[:MAX_SOURCE_ARTICLES - 1] + [c.article.id])
        feats.append(feature(c, sources=srcs, source_count=len(by_key.get(c.claim_key, ()))))
    feats.sort(key=lambda f: (f["properties"]["article"], f["properties"]["quote_start"],
                              f["properties"]["mention_start"], f["id"]))
    return {
        "type": "FeatureCollection",
        "features": feats,
        "unresolved": [unresolved_record(u) for u in unresolved],
    }


def dumps(fc: dict) -> str:
    return json.dumps(fc, ensure_ascii=False, indent=1) + "\n"


def write_geojson(fc: dict, path: str | Path) -> None:
    """Write a FeatureCollection atomically (UTF-8, no ``crs`` member)."""
    if str(path) == "-":
        import sys

        sys.stdout.write(dumps(fc))
        return
    with atomic_write(path) as f:
        f.write(dumps(fc))


def read_claims(path: str | Path) -> dict:
    """Read a claims GeoJSON written by Frontline, checking it follows the schema."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        fc = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BadClaims(f"{path}: not a readable claims GeoJSON ({err})") from err
    validate(fc, where=str(path))
    return fc


def validate(fc: Any, *, where: str = "claims") -> None:
    """Raise :class:`BadClaims` saying what was expected and what arrived."""
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise BadClaims(f"{where}: expected a GeoJSON FeatureCollection, got "
                        f"{type(fc).__name__ if not isinstance(fc, dict) else fc.get('type')!r}")
    feats = fc.get("features")
    if not isinstance(feats, list):
        raise BadClaims(f"{where}: 'features' must be a list")
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            raise BadClaims(f"{where}: feature {i} is not an object")
        g = f.get("geometry") or {}
        coords = g.get("coordinates")
        if g.get("type") != "Point" or not (isinstance(coords, list) and len(coords) >= 2
                                             and all(isinstance(c, (int, float)) for c in coords[:2])):
            raise BadClaims(f"{where}: feature {i} needs a Point geometry [lon, lat]")
        lon, lat = coords[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadClaims(f"{where}: feature {i} has coordinates out of range: {coords[:2]}")
        props = f.get("properties")
        if not isinstance(props, dict):
            raise BadClaims(f"{where}: feature {i} has no properties")
        missing = [k for k in CORE_PROPERTIES if k not in props]
        if missing:
            raise BadClaims(f"{where}: feature {i} lacks properties {', '.join(missing)}")
        for key, allowed in VOCABULARIES.items():
            if props.get(key) not in allowed:
                raise BadClaims(f"{where}: feature {i} has {key}={props.get(key)!r}; expected one "
                                f"of {sorted(str(a) for a in allowed)}")


# --- file formats -----------------------------------------------------------------------------

#: Export format name -> file suffixes (the first is the canonical one).
FORMATS: dict[str, tuple[str, ...]] = {
    "gpkg": (".gpkg",),
    "geojson": (".geojson", ".json"),
    "csv": (".csv",),
    "kml": (".kml",),
    "fgb": (".fgb",),
    "parquet": (".parquet", ".geoparquet"),
}
_ALIASES = {"geopackage": "gpkg", "json": "geojson", "flatgeobuf": "fgb", "geoparquet": "parquet"}
#: Formats that get a ``.qml`` style sidecar (QGIS loads ``<name>.qml`` beside a file layer).
SIDECAR_FORMATS = ("geojson", "csv", "fgb", "parquet", "kml")


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given (names or aliases), else from the file suffix.

    >>> format_for("out.GPKG"), format_for("x.txt", "geopackage")
    ('gpkg', 'gpkg')
    """
    valid = ", ".join(FORMATS)
    if fmt:
        name = _ALIASES.get(fmt.lower(), fmt.lower())
        if name not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; valid formats: {valid}")
        return name
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    raise ExportError(f"{path}: cannot tell the export format from the suffix {suffix!r}; "
                      f"use one of {', '.join(s for v in FORMATS.values() for s in v)} or "
                      f"--format with one of: {valid}")


def _rounded(fc: dict) -> dict:
    """A copy with RFC 7946 coordinates: ``[lon, lat]`` at most 7 decimals, no ``crs`` member."""
    out = {k: v for k, v in fc.items() if k != "crs"}
    out["features"] = [
        {**f, "geometry": {"type": "Point", "coordinates":
                           [round(float(c), 7) for c in f["geometry"]["coordinates"][:2]]}}
        for f in fc.get("features", [])]
    return out


def export_claims(fc: dict, path: str | Path, *, fmt: str | None = None,
                  control: str | Path | None = None, gpkg_version: str = "1.3") -> dict:
    """Write a claims FeatureCollection as GeoPackage, GeoJSON, CSV, KML, FlatGeobuf or GeoParquet.

    Parameters
    ----------
    fc
        A claims FeatureCollection (:func:`feature_collection` or :func:`read_claims`).
    path
        The output file; its suffix picks the format unless ``fmt`` is given.
    fmt
        One of :data:`FORMATS` (or an alias such as ``geopackage``).
    control
        A control-overlay GeoJSON (DeepState-style polygons), written as layer ``control``;
        GeoPackage only.
    gpkg_version
        GeoPackage version (``1.3`` opens without warnings in QGIS 3.22 / GDAL 3.6).

    Returns
    -------
    dict
        ``{"path", "format", "features", "layers", "sidecars"}``.

    Every file is written atomically.  The GeoPackage holds ``claims`` (styled by default in
    ``layer_styles``), ``regions`` when claims name admin regions, ``control`` when given and
    ``unresolved`` (attributes only).  Other formats get a ``.qml`` sidecar.

    >>> export_claims({"type": "FeatureCollection", "features": []}, "x.shp")
    Traceback (most recent call last):
    ...
    geo.exc.ExportError: x.shp: cannot tell the export format from the suffix '.shp'; ...
    """
    from geo import export_formats as xf
    from geo import qgis_style
    from geo.files import atomic_path

    name = format_for(path, fmt)
    validate(fc, where=str(path))
    if control is not None and name != "gpkg":
        raise ExportError(f"{path}: a control overlay needs a GeoPackage output (.gpkg); "
                          f"{name} holds one layer")
    if gpkg_version not in ("1.2", "1.3", "1.4"):
        raise ExportError(f"GeoPackage version {gpkg_version!r}: expected 1.2, 1.3 or 1.4")
    fc = _rounded(fc)
    path = Path(path)
    layers = ["claims"]
    sidecars: list[str] = []
    n = len(fc["features"])
    if name == "geojson":
        write_geojson(fc, path)
    elif name == "csv":
        xf.write_csv(xf.claims_table(fc), fc, path)
        sidecars += [str(path.with_suffix(".csvt")), str(path.with_suffix(".prj"))]
    elif name == "parquet":
        with atomic_path(path) as tmp:
            xf.write_parquet(fc, tmp)
    elif name in ("kml", "fgb"):
        driver = {"kml": "LIBKML", "fgb": "FlatGeobuf"}[name]
        opts = {"SPATIAL_INDEX": "YES"} if name == "fgb" else None
        with atomic_path(path) as tmp:
            xf.write_gdal(xf.claims_table(fc), tmp, driver=driver, layer="claims",
                          layer_options=opts)
    else:  # gpkg
        control_t = xf.control_table(control) if control is not None else None
        regions_t = xf.regions_table(fc)
        gpkg = {"driver": "GPKG", "layer_options": {"SPATIAL_INDEX": "YES", "FID": "fid",
                                                    "GEOMETRY_NAME": "geom"}}
        with atomic_path(path) as tmp:
            xf.write_gdal(xf.claims_table(fc), tmp, layer="claims",
                          dataset_options={"VERSION": gpkg_version}, **gpkg)
            styles = {"claims": ("geom", qgis_style.claims_qml(),
                                 "Frontline claims by claimant side and verification status")}
            if regions_t.num_rows:
                xf.write_gdal(regions_t, tmp, layer="regions", **gpkg)
                layers.append("regions")
                styles["regions"] = ("geom", qgis_style.regions_qml(), "Regions named in claims")
            if control_t is not None:
                xf.write_gdal(control_t, tmp, layer="control", geometry_type="MultiPolygon",
                              **gpkg)
                layers.append("control")
                styles["control"] = ("geom", qgis_style.control_qml(), "Assessed control")
            xf.write_gdal(xf.unresolved_table(fc), tmp, layer="unresolved", geometry_type=None,
                          driver="GPKG", layer_options={"FID": "fid"})
            layers.append("unresolved")
            qgis_style.store_styles(tmp, styles)
    if name in SIDECAR_FORMATS:
        sidecars.insert(0, str(qgis_style.write_sidecar(path)))
    return {"path": str(path), "format": name, "features": n, "layers": layers,
            "sidecars": sidecars}
