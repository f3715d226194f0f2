"""The map an editor publishes unedited (issue 20), driven in Debian's headless Chromium.

One browser for the module, one rendered map (the test claims plus a duplicate report, an
approximate place with no known area and a place known only by its hromada) and a few pages.
The "publish bar" tests at the end read the committed ``maps/seeds.html`` (``make map``).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser as br
import test_render as tr  # the shared test claims, built from real GeoNames places

from geo.publish.export import feature_collection
from geo.model import Article, Event, Place, Precision, Side, Status
from geo.publish.map import render_embed, render_map
from geo.publish.context_layers import ADMIN_FILE, hromada_area
from geo.publish.control import control_note, load_controls
from geo.publish.groups import group_records, merged_status

REPO = Path(__file__).resolve().parents[1]
SEEDS_HTML = REPO / "maps" / "seeds.html"
OSM_SHARED = REPO.parent / "shared" / "data" / "osm" / "ua_admin_osm.geojson.gz"
EVENT_WORDS = {"captured": "Captured", "advancing": "Advancing", "fighting": "Fighting",
               "encircled": "Encircled", "strike": "Strike", "evacuation": "Evacuation",
               "held": "Held", "threatened": "Threatened", "diplomacy": "Diplomacy",
               "mention": "Mention"}
pytestmark = pytest.mark.browser
SUKHYI_YAR = "katottg:UA14160210290044318"  # a village of Pokrovsk urban hromada (KATOTTG)


def publish_fc() -> dict:
    claims = tr.sample_claims()
    siv = next(c for c in claims if c.place.name == "Siversk")
    s = "Russian forces have captured Siversk, Ukraine's army acknowledged on December 11."
    a = Article(id="a12.txt", text=s, title="Report 12", url="https://example.net/12",
                published="2025-12-11", outlet="Reuters")
    claims.append(tr._claim(a, siv.place, s, "Siversk", Event.CAPTURED, side=Side.UKRAINE,
                            status=Status.CONFIRMED, date="2025-12-11", claimant="Ukrainian army",
                            actor=siv.actor))
    kup = tr._geonames("Kupyansk")
    near = Place(id="test:near-kupyansk", name="Petropavlivka", lat=kup.lat, lon=kup.lon,
                 country="UA", precision=Precision.APPROXIMATE,
                 precision_note="approximate: the nearest town's centre (Kupyansk)")
    s = "Fighting was reported near Petropavlivka on December 5."
    a = Article(id="a13.txt", text=s, title="Report 13", published="2025-12-05", outlet="Wire")
    claims.append(tr._claim(a, near, s, "Petropavlivka", Event.FIGHTING, side=None,
                            status=Status.REPORTED, date="2025-12-05"))
    pok = tr._geonames("Pokrovsk")
    village = Place(id=SUKHYI_YAR, name="Sukhyi Yar", lat=pok.lat, lon=pok.lon, country="UA",
                    precision=Precision.APPROXIMATE, precision_note="hromada centre (Pokrovsk)")
    s = "Russia's Defense Ministry said its troops captured Sukhyi Yar on December 6."
    a = Article(id="a14.txt", text=s, title="Report 14", published="2025-12-06", outlet="TASS")
    claims.append(tr._claim(a, village, s, "Sukhyi Yar", Event.CAPTURED, side=Side.RUSSIA,
                            status=Status.CLAIMED, date="2025-12-06",
                            claimant="Russian Defense Ministry", actor=siv.actor))
    fc = feature_collection(claims)
    for f in fc["features"]:  # the villages issue's area-only precision
        if f["properties"]["place_id"] == SUKHYI_YAR:
            f["properties"]["precision"] = "hromada"
    return fc


@pytest.fixture(scope="module")
def fc() -> dict:
    return publish_fc()


@pytest.fixture(scope="module")
def maps(fc: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("publish")
    ctl = tr.CONTROL if tr.CONTROL.is_dir() else None
    out = {"page": d / "page.html", "dir": d}
    out["stats"] = render_map(fc, out["page"], title="Publish test", tiles=False, control=ctl)
    return out


@pytest.fixture(scope="module")
def chromium():
    if not br.chromium_available():
        pytest.skip("no /usr/bin/chromium")
    with br.launch() as b:
        yield b


def _ids(fc: dict, **where: Any) -> list[str]:
    return [f["id"] for f in fc["features"]
            if all(f["properties"].get(k) == v for k, v in where.items())]


def _popup(page: Any, claim_id: str) -> Any:
    sel = f".leaflet-popup .fl-popup[data-claims~='{claim_id}']"
    page.evaluate("id => window.frontline.openClaim(id)", claim_id)
    page.wait_for_selector(sel)
    return page.locator(sel)


def _covered(page: Any, selector: str) -> float:
    """Share of the viewport covered by the union of the visible elements matching selector."""
    return page.evaluate("""sel => {
        const W = innerWidth, H = innerHeight, step = 4; let hit = 0, all = 0;
        const rs = Array.from(document.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
            .filter(r => r.width > 2 && r.height > 2);
        for (let x = 0; x < W; x += step) for (let y = 0; y < H; y += step) {
            all++; if (rs.some(r => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) hit++;
        }
        return hit / all; }""", selector)


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


PANELS = ".fl-toolbar, .fl-panel:not(.fl-collapsed), .fl-legend"

# ---------------------------------------------------------------------------------------------
# Pure functions


def test_merge_rule_and_area_control_note():
    assert merged_status(["claimed", "confirmed"]) == "confirmed"
    assert merged_status(["confirmed", "disputed"]) == "disputed"
    recs = [{"i": 0, "pid": "p", "event": "captured", "side": "russia", "day": "2025-12-01",
             "status": "claimed", "article": "a"},
            {"i": 1, "pid": "p", "event": "captured", "side": "russia", "day": "2025-12-01",
             "status": "unverified", "article": "b", "sources": 3},
            {"i": 2, "pid": "p", "event": "captured", "side": "russia", "day": "2025-12-02",
             "status": "claimed", "article": "a"}]
    groups = group_records(recs)
    assert [g["ids"] for g in groups] == [[0, 1], [2]]
    assert groups[0]["status"] == "unverified" and groups[0]["n"] == 3
    if not tr.CONTROL.is_dir() or hromada_area(SUKHYI_YAR) is None:
        pytest.skip("needs ../shared/control and the vendored OSM admin file")
    snaps = load_controls(tr.CONTROL)  # a folder: every dated snapshot in it
    assert len(snaps) >= 5 and [s.date for s in snaps] == sorted(s.date for s in snaps)
    unit = hromada_area(SUKHYI_YAR)
    note = control_note(48.28, 37.18, "2025-12-01", snaps, area=unit.geom, area_name="Pokrovsk")
    assert re.match(r"(about \d+%|all|none) of the area \(Pokrovsk\) lies inside", note), note
    assert not note.startswith("inside")
    point = control_note(48.28, 37.18, "2025-12-01", snaps, point_only=True)
    assert "stand-in point" in point and "not known" in point


def test_vendored_osm_admin_file_is_the_shared_one():
    assert ADMIN_FILE.is_file()
    if OSM_SHARED.is_file():
        assert ADMIN_FILE.read_bytes() == OSM_SHARED.read_bytes()


def test_page_allows_pinch_zoom_and_stays_small(maps: dict):
    text = maps["page"].read_text(encoding="utf-8")
    assert "user-scalable=no" not in text and "maximum-scale" not in text
    assert '<html lang="en">' in text and "prefers-color-scheme: dark" in text
    assert maps["stats"]["bytes"] < 2_500_000
    assert maps["stats"]["claims"] == maps["stats"]["markers"] + 1  # one duplicate merged


# ---------------------------------------------------------------------------------------------
# Browser: desktop 1280x800


def test_popups_name_event_and_actor_and_merge_duplicates(chromium, maps: dict, fc: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        # Every symbol's popup and accessible name spell out the event and who acted.
        texts = page.evaluate("""() => window.frontline.groups.map(G => [G.event,
            window.frontline.popup(G).textContent, window.frontline.headline(G)])""")
        assert len(texts) == len(fc["features"]) - 1
        for ev, text, name in texts:
            assert EVENT_WORDS[ev] in text and EVENT_WORDS[ev] in name, (ev, text[:80])
            assert "Who acted" in text and "unattributed" not in text
            assert "approximate: approximate" not in text
        titles = page.locator(".leaflet-marker-icon.fl-icon").evaluate_all(
            "es => es.map(e => e.getAttribute('aria-label'))")
        assert titles and all(re.search(r" — [A-Z][a-z]+, by ", t) for t in titles), titles
        # The Russian-claimed capture says who captured: Russian forces.
        cap = _ids(fc, place="Pokrovsk", event="captured")[0]
        pop = _popup(page, cap)
        assert "Who acted\tRussian forces" in pop.inner_text()
        assert "Captured" in pop.locator(".fl-event").inner_text()
        # An outlet-voice report names the outlet, not an "unattributed (independent side)".
        kup = _ids(fc, place="Kupyansk", event="fighting")[0]
        assert "the outlet itself" in _popup(page, kup).inner_text()
        # The same capture of Siversk from two articles: one marker, both sources listed.
        siv = _ids(fc, place="Siversk")
        assert len(siv) == 2
        assert page.locator(f".leaflet-marker-icon[data-claims~='{siv[0]}']").count() <= 1
        pop = _popup(page, siv[1])
        assert pop.get_attribute("data-claims").split() == siv
        text = pop.inner_text()
        assert "Reported by 2 sources" in text and "Reuters" in text
        assert "outlet unknown" in text or "Wire" in text  # the first article's outlet line
        assert br.js_errors(v) == [] and v.other == []


def test_area_places_are_areas_and_approximate_ones_hollow(chromium, maps: dict, fc: dict):
    if hromada_area(SUKHYI_YAR) is None:
        pytest.skip("the vendored OSM admin file is absent")
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        sy = _ids(fc, place="Sukhyi Yar")[0]
        assert page.locator(f".leaflet-marker-icon[data-claims~='{sy}']").count() == 0
        assert page.locator("path.fl-area").count() >= 1
        dash = page.locator("path.fl-area").first.get_attribute("stroke-dasharray")
        assert dash and dash != "none"
        text = _popup(page, sy).inner_text()
        assert "(area)" in text and "drawn as the whole area of Pokrovsk urban hromada" in text
        if tr.CONTROL.is_dir():
            assert "of the area (Pokrovsk urban hromada) lies inside" in text
            assert "\tinside assessed" not in text
        near = _ids(fc, place="Petropavlivka")[0]
        page.evaluate("id => window.frontline.openClaim(id)", near)
        icon = page.locator(f".leaflet-marker-icon[data-claims~='{near}']")
        icon.wait_for()
        assert "fl-approx" in icon.get_attribute("class")
        assert "stroke-dasharray" in icon.inner_html()
        text = page.locator(f".leaflet-popup .fl-popup[data-claims~='{near}']").inner_text()
        assert "approximate: the nearest town's centre (Kupyansk); drawn as a hollow" in text
        legend = page.locator(".fl-legend .fl-more")
        assert "known only as part of this area" in legend.text_content()
        assert br.js_errors(v) == []


def test_panels_leave_the_map_and_its_controls(chromium, maps: dict, fc: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        assert _covered(page, PANELS) <= 0.15
        assert page.locator(".fl-panel:not(.fl-collapsed)").count() == 0
        # Filters open: a popup opened near the panel is panned clear of it.
        page.locator("[data-panel='filters']").click()
        panel = page.locator(".fl-panel-filters").bounding_box()
        east = max(fc["features"], key=lambda f: f["geometry"]["coordinates"][0]
                   if f["properties"]["country"] == "UA" else -1)
        pop = _popup(page, east["id"])
        page.wait_for_timeout(350)
        box = page.locator(".leaflet-popup-content-wrapper").last.bounding_box()
        assert not _overlap(box, panel), (box, panel)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280 and box["y"] >= 0
        assert pop.is_visible()
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1366, 768)) as v:
        page = v.page
        page.locator(".fl-more > summary").click()  # the full key, as tall as it gets
        legend = page.locator(".fl-legend").bounding_box()
        for sel in (".leaflet-control-zoom-out", ".leaflet-control-layers"):
            assert not _overlap(legend, page.locator(sel).bounding_box()), sel
        # ... and the layer switcher still works (e.g. the control layer can be switched).
        assert page.locator(".fl-label").count() > 0
        page.locator(".leaflet-control-layers").hover()
        legend = page.locator(".fl-legend").bounding_box()
        assert not _overlap(legend, page.locator(".leaflet-control-layers-list").bounding_box())
        page.locator(".leaflet-control-layers-list label", has_text="Place names").click()
        assert page.locator(".fl-label").count() == 0


def test_labels_never_collide_and_clustered_places_lose_theirs(chromium, maps: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        for zoom in (6, 8, 10):
            page.evaluate("z => { window.frontline.map.setZoom(z, {animate: false}); }", zoom)
            page.wait_for_timeout(100)
            boxes = page.locator(".fl-label").evaluate_all(
                "es => es.map(e => {const r = e.getBoundingClientRect();"
                " return {x: r.left, y: r.top, width: r.width, height: r.height};})")
            icons = page.locator(".leaflet-marker-icon").evaluate_all(
                "es => es.map(e => {const r = e.getBoundingClientRect();"
                " return {x: r.left + 3, y: r.top + 3, width: r.width - 6, height: r.height - 6};})")
            for i, a in enumerate(boxes):
                assert not any(_overlap(a, b) for b in boxes[i + 1:]), zoom
                assert not any(_overlap(a, b) for b in icons), zoom
            # A label stands only beside a lone marker or a cluster of that one place.
            bad = page.evaluate("""() => { const f = window.frontline; const out = [];
                document.querySelectorAll('.fl-label').forEach(s => {
                  const k = s.dataset.key; const gs = f.byPlace[k];
                  if (!gs[0].marker) return;
                  const pars = new Set(gs.map(G => f.cluster.getVisibleParent(G.marker)));
                  pars.forEach(p => { if (p && p.getAllChildMarkers && p.getAllChildMarkers()
                      .some(m => m.fl.key !== k)) out.push(k); }); });
                return out; }""")
            assert bad == [], (zoom, bad)
        assert page.locator(".fl-label").count() > 0


def test_claims_feed_lists_filters_and_opens_claims(chromium, maps: dict, fc: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        items = page.locator("ol.fl-feed > li")
        assert items.count() == len(fc["features"])
        days = items.evaluate_all("es => es.map(e => e.querySelector('.fl-item-meta')"
                                  ".textContent.split(' ')[0])")
        dated = [d for d in days if d[0].isdigit()]
        assert dated == sorted(dated) and days[len(dated):] == ["undated"] * (len(days) - len(dated))
        page.locator("[data-panel='feed']").click()
        first = items.first
        for part in ("who acted:", "claimed by"):
            assert part in first.inner_text()
        assert first.locator(".fl-status").count() == 1 and first.locator(".fl-item-q").count() == 1
        # Clicking an item flies to its marker and opens the popup; the URL is its permalink.
        kra = _ids(fc, place="Kramatorsk")[0]
        page.locator(f"ol.fl-feed > li[data-claim='{kra}']").click()
        page.wait_for_selector(f".leaflet-popup .fl-popup[data-claims~='{kra}']")
        assert page.evaluate("location.hash") == f"#claim={kra}"
        # Filters filter the feed; search by place or claimant too.
        page.locator("[data-panel='filters']").click()
        page.locator("[data-filter='side:russia']").uncheck()
        n_ru = sum(f["properties"]["claimant_side"] == "russia" for f in fc["features"])
        assert page.locator("ol.fl-feed > li:not([hidden])").count() == len(fc["features"]) - n_ru
        page.locator("[data-filter='side:russia']").check()
        page.locator("[data-panel='feed']").click()
        page.locator(".fl-search").fill("General Staff")
        assert page.locator("ol.fl-feed > li:not([hidden])").count() == 1
        page.locator(".fl-search").fill("pokrovsk")
        n_pok = sum(f["properties"]["place"] == "Pokrovsk" for f in fc["features"])
        assert page.locator("ol.fl-feed > li:not([hidden])").count() == n_pok
    # A permalink opens its claim at load.
    gen = _ids(fc, place="Geneva")[0]
    ctx = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(maps["page"].resolve().as_uri() + f"#claim={gen}")
        page.wait_for_selector(f".leaflet-popup .fl-popup[data-claims~='{gen}']", timeout=15_000)
        assert "Diplomacy" in page.locator(".leaflet-popup .fl-popup").last.inner_text()
    finally:
        ctx.close()


@tr.needs_control
def test_control_snapshots_follow_the_date_slider(chromium, maps: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        days = page.evaluate("window.frontline.days")
        ctl = page.evaluate("window.frontline.controls.map(c => c.date)")
        assert set(ctl) <= set(days) and len(ctl) >= 5
        assert f"as of {ctl[-1]}" in page.inner_text(".fl-legend")
        page.evaluate("i => window.frontline.setDates(0, i)", days.index("2025-12-01"))
        assert "as of 2025-12-01" in page.inner_text(".fl-legend")
        page.evaluate("i => window.frontline.setDates(0, i)", days.index("2025-12-05"))
        assert "as of 2025-12-02" in page.inner_text(".fl-legend")  # the latest on or before
        assert page.locator(".leaflet-fl-control-pane path").count() == 1


def test_accessibility_dark_mode_and_print(chromium, maps: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        page.keyboard.press("Tab")  # the page starts on the map's controls, not a marker
        first = page.evaluate("document.activeElement.className + ' ' + "
                              "document.activeElement.getAttribute('aria-label')")
        assert "leaflet-control-zoom-in" in first or "Map of claims" in first, first
        names = page.locator(".fl-cluster-icon").evaluate_all(
            "es => es.map(e => e.getAttribute('aria-label'))")
        assert names and all(re.match(r"\d+ claims grouped at \S", n) for n in names), names
        page.locator("[data-panel='filters']").click()
        vt = page.locator("[data-filter='date:to']").get_attribute("aria-valuetext")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", vt)
        for pane in ("fl-cities", "fl-labels", "fl-basemap", "fl-context"):
            assert page.locator(f".leaflet-{pane}-pane").get_attribute("aria-hidden") == "true"
        light = page.evaluate("getComputedStyle(document.querySelector('.fl-map')).backgroundColor")
        legend_light = page.evaluate(
            "getComputedStyle(document.querySelector('.fl-legend')).backgroundColor")
        page.emulate_media(color_scheme="dark")
        dark = page.evaluate("getComputedStyle(document.querySelector('.fl-map')).backgroundColor")
        assert dark != light and page.evaluate(
            "getComputedStyle(document.querySelector('.fl-legend')).backgroundColor") != legend_light
        page.emulate_media(media="print", color_scheme="light")
        assert not page.locator(".leaflet-control-zoom").is_visible()
        assert not page.locator(".fl-toolbar").is_visible()
        assert "Number in a circle" in page.locator(".fl-legend").text_content()


# ---------------------------------------------------------------------------------------------
# Phone, embed, snapshot


def test_phone_popup_fits_and_timeline_does_not_zoom_to_18(chromium, maps: dict, fc: dict):
    with br.visit(chromium, maps["page"], tiles="abort", viewport=(390, 844)) as v:
        page = v.page
        pok = _ids(fc, place="Pokrovsk", event="held")[0]
        _popup(page, pok)
        page.wait_for_timeout(350)
        box = page.locator(".leaflet-popup-content-wrapper").last.bounding_box()
        close = page.locator(".leaflet-popup-close-button").last.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert 0 <= close["x"] and close["x"] + close["width"] <= 390 and close["y"] >= 0
        link = page.locator(".leaflet-popup .fl-timeline .fl-tl-link").first
        link.click()
        page.wait_for_timeout(200)
        assert page.evaluate("window.frontline.map.getZoom()") <= 13
        assert page.locator(".leaflet-popup .fl-popup").count() >= 1
        page.locator("[data-panel='feed']").click()
        sheet = page.locator(".fl-panel-feed").bounding_box()
        assert sheet["width"] <= 390 and sheet["y"] > 200
        assert br.js_errors(v) == []


def test_embed_wheel_after_click_title_once_compact_attribution(chromium, fc: dict,
                                                               tmp_path: Path):
    stats = render_embed(fc, tmp_path / "emb", title="Embed test", tiles=False,
                         src_url="https://news.example/maps/front.html")
    assert 'src="https://news.example/maps/front.html"' in stats["snippet"]
    with br.visit(chromium, stats["path"], tiles="abort", viewport=(390, 360)) as v:
        page = v.page
        assert page.evaluate("window.frontline.map.scrollWheelZoom.enabled()") is False
        page.mouse.move(200, 200)
        z0 = page.evaluate("window.frontline.map.getZoom()")
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(300)
        assert page.evaluate("window.frontline.map.getZoom()") == z0
        page.mouse.click(200, 200)
        assert page.evaluate("window.frontline.map.scrollWheelZoom.enabled()") is True
        assert page.locator(".fl-legend .fl-title").count() == 0  # the snippet has the title
        att = page.locator(".leaflet-control-attribution").bounding_box()
        assert att["height"] <= 20 and att["width"] <= 390
    page_path = tmp_path / "emb" / "article.html"
    page_path.write_text("<!doctype html><html><body style='margin:0'><main style='width:"
                         "390px'>" + stats["snippet"] + "</main></body></html>")
    ctx = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(page_path.as_uri())
        box = page.locator("iframe").bounding_box()
        assert box["width"] == pytest.approx(390, abs=1) and box["height"] >= 359
        assert page.locator("h3").count() == 1
    finally:
        ctx.close()


def test_snapshot_is_a_publication_not_a_screen(chromium, maps: dict, tmp_path: Path):
    from geo.publish.snapshot import snapshot

    png, pdf = tmp_path / "card.png", tmp_path / "card.pdf"
    snapshot(maps["page"], png, width=1200, height=630)
    snapshot(maps["page"], pdf, width=1200, height=800)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    ctx = chromium.new_context(viewport={"width": 1200, "height": 630})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(maps["page"].resolve().as_uri() + "#publish")
        page.wait_for_selector(".fl-map[data-ready='1']", timeout=15_000)
        for sel in (".leaflet-control-zoom", ".fl-toolbar", "input", ".leaflet-control-layers"):
            assert not any(e.is_visible() for e in page.locator(sel).all()), sel
        legend = page.locator(".fl-legend")
        text = legend.inner_text()
        assert "Publish test" in text and "Claims as of 2025-12-11" in text
        assert "Credits:" in text and "GeoNames" in text
        lb = legend.bounding_box()
        assert lb["y"] >= 0 and lb["y"] + lb["height"] <= 630  # never cut mid-sentence
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------
# The publish bar on the committed seed map


needs_seed_map = pytest.mark.skipif(not SEEDS_HTML.is_file(), reason="run `make map` first")


@needs_seed_map
def test_seed_map_publish_bar(chromium):
    data = json.loads(re.search(r'<script type="application/json" id="frontline-data">(.*?)'
                                r"</script>", SEEDS_HTML.read_text(encoding="utf-8"),
                                re.DOTALL).group(1))
    with br.visit(chromium, SEEDS_HTML, tiles="abort", viewport=(1280, 800)) as v:
        page = v.page
        assert _covered(page, PANELS) <= 0.15
        assert page.locator("ol.fl-feed > li").count() == len(data["claims"])
        texts = page.evaluate("""() => window.frontline.groups.map(G => [G.event,
            window.frontline.popup(G).textContent])""")
        for ev, text in texts:
            assert EVENT_WORDS[ev] in text and "Who acted" in text
        light = page.evaluate("getComputedStyle(document.body.querySelector('.fl-map'))"
                              ".backgroundColor")
        page.emulate_media(color_scheme="dark")
        assert page.evaluate("getComputedStyle(document.body.querySelector('.fl-map'))"
                             ".backgroundColor") != light
        assert br.js_errors(v) == [] and v.other == []
    with br.visit(chromium, SEEDS_HTML, tiles="abort", viewport=(390, 844)) as v:
        page = v.page
        cap = next(r["id"] for r in data["claims"] if r["event"] == "captured"
                   and r["place"] == "Pokrovsk")
        _popup(page, cap)
        page.wait_for_timeout(350)
        box = page.locator(".leaflet-popup-content-wrapper").last.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
