"""KML and KMZ for Google Earth: a readable placemark per claim.

* ``<name>``: ``place — event`` (``Pokrovsk — captured``; a bare mention is just the place);
* ``<description>``: an HTML balloon with the claimant and side, the status and what it means,
  the date, the quote and a link to the source; every value is HTML-escaped and the whole balloon
  XML-escaped, so article text never becomes markup;
* ``<TimeStamp>``: the event date in ISO form (``2025-11-12``, ``2025-11`` or ``2025``: KML's
  ``when`` takes all three), so Google Earth's time slider works; no event date, no TimeStamp;
* shared ``<Style>``\\ s, one per (event, claimant side, verification look), referenced by
  ``<styleUrl>``;
* one ``<Folder>`` per verification status (strongest first), and the bare mentions in a last
  folder that starts hidden;
* ``<ExtendedData>`` with every schema property, so GDAL/QGIS read the same fields as the other
  formats.

A ``.kmz`` is the same document zipped as ``doc.kml`` with its icons (``icons/*.png``, drawn by
:mod:`geo.publish.icons`, in the map's shapes and colours).  A plain ``.kml`` carries no icon
files, so its styles colour Google Earth's default icon by side instead of linking images on the
network.
"""
from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from geo.publish.formats import property_names, with_precision
from geo.publish.icons import SIDE_RGB, STATUS_LOOK, icon_png

NS = "http://www.opengis.net/kml/2.2"
#: Status folders, strongest verification first, with what each status means.
STATUS_FOLDERS = (
    ("confirmed", "Confirmed", "acknowledged by the other side or independently verified"),
    ("assessed", "Assessed", "an analysts' or OSINT assessment (ISW, DeepState...)"),
    ("reported", "Reported", "the outlet's own statement of fact"),
    ("claimed", "Claimed", "a party's claim, not independently verified"),
    ("unverified", "Unverified", "the outlet says it could not verify it"),
    ("disputed", "Disputed", "the other side rejects or denies it"),
)
_MEANING = {s: m for s, _, m in STATUS_FOLDERS}
SIDE_WORDS = {"russia": "Russian side", "ukraine": "Ukrainian side",
              "independent": "independent", None: "no side named"}


def placemark_name(p: dict) -> str:
    """``Pokrovsk — captured``; a mention is only the place."""
    place = p.get("place") or p.get("mention") or "?"
    ev = p.get("event")
    return place if not ev or ev == "mention" else f"{place} — {ev}"


def style_id(p: dict) -> str:
    side = p.get("claimant_side") or "none"
    look = STATUS_LOOK.get(p.get("status"), "solid")
    return f"{p.get('event') or 'mention'}-{side}-{look}"


def description_html(p: dict) -> str:
    """The balloon: every value escaped; the link only for http(s) URLs."""
    e = html.escape
    rows = []

    def row(label: str, value) -> None:
        if value not in (None, ""):
            rows.append(f"<tr><th align='left'>{e(label)}</th><td>{e(str(value))}</td></tr>")

    claimant = p.get("claimant") or "the outlet itself"
    row("Claim", f"{p.get('event')} ({p.get('actor') or 'actor not named'})")
    row("Claimant", f"{claimant} ({SIDE_WORDS.get(p.get('claimant_side'), p.get('claimant_side'))})")
    status = p.get("status")
    row("Status", f"{status}: {_MEANING.get(status, '')}".rstrip(": "))
    date = p.get("event_date")
    prec = p.get("date_precision")
    row("Date", f"{date}" + (f" ({prec} precision)" if date and prec and prec != "day" else "")
        if date else f"not given (published {p.get('published') or 'unknown'})")
    row("Where", ", ".join(str(x) for x in (p.get("place"), p.get("admin1"), p.get("country"))
                           if x))
    row("Coordinate", p.get("precision_note") or p.get("precision"))
    row("Sources", p.get("sources"))
    body = f"<table>{''.join(rows)}</table>"
    if p.get("quote"):
        body += f"<blockquote>“{e(p['quote'])}”</blockquote>"
    src = e(p.get("title") or p.get("outlet") or p.get("article") or "source")
    url = p.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        body += f'<p><a href="{e(url)}">{src}</a></p>'
    else:
        body += f"<p>Source: {src}</p>"
    return body


def _abgr(rgb: tuple[int, int, int], alpha: int = 255) -> str:
    return f"{alpha:02x}{rgb[2]:02x}{rgb[1]:02x}{rgb[0]:02x}"


