"""`frontline eval` end to end: the seed gold file and the GeoWebNews benchmark (../shared)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import SEEDS


def test_eval_on_the_seeds_and_geowebnews(cli, shared):
    gold = shared / "eval" / "seeds_gold.json"
    gwn = shared / "eval" / "geowebnews"
    if not gold.is_file() or not (gwn / "GWN.xml").is_file():
        pytest.skip("../shared/eval lacks the gold file or GeoWebNews")
    r = cli("eval", "--gold", str(gold), str(SEEDS), "--geowebnews", str(gwn), "--json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    seeds = res["gold"]["frontline"]
    assert seeds["place_recall"] == 1.0 and seeds["trap_fail"] == 0
    assert res["gold"]["baseline"]["trap_fail"] > 0  # the baseline does fall into them
    w = res["geowebnews"]
    # resolution given the gold spans: well above the population baseline, and a floor that
    # a regression in the context cues would break
    assert w["frontline"]["acc161"] >= 0.93 > w["baseline"]["acc161"]
    assert w["frontline"]["n"] == w["in_gazetteer"] > 2000
    assert w["recognition_precision"] > 0.85  # person names and org words mostly kept out
    text = cli("eval", "--geowebnews", str(gwn)).stdout
    assert "acc161" in text and "0.941" in text and "recognizer alone" in text


def test_geowebnews_end_to_end_counts_what_the_recognizer_found(gz, tmp_path):
    """Acc@161 from raw text: a gold toponym counts only when the recognizer finds it and the
    resolver places it within 161 km; names the recognizer misses are misses."""
    from geo.evaluate import evaluate_geowebnews

    kyiv = max(gz.candidates("kyiv"), key=lambda c: c.place.population).place
    lviv = max(gz.candidates("lviv"), key=lambda c: c.place.population).place
    text = "Missiles hit Kyiv overnight. In Lviv and in Qwertzuiopville sirens sounded."
    def top(name, lat, lon, typ):
        s = text.index(name)
        return (f"<toponym><extractedName>{name}</extractedName><type>{typ}</type>"
                f"<start>{s}</start><end>{s + len(name)}</end><latitude>{lat}</latitude>"
                f"<longitude>{lon}</longitude></toponym>")
    # Lviv's gold point is put 1,000 km away, so the tool's (right) Lviv counts as a miss there
    xml = ("<articles><article file='1'><text>" + text + "</text><toponyms>"
           + top("Kyiv", kyiv.lat, kyiv.lon, "Literal")
           + top("Lviv", lviv.lat + 9.0, lviv.lon, "Literal")
           + top("Qwertzuiopville", 10.0, 10.0, "Metonymic") + "</toponyms></article></articles>")
    (tmp_path / "GWN.xml").write_text(xml, encoding="utf-8")
    w = evaluate_geowebnews(str(tmp_path), gz)
    assert w["gold_toponyms"] == 3
    assert w["acc161_end_to_end"] == pytest.approx(1 / 3)
    assert w["by_type"]["Literal"] == {"gold": 2, "recognized": 2, "recall": 1.0,
                                       "acc161_end_to_end": 0.5}
    assert w["by_type"]["Metonymic"]["recognized"] == 0
