"""QGIS styles for the exported layers: ``.qml`` text, ``.qml`` sidecars and GeoPackage ``layer_styles``.

The claims style is rule-based: one parent rule per claimant side (russia, ukraine, independent,
none) and, under each, one sub-rule per verification group, so a disputed claim never looks like
a confirmed one:

============================  =====================================================
status                        symbol
============================  =====================================================
confirmed, assessed           solid circle in the side's colour, dark outline
claimed, reported             half-transparent circle, solid outline
unverified, disputed          hollow circle, dashed outline in the side's colour
============================  =====================================================

Place names are drawn as labels with a white halo.  The QML is written by hand (no PyQGIS at run
time) in the form QGIS 3.22 writes; QGIS fills every attribute left out with its default.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

from geo.errors import ExportError
from geo.files import atomic_write

QGIS_VERSION = "3.22.16-Białowieża"

#: Claimant side -> (legend label, RGB).  ``None`` is a claim with no identifiable claimant.
SIDE_STYLES: dict[str | None, tuple[str, tuple[int, int, int]]] = {
    "russia": ("Russia", (215, 25, 28)),
    "ukraine": ("Ukraine", (44, 123, 182)),
    "independent": ("Independent", (123, 50, 148)),
    None: ("No claimant side", (110, 110, 110)),
}
#: Verification groups, strongest first: (legend label, statuses, look).
STATUS_GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("confirmed / assessed", ("confirmed", "assessed"), "solid"),
    ("claimed / reported", ("claimed", "reported"), "faded"),
    ("unverified / disputed", ("unverified", "disputed"), "hollow"),
)
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


def _options(props: dict[str, str], indent: str) -> str:
    rows = "".join(f'{indent}  <Option type="QString" name={quoteattr(k)} value={quoteattr(v)}/>\n'
                   for k, v in sorted(props.items()))
    return f'{indent}<Option type="Map">\n{rows}{indent}</Option>\n'


def _symbol(name: str, kind: str, layer_class: str, props: dict[str, str]) -> str:
    i = "        "
    return (f'{i}<symbol type="{kind}" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
            f'force_rhr="0">\n'
            f'{i}  <layer class="{layer_class}" enabled="1" locked="0" pass="0">\n'
            f'{_options(props, i + "    ")}'
            f'{i}  </layer>\n{i}</symbol>\n')


def marker_props(rgb: tuple[int, int, int], look: str) -> dict[str, str]:
    """SimpleMarker properties of one side/status look (``solid``, ``faded`` or ``hollow``)."""
    base = {"name": "circle", "size_unit": "MM", "outline_width_unit": "MM",
            "joinstyle": "bevel", "scale_method": "diameter"}
    if look == "solid":
        return base | {"color": _rgba(rgb), "outline_color": _rgba(_darker(rgb, 0.35)),
                       "outline_style": "solid", "outline_width": "0.4", "size": "3.4"}
    if look == "faded":
        return base | {"color": _rgba(rgb, 120), "outline_color": _rgba(_darker(rgb)),
                       "outline_style": "solid", "outline_width": "0.3", "size": "3.0"}
    if look == "hollow":
        return base | {"color": _rgba(rgb, 0), "outline_color": _rgba(rgb),
                       "outline_style": "dash", "outline_width": "0.6", "size": "3.8"}
    raise ValueError(f"unknown look {look!r}; expected solid, faded or hollow")


def _side_filter(side: str | None) -> str:
    if side is None:  # null, or '' as CSV/KML readers give back
        listed = ",".join(f"'{s}'" for s in _SIDES)
        return f"coalesce(\"claimant_side\", '') NOT IN ({listed})"
    return f"\"claimant_side\" = '{side}'"


def _labeling(field: str, *, size: float = 8.0, placement: int = 0) -> str:
    return f"""  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName={quoteattr(field)} isExpression="0" fontFamily="DejaVu Sans"
          fontSize="{size}" fontSizeUnit="Point" textColor="30,30,30,255" textOpacity="1"
          fontWeight="50" fontItalic="0" namedStyle="" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM"
            bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128"/>
      </text-style>
      <text-format wrapChar="" multilineAlign="3" autoWrapLength="0"/>
      <placement placement="{placement}" dist="1" distUnits="MM" quadOffset="4" priority="5"
          placementFlags="10" offsetType="0" layerType="PointGeometry"/>
      <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="1" displayAll="0"
          upsidedownLabels="0" limitNumLabels="0" maxNumLabels="2000" scaleVisibility="0"
          scaleMin="0" scaleMax="0" minFeatureSize="0" zIndex="0" labelPerPart="0" mergeLines="0"/>
    </settings>
  </labeling>
