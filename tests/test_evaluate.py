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
