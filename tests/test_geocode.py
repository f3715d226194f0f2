"""The optional online geocoder against a real HTTP server on 127.0.0.1 that answers like Nominatim.

The server (tests/nominatim_server.py) misbehaves on demand: slow answers, a server that never
answers, HTTP 429/500/503/403, malformed and hostile bodies.  The records below are hand-written
test data in Nominatim's and GeoNames' JSON formats (the protocol, not real gazetteer rows).
"""
from __future__ import annotations

import itertools
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from geo.errors import GeocoderError
from geo.places.geocode import (
    BACKENDS,
    ENV_GEOCODER,
    ENV_URL,
    ENV_USER_AGENT,
    GeoNamesGeocoder,
    NominatimGeocoder,
    OnlineGeocoder,
    default_cache_path,
    get_backend,
    resolve_settings,
    resolve_user_agent,
)
from geo.places.geocode_cache import AnswerCache
from geo.places.geocode_places import nominatim_kind, nominatim_place
from geo.model import PlaceType, Precision
from tests.conftest import ROOT
from tests.nominatim_server import NominatimServer

pytestmark = pytest.mark.timeout(60)


def village(name: str, osm_id: int, lat: str, lon: str, cc: str = "ua",
            state: str = "Donetsk Oblast") -> dict:
    return {"place_id": osm_id + 7, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
            "osm_type": "node", "osm_id": osm_id, "lat": lat, "lon": lon, "class": "place",
            "type": "village", "place_rank": 19, "importance": 0.3, "addresstype": "village",
            "name": name, "display_name": f"{name}, {state}, Ukraine",
            "address": {"village": name, "state": state, "country": "Ukraine",
                        "country_code": cc},
            "boundingbox": [lat, lat, lon, lon]}


ZALIZNE = village("Zalizne", 1001, "48.4363", "37.8426")
OBLAST = {"place_id": 9, "osm_type": "relation", "osm_id": 71973, "lat": "48.0159",
          "lon": "37.8028", "class": "boundary", "type": "administrative",
          "addresstype": "state", "name": "Donetsk Oblast",
          "display_name": "Donetsk Oblast, Ukraine",
          "address": {"state": "Donetsk Oblast", "country": "Ukraine", "country_code": "ua"}}
ROAD = {"place_id": 11, "osm_type": "way", "osm_id": 5551, "lat": "50.45", "lon": "30.52",
        "class": "highway", "type": "residential", "addresstype": "road",
        "name": "Pokrovska Street", "display_name": "Pokrovska Street, Kyiv, Ukraine",
        "address": {"road": "Pokrovska Street", "country_code": "ua"}}
POKROVSK = village("Pokrovsk", 1002, "48.2825", "37.1758")
POKROVSK.update(type="town", addresstype="town")
RU_NAMESAKE = village("Zalizne", 1003, "51.40", "36.20", cc="ru", state="Kursk Oblast")
PLACES = {"Zalizne": [ZALIZNE], "Donetsk Oblast": [OBLAST], "Pokrovska": [ROAD],
          "Pokrovsk": [ROAD, POKROVSK], "Kyiv": [village("Kyiv", 1004, "50.45", "30.52")]}
GEONAMES = {"Zalizne": [{"geonameId": 704422, "name": "Zalizne", "lat": "48.4363",
                         "lng": "37.8426", "fcl": "P", "fcode": "PPL", "countryCode": "UA",
                         "adminName1": "Donetsk", "adminCode1": "05", "population": 1200}]}


