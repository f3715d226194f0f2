"""A party of another war on the map: named from the conflicts registry, never "independent".

The claim is extracted by the real pipeline from an invented sentence; the map is rendered and
read in headless Chromium.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import browser as br

from geo.model import Article
from geo.publish.export import feature_collection
from geo.publish.map import render_map

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_warring_party_is_named_in_popup_and_legend(gz, tmp_path):
    from geo.pipeline import extract_article

    text = ("The Sudanese army said on Saturday that its forces had recaptured Wad Madani "
            "from the Rapid Support Forces.")
    ex = extract_article(Article(id="sd.txt", text=text, published="2025-01-12"), gz)
    cap = [c for c in ex.claims if c.event.value == "captured"]
    assert cap and cap[0].claimant_party == "saf"
    assert cap[0].claimant_side.value == "independent"  # the schema's vocabulary
    fc = feature_collection(ex.claims)
    page_file = tmp_path / "m.html"
    render_map(fc, page_file, title="Parties", tiles=False)
    if not br.chromium_available():
        pytest.skip("no /usr/bin/chromium")
    with br.launch() as b, br.visit(b, page_file, tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        cid = fc["features"][0]["id"]
        page.evaluate("id => window.frontline.openClaim(id)", cid)
        sel = f".leaflet-popup .fl-popup[data-claims~='{cid}']"
        page.wait_for_selector(sel)
        pop = page.locator(sel).inner_text()
        assert "Sudanese Armed Forces" in pop
        assert "independent side" not in pop  # a warring party is no third party
        legend = page.locator(".fl-legend").inner_text()
        assert "A party to another war: Sudanese Armed Forces" in legend
        assert "Independent" not in legend
        assert br.js_errors(v) == []
