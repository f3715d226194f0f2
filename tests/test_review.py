"""``frontline review``: the real server (uvicorn on 127.0.0.1) driven by Debian's Chromium.

Both ledger backends: a GeoPackage file and a real PostgreSQL/PostGIS server (tests/pg.py).
Every decision goes through the page or the server's HTTP API; the ledger is then read back with
``frontline export`` / the ledger classes, never by peeking at the server's memory.
"""
from __future__ import annotations

import collections
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import chromium_available
from tests.conftest import FRONTLINE, ROOT, SEEDS, run_cli
from tests.pg import postgis_url  # noqa: F401  (session fixture)

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.slow]

HOSTILE = """---
published: 2025-11-12
title: "<img src=x onerror=window.__pwned=4>"
---
Russia's Defence Ministry said on November 12 that its forces had captured Sukhyi Yar \
<img src=x onerror="window.__pwned=1"> near Pokrovsk, a claim that could not be independently \
verified. </textarea><script>window.__pwned=2</script>
Ukraine's General Staff said fighting continued around Pokrovsk \
<b onmouseover="window.__pwned=3">today</b>.
"""


# ----------------------------------------------------------------------------- helpers


class Server:
    """``frontline review --db DB --port 0 --no-browser --reviewer NAME`` as a real process."""

    def __init__(self, db: str, reviewer: str, extra: tuple[str, ...] = ()):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [*FRONTLINE, "review", "--db", db, "--port", "0", "--no-browser",
             "--reviewer", reviewer, *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = None

    def ready(self) -> Server:
        lines = []
        timer = threading.Timer(120, self.proc.kill)
        timer.start()
        try:
            for line in self.proc.stderr:
                lines.append(line)
                m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
                if m:
                    self.url = m.group(1)
                    break
        finally:
            timer.cancel()
        if not self.url:
            self.proc.kill()
            raise AssertionError("the review server did not start:\n" + "".join(lines))
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))
        self.token = re.search(r'name="frontline-token" content="([^"]+)"',
                               self.get("/")[1]).group(1)
        return self

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        req = urllib.request.Request(self.url.rstrip("/") + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")

    def post(self, path: str, body: bytes | dict, *, token: str | None = "",
             headers: dict | None = None) -> tuple[int, dict | str]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h = {"Content-Type": "application/json"}
        if token is not None:
            h["X-Frontline-Token"] = token or self.token
        h.update(headers or {})
        req = urllib.request.Request(self.url.rstrip("/") + path, data=data, headers=h,
                                     method="POST")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, text = r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode("utf-8")
        try:
            return status, json.loads(text)
        except json.JSONDecodeError:
            return status, text

    def queue(self) -> list[dict]:
        return json.loads(self.get("/api/claims")[1])["claims"]

    def stop(self) -> None:
        """Ctrl-C; the process finishes exiting while the next test runs (see ``_reap``)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        _STOPPING.append(self.proc)


_STOPPING: list[subprocess.Popen] = []


@pytest.fixture(scope="module", autouse=True)
def _reap():
    yield
    for proc in _STOPPING:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.returncode in (0, 130), f"the review server exited with {proc.returncode}"
        proc.stderr.close()
        proc.stdout.close()
    _STOPPING.clear()


@contextmanager
def serving(db: str, reviewer: str, *extra: str):
    with serving_all((db, reviewer, *extra)) as (s,):
        yield s


@contextmanager
def serving_all(*runs: tuple[str, ...]):
    """Several review servers started at once (each run: db, reviewer, extra args...)."""
    servers = [Server(r[0], r[1], tuple(r[2:])) for r in runs]
    try:
        yield [s.ready() for s in servers]
    finally:
        for s in servers:
            s.stop()


@pytest.fixture(scope="module")
def browser():
    if not chromium_available():
        pytest.skip("Debian chromium is not installed")
    from tests.browser import launch

    with launch() as b:
        yield b


@contextmanager
def page_at(browser, url: str):
    """A page on the review server; any request elsewhere is refused and recorded."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(60_000)  # a loaded shared machine is slow, not broken
    page = ctx.new_page()
    page.foreign, page.errors, page.dialogs = [], [], []

    def route(r):
        if r.request.url.startswith(url) or r.request.url.startswith(("data:", "about:")):
            r.continue_()
        else:
            page.foreign.append(r.request.url)
            r.abort("blockedbyclient")

    ctx.route("**/*", route)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    try:
        yield page
    finally:
        ctx.close()


def open_claim(page, claim_id: str) -> None:
    page.locator(f"#queue li[data-claim='{claim_id}']").click()
    page.wait_for_selector(f"#claim[data-claim='{claim_id}']:not([aria-busy])")


def current(page) -> str:
    page.wait_for_selector("#claim[data-claim]:not([aria-busy])")
    return page.locator("#claim").get_attribute("data-claim")


def exported(db: str, tmp_path: Path, *extra: str) -> list[dict]:
    out = tmp_path / f"out_{uuid.uuid4().hex[:6]}.geojson"
    r = run_cli("export", "--db", db, "-o", str(out), *extra)
    assert r.returncode == 0, r.stderr
    return [f["properties"] | {"_xy": f["geometry"]["coordinates"]}
            for f in json.loads(out.read_text(encoding="utf-8"))["features"]]


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            addr, p = local.split(":")
            if state == "0A" and int(p, 16) == port:
                found.add(addr)
    return found


# ----------------------------------------------------------------------------- ledgers


@pytest.fixture(scope="module")
def seeded_gpkg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review") / "seeds.gpkg"
    r = run_cli("ingest", str(SEEDS), "--db", str(path))
    assert r.returncode == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def seed_extractions(gz):
    from geo.pipeline import extract_paths

    return list(extract_paths([str(SEEDS)], gz=gz))


@pytest.fixture(scope="module")
def seeded_pg(request, seed_extractions) -> str:
    base = request.getfixturevalue("postgis_url")
    import psycopg

    from geo.ledger import open_ledger

    name = "rv_seed_" + uuid.uuid4().hex[:8]
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    url = base.rsplit("/", 1)[0] + "/" + name
    with open_ledger(url) as L:  # the same extractions `frontline ingest` writes
        assert L.ingest(seed_extractions)["added"] == len(seed_extractions)
    return url


@pytest.fixture(params=["gpkg", "postgis"])
def ledger(request, tmp_path) -> str:
    """A fresh copy of the seeds ledger on either backend."""
    if request.param == "gpkg":
        path = tmp_path / "L.gpkg"
        shutil.copy(request.getfixturevalue("seeded_gpkg"), path)
        return str(path)
    seed = request.getfixturevalue("seeded_pg")
    import psycopg

    name = "rv_" + uuid.uuid4().hex[:10]
    admin = seed.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE {seed.rsplit('/', 1)[1]}")
    return seed.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def gpkg_ledger(seeded_gpkg, tmp_path) -> str:
    path = tmp_path / "L.gpkg"
    shutil.copy(seeded_gpkg, path)
    return str(path)


# ----------------------------------------------------------------------------- tests


def test_accept_and_reject_in_the_page_then_export(browser, ledger, tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with serving(ledger, "ana", "--port", str(port)) as srv:
        assert srv.port == port
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1 and nothing else
        queue = srv.queue()
        # pending first, lowest confidence first
        confs = [c["confidence"] for c in queue]
        assert confs == sorted(confs) and len(queue) > 10
        with page_at(browser, srv.url) as page:
            first = current(page)
            assert first == queue[0]["claim_id"]
            page.keyboard.press("j")
            assert current(page) == queue[1]["claim_id"]
            page.keyboard.press("k")
            assert current(page) == first
            page.get_by_role("button", name="Accept", exact=True).click()
            page.wait_for_selector(f"#queue li[data-claim='{first}'][data-review='accepted']")
            second = current(page)  # the page moved on to the next claim
            assert second == queue[1]["claim_id"]
            page.fill("#note", "the article itself says it is unverified")
            page.evaluate("document.activeElement.blur()")  # keys act outside the note field
            page.keyboard.press("r")
            page.wait_for_selector(f"#queue li[data-claim='{second}'][data-review='rejected']")
            assert page.locator("[data-count='accepted']").inner_text() == "accepted 1"
            assert page.locator("[data-count='rejected']").inner_text() == "rejected 1"
            assert not page.foreign and not page.errors, (page.foreign, page.errors)
    feats = exported(ledger, tmp_path)  # frontline export --db LEDGER -o out.geojson
    by = {p["claim_id"]: p for p in feats}
    counts = collections.Counter(p["review_status"] for p in feats)
    assert counts == {"accepted": 1, "rejected": 1, "pending": len(feats) - 2}
    assert by[first]["review_status"] == "accepted" and by[first]["reviewed_by"] == "ana"
    assert by[second]["review_note"] == "the article itself says it is unverified"
    assert by[second]["reviewed_at"] and by[first]["reviewed_at"]
    assert all(p["reviewed_by"] is None for p in feats if p["review_status"] == "pending")
    # the machine's claim is untouched: same values as before the review
    assert by[second]["status"] == queue[1]["status"]


def test_publication_map_badge_and_timeline(browser, gpkg_ledger, tmp_path):
    from tests.browser import visit

    with serving(gpkg_ledger, "ana") as srv:
        q = [c for c in srv.queue() if c["event"] == "captured"]
        ok, rejected, pending = q[0]["claim_id"], q[1]["claim_id"], q[2]["claim_id"]
        for cid, decision in ((ok, "accepted"), (rejected, "rejected")):
            code, data = srv.post(f"/api/claims/{cid}/review", {"decision": decision, "base": None})
            assert code == 200, data
    published = exported(gpkg_ledger, tmp_path, "--reviewed-only")
    assert [p["claim_id"] for p in published] == [ok]
    out = tmp_path / "m.html"
    r = run_cli("map", "--db", gpkg_ledger, "-o", str(out), "--no-tiles")
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert f'"id":"{rejected}"' not in text and f'"id":"{ok}"' in text  # rejected: not drawn
    with visit(browser, out) as v:
        for cid, badge in ((ok, 0), (pending, 1)):
            v.page.evaluate(f"window.frontline.openClaim('{cid}')")
            pop = v.page.locator(f".fl-popup[data-claim='{cid}']")
            pop.wait_for()
            assert pop.locator(".fl-review-pending").count() == badge
            if badge:
                assert pop.locator(".fl-review-pending").inner_text() == "pending review"
    r = run_cli("timeline", q[0]["place"], "--db", gpkg_ledger, "--json")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert any(x["review_status"] == "accepted" and x["reviewed_by"] == "ana" for x in rows)
    assert all(x["review_status"] in ("pending", "accepted", "rejected") for x in rows)


def test_correct_place_and_values_saves_a_gazetteer_entry(browser, gpkg_ledger, tmp_path):
    places_csv = tmp_path / "mine.csv"
    with serving(gpkg_ledger, "ana", "--gazetteer-out", str(places_csv)) as srv:
        # a claim whose name has other gazetteer candidates (the machine picked one)
        target = None
        for c in srv.queue():
            if c["event"] in ("mention", "diplomacy"):
                continue
            d = json.loads(srv.get(f"/api/claims/{c['claim_id']}")[1])
            others = [p for p in d["candidates"] if p["place_id"] != d["claim"]["place_id"]]
            if others:
                target, other = d, others[0]
                break
        assert target, "no seed claim has a runner-up candidate"
        cid = target["claim"]["claim_id"]
        machine = target["claim"]
        new_status = next(s for s in ("disputed", "confirmed") if s != machine["status"])
        with page_at(browser, srv.url) as page:
            open_claim(page, cid)
            assert page.locator("#c-cands li").count() == len(target["candidates"])
            page.get_by_role("button", name="Correct", exact=True).click()
            page.select_option("#x-place", other["place_id"])
            page.select_option("#x-status", new_status)
            page.check("#x-save")
            page.fill("#note", "the runner-up fits the article's region")
            page.get_by_role("button", name="Save correction").click()
            page.wait_for_selector(f"#queue li[data-claim='{cid}'][data-review='corrected']")
            # a locator wait, not wait_for_function: the page's CSP forbids eval (as it should)
            page.locator("#msg", has_text="place saved in").wait_for()
            assert not page.errors, page.errors
    by = {p["claim_id"]: p for p in exported(gpkg_ledger, tmp_path)}
    p = by[cid]
    assert p["review_status"] == "corrected" and p["reviewed_by"] == "ana"
    assert p["place_id"] == other["place_id"] and p["machine_place_id"] == machine["place_id"]
    assert p["_xy"] == pytest.approx([other["lon"], other["lat"]], abs=1e-6)
    assert [p["machine_lon"], p["machine_lat"]] == pytest.approx([machine["_lon"], machine["_lat"]])
    assert p["status"] == new_status and p["machine_status"] == machine["status"]
    assert p["event"] == machine["event"] and "machine_event" not in p
    # the ledger keeps the machine's claim as it was
    from geo.ledger.review import ReviewStore
    from geo.ledger import open_ledger

    with open_ledger(gpkg_ledger) as L:
        raw = ReviewStore(L).claim(cid)
        hist = ReviewStore(L).history(cid)
    assert raw["place_id"] == machine["place_id"] and raw["status"] == machine["status"]
    assert hist[-1].before["place_id"] == machine["place_id"]
    assert hist[-1].after["place"]["place_id"] == other["place_id"]
    # the saved entry is a user gazetteer entry: --gazetteer puts it first for that name
    import csv

    rows = list(csv.DictReader(places_csv.open(encoding="utf-8")))
    assert [(r["name"], r["id"]) for r in rows] == [(machine["mention"], other["place_id"])]
    r = run_cli("--gazetteer", str(places_csv), "gazetteer", "lookup", machine["mention"],
                "--json")
    assert r.returncode == 0, r.stderr
    top = json.loads(r.stdout.splitlines()[0])
    assert (top["id"], top["source"]) == (other["place_id"], "user")
    assert [top["lon"], top["lat"]] == pytest.approx([other["lon"], other["lat"]], abs=1e-5)


@pytest.fixture(params=["gpkg", "postgis"])
def arts_ledger(request, tmp_path, gz):
    """A ledger of a private copy of the seeds (an article's identity is its path, so the test
    edits and re-ingests the very files the ledger holds)."""
    from geo.ledger import open_ledger
    from geo.pipeline import extract_paths

    arts = tmp_path / "arts"
    shutil.copytree(SEEDS, arts)
    if request.param == "gpkg":
        url = str(tmp_path / "A.gpkg")
    else:
        import psycopg

        base = request.getfixturevalue("postgis_url")
        name = "rv_arts_" + uuid.uuid4().hex[:8]
        with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        url = base.rsplit("/", 1)[0] + "/" + name
    with open_ledger(url) as L:
        L.ingest(extract_paths([str(arts)], gz=gz))
    return url, arts


def test_reingest_keeps_reviews_and_flags_changed_claims(arts_ledger, gz, tmp_path):
    from geo.ledger.review import ReviewStore
    from geo.ledger import open_ledger

    ledger, arts = arts_ledger
    with open_ledger(ledger) as L:
        store = ReviewStore(L)
        q = store.claims()
        sukhyi = next(c for c in q if c["place"] == "Sukhyi Yar" and c["event"] == "captured"
                      and c["article"].startswith("000_"))
        steady = next(c for c in q if c["article"].startswith("003_") and c["event"] != "mention")
        for c in (sukhyi, steady):
            store.record(c["claim_id"], decision="accepted", reviewer="ana")
    # the outlet edits the quote of the reviewed claim (after the place name: same claim id)
    f = arts / sukhyi["article"]
    text = f.read_text(encoding="utf-8")
    assert "finding a stronghold" in text
    f.write_text(text.replace("finding a stronghold", "finding a foothold"), encoding="utf-8")
    from geo.pipeline import extract_paths

    with open_ledger(ledger) as L:  # what `frontline ingest` does, in this process
        assert L.ingest(extract_paths([str(f)], gz=gz))["updated"] == 1
    from geo.ledger.review import publishable

    with open_ledger(ledger) as L:
        fc = L.feature_collection()
        orphans = ReviewStore(L).orphans()
    by = {f["id"]: f["properties"] for f in fc["features"]}
    assert by[sukhyi["claim_id"]]["review_status"] == "accepted"  # kept across the re-ingest
    assert by[sukhyi["claim_id"]]["review_outdated"] is True      # ... and flagged
    assert by[steady["claim_id"]]["review_status"] == "accepted"
    assert by[steady["claim_id"]]["review_outdated"] is False
    published = {f["id"] for f in publishable(fc, reviewed_only=True)["features"]}
    assert published == {steady["claim_id"]}
    assert orphans == []


def test_two_reviewers_at_once_lose_no_decision(browser, ledger, tmp_path):
    with serving_all((ledger, "ana"), (ledger, "ben")) as (ana, ben):
        q = ana.queue()
        cid = q[0]["claim_id"]
        if ledger.startswith("postgresql://"):  # the same app code; the page is tested on gpkg
            assert ana.post(f"/api/claims/{cid}/review", {"decision": "accepted",
                                                           "base": None})[0] == 200
            code, data = ben.post(f"/api/claims/{cid}/review", {"decision": "rejected",
                                                                 "base": None})
            assert code == 409 and data["current"]["reviewer"] == "ana", data
            assert ben.post(f"/api/claims/{cid}/review", {"decision": "rejected", "base": None,
                                                          "force": True})[0] == 200
        else:
            with page_at(browser, ana.url) as pa, page_at(browser, ben.url) as pb:
                assert current(pa) == current(pb) == cid  # both look at the same claim
                pa.get_by_role("button", name="Accept", exact=True).click()
                pa.wait_for_selector(f"#queue li[data-claim='{cid}'][data-review='accepted']")
                pb.get_by_role("button", name="Reject", exact=True).click()
                pb.wait_for_selector("#msg[data-conflict='1']")
                assert "ana already recorded 'accepted'" in pb.locator("#msg").inner_text()
                st = {p["claim_id"]: p for p in exported(ledger, tmp_path)}[cid]
                assert (st["review_status"], st["reviewed_by"]) == ("accepted", "ana")
                pb.get_by_role("button", name="Record mine anyway").click()
                pb.wait_for_selector(f"#queue li[data-claim='{cid}'][data-review='rejected']")
        # many decisions at the same moment through both servers: every one is recorded
        todo = [c["claim_id"] for c in q[1:21]]
        results = []

        def send(srv, claim_id):
            results.append(srv.post(f"/api/claims/{claim_id}/review",
                                    {"decision": "accepted", "base": None})[0])

        threads = [threading.Thread(target=send, args=(ana if i % 2 else ben, c))
                   for i, c in enumerate(todo)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * len(todo)
    from geo.ledger.review import ReviewStore
    from geo.ledger import open_ledger

    with open_ledger(ledger) as L:
        store = ReviewStore(L)
        hist = store.history(cid)
        latest = store.latest()
    assert [(h.reviewer, h.decision) for h in hist] == [("ana", "accepted"), ("ben", "rejected")]
    assert hist[1].supersedes == hist[0].id
    assert set(todo) <= set(latest) and len(latest) == len(todo) + 1
    assert {latest[c].reviewer for c in todo} == {"ana", "ben"}


def test_forged_and_malformed_requests_are_refused(browser, gpkg_ledger, tmp_path):
    import http.server

    with serving(gpkg_ledger, "ana") as srv:
        cid = srv.queue()[0]["claim_id"]
        path = f"/api/claims/{cid}/review"
        ok = {"decision": "accepted", "base": None}
        assert srv.post(path, ok, token=None)[0] == 403
        assert srv.post(path, ok, token="forged")[0] == 403
        assert srv.post(path, ok, headers={"Origin": "http://evil.example"})[0] == 403
        assert srv.post(path, ok, headers={"Content-Type": "text/plain"})[0] == 415
        assert srv.post(path, ok, headers={"Host": "evil.example"})[0] == 421
        assert srv.get("/api/claims", headers={"Host": "rebound.example"})[0] == 421
        for body, status in ((b"{not json", 400), (b"[1, 2]", 400), (b"\xff\xfe", 400),
                             ({"decision": "maybe"}, 422), ({"decision": "accepted",
                              "base": "x"}, 400),
                             ({"decision": "corrected", "changes": {"status": "won"}}, 422),
                             ({"decision": "corrected", "changes": {"lat": 1}}, 422),
                             ({"decision": "corrected", "place_id": "geonames:1"}, 422)):
            code, data = srv.post(path, body)
            assert code == status, (body, code, data)
            assert isinstance(data, dict) and data["error"] and "Traceback" not in str(data)
        code, data = srv.post("/api/claims/no-such-claim/review", ok)
        assert code == 404 and "no claim 'no-such-claim'" in data["error"]
        code, text = srv.get("/api/claims/no-such-claim")
        assert code == 404 and "Traceback" not in text
        # a page on another origin tries a form post and a fetch
        evil = tmp_path / "evil"
        evil.mkdir()
        (evil / "index.html").write_text(f"""<!doctype html><html><body>
<form id=f method=POST action="{srv.url}api/claims/{cid}/review" enctype="text/plain">
<input name='{{"decision":"accepted","base":null,"x":"' value='"}}'></form>
<script>
fetch("{srv.url}api/claims/{cid}/review", {{method: "POST", mode: "no-cors",
  body: JSON.stringify({{decision: "rejected", base: null}})}}).finally(function () {{
  document.getElementById("f").submit(); }});
</script></body></html>""", encoding="utf-8")
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(
            *a, directory=str(evil), **k)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            ctx = browser.new_context()
            page = ctx.new_page()
            with page.expect_navigation(timeout=15_000):
                page.goto(f"http://localhost:{httpd.server_address[1]}/")
            page.wait_for_timeout(300)
            ctx.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
        assert all(c["review_status"] == "pending" for c in srv.queue())
    from geo.ledger.review import ReviewStore
    from geo.ledger import open_ledger

    with open_ledger(gpkg_ledger) as L:
        assert ReviewStore(L).latest() == {}


def test_hostile_article_text_is_inert(browser, gz, tmp_path):
    from geo.pipeline import extract_paths
    from geo.ledger import open_ledger

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "100_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(tmp_path / "H.gpkg")
    with open_ledger(db) as L:
        assert L.ingest(extract_paths([str(arts)], gz=gz))["added"] == 1
    with serving(db, "<b>ana</b>") as srv:
        q = srv.queue()
        claim = next(c for c in q if c["place"] == "Sukhyi Yar")
        with page_at(browser, srv.url) as page:
            open_claim(page, claim["claim_id"])
            ctx_text = page.locator("#c-context").inner_text()
            assert '<img src=x onerror="window.__pwned=1">' in ctx_text
            assert "<script>window.__pwned=2</script>" in ctx_text
            assert page.locator("#c-context mark.hl-place").inner_text() == "Sukhyi Yar"
            assert page.locator("#c-context img, #c-context script, #c-context b").count() == 0
            assert page.locator("#reviewer").inner_text() == "<b>ana</b>"
            other = next(c for c in q if c["place"] == "Pokrovsk" and c["event"] == "fighting")
            open_claim(page, other["claim_id"])
            page.hover("#c-context")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__pwned") is None
            assert not page.dialogs and not page.foreign and not page.errors, (
                page.dialogs, page.foreign, page.errors)
            page.get_by_role("button", name="Accept", exact=True).click()
            page.wait_for_selector(f"#queue li[data-claim='{other['claim_id']}']"
                                   f"[data-review='accepted']")
    with open_ledger(db) as L:
        feats = {f["id"]: f["properties"] for f in L.feature_collection()["features"]}
    assert feats[other["claim_id"]]["reviewed_by"] == "<b>ana</b>"
