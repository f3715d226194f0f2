"""Claims files: GeoJSON in and out, and every other export format (GeoPackage with its QGIS
style, CSV, KML, FlatGeobuf, GeoParquet), all built on :func:`geo.records.feature_collection`.
"""
from __future__ import annotations

import json
from pathlib import Path

from geo.errors import BadClaims, ExportError
from geo.files import atomic_write
from geo.records import PROPERTIES, feature_collection, validate

__all__ = ["dumps", "write_geojson", "read_claims", "export_claims", "format_for", "FORMATS",
           "PROPERTIES", "feature_collection", "validate"]


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
    geo.errors.ExportError: x.shp: cannot tell the export format from the suffix '.shp'; ...
    """
    from geo.publish import formats as xf
    from geo.publish import qgis_style
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
