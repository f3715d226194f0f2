"""QGIS styles for the exported layers: ``.qml`` text, ``.qml`` sidecars and GeoPackage ``layer_styles``.

The claims style reads like the interactive map (the same visual language as
:mod:`geo.publish.icons`):

* **shape = what happened**: square captured, triangle advancing, diamond fighting, ringed circle
  encircled, star strike, downward triangle evacuation, pentagon held, hexagon threatened, white
  ring diplomacy;
* **colour = whose claim**: the claimant's side (Russian red, Ukrainian blue, independent purple,
  grey for none), a data-defined colour so the legend stays one entry per event and status;
* **fill = how far verified**: solid with a dark outline for confirmed/assessed, solid with a
  white outline for reported, half-transparent for claimed, hollow and dashed for
  unverified/disputed, so a claim never looks like a verified fact;
* **mentions** (a place named without a claim): small grey dots, hidden when zoomed far out;
* **labels**: only settlements with a front-line claim, one label per place (the place's first
  claim carries it, whatever the number of claims or articles), and only from
  :data:`LABEL_MAX_SCALE` inwards.

The ``areas`` layer (polygons of the places only located to their hromada) uses the same rules
as fills.  The QML is written by hand (no PyQGIS at run time) in the form QGIS 3.22 writes; QGIS
fills every attribute left out with its default.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

from geo.errors import ExportError
from geo.files import atomic_write

QGIS_VERSION = "3.22.16-Białowieża"

#: Claimant side -> (legend label, RGB): the map's colours.  ``None``: no claimant side.
SIDE_STYLES: dict[str | None, tuple[str, tuple[int, int, int]]] = {
    "russia": ("Russian side", (198, 40, 40)),
    "ukraine": ("Ukrainian side", (21, 101, 192)),
    "independent": ("Independent", (106, 27, 154)),
    None: ("No claimant side", (97, 97, 97)),
}
#: Verification looks, strongest first: (key, legend label, statuses).
STATUS_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("verified", "confirmed / assessed", ("confirmed", "assessed")),
    ("reported", "reported by the outlet", ("reported",)),
    ("claimed", "claimed by a party", ("claimed",)),
    ("hollow", "unverified / disputed", ("unverified", "disputed")),
)
#: Front-line event -> (legend label, QGIS SimpleMarker shape, angle).
EVENT_SHAPES: dict[str, tuple[str, str, int]] = {
    "captured": ("Captured", "square", 0),
    "advancing": ("Advancing", "equilateral_triangle", 0),
    "fighting": ("Fighting", "diamond", 0),
    "encircled": ("Encircled", "circle", 0),
    "strike": ("Strike", "star", 0),
    "evacuation": ("Evacuation", "equilateral_triangle", 180),
    "held": ("Held", "pentagon", 0),
    "threatened": ("Threatened", "hexagon", 0),
    "diplomacy": ("Diplomacy", "circle", 0),
}
NON_FRONT = ("mention", "diplomacy")
#: Labels show from this scale (1:N) inwards; mentions from MENTION_MAX_SCALE inwards.
LABEL_MAX_SCALE = 8_000_000
MENTION_MAX_SCALE = 15_000_000
_SIDES = tuple(s for s in SIDE_STYLES if s)

#: The QGIS ``layer_styles`` table, as QGIS itself creates it in a GeoPackage.
LAYER_STYLES_DDL = """
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
  f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME
)"""
LAYER_STYLES_COLUMNS = (
    "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
    "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
)


def _rgba(rgb: tuple[int, int, int], alpha: int = 255) -> str:
    return f"{rgb[0]},{rgb[1]},{rgb[2]},{alpha}"


def _darker(rgb: tuple[int, int, int], f: float = 0.55) -> tuple[int, int, int]:
    return (int(rgb[0] * f), int(rgb[1] * f), int(rgb[2] * f))


def side_colour(alpha: int = 255, *, dark: float | None = None) -> str:
    """A QGIS expression giving the claimant side's colour as ``'r,g,b,a'``."""
    whens = []
    for side, (_label, rgb) in SIDE_STYLES.items():
        c = _darker(rgb, dark) if dark else rgb
        if side:
            whens.append(f"WHEN \"claimant_side\" = '{side}' THEN '{_rgba(c, alpha)}'")
    none = SIDE_STYLES[None][1]
    none = _darker(none, dark) if dark else none
    return f"CASE {' '.join(whens)} ELSE '{_rgba(none, alpha)}' END"


