"""GIS exports: every format round-trips through GDAL; QGIS opens them styled."""
from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from geo.errors import ExportError
from geo.model import (
    Actor,
    Article,
    Claim,
    Event,
    Mention,
    Place,
    PlaceType,
    Precision,
    Resolution,
    Side,
    Status,
    Unresolved,
)
from geo.publish.export import FORMATS, export_claims, feature_collection, format_for
from geo.publish.formats import INT_FIELDS, REAL_FIELDS, parse_date

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONTROL = SHARED / "control" / "deepstate_20251112.geojson"
PROBE = Path(__file__).with_name("qgis_probe.py")
SUFFIX = {"gpkg": ".gpkg", "geojson": ".geojson", "csv": ".csv", "kml": ".kml", "kmz": ".kmz",
          "fgb": ".fgb", "parquet": ".parquet"}


def sample_fc() -> dict:
    a1 = Article(id="a1.txt", text="x" * 400, title='Front "update", day 1',
                 url="https://example.com/1", published="2025-11-12", outlet="Reuters")
    a2 = Article(id="a2.txt", text="y" * 400, published="2025-12-02", outlet=None)
    pl = [Place("geonames:1", "Pokrovsk", 48.28014, 37.17706, country="UA",
                admin1="Donetsk Oblast"),
          Place("geonames:2", "Zalizné", 48.36, 37.95, country="UA", admin1="Donetsk Oblast",
                precision=Precision.APPROXIMATE, precision_note="hromada centre (Toretsk)"),
          Place("geonames:3", "Kupiansk", 49.71, 37.61, country="UA", admin1="Kharkiv Oblast"),
          Place("ne:UA-14", "Donetsk Oblast", 48.0, 37.8, place_type=PlaceType.REGION,
                country="UA", admin1="Donetsk Oblast", precision=Precision.REGION),
          Place("geonames:5", "Kyiv", 50.45466, 30.5238, country="UA", admin1="Kyiv City")]

    def c(a: Article, p: Place, s: int, **kw) -> Claim:
        m = Mention(p.name, s, s + len(p.name), p.name.lower())
        return Claim(article=a, resolution=Resolution(m, p, 0.9, "main name"), quote_start=s,
                     quote_end=s + 20, **kw)

    ru = {"actor": Actor.RUSSIA, "claimant": "Russian Defence Ministry",
          "claimant_side": Side.RUSSIA}
    claims = [
        c(a1, pl[0], 10, event=Event.CAPTURED, status=Status.DISPUTED, event_date="2025-11-12",
          date_precision="day", quote='He said "Pokrovsk, is taken",\nthen left.',
          confidence=0.87, evidence="verb 'taken'", **ru),
        c(a1, pl[1], 50, event=Event.ADVANCING, status=Status.UNVERIFIED, event_date="2025-11",
          confidence=0.6, **ru),
        c(a1, pl[2], 90, event=Event.HELD, actor=Actor.UKRAINE, claimant="General Staff",
          claimant_side=Side.UKRAINE, status=Status.CLAIMED, confidence=0.7),
        c(a2, pl[0], 5, event=Event.CAPTURED, actor=Actor.RUSSIA, claimant="DeepState",
          claimant_side=Side.INDEPENDENT, status=Status.ASSESSED, event_date="2025-12-01",
          confidence=0.95),
        c(a2, pl[3], 30, event=Event.FIGHTING, status=Status.REPORTED, confidence=0.5),
        c(a2, pl[4], 70, event=Event.STRIKE, actor=Actor.RUSSIA,
          claimant="Kyiv city administration", claimant_side=Side.UKRAINE,
          status=Status.CONFIRMED, event_date="2025", confidence=1.0),
        c(a2, pl[2], 120, event=Event.MENTION, status=Status.REPORTED, confidence=0.3),
    ]
    unresolved = [Unresolved("a1.txt", 'Novoe, "Selo"', 200, 212, "not in gazetteer"),
                  Unresolved("a2.txt", "Ямпіль", 5, 11, "ambiguous")]
    return feature_collection(claims, unresolved)


# --- normalisation for comparing a source property with what a reader gives back -----------

