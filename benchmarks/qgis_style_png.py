"""Render the QGIS style of the seed claims to docs/qgis-style.png with real QGIS (PyQGIS).

Usage: .venv/bin/python benchmarks/qgis_style_png.py [CLAIMS.geojson] [-o docs/qgis-style.png]

Exports the claims (default: the seed articles, extracted afresh) as a GeoPackage, which carries
its default style in ``layer_styles``, adds a Natural Earth country basemap, and renders the
Donbas front with Debian's /usr/bin/python3 + PyQGIS offscreen (tests/qgis_probe.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "qgis_probe.py"
#: The Donbas and Kharkiv fronts, [xmin, ymin, xmax, ymax] in EPSG:4326.
EXTENT = [35.2, 47.1, 39.6, 49.9]
BASEMAP_QML = """<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16" styleCategories="AllStyleCategories">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="244,241,232,255"/>
            <Option type="QString" name="outline_color" value="140,140,140,255"/>
            <Option type="QString" name="outline_width" value="0.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
</qgis>
"""


def render(claims: dict, png: Path, work: Path, extent=EXTENT) -> dict:
    sys.path.insert(0, str(ROOT))
    from geo.publish.assets import basemap
    from geo.publish.export import export_claims

    gpkg = work / "claims.gpkg"
    export_claims(claims, gpkg)
    base = work / "basemap.geojson"
    base.write_text(json.dumps(basemap((extent[0], extent[1], extent[2], extent[3]))))
    (work / "basemap.qml").write_text(BASEMAP_QML)
    # the probe draws its first layer at the bottom
    job = {"layers": [{"uri": str(base), "name": "basemap", "qml": str(work / "basemap.qml")},
                      {"uri": f"{gpkg}|layername=claims", "name": "claims"}],
           "render": str(png), "extent": extent}
    spec = work / "job.json"
    spec.write_text(json.dumps(job))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(work)}
    env.pop("PYTHONPATH", None)
    run = subprocess.run(["/usr/bin/python3", str(PROBE), str(spec)], capture_output=True,
                         text=True, timeout=300, env=env, check=False)
    if run.returncode != 0:
        raise SystemExit(f"QGIS render failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("claims", nargs="?")
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "qgis-style.png"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.claims:
            claims = json.loads(Path(args.claims).read_text(encoding="utf-8"))
        else:
            out = work / "seeds.geojson"
            subprocess.run([sys.executable, "-m", "geo", "extract", str(ROOT / "seeds"),
                            "-o", str(out)], check=True, cwd=ROOT)
            claims = json.loads(out.read_text(encoding="utf-8"))
        res = render(claims, Path(args.output), work)
    print(f"wrote {args.output}: {json.dumps(res.get('render'))}")


if __name__ == "__main__":
    main()