def _options(props: dict[str, str], indent: str) -> str:
    rows = "".join(f'{indent}  <Option type="QString" name={quoteattr(k)} value={quoteattr(v)}/>\n'
                   for k, v in sorted(props.items()))
    return f'{indent}<Option type="Map">\n{rows}{indent}</Option>\n'


def _data_defined(dd: dict[str, str], indent: str) -> str:
    if not dd:
        return ""
    props = "".join(
        f'{indent}      <Option type="Map" name="{k}">\n'
        f'{indent}        <Option type="bool" name="active" value="true"/>\n'
        f'{indent}        <Option type="QString" name="expression" value={quoteattr(v)}/>\n'
        f'{indent}        <Option type="int" name="type" value="3"/>\n'
        f'{indent}      </Option>\n' for k, v in sorted(dd.items()))
    return (f'{indent}<data_defined_properties>\n{indent}  <Option type="Map">\n'
            f'{indent}    <Option type="QString" name="name" value=""/>\n'
            f'{indent}    <Option type="Map" name="properties">\n{props}{indent}    </Option>\n'
            f'{indent}    <Option type="QString" name="type" value="collection"/>\n'
            f'{indent}  </Option>\n{indent}</data_defined_properties>\n')


def _symbol(name: str, kind: str, layers: list[tuple[str, dict[str, str], dict[str, str]]]
            ) -> str:
    """A symbol of one or more layers: (layer class, properties, data-defined expressions)."""
    i = "        "
    body = "".join(f'{i}  <layer class="{cls}" enabled="1" locked="0" pass="0">\n'
                   f'{_options(props, i + "    ")}{_data_defined(dd, i + "    ")}'
                   f'{i}  </layer>\n' for cls, props, dd in layers)
    return (f'{i}<symbol type="{kind}" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
            f'force_rhr="0">\n{body}{i}</symbol>\n')


