"""Issue 19, the ledger: article identity, per-article failures, a full disk and a PostgreSQL
server stopped midway -- on a GeoPackage file and on a real PostGIS server."""
from __future__ import annotations

import dataclasses
import json
import os
import resource
import signal
import sqlite3
import subprocess
import time
import uuid

import pytest

from geo.ledger import open_ledger
from geo.pipeline import extract_paths
from tests.conftest import FRONTLINE, ROOT, SEEDS
from tests.pg import postgis_url  # noqa: F401  (session fixture)

pytestmark = pytest.mark.postgis

A = (SEEDS / "004_e405e76e666cb9c0.txt").read_text(encoding="utf-8")
B = (SEEDS / "003_1453e23ad8c0bd85.txt").read_text(encoding="utf-8")
C = (SEEDS / "001_8dabb732faecaf91.txt").read_text(encoding="utf-8")


@pytest.fixture(params=["gpkg", "postgis"])
def db(request, tmp_path):
    if request.param == "gpkg":
        return str(tmp_path / "ledger.gpkg")
    base = request.getfixturevalue("postgis_url")
    import psycopg

    name = "r_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


def _per_article(ledger):
    return dict(ledger._execute("SELECT a.id, COUNT(c.claim_id) FROM articles a LEFT JOIN "
                                "claims c ON c.article = a.id GROUP BY a.id"))


def test_two_report_txt_in_two_folders_are_two_articles(db, gz, tmp_path):
    for d, text in (("x", A), ("y", B)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "report.txt").write_text(text, encoding="utf-8")
    ex = list(extract_paths([str(tmp_path / "x"), str(tmp_path / "y")], gz=gz))
    with open_ledger(db) as ledger:
        r = ledger.ingest(ex)
        assert (r["added"], r["updated"]) == (2, 0)
        assert ledger.counts()["claims"] == sum(len(e.claims) for e in ex)
        # ingesting y/report.txt alone later changes nothing either
        again = list(extract_paths([str(tmp_path / "y" / "report.txt")], gz=gz))
        assert ledger.ingest(again)["unchanged"] == 1
        assert ledger.counts()["claims"] == sum(len(e.claims) for e in ex)


