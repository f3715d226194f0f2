"""Issue 19, inputs and outputs: every defect the independent probe found, as a test that failed
before the fix.  Real files, real processes, real permissions (a real non-root user), real FIFOs.
"""
from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from geo.errors import BadArticle, FrontlineError
from geo.ingest import Failure, iter_articles
from geo.model import Article
from tests.conftest import FRONTLINE, ROOT, SEEDS

GOOD = "Russian forces captured the village of Sukhyi Yar near Pokrovsk, Russia's Defence Ministry said."
OTHER = "Ukrainian forces advanced near Kupiansk, the General Staff said on Monday."


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)])


def _one_line(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert all(line.startswith("frontline: ") for line in stderr.splitlines() if line), stderr


# ------------------------------------------------------------------ identity

def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    for d, text in (("x", GOOD), ("y", OTHER)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "report.txt").write_text(text, encoding="utf-8")
    arts, bad = _split(iter_articles([str(tmp_path)]))
    assert not bad and len(arts) == 2
    assert len({a.id for a in arts}) == 2  # the display ids differ too
    assert len({a.key for a in arts}) == 2
    assert arts[0].id == "report.txt" and arts[1].id.endswith("y/report.txt")


def test_record_identity_follows_the_record_not_its_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    recs = [{"text": t} for t in (GOOD, OTHER, "Shelling hit Kramatorsk on Monday.")]
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    first = {a.text: a.key for a in iter_articles([str(feed)])}
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs[1:]), encoding="utf-8")
    second = {a.text: a.key for a in iter_articles([str(feed)])}
    assert all(second[t] == first[t] for t in second)
    recs = [{"id": "a-1", "text": GOOD}, {"id": "a-2", "text": OTHER}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    k1 = [a.key for a in iter_articles([str(feed)])]
    feed.write_text(json.dumps({"id": "a-2", "text": OTHER + " Updated."}) + "\n")
    k2 = [a.key for a in iter_articles([str(feed)])]
    assert k2 == k1[1:]  # an updated record keeps its identity (its id field)


def test_identity_is_documented():
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert "## Article identity" in doc and "content hash" in doc


# ------------------------------------------------------------------ JSON and JSON Lines

def test_one_bad_jsonl_line_is_reported_and_the_rest_read(tmp_path):
    p = tmp_path / "ten.jsonl"
    lines = [json.dumps({"text": f"{GOOD} Record {i}."}) for i in range(1, 11)]
    lines[4] = '{"text": "broken'
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, bad = _split(iter_articles([str(p)]))
    assert len(arts) == 9 and len(bad) == 1
    assert "line 5" in bad[0].reason and bad[0].path == str(p)
    assert arts[-1].text.endswith("Record 10.")


def test_lone_surrogates_and_deep_nesting_fail_that_input_only(tmp_path):
    (tmp_path / "s.json").write_text('{"text": "Shelling in Kramatorsk \\ud800 here"}')
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "deepobj.json").write_text('{"text": "x", "a": ' + "[" * 1500 + "]" * 1500 + "}")
    lines = [json.dumps({"text": GOOD}), '{"text": "bad \\udfff"}', json.dumps({"text": OTHER})]
    (tmp_path / "f.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "ok.txt").write_text(GOOD)
    arts, bad = _split(iter_articles([str(tmp_path)]))
    reasons = {Path(f.path).name: f.reason for f in bad}
    assert "surrogate" in reasons["s.json"]
    assert "nested" in reasons["deep.json"] and "nested" in reasons["deepobj.json"]
    assert "line 2" in reasons["f.jsonl"] and "surrogate" in reasons["f.jsonl"]
    assert len(arts) == 3  # two good JSONL records and ok.txt


def test_surrogates_and_nesting_through_the_cli(cli, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "s.jsonl").write_text('{"text": "Shelling in Kramatorsk \\ud800 near Pokrovsk"}\n'
                               + json.dumps({"text": GOOD}) + "\n")
    (d / "deep.json").write_text("[" * 100000 + "]" * 100000)
    out = tmp_path / "o.geojson"
    r = cli("extract", str(d), "-o", str(out))
    assert r.returncode == 3, r.stderr
    _one_line(r.stderr)
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert {f["properties"]["article"] for f in fc["features"]} == {"s.jsonl#2"}
    # the same inputs as claims, control and gazetteer files: one line, exit 1
    sur = tmp_path / "sur.geojson"
    sur.write_text('{"type": "FeatureCollection", "features": [], "x": "\\ud800"}')
    deep = tmp_path / "deep.geojson"
    deep.write_text('{"type": "FeatureCollection", "features": ' + "[" * 3000 + "]" * 3000 + "}")
    for args in (["map", str(sur), "-o", str(tmp_path / "m.html")],
                 ["map", str(deep), "-o", str(tmp_path / "m.html")],
                 ["map", str(d / "s.jsonl"), "--control", str(sur), "-o", str(tmp_path / "m.html")],
                 ["map", str(d / "s.jsonl"), "--control", str(deep), "-o", str(tmp_path / "m.html")],
                 ["--gazetteer", str(sur), "extract", str(SEEDS / "003_1453e23ad8c0bd85.txt")],
                 ["--gazetteer", str(deep), "extract", str(SEEDS / "003_1453e23ad8c0bd85.txt")]):
        r = cli(*args)
        assert r.returncode == 1, (args, r.stderr)
        _one_line(r.stderr)
        assert ("surrogate" in r.stderr) or ("nested" in r.stderr), (args, r.stderr)
    assert not (tmp_path / "m.html").exists()


def test_max_bytes_applies_to_each_jsonl_record(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps({"text": "x " * 5000}) + "\n"
                 + json.dumps({"text": OTHER}) + "\n")
    arts, bad = _split(iter_articles([str(p)], max_bytes=2000))
    assert len(arts) == 2 and len(bad) == 1
    assert "line 2" in bad[0].reason and "--max-bytes" in bad[0].reason


# ------------------------------------------------------------------ metadata

@pytest.mark.parametrize("name,content", [
    ("a.txt.meta.json", "5"), ("a.txt.meta.json", "null"), ("a.txt.meta.json", '["x"]'),
    ("articles.toml", "articles = 5"), ("articles.toml", '"a.txt" = 5'),
    ("a.txt.meta.json", '{"title": {"nested": 1}}'),
])
def test_bad_metadata_is_one_clear_failure(tmp_path, name, content):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / name).write_text(content)
    arts, bad = _split(iter_articles([str(tmp_path / "a.txt")]))
    assert not arts and len(bad) == 1
    assert name in bad[0].reason or name in bad[0].path, bad[0]
    assert "metadata" in bad[0].reason


