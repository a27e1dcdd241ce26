"""Writes analyse_and_report.model3: a model-designer model that chains libwarmte's Analyse and
Report (the result GeoPackage of the one is the input of the other). Made with QGIS's own model
API, so the file is what the model designer saves; run by Debian's python3:

    HOME=$(mktemp -d) /usr/bin/python3 qgis/models/make_analyse_and_report.py dist/libwarmte-X.zip
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "qgis"))
import plugin_host  # noqa: E402

app, provider = plugin_host.start(sys.argv[1])

from qgis.core import (  # noqa: E402
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessing,
    QgsProcessingParameterFolderDestination,
)
from qgis.PyQt.QtCore import QPointF  # noqa: E402

model = QgsProcessingModelAlgorithm("Analyse and report", "libwarmte", "libwarmte_analyse_and_report")
for name, description, kind in (("neighbourhoods", "Buurten", QgsProcessing.TypeVectorPolygon),
                                ("buildings", "BAG panden", QgsProcessing.TypeVectorPolygon),
                                ("water", "Surface water", QgsProcessing.TypeVectorPolygon)):
    model.addModelParameter(QgsProcessingParameterFeatureSource(name, description, [kind], optional=name == "water"),
                            QgsProcessingModelParameter(name))

analyse = QgsProcessingModelChildAlgorithm("libwarmte:analyse")
analyse.setChildId("analyse")
analyse.setDescription("Analyse neighbourhoods")
analyse.setPosition(QPointF(300, 100))
for name in ("neighbourhoods", "buildings", "water"):
    analyse.addParameterSources(name.upper(), [QgsProcessingModelChildParameterSource.fromModelParameter(name)])
analyse.addParameterSources("LOAD", [QgsProcessingModelChildParameterSource.fromStaticValue(False)])
result = QgsProcessingModelOutput("result", "Result")
result.setChildOutputName("OUTPUT")
result.setChildId("analyse")
analyse.setModelOutputs({"result": result})
model.addChildAlgorithm(analyse)

report = QgsProcessingModelChildAlgorithm("libwarmte:report")
report.setChildId("report")
report.setDescription("Report")
report.setPosition(QPointF(300, 250))
report.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("analyse", "OUTPUT")])
report.addParameterSources("PDF", [QgsProcessingModelChildParameterSource.fromStaticValue(False)])
folder = QgsProcessingModelOutput("report", "Report folder")
folder.setChildOutputName("OUTPUT")
folder.setChildId("report")
report.setModelOutputs({"report": folder})
model.addChildAlgorithm(report)

target = Path(__file__).resolve().parent / "analyse_and_report.model3"
if not model.toFile(str(target)):
    sys.exit(f"could not write {target}")
print(target)
