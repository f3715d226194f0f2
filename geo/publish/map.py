"""Self-contained interactive maps of claims (folium + Leaflet, every asset inlined).

The map file carries its data as one JSON block and draws markers, popups, legend, filters and the
offline basemap with small vanilla JS (``geo/publish/static/frontline.js``).  Article text only ever
reaches the page as JSON data and is put into the DOM with ``textContent``, so it is inert.

Example::

    stats = render_map(fc, "maps/claims.html", title="Donetsk front", control="ds_20251208.geojson")
    stats["markers"] == len(fc["features"])
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

from geo.errors import BadClaims, ExportError
from geo.lang import parties
from geo.files import atomic_write
from geo.publish.assets import (
    basemap,
    city_labels,
    frontline_css,
    frontline_js,
    leaflet_css,
    leaflet_js,
)
from geo.publish.context_layers import context_layers
from geo.publish.control import ControlSnapshot, control_geojson, control_note, load_controls
from geo.publish.groups import AREA_PRECISIONS, area_payload, group_records, place_area

__all__ = ["render_map", "render_embed", "map_html", "claims_as_of", "control_status"]

from geo.publish.control import control_status  # noqa: E402  (re-exported for callers)

ControlArg = str | Path | Sequence[str | Path] | None
_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?!data:)""",
                       re.IGNORECASE)
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL, else ``None`` (no ``javascript:``, ``data:``...).

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("//x")
    ('https://example.org/a?b=1', None, None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in "\x00\n\r\t<>\"' "):
        return None
    return url


def day_key(value: Any) -> str | None:
    """A sortable ISO day for the date filter: ``2025-11`` -> ``2025-11-01``; junk -> ``None``."""
    if not isinstance(value, str):
        return None
    m = _DAY.match(value.strip())
    if not m:
        return None
    s = m.group(0)
    return s + {4: "-01-01", 7: "-01"}.get(len(s), "")


def claims_as_of(fc: dict) -> str | None:
    """The latest event or publication date among the claims ("claims as of")."""
    days = [d for f in fc.get("features", [])
            for d in (day_key(f["properties"].get("event_date")),
                      day_key(f["properties"].get("published"))) if d]
    return max(days) if days else None


def _highlight(quote: str, mention: str, p: dict) -> list[int] | None:
    """Offsets of the mention inside the quote (from the schema offsets, else a search)."""
    qs, ms, me = p.get("quote_start"), p.get("mention_start"), p.get("mention_end")
    if all(isinstance(v, int) for v in (qs, ms, me)):
        a, b = ms - qs, me - qs
        if 0 <= a < b <= len(quote) and quote[a:b] == mention:
            return [a, b]
    if mention:
        i = quote.lower().find(mention.lower())
        if i >= 0:
            return [i, i + len(mention)]
    return None


def _precision_text(p: dict, area_name: str | None = None) -> str:
    """How exact the drawn position is, in words (the note's own "approximate:" kept once).

    >>> _precision_text({"precision": "exact", "precision_note": "exact: GeoNames point"})
    'exact: GeoNames point'
    >>> _precision_text({"precision": "approximate", "precision_note": "approximate: X"}, "Y")
    'approximate: X; drawn as the whole area of Y, not as a point'
    """
    prec = str(p.get("precision") or "exact")
    note = str(p.get("precision_note") or "").strip()
    if note.lower().startswith(prec.lower() + ":"):
        note = note[len(prec) + 1:].strip()
    text = f"{prec}: {note}" if note else {
        "exact": "exact: the place's own coordinate",
        "approximate": "approximate: a point nearby, not the place itself",
        "hromada": "area: known only by its hromada",
        "region": f"region: a representative point of {p.get('place') or 'the area'}"}.get(
        prec, prec)
    if area_name:
        text += f"; drawn as the whole area of {area_name}, not as a point"
    elif prec in AREA_PRECISIONS:
        text += "; drawn as a hollow dashed marker: the exact position is not known"
    return text


def _party_name(party: Any) -> str | None:
    """A party of another war by its registry name (geo/lang/conflicts.toml)."""
    if not isinstance(party, str) or not party:
        return None
    return parties().get(party, party)


