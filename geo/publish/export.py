"""Claims files: GeoJSON in and out, and every other export format (GeoPackage with its QGIS
style, CSV, KML, FlatGeobuf, GeoParquet), all built on :func:`geo.records.feature_collection`.
"""
from __future__ import annotations

import json
from pathlib import Path

from geo.errors import BadClaims, ExportError
from geo.files import atomic_write
from geo.records import PROPERTIES, dumps, feature_collection, validate

__all__ = ["dumps", "write_geojson", "read_claims", "export_claims", "format_for", "FORMATS",
           "PROPERTIES", "feature_collection", "validate"]


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

#: Export format name -> file suffixes (the first is the canonical one).  ``acled`` is a CSV
#: picked with ``fmt="acled"`` only (its suffix is .csv).
FORMATS: dict[str, tuple[str, ...]] = {
    "gpkg": (".gpkg",),
    "geojson": (".geojson", ".json"),
    "csv": (".csv",),
    "kml": (".kml",),
    "kmz": (".kmz",),
    "fgb": (".fgb",),
    "parquet": (".parquet", ".geoparquet"),
    "acled": (),
}
_ALIASES = {"geopackage": "gpkg", "json": "geojson", "flatgeobuf": "fgb", "geoparquet": "parquet"}


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
                  control: str | Path | None = None, gpkg_version: str = "1.3",
                  bom: bool = True) -> dict:
    """Write a claims FeatureCollection as GeoPackage, GeoJSON, CSV, KML/KMZ, FlatGeobuf,
    GeoParquet or an ACLED-style CSV.

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
    bom
        CSV formats: start with a UTF-8 byte-order mark (Excel needs it to read UTF-8).

    Returns
    -------
    dict
        ``{"path", "format", "features", "layers", "sidecars"}``.

    Every file of the export (the data file and its sidecars) is written to a temporary file,
    flushed, re-read with its reader and only then renamed into place, all together
    (:mod:`geo.publish.staging`): a full disk leaves the previous outputs as they were.  The
    GeoPackage holds ``claims`` (styled by default in ``layer_styles``), ``regions`` when claims
    name admin regions, ``areas`` when the collection carries area polygons, ``control`` when
    given and ``unresolved`` (attributes only).  Other formats get a ``.qml`` sidecar.

    >>> export_claims({"type": "FeatureCollection", "features": []}, "x.shp")
    Traceback (most recent call last):
    ...
    geo.errors.ExportError: x.shp: cannot tell the export format from the suffix '.shp'; ...
    """
    from geo.publish import writers

    name = format_for(path, fmt)
    validate(fc, where=str(path))
    if control is not None and name != "gpkg":
        raise ExportError(f"{path}: a control overlay needs a GeoPackage output (.gpkg); "
                          f"{name} holds one layer")
    if gpkg_version not in ("1.2", "1.3", "1.4"):
        raise ExportError(f"GeoPackage version {gpkg_version!r}: expected 1.2, 1.3 or 1.4")
    if str(path) == "-":
        raise ExportError("export writes files; give -o FILE (extract -o - writes GeoJSON "
                          "to stdout)")
    return writers.write(_rounded(fc), Path(path), name, control=control,
                         gpkg_version=gpkg_version, bom=bom)
