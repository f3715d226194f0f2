"""Render styled layers in real QGIS and report what a reader would see, as JSON.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_style_probe.py JOB.json
JOB: {"layers": [{"uri", "name"}], "renders": [{"png", "extent": [xmin, ymin, xmax, ymax],
      "size": [w, h]}]}
Per layer: validity, geometry type, renderer type, its top-level rule labels and symbol types,
whether labels are on.  Per render: the map scale, the label texts QGIS placed, and counts of
red/blue/grey pixels.
"""
import json
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    out = {"layers": [], "renders": []}
    layers = []
    for spec in job["layers"]:
        layer = QgsVectorLayer(spec["uri"], spec["name"], "ogr")
        r = layer.renderer()
        info = {"name": spec["name"], "valid": layer.isValid(), "features": layer.featureCount(),
                "geometry": QgsWkbTypes.geometryDisplayString(layer.geometryType()),
                "renderer": r.type() if r else None, "labels": layer.labelsEnabled()}
        if r and r.type() == "RuleRenderer":
            info["rules"] = [c.label() for c in r.rootRule().children()]
            info["symbol_types"] = sorted({type(s).__name__ for s in r.symbols(
                __import__("qgis.core", fromlist=["QgsRenderContext"]).QgsRenderContext())})
        out["layers"].append(info)
        layers.append(layer)
    for spec in job["renders"]:
        ms = QgsMapSettings()
        ms.setLayers(list(reversed(layers)))  # the first layer of the job at the bottom
        ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        ms.setExtent(QgsRectangle(*spec["extent"]))
        ms.setOutputSize(QSize(*spec.get("size", [900, 700])))
        ms.setBackgroundColor(QColor(255, 255, 255))
        render = QgsMapRendererSequentialJob(ms)
        render.start()
        render.waitForFinished()
        img = render.renderedImage()
        if spec.get("png"):
            img.save(spec["png"], "PNG")
        results = render.takeLabelingResults()
        texts = sorted(p.labelText for p in results.labelsWithinRect(ms.visibleExtent())) \
            if results else []
        counts = {"red": 0, "blue": 0, "grey": 0}
        for y in range(0, img.height(), 2):
            for x in range(0, img.width(), 2):
                c = QColor(img.pixel(x, y))
                r_, g, b = c.red(), c.green(), c.blue()
                if r_ > 150 and g < 90 and b < 90:
                    counts["red"] += 1
                elif b > 130 and r_ < 90:
                    counts["blue"] += 1
                elif abs(r_ - g) < 8 and abs(g - b) < 8 and 120 < r_ < 200:
                    counts["grey"] += 1
        out["renders"].append({"scale": round(ms.scale()), "labels": texts, "pixels": counts})
        del render, ms, img, results
    del layers, layer, r
    app.exitQgis()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