# ------------------------------------------------------------------ file system

@contextlib.contextmanager
def _as_nobody():
    """Drop the effective uid to ``nobody`` so permissions apply (the tests may run as root)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def open_dir():
    d = Path(tempfile.mkdtemp(prefix="frontline-perm-"))
    os.chmod(d, 0o755)
    yield d
    for p in sorted(d.rglob("*"), reverse=True):
        with contextlib.suppress(OSError):
            os.chmod(p, 0o755, follow_symlinks=False) if not p.is_symlink() else None
    import shutil

    shutil.rmtree(d, ignore_errors=True)


def test_unreadable_dirs_symlink_loops_and_utf16_name_the_real_reason(open_dir):
    d = open_dir
    (d / "ok.txt").write_text(GOOD)
    (d / "locked").mkdir()
    (d / "locked" / "inside.txt").write_text(GOOD)
    os.chmod(d / "locked", 0o000)
    (d / "loop.txt").symlink_to(d / "loop.txt")
    (d / "u16.txt").write_bytes(GOOD.encode("utf-16"))  # with BOM
    (d / "u32.txt").write_bytes(OTHER.encode("utf-32"))
    (d / "u16be.txt").write_bytes(b"\xfe\xff" + GOOD.encode("utf-16-be"))
    with _as_nobody():
        arts, bad = _split(iter_articles([str(d)]))
        inner, inner_bad = _split(iter_articles([str(d / "locked" / "inside.txt"),
                                                 str(d / "ok.txt")]))
        loop, loop_bad = _split(iter_articles([str(d / "loop.txt")]))
    reasons = {f.path: f.reason for f in bad}
    assert "permission denied" in reasons[str(d / "locked")]
    assert "symbolic link" in reasons[str(d / "loop.txt")]
    assert sorted(a.id for a in arts) == ["ok.txt", "u16.txt", "u16be.txt", "u32.txt"]
    assert {a.text for a in arts} == {GOOD, OTHER}
    assert len(inner) == 1 and "permission denied" in inner_bad[0].reason
    assert "locked" in inner_bad[0].reason or "locked" in inner_bad[0].path
    assert not loop and "symbolic link" in loop_bad[0].reason


# ------------------------------------------------------------------ outputs

def test_special_files_are_written_directly(cli, tmp_path):
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as f:
            got["data"] = f.read()

    t = threading.Thread(target=reader)
    t.start()
    r = cli("extract", str(SEEDS / "003_1453e23ad8c0bd85.txt"), "-o", str(fifo))
    t.join(30)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert json.loads(got["data"])["features"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    # through a symlink: the file it points to is replaced, the link stays
    real = tmp_path / "real.geojson"
    real.write_text("{}")
    (tmp_path / "link.geojson").symlink_to(real)
    r = cli("extract", str(SEEDS / "003_1453e23ad8c0bd85.txt"), "-o", str(tmp_path / "link.geojson"))
    assert r.returncode == 0 and (tmp_path / "link.geojson").is_symlink()
    assert json.loads(real.read_text())["features"]


def test_files_special_targets_unit(tmp_path):
    from geo.files import atomic_write

    with atomic_write(os.devnull) as f:
        f.write("nothing")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_stale_part_files_are_cleaned_on_the_next_run(tmp_path):
    out = tmp_path / "claims.geojson"
    code = ("import os, sys\nfrom geo.files import atomic_write\n"
            "with atomic_write(sys.argv[1]) as f:\n    f.write('x' * 1000); f.flush()\n"
            "    os.kill(os.getpid(), 9)\n")
    for _ in range(2):
        p = subprocess.run([FRONTLINE[0], "-c", code, str(out)], cwd=ROOT)
        assert p.returncode == -9
    stale = [p for p in tmp_path.iterdir() if ".part" in p.name]
    assert len(stale) == 1  # the second run removed the first one's leftover; its own stays
    # a live writer's temporary file in the same folder is left alone
    live = subprocess.Popen([FRONTLINE[0], "-c", "import sys, time\nfrom geo.files import "
                             "atomic_write\nwith atomic_write(sys.argv[1]) as f:\n    "
                             "f.write('y'); f.flush(); print('ready', flush=True); time.sleep(30)",
                             str(tmp_path / "other.geojson")], cwd=ROOT, stdout=subprocess.PIPE)
    assert live.stdout.readline().strip() == b"ready"
    try:
        from geo.files import atomic_write

        with atomic_write(out) as f:
            f.write("{}")
        left = [p.name for p in tmp_path.iterdir() if ".part" in p.name]
        assert len(left) == 1 and "other.geojson" in left[0], left
    finally:
        live.kill()
        live.wait()
    assert out.read_text() == "{}"


# ------------------------------------------------------------------ claims files

def _claims_fc(**over):
    from geo.records import PROPERTIES

    props = {k: None for k in PROPERTIES}
    props.update(claim_id="c1", article="a.txt", mention="Pokrovsk", place="Pokrovsk",
                 place_id="geonames:1", place_type="settlement", country="UA",
                 admin1="Donetsk Oblast", event="captured", actor="russia", claimant=None,
                 claimant_side="russia", status="claimed", quote="Pokrovsk was captured.",
                 confidence=0.9, precision="exact", claim_key="k", sources=1,
                 source_articles=["a.txt"], quote_start=0, quote_end=10, mention_start=0,
                 mention_end=8, resolution="r", evidence="e")
    props.update(over)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "c1", "geometry": {"type": "Point", "coordinates": [37.1, 48.3]},
         "properties": props}], "unresolved": []}


@pytest.mark.parametrize("over,needle", [
    ({"quote": 5}, "'quote' must be a string"),
    ({"confidence": "high"}, "'confidence' must be a number"),
    ({"confidence": True}, "'confidence' must be a number"),
    ({"admin1": 7}, "'admin1' must be a string or null"),
    ({"claim_id": None}, "'claim_id' must be a string"),
    ({"quote_start": "0"}, "'quote_start' must be an integer"),
    ({"source_articles": "a.txt"}, "'source_articles' must be a list of strings"),
])
def test_claims_are_validated_with_types(over, needle):
    from geo.records import validate

    validate(_claims_fc())
    with pytest.raises(FrontlineError, match=needle):
        validate(_claims_fc(**over))


def test_claims_or_articles_decided_by_parsing(cli, tmp_path):
    sk = tmp_path / "sorted.geojson"
    fc = _claims_fc()
    sk.write_text(json.dumps(fc, sort_keys=True, indent=1))  # "FeatureCollection" far from the top
    fc["features"][0]["properties"]["quote"] = "x" * 5000
    sk.write_text(json.dumps(fc, sort_keys=True, indent=1))
    notjson = tmp_path / "broken.geojson"
    notjson.write_text("Russian forces captured Pokrovsk, the ministry said. {not json")
    out = tmp_path / "o.geojson"
    r = cli("export", str(sk), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert len(json.loads(out.read_text())["features"]) == 1
    r = cli("export", str(notjson), "-o", str(tmp_path / "p.geojson"))
    assert r.returncode == 1 and "not JSON" in r.stderr, r.stderr
    _one_line(r.stderr)
    typed = tmp_path / "typed.geojson"
    typed.write_text(json.dumps(_claims_fc(confidence="high")))
    r = cli("map", str(typed), "-o", str(tmp_path / "m.html"))
    assert r.returncode == 1 and "'confidence' must be a number" in r.stderr, r.stderr
    _one_line(r.stderr)


# ------------------------------------------------------------------ bad gazetteer rows, control

@pytest.mark.parametrize("row,needle", [
    ("Testville,48.1,37.2,abc,exact", "population"),
    ("Testville,48.1,37.2,100,bogus", "precision"),
    ("Testville,nan,37.2,100,exact", "lat"),
])
def test_bad_user_gazetteer_rows(cli, tmp_path, row, needle):
    g = tmp_path / "mine.csv"
    g.write_text("name,lat,lon,population,precision\n" + row + "\n")
    r = cli("--gazetteer", str(g), "extract", str(SEEDS / "003_1453e23ad8c0bd85.txt"))
    assert r.returncode == 1, r.stderr
    _one_line(r.stderr)
    assert needle in r.stderr and "mine.csv" in r.stderr and "row 2" in r.stderr


def test_nan_in_a_control_polygon(cli, tmp_path):
    ctl = tmp_path / "control.geojson"
    ctl.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                   '"properties": {}, "geometry": {"type": "Polygon", "coordinates": '
                   '[[[37.0, 48.0], [NaN, 48.5], [37.5, 48.5], [37.0, 48.0]]]}}]}')
    r = cli("map", str(SEEDS / "003_1453e23ad8c0bd85.txt"), "--control", str(ctl),
            "-o", str(tmp_path / "m.html"))
    assert r.returncode == 1, r.stderr
    _one_line(r.stderr)
    assert "control.geojson" in r.stderr and "NaN" in r.stderr
    assert not (tmp_path / "m.html").exists()


# ------------------------------------------------------------------ dates, snapshot

def test_parse_date_option():
    import datetime as dt

    from geo.cli.base import parse_date

    today = dt.date(2025, 12, 8)
    assert parse_date("2025", today=today) == "2025"
    assert parse_date("2025-11", today=today) == "2025-11"
    assert parse_date("2025-11-03", today=today) == "2025-11-03"
    assert parse_date("today", today=today) == "2025-12-08"
    assert parse_date("yesterday", today=today) == "2025-12-07"
    assert parse_date("7d", today=today) == "2025-12-01"
    assert parse_date("2w", today=today) == "2025-11-24"
    for bad in ("01/11/2025", "2025-13", "2025-02-30", "soon", "-3d", ""):
        with pytest.raises(ValueError):
            parse_date(bad, today=today)


def test_since_until_on_the_command_line(cli, tmp_path):
    f = str(SEEDS / "003_1453e23ad8c0bd85.txt")
    r = cli("map", f, "--since", "01/11/2025", "-o", str(tmp_path / "m.html"))
    assert r.returncode == 2 and "--since" in r.stderr and "YYYY-MM-DD" in r.stderr, r.stderr
    r = cli("map", f, "--since", "2025-12-01", "--until", "2025-11-01", "-o", str(tmp_path / "m.html"))
    assert r.returncode == 2 and "after" in r.stderr, r.stderr
    assert not (tmp_path / "m.html").exists()
    r = cli("map", f, "--since", "yesterday", "-o", str(tmp_path / "m.html"))
    assert r.returncode == 0, r.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "yesterday" in readme and "7d" in readme


def test_snapshot_of_something_that_is_not_a_map(cli, tmp_path):
    r = cli("snapshot", str(ROOT / "README.md"), "-o", str(tmp_path / "s.png"))
    assert r.returncode == 1 and "not a Frontline map" in r.stderr, r.stderr
    _one_line(r.stderr)
    assert not (tmp_path / "s.png").exists()


# ------------------------------------------------------------------ reading a missing ledger

def test_reading_commands_never_create_a_ledger(cli, tmp_path):
    typo = tmp_path / "sub" / "typo.gpkg"
    for args in (["map", "--db", str(typo), "-o", str(tmp_path / "m.html")],
                 ["export", "--db", str(typo), "-o", str(tmp_path / "e.geojson")],
                 ["timeline", "Pokrovsk", "--db", str(typo)]):
        r = cli(*args)
        assert r.returncode == 1 and "no such ledger" in r.stderr, (args, r.stderr)
        _one_line(r.stderr)
    assert not (tmp_path / "sub").exists()
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "e.geojson").exists()


def test_bad_article_error_class():
    assert issubclass(BadArticle, FrontlineError)