def canon(name: str, v):
    """One comparable form per value: None for missing/empty, dates as ISO, numbers as floats."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)) or str(v) == "NaT":
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    if name in INT_FIELDS + REAL_FIELDS:
        return round(float(v), 6)
    if name == "source_articles":
        return sorted(json.loads(v) if isinstance(v, str) else list(v))
    if name == "stances":  # a list of records, written as JSON text
        return json.loads(v) if isinstance(v, str) else v
    if name == "published":
        d = parse_date(str(v).replace("/", "-"))
        return d[0].isoformat() if d else v
    if isinstance(v, bool):
        return v
    return str(v)


def expected(props: dict, name: str):
    if name == "date_precision":  # typed formats spell out the precision of every ISO date
        d = parse_date(props.get("event_date"))
        if d:
            return d[1]
    return canon(name, props.get(name))


def read_back(path: Path, fmt: str):
    """(list of property dicts, list of (lon, lat)) as GDAL (or pyarrow for Parquet) reads them."""
    if fmt == "parquet":
        import geopandas as gpd

        df = gpd.read_parquet(path)
    elif fmt in ("kml", "kmz"):  # one layer per status folder
        import pandas as pd
        import pyogrio

        frames = [pyogrio.read_dataframe(path, layer=name)
                  for name, _ in pyogrio.list_layers(path)]
        df = pd.concat(frames, ignore_index=True)
    else:
        import pyogrio

        df = pyogrio.read_dataframe(path, layer="claims" if fmt == "gpkg" else None)
    xy = [(g.x, g.y) for g in df.geometry]
    rows = df.drop(columns="geometry").to_dict("records")
    return rows, xy


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    fc = sample_fc()
    out = tmp_path_factory.mktemp("export")
    results = {}
    for fmt, suffix in SUFFIX.items():
        control = CONTROL if fmt == "gpkg" and CONTROL.exists() else None
        results[fmt] = export_claims(fc, out / f"claims{suffix}", control=control)
    return fc, out, results


def test_format_from_suffix_and_override():
    assert format_for("x.GeoJSON") == "geojson" and format_for("x.json") == "geojson"
    assert format_for("x.dat", "FlatGeobuf") == "fgb"
    with pytest.raises(ExportError, match="gpkg, geojson, csv, kml, kmz, fgb, parquet, acled"):
        format_for("x.gpkg", "shapefile")
    with pytest.raises(ExportError, match=r"\.shp"):
        export_claims(sample_fc(), "x.shp")
    assert set(FORMATS) == set(SUFFIX) | {"acled"}


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_round_trip_through_gdal(exported, fmt):
    fc, out, results = exported
    path = out / f"claims{SUFFIX[fmt]}"
    assert results[fmt]["features"] == len(fc["features"]) == 7
    rows, xy = read_back(path, fmt)
    assert len(rows) == len(fc["features"])
    by_id = {r["claim_id"]: (r, p) for r, p in zip(rows, xy)}
    assert len(by_id) == len(rows)
    for f in fc["features"]:
        row, (lon, lat) = by_id[f["properties"]["claim_id"]]
        assert (round(lon, 7), round(lat, 7)) == tuple(f["geometry"]["coordinates"])
        for name in f["properties"]:
            got = canon(name, row.get(name))
            # GeoJSON keeps the source text; typed formats fill date_precision for partial dates
            want = (canon(name, f["properties"].get(name)) if fmt == "geojson"
                    else expected(f["properties"], name))
            assert got == want, (fmt, name)


def test_geojson_is_rfc7946(exported):
    _fc, out, _ = exported
    raw = (out / "claims.geojson").read_bytes()
    doc = json.loads(raw.decode("utf-8"))
    assert "crs" not in doc and "Zalizné".encode() in raw
    pokrovsk = next(f for f in doc["features"] if f["properties"]["place"] == "Pokrovsk")
    assert pokrovsk["geometry"]["coordinates"] == [37.17706, 48.28014]  # [lon, lat]
    for f in doc["features"]:
        for c in f["geometry"]["coordinates"]:
            assert len(repr(c).split(".")[-1]) <= 7
    assert len(doc["unresolved"]) == 2
    assert (out / "claims.qml").read_text().count("RuleRenderer") == 1
    # GeoJSON keeps a month a month
    zal = next(f for f in doc["features"] if f["properties"]["place"] == "Zalizné")
    assert zal["properties"]["event_date"] == "2025-11"


def test_geopackage_layers_types_and_styles(exported):
    _fc, out, results = exported
    import pyogrio

    gpkg = out / "claims.gpkg"
    layers = {name: geom for name, geom in pyogrio.list_layers(gpkg)}
    assert {"claims", "regions", "unresolved", "layer_styles"} <= set(layers)
    assert layers["unresolved"] is None
    info = pyogrio.read_info(gpkg, layer="claims")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["event_date"] == "object"  # the claim's own ISO text: a month stays a month
    assert types["event_start"].startswith("datetime64") or types["event_start"] == "object"
    assert types["confidence"] == "float64" and types["sources"] == "int64"
    con = sqlite3.connect(gpkg)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rtree_claims_geom'"
                           ).fetchone()[0] == 1
        coltypes = {r[1]: r[2] for r in con.execute("PRAGMA table_info(claims)")}
        assert coltypes["event_date"] == "TEXT" and coltypes["event_start"] == "DATE"
        assert coltypes["event_end"] == "DATE" and coltypes["confidence"] == "REAL"
        month = con.execute("SELECT event_date, date_precision, event_start, event_end FROM "
                            "claims WHERE place = 'Zalizné'").fetchone()
        assert coltypes["quote_start"] in ("INTEGER", "BIGINT", "INT")
        styles = con.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML "
                             "FROM layer_styles").fetchall()
        unres = con.execute("SELECT mention FROM unresolved ORDER BY fid").fetchall()
        src = con.execute("SELECT source_articles FROM claims").fetchall()
    finally:
        con.close()
    assert month == ("2025-11", "month", "2025-11-01", "2025-11-30")
    assert {s[0] for s in styles} >= {"claims", "regions"}
    assert all(s[1] == "geom" and s[2] == 1 for s in styles)
    assert [u[0] for u in unres] == ['Novoe, "Selo"', "Ямпіль"]
    assert all(isinstance(json.loads(s[0]), list) for s in src)
    regions = pyogrio.read_dataframe(gpkg, layer="regions")
    donetsk = regions.set_index("region").loc["Donetsk Oblast"]
    assert donetsk["point_source"] == "gazetteer" and donetsk["claims"] == 4
    assert (donetsk.geometry.x, donetsk.geometry.y) == (37.8, 48.0)
    if CONTROL.exists():
        assert "control" in results["gpkg"]["layers"]
        ctrl = pyogrio.read_dataframe(gpkg, layer="control")
        assert len(ctrl) == 1 and ctrl.geometry.iloc[0].geom_type == "MultiPolygon"


def test_gpkg_version_option(tmp_path):
    path = tmp_path / "v14.gpkg"
    export_claims(sample_fc(), path, gpkg_version="1.4")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10400
    con.close()


def test_failure_leaves_nothing_behind(tmp_path):
    path = tmp_path / "out.gpkg"
    with pytest.raises(ExportError, match="control"):
        export_claims(sample_fc(), path, control=tmp_path / "missing.geojson")
    with pytest.raises(ExportError, match="GeoPackage"):
        export_claims(sample_fc(), tmp_path / "out.csv", control=tmp_path / "x.geojson")
    assert list(tmp_path.iterdir()) == []


# --- the real clients: GDAL 3.6 command line and QGIS 3.22 --------------------------------

needs_ogrinfo = pytest.mark.skipif(not shutil.which("ogrinfo"), reason="no /usr/bin/ogrinfo")


@pytest.mark.qgis
@needs_ogrinfo
@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "csv", "kml", "kmz", "fgb"])
def test_ogrinfo_reads_every_format(exported, fmt):
    _, out, _ = exported
    path = out / f"claims{SUFFIX[fmt]}"
    run = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(path)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "ERROR" not in run.stderr, run.stderr
    layers = run.stdout.split("Layer name: ")[1:]
    if fmt in ("kml", "kmz"):  # one layer per status folder, mentions last
        assert [la.splitlines()[0] for la in layers] == [
            "Confirmed", "Assessed", "Reported", "Claimed", "Unverified", "Disputed",
            "Mentions, no claim"]
        assert sum(int(la.split("Feature Count: ")[1].split()[0]) for la in layers) == 7
        return
    claims = layers[0]
    assert "Feature Count: 7" in claims
    assert "Geometry: Point" in claims
    if fmt in ("gpkg", "csv"):
        assert "event_date: String" in claims and "event_start: Date" in claims
        assert "confidence: Real" in claims and "sources: Integer64" in claims


def _qgis_available() -> bool:
    if not Path("/usr/bin/python3").exists():
        return False
    return subprocess.run(["/usr/bin/python3", "-c", "import qgis.core"],
                          capture_output=True, check=False).returncode == 0


needs_qgis = pytest.mark.skipif(not _qgis_available(), reason="PyQGIS (python3-qgis) absent")


def run_probe(job: dict, tmp: Path) -> dict:
    spec = tmp / "job.json"
    spec.write_text(json.dumps(job))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp)}
    env.pop("PYTHONPATH", None)
    run = subprocess.run(["/usr/bin/python3", str(PROBE), str(spec)], capture_output=True,
                         text=True, timeout=120, env=env, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.qgis
@needs_qgis
def test_qgis_opens_styled_layers_and_renders(exported, tmp_path):
    _, out, _ = exported
    gpkg = out / "claims.gpkg"
    png = tmp_path / "claims.png"
    job = {"layers": [{"uri": f"{gpkg}|layername=claims", "name": "claims"},
                      {"uri": f"{gpkg}|layername=unresolved", "name": "unresolved"},
                      {"uri": str(out / "claims.geojson"), "name": "gj",
                       "qml": str(out / "claims.qml")},
                      {"uri": str(out / "claims.csv"), "name": "csv"}],
           "render": str(png)}
    if CONTROL.exists():
        job["layers"].append({"uri": f"{gpkg}|layername=control", "name": "control"})
    res = run_probe(job, tmp_path)
    claims, unresolved, gj, csv_layer = res["layers"][:4]
    for layer in (claims, gj, csv_layer):
        assert layer["valid"] and layer["features"] == 7 and layer["crs"] == "EPSG:4326"
        # the style applies on open (GeoPackage layer_styles, .qml sidecar) or via loadNamedStyle
        assert layer["renderer"] == "RuleRenderer" and layer["labels"]
        assert [r["label"] for r in layer["rules"]][:3] == [
            "Mention (place named, no claim)", "Captured", "Advancing"]
        captured = layer["rules"][1]["children"]
        assert any("'disputed'" in c["filter"] for c in captured)
    assert res["qml_loaded"] == [True]
    assert claims["fields"]["event_date"] == "String" and claims["fields"]["event_start"] == "Date"
    assert claims["fields"]["confidence"] == "Real"
    assert claims["fields"]["sources"] == "Integer64"
    assert unresolved["valid"] and unresolved["features"] == 2 and unresolved["crs"] == ""
    assert png.stat().st_size > 0
    assert res["render"]["nonwhite"] > 500  # not blank
    assert res["render"]["reddish"] > 5 and res["render"]["bluish"] > 5  # both sides drawn


# --- the real seed claims (conftest's seed_claims fixture) ----------------------------

@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_seed_claims_round_trip(seed_claims, tmp_path, fmt):
    """The real seed claims (conftest's session fixture) survive every format via GDAL."""
    fc = seed_claims
    assert fc["features"], "the seed extraction produced no claims"
    path = tmp_path / f"seed{SUFFIX[fmt]}"
    res = export_claims(fc, path)
    rows, _xy = read_back(path, fmt)
    assert res["features"] == len(rows) == len(fc["features"])
    by_id = {r["claim_id"]: r for r in rows}
    for f in fc["features"]:
        row = by_id[f["properties"]["claim_id"]]
        for name in f["properties"]:
            got = canon(name, row.get(name))
            # GeoJSON keeps the source text; typed formats fill date_precision for partial dates
            want = (canon(name, f["properties"].get(name)) if fmt == "geojson"
                    else expected(f["properties"], name))
            assert got == want, (fmt, name)