class Sleeps(list):
    """The time seam for retry tests: records each requested wait, waits no longer than 10 ms."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        time.sleep(min(seconds, 0.01))


@pytest.fixture
def server():
    with NominatimServer(PLACES, geonames=GEONAMES, slow_seconds=2.5) as srv:
        yield srv


@pytest.fixture
def make(server, tmp_path):
    """Build a nominatim geocoder on the test server with fast, bounded settings."""

    def build(**kw):
        opts = {"cache_path": tmp_path / "cache" / "geocode.sqlite", "domain": server.domain,
                "scheme": "http", "timeout": 1.5, "min_delay_seconds": 0.0, "max_retries": 2,
                "backoff_seconds": 0.01, "sleep": Sleeps(), "user_agent": "frontline-tests/1"}
        opts.update(kw)
        return get_backend(opts.pop("backend", "nominatim"), **opts)

    return build


# -- settings -----------------------------------------------------------------------------------

def test_resolve_settings_flag_env_default(monkeypatch):
    monkeypatch.delenv(ENV_GEOCODER, raising=False)
    assert resolve_settings(None) == (None, "default (off)")
    monkeypatch.setenv(ENV_GEOCODER, "GeoNames")
    assert resolve_settings(None) == ("geonames", f"env {ENV_GEOCODER}")
    assert resolve_settings("nominatim") == ("nominatim", "--geocoder")  # flag beats env
    assert resolve_settings("off") == (None, "--geocoder")  # an explicit off beats env too
    monkeypatch.setenv(ENV_GEOCODER, "none")
    assert resolve_settings(None)[0] is None


def test_user_agent_precedence_and_header_arrives(make, server, monkeypatch):
    monkeypatch.delenv(ENV_USER_AGENT, raising=False)
    ua, where = resolve_user_agent(None)
    assert ua.startswith("frontline/") and where == "default"
    monkeypatch.setenv(ENV_USER_AGENT, "desk-map/2 (desk@example.org)")
    assert resolve_user_agent(None) == ("desk-map/2 (desk@example.org)", f"env {ENV_USER_AGENT}")
    assert resolve_user_agent("flag/1")[0] == "flag/1"
    with pytest.raises(GeocoderError, match="control characters"):
        resolve_user_agent("bad\r\nX-Injected: 1")

    g = make(user_agent=None)  # from the environment
    assert g.lookup("Zalizne")[0] is not None
    g2 = make(user_agent="flag-agent/3", cache_path=g.cache.path.with_name("other.sqlite"))
    g2.lookup("Zalizne")
    assert [r["user_agent"] for r in server.requests] == ["desk-map/2 (desk@example.org)",
                                                          "flag-agent/3"]


def test_get_backend_registry_and_bad_settings(make, tmp_path, monkeypatch):
    assert set(BACKENDS) == {"nominatim", "geonames"}
    with pytest.raises(GeocoderError, match="unknown geocoder 'google'; valid names: "
                                            "geonames, nominatim"):
        get_backend("google")
    with pytest.raises(GeocoderError, match="name or an OnlineGeocoder"):
        get_backend(42)
    g = make()
    assert get_backend(g) is g and isinstance(g, NominatimGeocoder)
    with pytest.raises(GeocoderError, match="at most one request a second"):
        get_backend("nominatim", min_delay_seconds=0.1, cache_path=tmp_path / "c.sqlite")
    monkeypatch.delenv("FRONTLINE_GEONAMES_USERNAME", raising=False)
    with pytest.raises(GeocoderError, match="FRONTLINE_GEONAMES_USERNAME"):
        get_backend("geonames", cache_path=tmp_path / "c.sqlite")
    monkeypatch.setenv(ENV_URL, "ftp://example.org")
    with pytest.raises(GeocoderError, match=ENV_URL):
        get_backend("nominatim", cache_path=tmp_path / "c.sqlite")
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cachedir"))
    assert default_cache_path() == tmp_path / "cachedir" / "geocode.sqlite"
    assert not (tmp_path / "cachedir").exists()  # constructors do no I/O


def test_env_url_points_at_a_self_hosted_server(server, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_URL, server.url + "/")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # a loopback server is never proxied
    g = get_backend("nominatim", cache_path=tmp_path / "c.sqlite", min_delay_seconds=0,
                    timeout=1)
    assert (g.scheme, g.domain) == ("http", server.domain)
    assert g.lookup("Zalizne")[0].name == "Zalizne"


# -- answers -> places --------------------------------------------------------------------------

def test_settlement_is_exact_with_country_and_admin1(make, server):
    place, reason = make().lookup("Zalizne", country_codes=["UA"])
    assert place.id == "nominatim:N1001" and place.source == "nominatim"
    assert (place.lat, place.lon) == (48.4363, 37.8426)
    assert place.place_type is PlaceType.SETTLEMENT and place.precision is Precision.EXACT
    assert (place.country, place.admin1) == ("UA", "Donetsk Oblast")
    assert place.raw == ZALIZNE
    assert reason == ("nominatim: 'Zalizne' -> Zalizne, Donetsk Oblast, UA "
                      "(nominatim:N1001, place/village)")
    params = server.requests[-1]["params"]
    assert server.requests[-1]["path"] == "/search"
    assert params["q"] == ["Zalizne"] and params["countrycodes"] == ["ua"]
    assert params["addressdetails"] == ["1"] and params["format"] == ["json"]
    assert params["accept-language"] == ["en"]


def test_boundary_is_a_region_and_roads_are_skipped(make):
    g = make()
    place, _ = g.lookup("Donetsk Oblast")
    assert place.id == "nominatim:R71973"
    assert place.place_type is PlaceType.REGION and place.precision is Precision.REGION
    assert "relation 71973" in place.precision_note
    place, _ = g.lookup("Pokrovsk")  # a street first, then the town: the town wins
    assert place.id == "nominatim:N1002" and place.place_type is PlaceType.SETTLEMENT
    place, reason = g.lookup("Pokrovska")  # only a street
    assert place is None
    assert reason == "nominatim: no usable result for 'Pokrovska' (skipped: highway/residential)"
    assert g.lookup("Nowhereville") == (None, "nominatim: no result for 'Nowhereville'")


def test_answers_outside_the_asked_countries_are_refused(tmp_path):
    with NominatimServer({"Zalizne": [RU_NAMESAKE]}, filter_countries=False) as srv:
        g = get_backend("nominatim", domain=srv.domain, scheme="http", min_delay_seconds=0,
                        cache_path=tmp_path / "c.sqlite", timeout=1)
        place, reason = g.lookup("Zalizne", country_codes=["ua"])
        assert place is None and "outside UA" in reason
        assert g.lookup("Zalizne")[0].country == "RU"  # not restricted: taken


def test_hostile_record_fields():
    bad = dict(ZALIZNE, lat="nan")
    assert nominatim_place(bad, "x") == (None, "place/village with invalid coordinates")
    assert nominatim_place(dict(ZALIZNE, lon="500"), "x")[0] is None
    assert nominatim_place(dict(ZALIZNE, osm_id="1; DROP TABLE"), "x")[0] is None
    assert nominatim_place(dict(ZALIZNE, osm_type="changeset"), "x")[0] is None
    odd = dict(ZALIZNE, name="Zal\x1b[2Jizne\n" + "x" * 500)
    place, _ = nominatim_place(odd, "x")
    assert place.name.isprintable() and len(place.name) <= 120
    assert nominatim_kind("amenity", "school") is None
    assert nominatim_kind("waterway", "river") is PlaceType.WATER
    assert nominatim_kind("boundary", "administrative", "city") is PlaceType.SETTLEMENT


def test_bad_arguments(make):
    g = make()
    with pytest.raises(GeocoderError, match="ISO 3166-1"):
        g.lookup("Zalizne", country_codes=["Ukraine"])
    assert g.lookup("   ")[0] is None
    assert "longer than" in g.lookup("x" * 500)[1]
    assert g.requests == 0


# -- the cache: asked at most once --------------------------------------------------------------

def test_a_name_is_asked_at_most_once(make, server):
    g = make()
    first = g.lookup("Zalizne", country_codes=["UA"])
    for variant in ("ZALIZNE", "Zalizné", " zalizne\n"):
        assert g.lookup(variant, country_codes=["ua", ""])[0] == first[0]
    assert g.lookup("Nowhereville")[0] is None  # "no result" is cached too
    assert g.lookup("Nowhereville")[0] is None
    g.close()
    again = make()  # a new run, same cache file
    assert again.lookup("Zalizne", country_codes=["UA"]) == first
    assert again.lookup("nowhereville")[0] is None
    assert server.count("Zalizne") == 1 and server.count("Nowhereville") == 1
    assert again.requests == 0
    again.lookup("Zalizne")  # other countries: another question
    assert server.count("Zalizne") == 2
    assert len(again.cache) == 3


def test_pickled_geocoder_uses_the_same_cache(make, server):
    g = make()
    g.lookup("Kyiv")
    clone = pickle.loads(pickle.dumps(g))
    assert clone.lookup("Kyiv")[0].id == "nominatim:N1004"
    assert server.count("Kyiv") == 1


# -- faults: bounded retries, backoff, nothing cached -------------------------------------------

def test_5xx_retried_with_exponential_backoff_then_reported_not_cached(make, server):
    g = make(max_retries=3)
    server.script("Zalizne", "500", "503", "502", "500")
    place, reason = g.lookup("Zalizne")
    assert place is None and reason == "nominatim: HTTP 500 after 4 tries"
    assert server.count("Zalizne") == 4  # exactly max_retries + 1 requests
    assert g._sleep == [0.01, 0.02, 0.04]  # exponential backoff between tries
    assert len(g.cache) == 0  # a transient failure is never cached
    place, _ = make().lookup("Zalizne")  # the next run asks again and succeeds
    assert place is not None and server.count("Zalizne") == 5


def test_429_honours_retry_after(make, server):
    g = make()
    server.script("Zalizne", "429:2", "ok")
    assert g.lookup("Zalizne")[0] is not None
    assert g._sleep == [2.0] and server.count("Zalizne") == 2
    server.script("Kyiv", "429", "429", "429")
    assert g.lookup("Kyiv") == (None, "nominatim: HTTP 429 (rate limited) after 3 tries")


def test_a_long_retry_after_stops_the_asking(make, server):
    g = make()
    server.script("Zalizne", "429:3600")
    place, reason = g.lookup("Zalizne")
    assert place is None and "Retry-After 3600 s" in reason and server.count("Zalizne") == 1
    place, reason = g.lookup("Kyiv")
    assert place is None and reason.startswith("nominatim: not asked (it asked to wait 3600 s")
    assert server.count("Kyiv") == 0


def test_access_denied_stops_at_once(make, server):
    g = make()
    server.script("Zalizne", "403")
    place, reason = g.lookup("Zalizne")
    assert place is None and "HTTP 403" in reason and "user agent" in reason
    assert server.count("Zalizne") == 1  # not retried
    assert "not asked" in g.lookup("Kyiv")[1] and server.count("Kyiv") == 0


@pytest.mark.parametrize("behaviour", ["slow", "hang", "trickle"])
def test_timeouts_are_bounded(make, server, behaviour):
    g = make(max_retries=1, timeout=0.5)
    server.script("Zalizne", behaviour, behaviour)
    t0 = time.monotonic()
    place, reason = g.lookup("Zalizne")
    assert place is None and "timed out" in reason and reason.endswith("after 2 tries")
    assert server.count("Zalizne") == 2
    assert time.monotonic() - t0 < 2.4  # two tries of 0.5-1 s, not the server's 2.5 s or forever
    assert len(g.cache) == 0


@pytest.mark.parametrize("behaviour", ["malformed", "wrongshape", "deep", "huge"])
def test_malformed_bodies_are_reported(make, server, behaviour):
    g = make(max_retries=1)
    server.script("Zalizne", behaviour, behaviour)
    place, reason = g.lookup("Zalizne")
    assert place is None and "malformed response" in reason, reason
    assert server.count("Zalizne") == 2 and len(g.cache) == 0
    assert g.lookup("Zalizne")[0] is not None  # the server recovered: asked again


def test_connection_refused_is_reported(tmp_path):
    with NominatimServer() as srv:
        domain = srv.domain
    g = get_backend("nominatim", domain=domain, scheme="http", min_delay_seconds=0, timeout=0.5,
                    cache_path=tmp_path / "c.sqlite", backoff_seconds=0.01, max_retries=1)
    place, reason = g.lookup("Zalizne")
    assert place is None and "network error" in reason and reason.endswith("after 2 tries")


def test_a_batch_finishes_and_reports_every_name(make, server):
    """A run over a failing server: every name has an answer or a reason; nothing is lost."""
    g = make(max_retries=1, give_up_after=3, timeout=0.8)
    server.script("Zalizne", "429", "ok")
    server.script("Kyiv", "500", "500")
    server.script("Donetsk Oblast", "hang", "hang")
    server.script("Nowhereville", "malformed", "malformed")
    names = ["Zalizne", "Pokrovsk", "Kyiv", "Donetsk Oblast", "Nowhereville", "Pokrovska",
             "Zalizne"]
    results = [g.lookup(n) for n in names]
    assert len(results) == len(names)
    got = {n: r for n, r in zip(names, results)}
    assert got["Zalizne"][0].id == "nominatim:N1001"
    assert got["Pokrovsk"][0].id == "nominatim:N1002"
    assert got["Kyiv"] == (None, "nominatim: HTTP 500 after 2 tries")
    assert "timed out" in got["Donetsk Oblast"][1]
    assert got["Nowhereville"][1].startswith("nominatim: malformed response")
    # three names failed in a row: the geocoder stopped asking, the rest are reported at once
    assert got["Pokrovska"][1].startswith("nominatim: not asked (3 names in a row failed")
    assert server.count("Pokrovska") == 0 and server.count("Zalizne") == 2  # then cached
    assert all(isinstance(r, str) and r for _, r in results)


def test_requests_are_spaced_by_the_rate_limiter(make, server):
    g = make(min_delay_seconds=0.2, sleep=time.sleep)
    for name in ("Zalizne", "Kyiv", "Pokrovsk"):
        g.lookup(name)
    times = [r["time"] for r in server.requests]
    assert len(times) == 3
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times)), times


# -- GeoNames -----------------------------------------------------------------------------------

def test_geonames_backend(make, server):
    g = make(backend="geonames", username="frontline_test")
    assert isinstance(g, GeoNamesGeocoder)
    place, reason = g.lookup("Zalizne", country_codes=["UA"])
    assert place.id == "geonames:704422" and place.source == "geonames-web"
    assert (place.admin1_code, place.population, place.precision) == ("UA.05", 1200,
                                                                      Precision.EXACT)
    req = server.requests[-1]
    assert req["path"] == "/searchJSON" and req["params"]["country"] == ["UA"]
    assert req["params"]["username"] == ["frontline_test"]
    bad = make(backend="geonames", username="badname",
               cache_path=g.cache.path.with_name("gn2.sqlite"))
    place, reason = bad.lookup("Zalizne")
    assert place is None and "user does not exist" in reason and bad.broken


# -- the cache file: garbage, foreign, killed writers, concurrent readers -----------------------

def test_garbage_cache_file_is_set_aside_and_rebuilt(make, tmp_path):
    path = tmp_path / "cache" / "geocode.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"\x00garbage, not a database" * 100)
    g = make(cache_path=path)
    assert g.lookup("Zalizne")[0] is not None
    assert len(g.cache) == 1
    aside = list(path.parent.glob("geocode.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")
    # a file that claims to be SQLite but is damaged: also set aside, never a traceback loop
    g.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    g2 = make(cache_path=path)
    assert g2.lookup("Kyiv")[0] is not None and len(g2.cache) == 1


def test_a_foreign_sqlite_file_is_refused_untouched(make, tmp_path):
    path = tmp_path / "claims.gpkg"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE features (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(GeocoderError, match="not a Frontline geocoder cache"):
        make(cache_path=path).lookup("Zalizne")
    assert path.read_bytes() == before
    with pytest.raises(GeocoderError, match="geocoder cache .*a.txt"):
        (tmp_path / "a.txt").write_text("x")
        make(cache_path=tmp_path / "a.txt" / "geocode.sqlite").lookup("Zalizne")


def test_newer_schema_is_refused(make, tmp_path):
    path = tmp_path / "new.sqlite"
    AnswerCache(path).put(("nominatim", "d", "n", ""), [])
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(GeocoderError, match="newer Frontline"):
        make(cache_path=path).lookup("Zalizne")


_WRITER = textwrap.dedent("""
    import os, signal, sys
    from geo.places.geocode_cache import AnswerCache
    cache = AnswerCache(sys.argv[1])
    cache.put(("nominatim", "d", "committed", ""), [{"osm_id": 1}])
    conn = cache._connect()
    conn.execute("PRAGMA cache_size = 8")  # spill to the file: the journal becomes hot
    conn.execute("BEGIN IMMEDIATE")
    for i in range(2000):
        conn.execute("INSERT INTO answers VALUES ('nominatim', 'd', ?, '', ?, 'now')",
                     (f"uncommitted{i}", "[" + "0," * 500 + "0]"))
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_writer_leaves_a_valid_cache(tmp_path):
    path = tmp_path / "geocode.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", _WRITER, str(path)], check=False,
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == -signal.SIGKILL and r.stdout == "ready\n", r.stderr
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0  # a hot journal: the file holds uncommitted pages
    assert path.stat().st_size > 100_000
    cache = AnswerCache(path)
    assert cache.get(("nominatim", "d", "committed", "")) == [{"osm_id": 1}]
    assert len(cache) == 1  # the killed transaction left nothing behind
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