def marker_layers(event: str, look: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """The SimpleMarker layer(s) of one event and verification look; colours by side."""
    _label, shape, angle = EVENT_SHAPES.get(event, ("", "circle", 0))
    grey = SIDE_STYLES[None][1]
    base = {"name": shape, "angle": str(angle), "size_unit": "MM", "outline_width_unit": "MM",
            "joinstyle": "miter", "scale_method": "diameter", "size": "4.2",
            "outline_style": "solid"}
    if event == "diplomacy":
        props = base | {"color": "255,255,255,255", "outline_color": _rgba(grey),
                        "outline_width": "0.7", "size": "3.0"}
        dd = {"outlineColor": side_colour()}
        if look == "hollow":
            props["outline_style"] = "dash"
        return [("SimpleMarker", props, dd)]
    if look == "verified":
        props = base | {"color": _rgba(grey), "outline_color": _rgba(_darker(grey, 0.35)),
                        "outline_width": "0.5"}
        dd = {"fillColor": side_colour(), "outlineColor": side_colour(dark=0.35)}
    elif look == "reported":
        props = base | {"color": _rgba(grey), "outline_color": "255,255,255,255",
                        "outline_width": "0.4"}
        dd = {"fillColor": side_colour()}
    elif look == "claimed":
        props = base | {"color": _rgba(grey, 110), "outline_color": _rgba(grey),
                        "outline_width": "0.4"}
        dd = {"fillColor": side_colour(110), "outlineColor": side_colour()}
    elif look == "hollow":
        props = base | {"color": "255,255,255,230", "outline_color": _rgba(grey),
                        "outline_width": "0.6", "outline_style": "dash", "size": "4.4"}
        dd = {"outlineColor": side_colour()}
    else:
        raise ValueError(f"unknown look {look!r}")
    layers = [("SimpleMarker", props, dd)]
    if event == "encircled":  # the ring: a small white (hollow: side-coloured) core
        core = {"name": "circle", "size": "1.3", "size_unit": "MM", "color": "255,255,255,255",
                "outline_style": "no", "outline_width": "0", "outline_width_unit": "MM",
                "outline_color": "0,0,0,0", "joinstyle": "miter", "scale_method": "diameter",
                "angle": "0"}
        layers.append(("SimpleMarker", core, {"fillColor": side_colour()} if look == "hollow"
                       else {}))
    return layers


def fill_layers(look: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """The SimpleFill of an area for one verification look; colours by side."""
    grey = SIDE_STYLES[None][1]
    base = {"style": "solid", "outline_style": "solid", "outline_width_unit": "MM",
            "joinstyle": "bevel", "color": _rgba(grey, 80), "outline_color": _rgba(grey)}
    alpha, width, dash = {"verified": (110, "0.6", False), "reported": (80, "0.4", False),
                          "claimed": (45, "0.4", False), "hollow": (0, "0.6", True)}[look]
    props = base | {"outline_width": width}
    if dash:
        props |= {"style": "no", "outline_style": "dash"}
    return [("SimpleFill", props, {"fillColor": side_colour(alpha),
                                   "outlineColor": side_colour(dark=0.8)})]


def _rule(key: str, label: str, flt: str | None = None, symbol: int | None = None,
          children: str = "", scale_max: int | None = None) -> str:
    attrs = f'key="{{{key}}}" label={quoteattr(label)}'
    if flt:
        attrs += f" filter={quoteattr(flt)}"
    if symbol is not None:
        attrs += f' symbol="{symbol}"'
    if scale_max:
        attrs += f' scalemaxdenom="{scale_max}" scalemindenom="1"'
    if not children:
        return f"      <rule {attrs}/>\n"
    return f"      <rule {attrs}>\n{children}      </rule>\n"


def _in(field: str, values) -> str:
    return f'"{field}" IN ({",".join(repr(v) for v in values)})'


def _renderer(kind: str, make_layers, mention_layers) -> str:
    """Rule-based renderer: mentions, then one parent rule per event with one child per look."""
    rules, symbols = [], []
    symbols.append(_symbol("0", kind, mention_layers))
    rules.append(_rule("mention", "Mention (place named, no claim)", "\"event\" = 'mention'", 0,
                       scale_max=MENTION_MAX_SCALE))
    n = 1
    for event, (label, _shape, _angle) in EVENT_SHAPES.items():
        children = ""
        for look, look_label, statuses in STATUS_GROUPS:
            children += "  " + _rule(f"{event}-{look}", f"{label}: {look_label}",
                                     _in("status", statuses), n)
            symbols.append(_symbol(str(n), kind, make_layers(event, look)))
            n += 1
        children += "  " + _rule(f"{event}-else", f"{label}: other status", "ELSE", n)
        symbols.append(_symbol(str(n), kind, make_layers(event, "claimed")))
        n += 1
        rules.append(_rule(f"event-{event}", label, f"\"event\" = '{event}'", children=children))
    rules.append(_rule("other-event", "Other event", "ELSE", n))
    symbols.append(_symbol(str(n), kind, make_layers("other", "claimed")))
    return ('  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
            'forceraster="0">\n    <rules key="{root}">\n' + "".join(rules)
            + "    </rules>\n    <symbols>\n" + "".join(symbols)
            + "    </symbols>\n  </renderer-v2>\n")


def label_filter(*, areas: bool = False) -> str:
    """Settlements with a front-line claim, and of each place only its first such claim: one
    label per place however many claims and articles name it.  Places located only to their
    hromada (``precision`` ``hromada``) are labelled on their area, not on its stand-in point,
    so with both layers shown each place still has one label."""
    front = "\"place_type\" = 'settlement' AND \"event\" NOT IN ('mention', 'diplomacy')"
    if not areas:
        front += " AND coalesce(\"precision\", '') <> 'hromada'"
    return (f"{front} AND \"claim_id\" = minimum(\"claim_id\", group_by:=\"place_id\", "
            f"filter:={front})")


def _text_settings(field: str, *, size: float, placement: int, geometry: str) -> str:
    return f"""        <settings calloutType="simple">
          <text-style fieldName={quoteattr(field)} isExpression="0" fontFamily="DejaVu Sans"
              fontSize="{size}" fontSizeUnit="Point" textColor="30,30,30,255" textOpacity="1"
              fontWeight="75" fontItalic="0" namedStyle="Bold" multilineHeight="1">
            <text-buffer bufferDraw="1" bufferSize="0.9" bufferSizeUnits="MM"
                bufferColor="255,255,255,255" bufferOpacity="0.9" bufferNoFill="1"
                bufferJoinStyle="128"/>
          </text-style>
          <text-format wrapChar="" multilineAlign="3" autoWrapLength="0"/>
          <placement placement="{placement}" dist="1.2" distUnits="MM" quadOffset="4"
              priority="5" placementFlags="10" offsetType="0" layerType="{geometry}"/>
          <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="1"
              displayAll="0" upsidedownLabels="0" limitNumLabels="0" maxNumLabels="2000"
              scaleVisibility="0" scaleMin="0" scaleMax="0" minFeatureSize="0" zIndex="0"
              labelPerPart="0" mergeLines="0"/>
        </settings>
"""


def _labeling(field: str = "place", *, size: float = 8.5, placement: int = 0,
              geometry: str = "PointGeometry", areas: bool = False) -> str:
    """Rule-based labels: :func:`label_filter`, visible from :data:`LABEL_MAX_SCALE` inwards."""
    return (f'  <labeling type="rule-based">\n    <rules key="{{labels-root}}">\n'
            f'      <rule key="{{front-line-places}}" description="Front-line settlements, one '
            f'label per place" filter={quoteattr(label_filter(areas=areas))} '
            f'scalemaxdenom="{LABEL_MAX_SCALE}" scalemindenom="1">\n'
            + _text_settings(field, size=size, placement=placement, geometry=geometry)
            + "      </rule>\n    </rules>\n  </labeling>\n")


def _simple_labeling(field: str, *, size: float = 8.0, placement: int = 0) -> str:
    return ('  <labeling type="simple">\n'
            + _text_settings(field, size=size, placement=placement,
                             geometry="PointGeometry").replace("        ", "    ", 1)
            + "  </labeling>\n")


def _document(renderer: str, *, labels: str = "", opacity: float = 1.0) -> str:
    enabled = "1" if labels else "0"
    return (f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="{QGIS_VERSION}" styleCategories="AllStyleCategories" '
            f'labelsEnabled="{enabled}" hasScaleBasedVisibilityFlag="0" minScale="100000000" '
            f'maxScale="0" readOnly="0">\n'
            f"{renderer}{labels}"
            f"  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n"
            f"  <layerOpacity>{opacity}</layerOpacity>\n"
            f'  <legend type="default-vector" showLabelLegend="0"/>\n'
            f"</qgis>\n")


def claims_qml(*, label_field: str = "place") -> str:
    """The claims (point) style: event shapes, side colours, status fills, one label per place.

    Examples
    --------
    >>> qml = claims_qml()
    >>> "RuleRenderer" in qml and "claimant_side" in qml and 'outline_style" value="dash' in qml
    True
    """
    mention = [("SimpleMarker", {"name": "circle", "size": "1.4", "size_unit": "MM",
                                 "color": "150,150,150,200", "outline_color": "255,255,255,160",
                                 "outline_style": "solid", "outline_width": "0.15",
                                 "outline_width_unit": "MM", "joinstyle": "miter",
                                 "scale_method": "diameter", "angle": "0"}, {})]
    return _document(_renderer("marker", marker_layers, mention),
                     labels=_labeling(label_field))


def areas_qml(*, label_field: str = "place") -> str:
    """The ``areas`` (polygon) style: the claims' rules as fills, one label per place."""
    mention = [("SimpleFill", {"style": "solid", "color": "170,170,170,45",
                               "outline_color": "150,150,150,160", "outline_style": "solid",
                               "outline_width": "0.2", "outline_width_unit": "MM",
                               "joinstyle": "bevel"}, {})]
    return _document(_renderer("fill", lambda _event, look: fill_layers(look), mention),
                     labels=_labeling(label_field, placement=1, geometry="PolygonGeometry",
                                      areas=True))


def regions_qml() -> str:
    """The regions layer: grey squares sized by claim count, labelled with the region name."""
    props = {"name": "square", "color": "255,255,255,200", "outline_color": "60,60,60,255",
             "outline_style": "solid", "outline_width": "0.5", "size": "4", "size_unit": "MM",
             "outline_width_unit": "MM", "joinstyle": "miter", "scale_method": "diameter"}
    renderer = ('  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
                'forceraster="0">\n    <symbols>\n'
                + _symbol("0", "marker", [("SimpleMarker", props, {})])
                + "    </symbols>\n  </renderer-v2>\n")
    return _document(renderer, labels=_simple_labeling("region", size=10.0, placement=1))


def control_qml() -> str:
    """The assessed-control overlay: translucent red fill with a thin dark red outline."""
    props = {"color": "215,25,28,60", "style": "solid", "outline_color": "150,20,20,200",
             "outline_style": "solid", "outline_width": "0.3", "outline_width_unit": "MM",
             "joinstyle": "bevel"}
    renderer = ('  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
                'forceraster="0">\n    <symbols>\n'
                + _symbol("0", "fill", [("SimpleFill", props, {})])
                + "    </symbols>\n  </renderer-v2>\n")
    return _document(renderer)


def qml_for(layer: str) -> str:
    """The style of a layer Frontline writes (``claims``, ``regions``, ``areas`` or ``control``)."""
    makers = {"claims": claims_qml, "regions": regions_qml, "control": control_qml,
              "areas": areas_qml}
    if layer not in makers:
        raise ExportError(f"no QGIS style for layer {layer!r}; styled layers: {', '.join(makers)}")
    return makers[layer]()


def sidecar_path(data_path: str | Path) -> Path:
    """Where QGIS looks for a file layer's default style: ``out.geojson`` -> ``out.qml``."""
    return Path(data_path).with_suffix(".qml")


def write_sidecar(data_path: str | Path, qml: str | None = None) -> Path:
    """Write the claims style next to a single-layer file so QGIS applies it on open."""
    path = sidecar_path(data_path)
    with atomic_write(path) as f:
        f.write(qml if qml is not None else claims_qml())
    return path


def store_styles(gpkg: str | Path, styles: dict[str, tuple[str, str, str]]) -> None:
    """Store default QGIS styles in a GeoPackage's ``layer_styles`` table.

    Parameters
    ----------
    gpkg
        An existing GeoPackage (written by GDAL).
    styles
        layer name -> (geometry column, style QML, description).  Each becomes the layer's
        default style (``useAsDefault``), which QGIS applies when it opens the layer.

    The table is registered in ``gpkg_contents`` as an attributes table, as QGIS does.
    """
    now = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    try:
        con = sqlite3.connect(gpkg)
    except sqlite3.Error as err:
        raise ExportError(f"{gpkg}: cannot open the GeoPackage to store styles ({err})") from err
    try:
        with con:
            exists = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                                 "name='layer_styles'").fetchone()
            if not exists:
                con.execute(LAYER_STYLES_DDL)
                con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                            "description, last_change) VALUES ('layer_styles', 'attributes', "
                            "'layer_styles', 'QGIS layer styles', ?)", (now,))
            for table, (geom_col, qml, description) in styles.items():
                con.execute("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?",
                            (table,))
                con.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                    "owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, ?)",
                    (table, geom_col, f"frontline-{table}", qml, description, now))
    except sqlite3.Error as err:
        raise ExportError(f"{gpkg}: cannot store QGIS styles ({err})") from err
    finally:
        con.close()