def _side(p: dict) -> str:
    """The colour key: a party of another war is ``party`` (its side is ``independent`` in the
    schema's Russia–Ukraine vocabulary, which would call it a third party)."""
    if p.get("claimant_party") and p.get("claimant_side") in (None, "independent"):
        return "party"
    return p.get("claimant_side") or "unknown"


def _claim_record(f: dict, i: int, snaps: Sequence[ControlSnapshot],
                  areas: dict[str, dict]) -> dict[str, Any]:
    p = f["properties"]
    lon, lat = f["geometry"]["coordinates"][:2]
    area = place_area(p)
    if area is not None and area[0] not in areas:
        areas[area[0]] = area_payload(area[1], area[2])
    quote = p.get("quote") or ""
    mention = p.get("mention") or ""
    day = day_key(p.get("event_date")) or day_key(p.get("published"))
    rec = {
        "i": i, "id": str(p.get("claim_id") or f.get("id") or i), "lat": lat, "lon": lon,
        "place": p.get("place") or mention or "?", "pid": str(p.get("place_id") or f"{lat},{lon}"),
        "admin1": p.get("admin1"), "country": p.get("country"),
        "event": p.get("event"), "side": _side(p),
        "party": _party_name(p.get("claimant_party")),
        "status": p.get("status"), "claimant": p.get("claimant"), "actor": p.get("actor"),
        "date": p.get("event_date"), "datep": p.get("date_precision"),
        "published": p.get("published"), "day": day,
        "outlet": p.get("outlet"), "url": safe_url(p.get("url")), "title": p.get("title"),
        "article": p.get("article"), "quote": quote, "hl": _highlight(quote, mention, p),
        "mention": mention, "precision": _precision_text(p, area[1] if area else None),
        "prec": str(p.get("precision") or "exact"), "area": area[0] if area else None,
        "sources": p.get("sources") or 1, "confidence": p.get("confidence"),
        # review state (frontline review): the popup badges claims no reviewer has checked
        "review": "pending" if p.get("review_outdated") else p.get("review_status"),
        "source_articles": [a for a in p.get("source_articles") or [] if isinstance(a, str)],
    }
    if snaps and p.get("event") == "captured":
        rec["control"] = control_note(lat, lon, day, snaps, area=area[2] if area else None,
                                      area_name=area[1] if area else None,
                                      point_only=rec["prec"] in (*AREA_PRECISIONS, "region"))
    return rec


def _check(fc: Any) -> list[dict]:
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise BadClaims("render: expected a claims GeoJSON FeatureCollection")
    feats = fc.get("features")
    if not isinstance(feats, list):
        raise BadClaims("render: 'features' must be a list")
    for i, f in enumerate(feats):
        g = (f or {}).get("geometry") or {}
        c = g.get("coordinates")
        if g.get("type") != "Point" or not (isinstance(c, list) and len(c) >= 2 and all(
                isinstance(v, (int, float)) for v in c[:2])):
            raise BadClaims(f"render: feature {i} needs a Point geometry [lon, lat]")
        if not isinstance(f.get("properties"), dict):
            raise BadClaims(f"render: feature {i} has no properties")
    return feats


def _bbox(records: Iterable[dict]) -> tuple[float, float, float, float]:
    recs = list(records)
    if not recs:
        return (22.0, 44.0, 40.0, 52.5)  # Ukraine: an empty map still shows the theatre
    lons = [r["lon"] for r in recs]
    lats = [r["lat"] for r in recs]
    return (min(lons), min(lats), max(lons), max(lats))


