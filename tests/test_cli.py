"""The command line as a user meets it: help, version, bad input, exit statuses, atomic outputs."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT, SEEDS

GOOD = "Russian forces captured the village of Sukhyi Yar near Pokrovsk, Russia's Defence Ministry said."


def test_version_and_help(cli):
    r = cli("--version")
    assert r.returncode == 0 and re.search(r"\d+\.\d+", r.stdout)
    r = cli("--help")
    assert r.returncode == 0 and "Example:" in r.stdout


def test_every_command_has_help_with_example_and_is_in_the_readme(cli):
    from geo.cli.base import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = []
    for name, cmd in main.commands.items():
        subs = getattr(cmd, "commands", None)
        names += [f"{name} {s}" for s in subs] if subs else [name]
    assert {"extract", "map", "places", "export", "snapshot", "eval", "ingest",
            "timeline"} <= {n.split()[0] for n in names}
    for name in names:
        r = cli(*name.split(), "--help")
        assert r.returncode == 0, (name, r.stderr)
        assert "Example:" in r.stdout, name
        assert f"frontline {name}" in readme, f"README does not show 'frontline {name}'"


def test_wrong_usage_is_exit_2_without_traceback(cli):
    for args in (["extract"], ["extract", "seeds", "--engine", "spark"], ["nosuchcommand"],
                 ["map", "seeds"]):
        r = cli(*args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert "Traceback" not in r.stderr


@pytest.mark.parametrize("name,content,needle", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty file"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    ("cp1251.txt", "Покровськ".encode("cp1251"), "not UTF-8"),
    ("bad.json", b'{"text": ', "malformed JSON"),
    ("nothing.html", b"<html><body><nav>menu</nav></body></html>", "no article text"),
])
def test_bad_input_one_line_exit_1_no_output(cli, tmp_path, name, content, needle):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    out = tmp_path / "out.geojson"
    r = cli("extract", str(p), "-o", str(out))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert needle in r.stderr and str(p) in r.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".out.geojson*"))  # no temporary left behind


def test_partial_batch_exit_3_and_strict(cli, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    out = tmp_path / "out.geojson"
    r = cli("extract", str(d), "-o", str(out))
    assert r.returncode == 3, r.stderr
    assert "1 bad input" in r.stderr and "bad.txt" in r.stderr
    fc = json.loads(out.read_text())
    assert {f["properties"]["article"] for f in fc["features"]} == {"good.txt"}
    assert fc["skipped"][0]["path"].endswith("bad.txt")
    out2 = tmp_path / "strict.geojson"
    r = cli("extract", str(d), "-o", str(out2), "--strict")
    assert r.returncode == 1 and "--strict" in r.stderr and not out2.exists()


def test_failure_midway_keeps_the_earlier_output(cli, tmp_path):
    out = tmp_path / "claims.geojson"
    out.write_text('{"earlier": true}')
    r = cli("extract", str(tmp_path / "missing.txt"), "-o", str(out))
    assert r.returncode == 1
    assert out.read_text() == '{"earlier": true}'


def test_stdin(cli):
    r = cli("extract", "-", "-o", "-", input=GOOD)
    assert r.returncode == 0, r.stderr
    fc = json.loads(r.stdout)
    assert {f["properties"]["place"] for f in fc["features"]} >= {"Pokrovsk"}


def test_extract_seeds_schema(seed_claims):
    from geo.records import CORE_PROPERTIES, PROPERTIES, VOCABULARIES, validate

    validate(seed_claims)
    assert seed_claims["features"]
    for f in seed_claims["features"]:
        p = f["properties"]
        assert list(p) == list(PROPERTIES)
        assert set(CORE_PROPERTIES) <= set(p)
        for key, allowed in VOCABULARIES.items():
            assert p[key] in allowed, (key, p[key])
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert 0 <= p["confidence"] <= 1
        art = (SEEDS / p["article"]).read_text(encoding="utf-8")
        assert art[p["quote_start"]:p["quote_end"]] == p["quote"]
        assert art[p["mention_start"]:p["mention_end"]] == p["mention"]
        if p["event"] != "mention":
            assert p["claimant_side"] is not None
    assert isinstance(seed_claims["unresolved"], list)


def test_claim_ids_are_stable(cli, tmp_path, seed_claims):
    out = tmp_path / "again.geojson"
    assert cli("extract", str(SEEDS), "-o", str(out)).returncode == 0
    again = json.loads(out.read_text())
    assert [f["id"] for f in again["features"]] == [f["id"] for f in seed_claims["features"]]


def test_places_table(cli):
    r = cli("places", str(SEEDS / "003_1453e23ad8c0bd85.txt"), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    rivne = [x for x in rows if x["mention"] == "Rivne"]
    assert rivne and rivne[0]["admin1"] and "Donetsk" in rivne[0]["admin1"]
    assert all(x["how"] for x in rows)
