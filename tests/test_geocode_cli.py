"""`frontline --geocoder nominatim` end to end, against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import json

import pytest

from tests.nominatim_server import NominatimServer
from tests.test_geocode import village

TEXT = ("Russia's Defence Ministry said its forces captured the village of Zzyzxivka near "
        "Pokrovsk, and the village of Qwertivka, a claim that could not be verified.")


@pytest.fixture()
def server():
    # the records are protocol test data for invented names, not real coordinates
    with NominatimServer({"Zzyzxivka": [village("Zzyzxivka", 4242, "48.2500", "37.2000")]}) as s:
        yield s


def _run(cli, tmp_path, server, *extra_env):
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "o.geojson"
    env = {"FRONTLINE_GEOCODER_URL": server.url,
           "FRONTLINE_GEOCODER_CACHE": str(tmp_path / "geocode.sqlite")}
    r = cli("--geocoder", "nominatim", "--user-agent", "frontline-test/1", "extract", str(art),
            "-o", str(out), env=env)
    return r, (json.loads(out.read_text()) if out.exists() else None)


def test_online_geocoder_places_names_the_gazetteer_lacks(cli, tmp_path, server):
    r, fc = _run(cli, tmp_path, server)
    assert r.returncode == 0, r.stderr
    got = {f["properties"]["mention"]: f for f in fc["features"]}
    z = got["Zzyzxivka"]
    assert z["geometry"]["coordinates"] == [37.2, 48.25]
    assert z["properties"]["place_id"].startswith("nominatim:")
    assert z["properties"]["event"] == "captured"
    # a name the server does not know is reported, not dropped
    assert [u["mention"] for u in fc["unresolved"]] == ["Qwertivka"]
    assert any(req.get("user_agent", "").startswith("frontline-test") for req in server.requests) \
        or server.count() >= 1
    # asked once: a second run is answered from the cache
    before = server.count("Zzyzxivka")
    r2, _ = _run(cli, tmp_path, server)
    assert r2.returncode == 0 and server.count("Zzyzxivka") == before


def test_failing_geocoder_finishes_and_reports(cli, tmp_path, server):
    server.script("Zzyzxivka", "500", "500", "500", "500", "500")
    r, fc = _run(cli, tmp_path, server)
    assert r.returncode == 0, r.stderr
    un = {u["mention"]: u["reason"] for u in fc["unresolved"]}
    assert "Zzyzxivka" in un and "500" in un["Zzyzxivka"]
    assert "Traceback" not in r.stderr
