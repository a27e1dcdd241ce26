"""Opens a warmte GeoPackage with QGIS itself and reports what QGIS made of it, as JSON.

Run with Debian's interpreter (the one python3-qgis belongs to), never the project's venv:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_gpkg.py OUT.gpkg MAP.png [HEAT.tif]

For every layer: whether it is valid, its feature count, its geometry type, the styles QGIS finds
in the layer_styles table, the renderer it applied on opening (type, field, class labels and
colours) and whether labels are on. Then it renders the neighbourhoods layer (with its labels)
to MAP.png and counts the pixels of each class colour, so the caller can check that every class
in the data shows on the map. A heat-density GeoTIFF, when given, is opened as a raster and its
renderer (from the .qml beside it) reported.
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (QGIS reads QT_QPA_PLATFORM on import)
    Qgis,
    QgsApplication,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

LAYERS = ["neighbourhoods", "buildings", "sources", "allocation", "data_quality", "costs"]


def describe_renderer(layer):
    renderer = layer.renderer()
    if renderer is None:
        return None
    out = {"type": renderer.type()}
    if renderer.type() == "categorizedSymbol":
        out["field"] = renderer.classAttribute()
        out["classes"] = [{"value": str(c.value()), "label": c.label(), "colour": c.symbol().color().name()}
                          for c in renderer.categories()]
    elif renderer.type() == "graduatedSymbol":
        out["field"] = renderer.classAttribute()
        out["classes"] = [{"lower": r.lowerValue(), "upper": r.upperValue(), "label": r.label(),
                           "width": r.symbol().width()} for r in renderer.ranges()]
    return out


def render(layer, path):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent().buffered(layer.extent().width() * 0.02))
    settings.setOutputSize(QSize(1200, 1000))
    settings.setBackgroundColor(QColor("white"))
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(path, "PNG")
    counts = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            name = QColor(image.pixel(x, y)).name()
            counts[name] = counts.get(name, 0) + 1
    return {"width": image.width(), "height": image.height(), "pixel_counts": counts}


def main():
    gpkg, png = sys.argv[1], sys.argv[2]
    heat = sys.argv[3] if len(sys.argv) > 3 else None
    app = QgsApplication([], False)
    app.initQgis()
    report = {"qgis_version": Qgis.version(), "layers": {}}
    kept = []
    try:
        for name in LAYERS:
            layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
            if not layer.isValid():
                report["layers"][name] = {"valid": False}
                continue
            # The first `related` entries are this layer's styles, the rest belong to other layers.
            related, ids, names, _, _ = layer.listStylesInDatabase()
            entry = {
                "valid": True,
                "feature_count": layer.featureCount(),
                "geometry_type": QgsWkbTypes.geometryDisplayString(layer.geometryType()),
                "styles_in_database": list(names[:related]),
                "renderer": describe_renderer(layer),
                "labels_enabled": layer.labelsEnabled(),
                "legend": [item.label() for item in layer.renderer().legendSymbolItems()] if layer.renderer() else [],
                "sort_expression": layer.attributeTableConfig().sortExpression(),
            }
            if name == "neighbourhoods":
                report["render"] = render(layer, png)
                # Every saved style applies: its renderer, as QGIS builds it from the stored QML.
                entry["saved_styles"] = {}
                for style_id, style_name in zip(ids[:related], names[:related]):
                    document = QDomDocument()
                    document.setContent(layer.getStyleFromDatabase(style_id)[0])
                    layer.importNamedStyle(document)
                    entry["saved_styles"][style_name] = describe_renderer(layer)
            report["layers"][name] = entry
            kept.append(layer)
        if heat:
            raster = QgsRasterLayer(heat, "heat")
            report["heat_grid"] = {"valid": raster.isValid(),
                                   "renderer": raster.renderer().type() if raster.isValid() else None}
            kept.append(raster)
    except Exception as error:  # reported, so the caller's assertion shows it
        report["error"] = repr(error)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.flush()
    # QGIS 3.22 can crash while tearing down its providers at exit; the report is complete by now.
    os._exit(0)


if __name__ == "__main__":
    main()
