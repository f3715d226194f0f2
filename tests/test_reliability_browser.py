"""Issue 19: a ``place_id`` of ``__proto__`` or ``constructor`` must not break the map's JavaScript.

The map script keys its lookups by data with ``Object.create(null)``, so ``__proto__`` is a
place id like any other.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import browser as br  # noqa: E402

from tests.conftest import SEEDS  # noqa: E402

pytestmark = pytest.mark.skipif(not br.chromium_available(), reason="Debian chromium is absent")


def test_proto_and_constructor_place_ids_render(cli, tmp_path):
    out = tmp_path / "c.geojson"
    assert cli("extract", str(SEEDS / "003_1453e23ad8c0bd85.txt"), "-o", str(out)).returncode == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    feats = fc["features"]
    assert len(feats) >= 2
    maps = {}
    for name, ids in (("hostile", ("__proto__", "constructor", "hasOwnProperty", "toString")),
                      ("plain", ("pid-a", "pid-b", "pid-c", "pid-d"))):
        for f, pid in zip(feats, ids):
            f["properties"]["place_id"] = pid
            f["properties"]["claim_key"] = pid
        src = tmp_path / f"{name}.geojson"
        src.write_text(json.dumps(fc), encoding="utf-8")
        maps[name] = tmp_path / f"{name}.html"
        r = cli("map", str(src), "-o", str(maps[name]))
        assert r.returncode == 0, r.stderr
    shown = {}
    with br.launch() as browser:
        for name, html in maps.items():
            with br.visit(browser, html, tiles="abort") as v:
                assert not br.js_errors(v), br.js_errors(v)
                shown[name] = v.page.evaluate("window.frontline.visible()")
    # the same claims with ordinary ids draw exactly as many symbols
    assert shown["hostile"] == shown["plain"] > 0
