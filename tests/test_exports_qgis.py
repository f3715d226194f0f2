"""The QGIS style as a reader sees it: rendered by real QGIS (PyQGIS offscreen)."""
from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from geo.publish.export import export_claims
from geo.publish.qgis_style import LABEL_MAX_SCALE
from tests.test_export import needs_qgis, sample_fc

PROBE = Path(__file__).with_name("qgis_style_probe.py")
NEAR = [29.5, 46.5, 39.5, 51.5]  # Ukraine from Kyiv to the Donbas, about 1:4,000,000
FAR = [-60.0, 0.0, 120.0, 80.0]  # a third of the world


def areas_for(fc: dict) -> list[dict]:
    """Polygons for the claims of the approximately located place (a square around its stand-in
    point, standing in for the hromada outline another module provides)."""
    out = []
    for f in fc["features"]:
        p = f["properties"]
        if p["precision"] != "approximate":
            continue
        x, y = f["geometry"]["coordinates"]
        ring = [[x - .1, y - .07], [x + .1, y - .07], [x + .1, y + .07], [x - .1, y + .07],
                [x - .1, y - .07]]
        out.append({"type": "Feature", "properties": dict(p),
                    "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return out


def probe(job: dict, tmp: Path) -> dict:
    spec = tmp / "job.json"
    spec.write_text(json.dumps(job))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp)}
    env.pop("PYTHONPATH", None)
    run = subprocess.run(["/usr/bin/python3", str(PROBE), str(spec)], capture_output=True,
                         text=True, timeout=180, env=env, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.qgis
@needs_qgis
def test_style_renders_like_the_map(tmp_path):
    fc = sample_fc()
    fc["areas"] = areas_for(fc)
    gpkg = tmp_path / "claims.gpkg"
    info = export_claims(fc, gpkg)
    assert "areas" in info["layers"]
    near, far, areas_png = tmp_path / "near.png", tmp_path / "far.png", tmp_path / "areas.png"
    claims = {"uri": f"{gpkg}|layername=claims", "name": "claims"}
    areas = {"uri": f"{gpkg}|layername=areas", "name": "areas"}
    res = probe({"layers": [claims], "renders": [{"png": str(near), "extent": NEAR},
                                                 {"png": str(far), "extent": FAR}]}, tmp_path)
    layer = res["layers"][0]
    assert layer["valid"] and layer["renderer"] == "RuleRenderer" and layer["labels"]
    assert layer["rules"][:2] == ["Mention (place named, no claim)", "Captured"]
    near_r, far_r = res["renders"]
    assert near_r["scale"] < LABEL_MAX_SCALE < far_r["scale"]
    # one label per settlement with a front-line claim: Pokrovsk has two captures (two
    # articles), Kupiansk a claim and a mention; regions (Donetsk Oblast) and mentions none
    assert Counter(near_r["labels"]) == Counter(["Pokrovsk", "Zalizné", "Kupiansk", "Kyiv"])
    assert far_r["labels"] == []  # zoomed out: no labels
    assert near_r["pixels"]["red"] > 10 and near_r["pixels"]["blue"] > 10  # both sides' colours
    assert near.stat().st_size > 2000

    res = probe({"layers": [areas, claims], "renders": [{"png": str(areas_png),
                                                         "extent": [37.2, 47.9, 38.6, 48.8]}]},
                tmp_path)
    area = res["layers"][0]
    assert area["valid"] and area["geometry"] == "Polygon" and area["renderer"] == "RuleRenderer"
    assert area["symbol_types"] == ["QgsFillSymbol"] and area["labels"]
    assert area["rules"][:2] == ["Mention (place named, no claim)", "Captured"]
    assert res["renders"][0]["labels"].count("Zalizné") >= 1
