"""Screenshots of the plugin in QGIS under Xvfb: the Analyse dialog, and the styled result in a map
canvas with its layer tree (for the README and for a person to look at; not a test).

    make qgis-screenshots   # -> dist/screenshots/analyse_dialog.png, result_in_qgis.png

Run by Debian's python3 under xvfb-run with HOME at a throw-away folder (a fresh profile):
    xvfb-run -a -s "-screen 0 1600x1000x24" /usr/bin/python3 qgis/screenshots.py PLUGIN.zip TOWN.gpkg OUT_DIR
"""

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "qgis"))
import plugin_host  # noqa: E402


def main(plugin_zip, town, out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    app, provider = plugin_host.start(plugin_zip, gui=True)  # noqa: F841
    import processing
    from qgis.core import QgsProject
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas
    from qgis.core import QgsLayerTreeModel
    from qgis.PyQt.QtWidgets import QApplication, QSplitter
    from qgis.PyQt.QtCore import Qt

    # What Processing's toolbox opens (createAlgorithmDialog needs QGIS's main window, which a
    # script has not).
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication
    dialog = AlgorithmDialog(QgsApplication.processingRegistry().createAlgorithmById("libwarmte:analyse"))
    dialog.setParameters({"NEIGHBOURHOODS": f"{town}|layername=buurten", "BUILDINGS": f"{town}|layername=panden",
                          "WATER": f"{town}|layername=waterdelen", "PLANTS": f"{town}|layername=rwzi"})
    dialog.resize(1000, 900)
    dialog.show()
    for _ in range(20):
        QApplication.processEvents()
    dialog.grab().save(str(out / "analyse_dialog.png"))
    dialog.close()

    processing.run("libwarmte:analyse", {
        "NEIGHBOURHOODS": f"{town}|layername=buurten", "BUILDINGS": f"{town}|layername=panden",
        "WATER": f"{town}|layername=waterdelen", "PLANTS": f"{town}|layername=rwzi",
        "OUTPUT": str(out / "town.gpkg")})
    project = QgsProject.instance()
    window = QSplitter(Qt.Horizontal)
    view = QgsLayerTreeView(window)
    view.setModel(QgsLayerTreeModel(project.layerTreeRoot(), window))
    view.expandAll()
    canvas = QgsMapCanvas(window)
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)  # noqa: F841
    neighbourhoods = project.mapLayersByName("neighbourhoods")[0]
    canvas.setDestinationCrs(neighbourhoods.crs())
    window.resize(1500, 900)
    window.setSizes([350, 1150])
    window.show()
    for _ in range(10):  # the canvas takes its size first, then the extent
        QApplication.processEvents()
    canvas.setExtent(neighbourhoods.extent().buffered(neighbourhoods.extent().width() * 0.03))
    canvas.refresh()
    for _ in range(100):
        QApplication.processEvents()
        canvas.waitWhileRendering()
    window.grab().save(str(out / "result_in_qgis.png"))
    print(out)
    # QGIS's teardown of a scripted GUI session may crash after the work is saved; leave at once.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:4])