_READER = textwrap.dedent("""
    import json, sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=10)
    seen, end = 0, time.monotonic() + 30
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    while time.monotonic() < end:
        rows = conn.execute("SELECT records FROM answers").fetchall()
        for (records,) in rows:
            assert json.loads(records)[0]["n"] >= 0  # never a half-written answer
        seen = max(seen, len(rows))
        if seen >= 300:
            break
    print(seen)
""")


def test_a_concurrent_reader_sees_only_whole_answers(tmp_path):
    path = tmp_path / "geocode.sqlite"
    cache = AnswerCache(path)
    cache.put(("nominatim", "d", "seed", ""), [{"n": 0}])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    assert reader.stdout.readline() == "ready\n"
    for i in range(1, 300):
        cache.put(("nominatim", "d", f"name{i}", ""), [{"n": i, "pad": "x" * 3000}])
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out.split()[-1]) == 300 and len(cache) == 300
    assert json.loads(json.dumps(cache.get(("nominatim", "d", "name299", ""))))[0]["n"] == 299


_RACER = textwrap.dedent("""
    import sys
    from geo.places.geocode_cache import AnswerCache
    cache = AnswerCache(sys.argv[1])
    for i in range(50):
        cache.put(("nominatim", "d", f"{sys.argv[2]}-{i}", ""), [{"n": i}])
""")


def test_processes_creating_and_writing_one_cache_at_once(tmp_path):
    path = tmp_path / "fresh" / "geocode.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", _RACER, str(path), f"w{k}"], env=env,
                              stderr=subprocess.PIPE, text=True) for k in range(4)]
    for p in procs:
        assert p.wait(timeout=60) == 0, p.stderr.read()
    assert len(AnswerCache(path)) == 200


def test_base_class_is_the_plug_in_point():
    assert all(issubclass(cls, OnlineGeocoder) for cls in BACKENDS.values())
