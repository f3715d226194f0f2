"""Each export format written through :mod:`geo.publish.staging`: every file checked with its
own reader before any is renamed into place."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo.errors import ExportError
from geo.publish import formats as xf
from geo.publish import qgis_style
from geo.publish.staging import staged
from geo.publish.tabular import PRJ_WGS84, claims_csv, csv_text, read_csv

# --- readers that check a written file ---------------------------------------------------------

def _expect(target: Path, what: str, got: int, want: int) -> None:
    if got != want:
        raise ExportError(f"{target}: wrote {want} {what} but the file holds {got} "
                          f"(disk full or a failed write)")


def check_gdal(target: Path, layers: dict[str, int]) -> Any:
    def verify(tmp: Path) -> None:
        import pyogrio

        for layer, n in layers.items():
            info = pyogrio.read_info(tmp, layer=layer, force_feature_count=True)
            _expect(target, f"features in layer {layer!r}", int(info["features"]), n)
            # read every record: a truncated file fails here even when its header is whole
            table = pyogrio.read_arrow(tmp, layer=layer)[1]
            _expect(target, f"records in layer {layer!r}", table.num_rows, n)
    return verify


def check_text(target: Path, parse) -> Any:
    def verify(tmp: Path) -> None:
        parse(tmp.read_text(encoding="utf-8-sig"))
    return verify


def check_csv(target: Path, header: list[str], n: int) -> Any:
    def verify(tmp: Path) -> None:
        got_header, rows = read_csv(tmp)
        if got_header != header:
            raise ExportError(f"{target}: the header read back differs from the one written")
        _expect(target, "rows", len(rows), n)
        if any(len(r) != len(header) for r in rows):
            raise ExportError(f"{target}: a row read back has the wrong number of cells")
    return verify


def check_geojson(target: Path, n: int) -> Any:
    def verify(tmp: Path) -> None:
        doc = json.loads(tmp.read_text(encoding="utf-8"))
        _expect(target, "features", len(doc.get("features", [])), n)
    return verify


def check_kml(target: Path, n: int) -> Any:
    def verify(tmp: Path) -> None:
        from geo.publish.kml import count_placemarks

        _expect(target, "placemarks", count_placemarks(tmp), n)
    return verify


def check_parquet(target: Path, n: int) -> Any:
    def verify(tmp: Path) -> None:
        import pyarrow.parquet as pq

        _expect(target, "rows", pq.read_table(tmp).num_rows, n)
    return verify


def check_qml(target: Path) -> Any:
    def verify(tmp: Path) -> None:
        import xml.etree.ElementTree as ET

        if ET.parse(tmp).getroot().tag != "qgis":
            raise ExportError(f"{target}: not a QGIS style")
    return verify


# --- the formats ---------------------------------------------------------------------------

def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()


def write(fc: dict, path: Path, name: str, *, control=None, gpkg_version: str = "1.3",
          bom: bool = True) -> dict:
    """Write ``fc`` as format ``name`` at ``path`` with its sidecars; see ``export_claims``."""
    from geo.publish.formats import SIDECAR_FORMATS
    from geo.records import dumps

    n = len(fc["features"])
    layers = ["claims"]
    sidecars: list[Path] = []
    with staged() as st:
        if name == "geojson":
            _write_text(st.path(path, check_geojson(path, n)), dumps(fc))
        elif name == "csv":
            text, csvt = claims_csv(xf.claims_table(fc), fc, bom=bom)
            header = read_header(text)
            _write_text(st.path(path, check_csv(path, header, n)), text)
            sidecars += [path.with_suffix(".csvt"), path.with_suffix(".prj")]
            _write_text(st.path(sidecars[0], check_text(sidecars[0], str)), csvt)
            _write_text(st.path(sidecars[1], check_text(sidecars[1], str)), PRJ_WGS84)
        elif name == "acled":
            from geo.publish.acled import COLUMNS, acled_rows

            rows = acled_rows(fc)
            n = len(rows)
            _write_text(st.path(path, check_csv(path, list(COLUMNS), n)),
                        csv_text(COLUMNS, rows, bom=bom))
            layers = ["acled"]
        elif name in ("kml", "kmz"):
            from geo.publish.kml import write_kml, write_kmz

            (write_kml if name == "kml" else write_kmz)(fc, st.path(path, check_kml(path, n)))
        elif name == "parquet":
            xf.write_parquet(fc, st.path(path, check_parquet(path, n)))
        elif name == "fgb":
            xf.write_gdal(xf.claims_table(fc), st.path(path, check_gdal(path, {"claims": n})),
                          driver="FlatGeobuf", layer="claims",
                          layer_options={"SPATIAL_INDEX": "YES"})
        elif name == "gpkg":
            layers = _write_gpkg(fc, path, st, control, gpkg_version)
        else:  # pragma: no cover - format_for only returns known names
            raise ExportError(f"no writer for format {name!r}")
        if name in SIDECAR_FORMATS:
            qml = qgis_style.sidecar_path(path)
            _write_text(st.path(qml, check_qml(qml)), qgis_style.claims_qml())
            sidecars.insert(0, qml)
    return {"path": str(path), "format": name, "features": n, "layers": layers,
            "sidecars": [str(s) for s in sidecars]}


def read_header(text: str) -> list[str]:
    import csv
    import io

    return next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _write_gpkg(fc: dict, path: Path, st, control, gpkg_version: str) -> list[str]:
    control_t = xf.control_table(control) if control is not None else None
    regions_t = xf.regions_table(fc)
    areas_t = xf.areas_table(fc)
    counts = {"claims": len(fc["features"])}
    layers = ["claims"]
    gpkg = {"driver": "GPKG", "layer_options": {"SPATIAL_INDEX": "YES", "FID": "fid",
                                                "GEOMETRY_NAME": "geom"}}
    tmp = st.path(path, check_gdal(path, counts))  # counts filled in below, checked at commit
    xf.write_gdal(xf.claims_table(fc), tmp, layer="claims",
                  dataset_options={"VERSION": gpkg_version}, **gpkg)
    styles = {"claims": ("geom", qgis_style.claims_qml(),
                         "Frontline claims: event shape, claimant-side colour, status fill")}
    if regions_t.num_rows:
        xf.write_gdal(regions_t, tmp, layer="regions", **gpkg)
        layers.append("regions")
        counts["regions"] = regions_t.num_rows
        styles["regions"] = ("geom", qgis_style.regions_qml(), "Regions named in claims")
    if areas_t is not None and areas_t.num_rows:
        xf.write_gdal(areas_t, tmp, layer="areas", geometry_type="MultiPolygon", **gpkg)
        layers.append("areas")
        counts["areas"] = areas_t.num_rows
        styles["areas"] = ("geom", qgis_style.areas_qml(),
                           "Areas (hromadas) of places located only to their hromada")
    if control_t is not None:
        xf.write_gdal(control_t, tmp, layer="control", geometry_type="MultiPolygon", **gpkg)
        layers.append("control")
        counts["control"] = control_t.num_rows
        styles["control"] = ("geom", qgis_style.control_qml(), "Assessed control")
    unresolved_t = xf.unresolved_table(fc)
    xf.write_gdal(unresolved_t, tmp, layer="unresolved", geometry_type=None,
                  driver="GPKG", layer_options={"FID": "fid"})
    layers.append("unresolved")
    counts["unresolved"] = unresolved_t.num_rows
    qgis_style.store_styles(tmp, styles)
    return layers
