"""Open layers in real QGIS (Debian's /usr/bin/python3 + PyQGIS) and print what it sees as JSON.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_probe.py JOB.json
JOB: {"layers": [{"uri": "...", "name": "...", "qml": optional path}], "render": optional PNG path,
     "extent": optional [xmin, ymin, xmax, ymax] in EPSG:4326}
"""
import json
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def describe(layer):
    r = layer.renderer()
    out = {"valid": layer.isValid(), "features": layer.featureCount(),
           "crs": layer.crs().authid(),
           "fields": {f.name(): f.typeName() for f in layer.fields()},
           "renderer": r.type() if r else None, "labels": layer.labelsEnabled()}
    if r and r.type() == "RuleRenderer":
        out["rules"] = [{"label": c.label(), "filter": c.filterExpression(),
                         "children": [{"label": g.label(), "filter": g.filterExpression()}
                                      for g in c.children()]}
                        for c in r.rootRule().children()]
    if r and r.type() == "categorizedSymbol":
        out["categories"] = [str(c.value()) for c in r.categories()]
    if layer.labelsEnabled() and layer.labeling():
        out["label_field"] = layer.labeling().settings().fieldName
    return out


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    result = {"layers": []}
    layers = []
    for spec in job["layers"]:
        layer = QgsVectorLayer(spec["uri"], spec.get("name", "layer"), spec.get("provider", "ogr"))
        if spec.get("qml"):
            _msg, ok = layer.loadNamedStyle(spec["qml"])
            result.setdefault("qml_loaded", []).append(bool(ok))
        result["layers"].append(describe(layer))
        layers.append(layer)
    if job.get("render"):
        ms = QgsMapSettings()
        ms.setLayers(list(reversed(layers)))
        ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        if job.get("extent"):  # [xmin, ymin, xmax, ymax] in EPSG:4326
            ext = QgsRectangle(*job["extent"])
        else:
            ext = layers[0].extent()
            ext.grow(max(ext.width(), ext.height(), 0.5) * 0.15)
        ms.setExtent(ext)
        ms.setOutputSize(QSize(900, 700))
        ms.setBackgroundColor(QColor(255, 255, 255))
        render = QgsMapRendererParallelJob(ms)
        render.start()
        render.waitForFinished()
        img = render.renderedImage()
        img.save(job["render"], "PNG")
        counts = {"nonwhite": 0, "reddish": 0, "bluish": 0}
        for y in range(0, img.height(), 2):
            for x in range(0, img.width(), 2):
                c = QColor(img.pixel(x, y))
                r, g, b = c.red(), c.green(), c.blue()
                if (r, g, b) != (255, 255, 255):
                    counts["nonwhite"] += 1
                if r > 150 and g < 90 and b < 90:
                    counts["reddish"] += 1
                if b > 130 and r < 90:
                    counts["bluish"] += 1
        result["render"] = counts
        del render, ms, img
    del layers, layer
    app.exitQgis()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