def test_feed_that_drops_its_first_record_loses_and_doubles_nothing(db, gz, tmp_path):
    feed = tmp_path / "feed.jsonl"
    recs = [{"text": t} for t in (A, B, C)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    with open_ledger(db) as ledger:
        ledger.ingest(extract_paths([str(feed)], gz=gz))
        before = ledger.counts()
        per = sorted(_per_article(ledger).values())
        feed.write_text("".join(json.dumps(r) + "\n" for r in recs[1:]), encoding="utf-8")
        r = ledger.ingest(extract_paths([str(feed)], gz=gz))
        assert (r["added"], r["updated"], r["unchanged"]) == (0, 0, 2)
        assert ledger.counts() == before
        assert sorted(_per_article(ledger).values()) == per


def test_updated_record_replaces_only_itself(db, gz, tmp_path):
    feed = tmp_path / "feed.jsonl"
    recs = [{"id": "a", "text": A}, {"id": "b", "text": B}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    with open_ledger(db) as ledger:
        ledger.ingest(extract_paths([str(feed)], gz=gz))
        per = _per_article(ledger)
        feed.write_text(json.dumps({"id": "b", "text": B + "\nUpdated."}) + "\n")
        r = ledger.ingest(extract_paths([str(feed)], gz=gz))
        assert (r["added"], r["updated"]) == (0, 1)
        assert _per_article(ledger) == per  # same articles, same claim counts


def test_an_article_that_fails_is_reported_and_the_batch_goes_on(db, gz, tmp_path):
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    ex = list(extract_paths([str(tmp_path)], gz=gz))
    broken = ex[1]
    # two claims with one claim_id: what a real wire story produced (sqlite3.IntegrityError)
    ex[1] = dataclasses.replace(broken, claims=broken.claims + broken.claims[:1])
    with open_ledger(db) as ledger:
        r = ledger.ingest(ex)
        assert r["added"] == 2 and len(r["failed"]) == 1
        assert "b.txt" in r["failed"][0].path and "claim" in r["failed"][0].reason
        assert ledger.counts()["articles"] == 2
        assert ledger.counts()["claims"] == len(ex[0].claims) + len(ex[2].claims)


def test_claim_ids_unique_by_construction(gz):
    from geo.model import Article
    from geo.pipeline import extract_article, unique_ids

    ex = extract_article(Article(id="w.txt", text=A), gz)
    ids = [c.claim_id for c in ex.claims]
    assert len(ids) == len(set(ids))
    # a tagger that emitted the same claim twice (as a real wire story once made it do)
    doubled = unique_ids(ex.claims + ex.claims[:2] + ex.claims[:1])
    new = [c.claim_id for c in doubled]
    assert len(new) == len(set(new)) == len(ids) + 3
    assert new[:len(ids)] == ids  # the ids of claims that did not repeat are unchanged
    assert [c.claim_id for c in unique_ids(ex.claims + ex.claims[:2] + ex.claims[:1])] == new


def test_cli_partial_ingest_exit_3(cli, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (d / name).write_text(text, encoding="utf-8")
    db = tmp_path / "l.gpkg"
    assert cli("ingest", str(d / "a.txt"), "--db", str(db)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON claims WHEN NEW.props LIKE "
                "'%\"article\": \"b.txt\"%' BEGIN SELECT RAISE(ABORT, 'refused by a test "
                "trigger'); END")
    con.commit()
    con.close()
    r = cli("ingest", str(d), "--db", str(db))
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr and "b.txt" in r.stderr and "1 failed" in r.stderr
    with open_ledger(str(db)) as ledger:
        assert ledger.counts()["articles"] == 3 - 1


def _corpus(tmp_path, n):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(n):
        (d / f"m_{i:03d}.txt").write_text(f"Report {i}.\n" + A, encoding="utf-8")
    return d


def test_full_disk_midway_is_a_clear_error_and_the_ledger_stays_consistent(tmp_path):
    d = _corpus(tmp_path, 60)
    db = tmp_path / "full.gpkg"

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))

    p = subprocess.run([*FRONTLINE, "ingest", str(d), "--db", str(db)], cwd=ROOT,
                       capture_output=True, text=True, preexec_fn=limit, timeout=300)
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr and "full" in p.stderr, p.stderr
    with open_ledger(str(db)) as ledger:
        assert ledger.integrity() == "ok"
        per = _per_article(ledger)
    assert 0 < len(per) < 60
    assert len(set(per.values())) == 1 and set(per.values()).pop() > 0


def test_postgresql_stopped_midway(tmp_path):
    from tests import pg

    bindir = pg._bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed")
    import shutil
    import tempfile

    root = tempfile.mkdtemp(prefix="frontline-pgstop-")
    os.chmod(root, 0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = f"{root}/data", pg._free_port()
    subprocess.run(pg._as_postgres([str(bindir / "initdb"), "-D", data, "-U", "postgres",
                                    "--auth=trust", "--no-sync"]), check=True, capture_output=True)
    ctl = [str(bindir / "pg_ctl"), "-D", data, "-l", f"{root}/log", "-w", "-o",
           f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"]
    subprocess.run(pg._as_postgres(ctl + ["start"]), check=True, capture_output=True, timeout=60)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        d = _corpus(tmp_path, 300)
        p = subprocess.Popen([*FRONTLINE, "ingest", str(d), "--db", url], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            time.sleep(0.3)
            try:
                with open_ledger(url) as probe:
                    if probe.counts()["articles"] >= 10:
                        break
            except Exception:
                continue
        subprocess.run(pg._as_postgres([str(bindir / "pg_ctl"), "-D", data, "-m", "immediate",
                                        "stop"]), capture_output=True, timeout=60)
        _, err = p.communicate(timeout=120)
        assert p.returncode == 1, err
        assert "Traceback" not in err and "PostgreSQL" in err, err
        subprocess.run(pg._as_postgres(ctl + ["start"]), check=True, capture_output=True,
                       timeout=60)
        with open_ledger(url) as ledger:
            per = _per_article(ledger)
        assert 0 < len(per) < 300
        assert len(set(per.values())) == 1
    finally:
        subprocess.run(pg._as_postgres([str(bindir / "pg_ctl"), "-D", data, "-m", "immediate",
                                        "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