def _style(sid: str, *, icons: bool) -> str:
    event, side, look = sid.rsplit("-", 2)
    rgb = SIDE_RGB.get(None if side == "none" else side, SIDE_RGB[None])
    scale = 0.6 if event == "mention" else 1.0
    if icons:
        icon = (f"<Icon><href>icons/{sid}.png</href></Icon>"
                '<hotSpot x="0.5" y="0.5" xunits="fraction" yunits="fraction"/>')
        color = ""
    else:
        icon = ""
        color = f"<color>{_abgr(rgb, 140 if look != 'solid' else 255)}</color>"
    return (f'<Style id="{sid}"><IconStyle>{color}<scale>{scale}</scale>{icon}</IconStyle>'
            f"<LabelStyle><scale>{0 if event == 'mention' else 0.8}</scale></LabelStyle>"
            f"<BalloonStyle><text>$[description]</text></BalloonStyle></Style>\n")


def _extended(p: dict, names: list[str]) -> str:
    cells = []
    for n in names:
        v = p.get(n)
        if v is None:
            continue
        if isinstance(v, list):
            v = json.dumps(v, ensure_ascii=False)
        cells.append(f'<Data name="{n}"><value>{escape(str(v))}</value></Data>')
    return f"<ExtendedData>{''.join(cells)}</ExtendedData>"


def _placemark(f: dict, names: list[str]) -> str:
    p = with_precision(f["properties"])
    lon, lat = f["geometry"]["coordinates"][:2]
    when = p.get("event_date")
    ts = f"<TimeStamp><when>{escape(when)}</when></TimeStamp>" if when else ""
    return (f"<Placemark id={quoteattr(str(p.get('claim_id')))}>"
            f"<name>{escape(placemark_name(p))}</name>"
            f"<description>{escape(description_html(p))}</description>{ts}"
            f"<styleUrl>#{style_id(p)}</styleUrl>{_extended(p, names)}"
            f"<Point><coordinates>{lon!r},{lat!r}</coordinates></Point></Placemark>\n")


def kml_document(fc: dict, *, icons: bool = False, name: str = "Frontline claims") -> str:
    """The KML text of a claims collection (``icons``: styles link ``icons/<style>.png``)."""
    feats = fc.get("features", [])
    names = property_names(fc)
    styles = sorted({style_id(f["properties"]) for f in feats})
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{NS}">\n<Document>'
            f"<name>{escape(name)}</name><open>1</open>\n")
    out = [head]
    out += [_style(s, icons=icons) for s in styles]
    claims = [f for f in feats if f["properties"].get("event") != "mention"]
    mentions = [f for f in feats if f["properties"].get("event") == "mention"]
    known = {s for s, _, _ in STATUS_FOLDERS}
    folders = [(label, meaning, [f for f in claims if f["properties"].get("status") == status])
               for status, label, meaning in STATUS_FOLDERS]
    other = [f for f in claims if f["properties"].get("status") not in known]
    if other:
        folders.append(("Other status", "", other))
    for label, meaning, members in folders:
        if not members:
            continue
        out.append(f"<Folder><name>{escape(label)}</name>"
                   f"<description>{escape(meaning)} ({len(members)} placemarks)</description>\n")
        out += [_placemark(f, names) for f in members]
        out.append("</Folder>\n")
    if mentions:
        out.append("<Folder><name>Mentions, no claim</name><visibility>0</visibility>"
                   f"<description>places the articles name without a claim ({len(mentions)} "
                   "placemarks)</description>\n")
        out += [_placemark(f, names).replace("</name>", "</name><visibility>0</visibility>", 1)
                for f in mentions]
        out.append("</Folder>\n")
    out.append("</Document>\n</kml>\n")
    return "".join(out)


def write_kml(fc: dict, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(kml_document(fc, icons=False))


def write_kmz(fc: dict, path: Path) -> None:
    """``doc.kml`` first (Google Earth reads the first .kml entry), then ``icons/*.png``."""
    doc = kml_document(fc, icons=True)
    styles = sorted({style_id(f["properties"]) for f in fc.get("features", [])})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", doc)
        for sid in styles:
            event, side, look = sid.rsplit("-", 2)
            z.writestr(f"icons/{sid}.png",
                       icon_png(event, None if side == "none" else side, look))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def count_placemarks(path: Path) -> int:
    """Parse a written .kml/.kmz with an XML parser and count its placemarks."""
    import xml.etree.ElementTree as ET

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad:
                raise ValueError(f"corrupt member {bad}")
            root = ET.fromstring(z.read("doc.kml"))
    else:
        root = ET.parse(path).getroot()
    return len(root.findall(f".//{{{NS}}}Placemark"))
