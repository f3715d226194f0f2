"""The claims ledger, the same suite on a GeoPackage file and on a real PostGIS server."""
from __future__ import annotations

import dataclasses
import json
import signal
import sqlite3
import subprocess
import time
import uuid

import pytest

from geo.pipeline import extract_paths
from geo.ledger import open_ledger
from tests.conftest import FRONTLINE, ROOT, SEEDS
from tests.pg import postgis_url  # noqa: F401  (session fixture)

pytestmark = pytest.mark.postgis


@pytest.fixture(scope="module")
def seed_extractions(gz):
    return list(extract_paths([str(SEEDS)], gz=gz))


@pytest.fixture(params=["gpkg", "postgis"])
def db(request, tmp_path):
    if request.param == "gpkg":
        return str(tmp_path / "ledger.gpkg")
    base = request.getfixturevalue("postgis_url")
    import psycopg

    name = "l_" + uuid.uuid4().hex[:10]
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


def test_ingest_twice_changes_nothing(db, seed_extractions):
    with open_ledger(db) as ledger:
        r1 = ledger.ingest(seed_extractions)
        c1 = ledger.counts()
        r2 = ledger.ingest(seed_extractions)
        c2 = ledger.counts()
    assert r1["added"] == 5 and r1["claims"] == sum(len(e.claims) for e in seed_extractions)
    assert r2 == {"added": 0, "updated": 0, "unchanged": 5, "claims": 0, "failed": []}
    assert c1 == c2


def test_updated_article_replaces_its_own_records_only(db, seed_extractions):
    with open_ledger(db) as ledger:
        ledger.ingest(seed_extractions)
        before = {p["claim_id"] for p in ledger._claims()}
        first = seed_extractions[0]
        art = dataclasses.replace(first.article, text=first.article.text + "\nUpdated.")
        changed = dataclasses.replace(first, article=art, claims=first.claims[:1])
        r = ledger.ingest([changed])
        after = ledger._claims()
    assert r["updated"] == 1
    mine = [p for p in after if p["article"] == first.article.id]
    assert len(mine) == 1
    others = {p["claim_id"] for p in after if p["article"] != first.article.id}
    assert others == {c for c in before} - {c.claim_id for c in first.claims}


def test_pokrovsk_timeline(db, seed_extractions):
    with open_ledger(db) as ledger:
        ledger.ingest(seed_extractions)
        rows = ledger.timeline("Pokrovsk")
    days = [(r.get("event_date") or r["published"]) for r in rows]
    assert days == sorted(days)
    got = {(r["event"], r["status"], r["claimant_side"], (r.get("event_date") or r["published"])[:7])
           for r in rows}
    assert ("advancing", "reported", "independent", "2024-08") in got      # approaching, Aug 2024
    assert any(e == "evacuation" and d == "2024-08" for e, _, _, d in got)
    assert ("advancing", "unverified", "russia", "2025-11") in got        # gains, unverified
    assert ("captured", "unverified", "russia", "2025-12") in got         # per Putin
    assert ("fighting", "confirmed", "ukraine", "2025-12") in got         # entered, acknowledged
    assert ("encircled", "disputed", "russia", "2025-12") in got          # Kyiv rejects it
    gains = [r for r in rows if r["event"] == "advancing" and r["status"] == "unverified"]
    assert gains[0]["sources"] == 2 and gains[0]["status_history"]        # 000 and 001 corroborate


def test_feature_collection_window(db, seed_extractions):
    from geo.records import validate

    with open_ledger(db) as ledger:
        ledger.ingest(seed_extractions)
        everything = ledger.feature_collection()
        november = ledger.feature_collection(since="2025-11-01", until="2025-11-30")
    validate(everything)
    assert len(everything["features"]) == sum(len(e.claims) for e in seed_extractions)
    assert november["features"] and all(
        (f["properties"]["event_date"] or f["properties"]["published"]).startswith("2025-11")
        for f in november["features"])


def _corpus(tmp_path, name, n):
    d = tmp_path / name
    d.mkdir()
    text = (SEEDS / "004_e405e76e666cb9c0.txt").read_text(encoding="utf-8")
    for i in range(n):
        (d / f"{name}_{i:03d}.txt").write_text(f"Report {name} {i}.\n" + text, encoding="utf-8")
    return d


def test_two_concurrent_ingests_keep_the_union(db, tmp_path):
    a, b = _corpus(tmp_path, "a", 15), _corpus(tmp_path, "b", 15)
    procs = [subprocess.Popen([*FRONTLINE, "ingest", str(d), "--db", db], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for d in (a, b)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    with open_ledger(db) as ledger:
        assert ledger.counts()["articles"] == 30


def test_killed_ingest_leaves_a_consistent_ledger(db, tmp_path):
    d = _corpus(tmp_path, "k", 600)
    p = subprocess.Popen([*FRONTLINE, "ingest", str(d), "--db", db], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:  # kill it once it is visibly midway
        time.sleep(0.2)
        try:
            with open_ledger(db) as probe:
                if probe.counts()["articles"] >= 20:
                    break
        except Exception:  # the ledger may not exist yet
            continue
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    with open_ledger(db) as ledger:
        n = ledger.counts()["articles"]
        per_article = ledger._execute("SELECT a.id, COUNT(c.claim_id) FROM articles a LEFT JOIN "
                                      "claims c ON c.article = a.id GROUP BY a.id")
        if hasattr(ledger, "integrity"):
            assert ledger.integrity() == "ok"
    assert 0 < n < 600, n  # killed midway
    counts = {c for _, c in per_article}
    assert len(counts) == 1 and counts.pop() > 0  # every stored article has all its claims


def test_gpkg_ledger_is_a_geopackage(tmp_path, seed_extractions):
    path = tmp_path / "l.gpkg"
    with open_ledger(str(path)) as ledger:
        ledger.ingest(seed_extractions)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns").fetchone() \
        == ("POINT", 4326)
    con.close()
    import pyogrio

    df = pyogrio.read_dataframe(path, layer="claims")
    assert len(df) == sum(len(e.claims) for e in seed_extractions)
    assert df.crs.to_epsg() == 4326


def test_cli_ingest_timeline_map_export(cli, tmp_path):
    db = str(tmp_path / "c.gpkg")
    r = cli("ingest", str(SEEDS), "--db", db)
    assert r.returncode == 0 and "5 added" in r.stderr, r.stderr
    r = cli("timeline", "Pokrovsk", "--db", db)
    assert r.returncode == 0 and "captured" in r.stdout and "disputed" in r.stdout
    r = cli("timeline", "Atlantis", "--db", db)
    assert r.returncode == 1 and "no claims" in r.stderr
    r = cli("map", "--db", db, "--since", "2025-11-01", "-o", str(tmp_path / "m.html"))
    assert r.returncode == 0, r.stderr
    r = cli("export", "--db", db, "-o", str(tmp_path / "e.geojson"))
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "e.geojson").read_text())["features"]
    r = cli("timeline", "Pokrovsk", "--db", str(tmp_path / "missing.gpkg"))
    assert r.returncode == 1 and "no such ledger" in r.stderr
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"not a database at all" * 100)
    r = cli("ingest", str(SEEDS), "--db", str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr
