"""The command line as people use it: places tables, -q/-v, progress bars, eval --json."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import termios

import pytest

from tests.conftest import FRONTLINE, ROOT, SEEDS

ARTICLE = str(SEEDS / "003_1453e23ad8c0bd85.txt")


@pytest.fixture(scope="module")
def places_json(cli) -> list[dict]:
    r = cli("places", ARTICLE, "--format", "json")
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_places_one_row_per_place_with_counts(cli, places_json):
    ids = [row["place_id"] for row in places_json if row["place_id"]]
    assert len(ids) == len(set(ids))  # one row per place
    siversk = [row for row in places_json if row["place"] == "Siversk"]
    assert len(siversk) == 1 and siversk[0]["mentions"] == len(siversk[0]["spans"]) >= 1
    assert sum(row["mentions"] for row in places_json) == sum(len(r["spans"]) for r in places_json)
    assert any(row["mentions"] > 1 for row in places_json)
    alias = cli("places", ARTICLE, "--json")
    assert [json.loads(x) for x in alias.stdout.splitlines()] == places_json


def test_places_tsv_and_table(cli, places_json):
    tsv = cli("places", ARTICLE, "--format", "tsv")
    lines = tsv.stdout.splitlines()
    header = lines[0].split("\t")
    assert header[:2] == ["place", "mentions"] and len(lines) == len(places_json) + 1
    assert all(len(x.split("\t")) == len(header) for x in lines[1:])
    piped = cli("places", ARTICLE)  # piped without --format: TSV for scripts
    assert piped.stdout == tsv.stdout
    table = cli("places", ARTICLE, "--format", "table", env={"COLUMNS": "90"}).stdout.splitlines()
    assert table[0].split()[:4] == ["place", "mentions", "lat", "lon"]
    col = table[0].index("mentions")
    lat = table[0].index("lat")
    for line in table[1:]:  # aligned: every count sits under its header
        assert line[col:lat].strip().isdigit(), line
        assert len(line) <= 90
    assert len(table) == len(places_json) + 1


def test_quiet_and_verbose(cli, seed_claims_path, tmp_path):
    out = tmp_path / "c.csv"
    loud = cli("export", str(seed_claims_path), "-o", str(out))
    assert "frontline: wrote" in loud.stderr
    quiet = cli("-q", "export", str(seed_claims_path), "-o", str(out))
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = cli("-v", "export", str(seed_claims_path), "-o", str(tmp_path / "c.kmz"))
    assert verbose.returncode == 0
    assert "INFO: writing" in verbose.stderr and "verified and renamed" in verbose.stderr
    assert "read" in verbose.stderr and "claim(s)" in verbose.stderr


def _run_on_terminal(*args: str) -> str:
    """Run frontline with stderr on a pseudo-terminal; return what the terminal showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    env = {**os.environ, "FRONTLINE_PROGRESS_DELAY": "0", "PYTHONIOENCODING": "utf-8"}
    env.pop("FRONTLINE_NO_PROGRESS", None)
    proc = subprocess.Popen([*FRONTLINE, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(cli, tmp_path):
    shown = _run_on_terminal("places", ARTICLE, "--format", "tsv")
    assert "extract" in shown and "articles" in shown and "\r" in shown
    assert "extract" not in _run_on_terminal("-q", "places", ARTICLE, "--format", "tsv")
    piped = cli("places", ARTICLE, "--format", "tsv", env={"FRONTLINE_PROGRESS_DELAY": "0"})
    assert "\r" not in piped.stderr and "articles/s" not in piped.stderr


@pytest.mark.slow
def test_eval_json_for_ci(cli, gold, shared):
    r = cli("eval", "--gold", str(shared / "eval" / "seeds_gold.json"), str(SEEDS), "--json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)  # stdout is JSON only
    g = res["gold"]
    assert g["articles"] == 5
    for system in ("frontline", "baseline"):
        for key in ("place_recall", "claim_recall", "side_acc", "status_acc"):
            assert 0.0 <= g[system][key] <= 1.0, (system, key)