def json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    ``<``, ``>``, ``&`` and the JS line separators are escaped, so no article text can close the
    element or open a comment:

    >>> json_for_script({"q": "</script><b>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def build_payload(fc: dict, *, title: str | None = None, control: ControlArg = None,
                  tiles: bool = True, embed: bool = False, source: str | None = None) -> dict:
    """Everything the page's JS needs, as plain JSON-able data."""
    feats = _check(fc)
    snaps = load_controls(control)
    areas: dict[str, dict] = {}
    records = [_claim_record(f, i, snaps, areas) for i, f in enumerate(feats)]
    groups = group_records(records)
    front = [r for r in records if r["event"] not in ("diplomacy", "mention")]
    box = _bbox(records)
    fbox = _bbox(front or records) if records else box
    ctx = context_layers(fbox, [(r["lon"], r["lat"]) for r in front
                                if r.get("country") in (None, "UA")])
    base = basemap(box)
    pad = max(3.0, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2)
    labels = city_labels((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
    return {
        "title": title or "Claims map",
        "asof": claims_as_of(fc),
        "tiles": bool(tiles),
        "embed": bool(embed),
        "source": source,
        "claims": records,
        "parties": sorted({r["party"] for r in records if r.get("party")}),
        "groups": groups,
        "areas": areas,
        "context": ctx,
        "fit": fbox,
        "unresolved": len(fc.get("unresolved") or []),
        "basemap": base,
        "cities": labels,
        "control": [{"date": s.date, "label": s.label, "file": Path(s.path).name,
                     "geometry": control_geojson(s)} for s in snaps],
    }


def map_html(payload: dict) -> str:
    """Render the payload into one self-contained HTML page (folium scaffold, inlined assets)."""
    import folium
    from branca.element import Element, MacroElement
    from jinja2 import Template

    class _Raw(Element):
        # Our own pre-escaped text; passed as a variable so Jinja never parses it as a template.
        _template = Template("{{ this.text }}")

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class _Init(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "frontlineInit({{ this._parent.get_name() }}, "
            "JSON.parse(document.getElementById('frontline-data').textContent));"
            "{% endmacro %}")

    m = folium.Map(location=[48.5, 35.0], zoom_start=6, tiles=None, control_scale=True,
                   maxZoom=18, minZoom=2, zoomSnap=0.25, worldCopyJump=True)
    # folium references ~20 CDN files by default: clear this instance's lists (never the class's).
    m.default_js = []
    m.default_css = []
    fig = m.get_root()
    fig.header.add_child(_Raw(
        f"<title>{html.escape(payload['title'])}</title>\n"
        f"<style>{leaflet_css()}</style>\n<style>{frontline_css()}</style>\n"
        f"<script>{leaflet_js()}</script>\n<script>{frontline_js()}</script>"), name="inline")
    fig.html.add_child(_Raw(
        f'<script type="application/json" id="frontline-data">{json_for_script(payload)}'
        "</script>"), name="frontline_data")
    m.add_child(_Init(), name="frontline_init")
    text = fig.render()
    # folium's viewport forbids pinch zoom (user-scalable=no): readers must be able to zoom.
    text = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1" />'
                         '\n<meta name="color-scheme" content="light dark" />', text, count=1)
    text = text.replace("<html>", '<html lang="en">', 1)
    ext = _EXTERNAL.search(text)
    if ext:
        raise ExportError(f"render: the map still references an external file near "
                          f"{text[ext.start():ext.start() + 80]!r}")
    return text


def _stats(payload: dict, text: str) -> dict[str, Any]:
    recs = payload["claims"]
    return {
        "markers": len(payload["groups"]),
        "claims": len(recs),
        "places": len({r["pid"] for r in recs}),
        "bytes": len(text.encode("utf-8")),
        "by_side": dict(Counter(r["side"] for r in recs)),
        "by_status": dict(Counter(r["status"] for r in recs)),
        "unresolved": payload["unresolved"],
        "control": [c["date"] or "date unknown" for c in payload["control"]],
        "asof": payload["asof"],
    }


def render_map(fc: dict, path: str | Path, *, title: str | None = None,
               control: ControlArg = None, tiles: bool = True, source: str | None = None,
               embed: bool = False) -> dict[str, Any]:
    """Write a self-contained HTML map of the claims in ``fc`` to ``path`` (atomically).

    Parameters
    ----------
    fc
        A claims FeatureCollection (:func:`geo.publish.export.feature_collection`).
    path
        The ``.html`` file to write.
    title
        Page title and legend heading (default "Claims map").
    control
        One or several assessed-control GeoJSON files drawn under the claims; capture claims get
        an "inside/outside ... as of DATE" line in their popup.
    tiles
        Add an OpenStreetMap tile layer (only fetched by a viewer's browser when online) above
        the offline vector basemap.  ``False`` makes the file use no network at all.

    Returns
    -------
    dict
        ``{"markers", "places", "bytes", "by_side", "by_status", "unresolved", "control",
        "asof", "path"}``.  An empty FeatureCollection gives an empty map, not an error.
    """
    payload = build_payload(fc, title=title, control=control, tiles=tiles, embed=embed,
                            source=source)
    text = map_html(payload)
    try:
        with atomic_write(path) as f:
            f.write(text)
    except OSError as err:
        raise ExportError(f"{path}: cannot write the map ({err})") from err
    return {**_stats(payload, text), "path": str(path)}


# Responsive: the frame is 4:3 of the column's width, never shorter than 360 px (phones) nor
# taller than 85% of the window.
_EMBED_CSS = (".frontline-embed{max-width:640px;margin:1em 0;font:14px/1.4 Georgia,serif}"
              ".frontline-embed .fl-frame{position:relative;width:100%;aspect-ratio:4/3;"
              "min-height:360px;max-height:85vh}"
              ".frontline-embed iframe{position:absolute;inset:0;width:100%;height:100%;border:0}"
              ".frontline-embed figcaption{font:12px/1.4 system-ui,sans-serif;color:#444}"
              ".frontline-embed h3{font:bold 16px/1.3 system-ui,sans-serif;margin:0 0 .4em}")


def embed_snippet(src: str, *, title: str, source: str, asof: str | None,
                  width: int = 640) -> str:
    """The responsive ``<figure>`` with an iframe to paste into an article (4:3, max 640 px)."""
    e = html.escape
    return (
        f'<figure class="frontline-embed" style="max-width:{int(width)}px">'
        f"<style>{_EMBED_CSS}</style>"
        f"<h3>{e(title)}</h3>"
        f'<div class="fl-frame"><iframe src="{e(src)}" title="{e(title)}" loading="lazy" '
        f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe></div>'
        f"<figcaption>Source: {e(source)}. Claims as of {e(asof or 'date unknown')}. "
        f"Each dot is a claim as reported, not a verified position.</figcaption></figure>\n")


def render_embed(fc: dict, directory_or_path: str | Path, *, title: str | None = None,
                 control: ControlArg = None, tiles: bool = True, source: str | None = None,
                 src_url: str | None = None, width: int = 640) -> dict[str, Any]:
    """Write a map sized for article columns plus the iframe snippet that embeds it.

    ``directory_or_path`` is a directory (writes ``map.html`` and ``embed.html`` in it) or an
    ``.html`` path (writes it and ``<stem>.embed.html`` beside it).  ``src_url`` is where the
    map will be published (default: the map's file name, relative to the snippet).

    Returns the :func:`render_map` stats plus ``"snippet"`` (the HTML text) and
    ``"snippet_path"``.
    """
    target = Path(directory_or_path)
    if target.suffix.lower() in (".html", ".htm"):
        map_path, snip_path = target, target.with_name(target.stem + ".embed.html")
    else:
        map_path, snip_path = target / "map.html", target / "embed.html"
    title = title or "Claims map"
    outlets = sorted({f["properties"].get("outlet") for f in fc.get("features", [])
                      if f.get("properties", {}).get("outlet") not in (None, "", "unknown")})
    source = source or ("Frontline claims extracted from " + (", ".join(outlets[:4]) or
                                                             "news reports")
                        + "; places: GeoNames, Natural Earth")
    stats = render_map(fc, map_path, title=title, control=control, tiles=tiles, source=source,
                       embed=True)
    src = src_url or map_path.name
    if src_url is not None and not safe_url(src_url):
        raise ExportError(f"render_embed: src_url must be an http(s) URL, got {src_url!r}")
    snippet = embed_snippet(src, title=title, source=source, asof=stats["asof"], width=width)
    with atomic_write(snip_path) as f:
        f.write(snippet)
    return {**stats, "snippet": snippet, "snippet_path": str(snip_path)}