"""


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
    """The claims style: rule-based by claimant side, then by verification status.

    Examples
    --------
    >>> qml = claims_qml()
    >>> "RuleRenderer" in qml and "claimant_side" in qml and 'outline_style" value="dash' in qml
    True
    """
    rules, symbols = [], []
    n = 0
    for side, (side_label, rgb) in SIDE_STYLES.items():
        rules.append(f"      <rule key=\"{{side-{side or 'none'}}}\" "
                     f"filter={quoteattr(_side_filter(side))} label={quoteattr(side_label)}>\n")
        for group_label, statuses, look in STATUS_GROUPS:
            listed = ",".join(f"'{s}'" for s in statuses)
            flt = f'"status" IN ({listed})'
            rules.append(f"        <rule key=\"{{{side or 'none'}-{look}}}\" symbol=\"{n}\" "
                         f"filter={quoteattr(flt)} "
                         f"label={quoteattr(f'{side_label}: {group_label}')}/>\n")
            symbols.append(_symbol(str(n), "marker", "SimpleMarker", marker_props(rgb, look)))
            n += 1
        # any other status value (a newer vocabulary) still shows, as a small plain dot
        rules.append(f"        <rule key=\"{{{side or 'none'}-else}}\" symbol=\"{n}\" "
                     f"filter=\"ELSE\" label={quoteattr(f'{side_label}: other status')}/>\n")
        symbols.append(_symbol(str(n), "marker", "SimpleMarker",
                               marker_props(rgb, "faded") | {"size": "2.0"}))
        n += 1
        rules.append("      </rule>\n")
    renderer = ('  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
                'forceraster="0">\n    <rules key="{root}">\n' + "".join(rules)
                + "    </rules>\n    <symbols>\n" + "".join(symbols)
                + "    </symbols>\n  </renderer-v2>\n")
    return _document(renderer, labels=_labeling(label_field))


def regions_qml() -> str:
    """The regions layer: grey squares sized by claim count, labelled with the region name."""
    props = {"name": "square", "color": "255,255,255,200", "outline_color": "60,60,60,255",
             "outline_style": "solid", "outline_width": "0.5", "size": "4", "size_unit": "MM",
             "outline_width_unit": "MM", "joinstyle": "miter", "scale_method": "diameter"}
    renderer = ('  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
                'forceraster="0">\n    <symbols>\n'
                + _symbol("0", "marker", "SimpleMarker", props)
                + "    </symbols>\n  </renderer-v2>\n")
    return _document(renderer, labels=_labeling("region", size=10.0, placement=1))


def control_qml() -> str:
    """The assessed-control overlay: translucent red fill with a thin dark red outline."""
    props = {"color": "215,25,28,60", "style": "solid", "outline_color": "150,20,20,200",
             "outline_style": "solid", "outline_width": "0.3", "outline_width_unit": "MM",
             "joinstyle": "bevel"}
    renderer = ('  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
                'forceraster="0">\n    <symbols>\n'
                + _symbol("0", "fill", "SimpleFill", props)
                + "    </symbols>\n  </renderer-v2>\n")
    return _document(renderer)


def qml_for(layer: str) -> str:
    """The style of a layer Frontline writes (``claims``, ``regions`` or ``control``)."""
    makers = {"claims": claims_qml, "regions": regions_qml, "control": control_qml}
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
