"""The libwarmte plugin in Debian's real QGIS, headless: installed from its zip into a fresh
profile, its algorithms run through processing.run, and what QGIS made of it reported as JSON.

    HOME=$(mktemp -d) QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_plugin.py \\
        PLUGIN.zip TOWN.gpkg OUT_DIR [PROJECT.toml]

Reports: the provider's algorithms and their parameters; Analyse on the test town (one input a
memory layer, so the temporary GeoPackage path is used) with the output's layers as loaded into
the project (group, style, renderer, feature count); the message of a planted bad input; what a
cancel leaves; Rescore, Potential sources and Report; the model analyse_and_report.model3; and,
with a project file, Batch in tiles.
"""

import json
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plugin_host  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def main(plugin_zip, town, out, project_file=None):
    out = Path(out)
    app, provider = plugin_host.start(plugin_zip)  # noqa: F841 (QGIS must live while we run)
    import processing
    from qgis.core import (QgsFeatureRequest, QgsProcessingException,
                           QgsProcessingFeedback, QgsProject, QgsVectorLayer)

    report = {"algorithms": {}}
    for algorithm in provider.algorithms():
        report["algorithms"][algorithm.id()] = {
            "parameters": [p.name() for p in algorithm.parameterDefinitions()],
            "optional": [p.name() for p in algorithm.parameterDefinitions() if p.flags() & p.FlagOptional],
            "help": algorithm.shortHelpString(),
        }

    def layer(name):
        return QgsVectorLayer(f"{town}|layername={name}", name, "ogr")

    # The plants as a memory layer: the plugin must write it to a temporary GeoPackage first.
    plants = layer("rwzi").materialize(QgsFeatureRequest())
    project = QgsProject.instance()
    params = {"NEIGHBOURHOODS": f"{town}|layername=buurten", "BUILDINGS": f"{town}|layername=panden",
              "WATER": layer("waterdelen"), "PLANTS": plants, "HEAT_NETWORK": f"{town}|layername=warmtenet",
              "LANGUAGE": 0, "OUTPUT": str(out / "analyse.gpkg")}
    feedback = Recorder()
    result = processing.run("libwarmte:analyse", params, feedback=feedback)
    report["analyse"] = {"result": result, "progress": feedback.progress_seen, "texts": sorted(set(feedback.texts)),
                         "commands": feedback.commands}
    groups = project.layerTreeRoot().children()
    report["analyse"]["groups"] = [g.name() for g in groups]
    report["analyse"]["layers"] = {}
    for node in groups[0].children():
        lyr = node.layer()
        renderer = lyr.renderer()
        report["analyse"]["layers"][lyr.name()] = {
            "valid": lyr.isValid(), "features": lyr.featureCount(),
            "renderer": renderer.type() if renderer else None,
            "field": renderer.classAttribute() if renderer and hasattr(renderer, "classAttribute") else None,
            "classes": len(renderer.categories()) if renderer and hasattr(renderer, "categories") else None,
            "styles": _own_styles(lyr),
        }

    # A planted bad input: buurten without their id field (the program's message must come through).
    bad = QgsVectorLayer("Polygon?crs=EPSG:28992&field=naam:string", "bad", "memory")
    bad_feature = next(layer("buurten").getFeatures())
    from qgis.core import QgsFeature
    f = QgsFeature(bad.fields())
    f.setGeometry(bad_feature.geometry())
    f.setAttribute("naam", "x")
    bad.dataProvider().addFeatures([f])
    try:
        processing.run("libwarmte:analyse", dict(params, NEIGHBOURHOODS=bad, OUTPUT=str(out / "bad.gpkg"), LOAD=False),
                       feedback=QgsProcessingFeedback())
        report["bad_input"] = {"raised": False}
    except QgsProcessingException as e:
        report["bad_input"] = {"raised": True, "message": str(e), "output_exists": (out / "bad.gpkg").exists()}

    # Cancel at the first progress report: the program stops, nothing is written.
    canceller = Recorder(cancel_at_progress=True)
    try:
        processing.run("libwarmte:analyse", dict(params, OUTPUT=str(out / "cancelled.gpkg"), LOAD=False),
                       feedback=canceller)
        report["cancel"] = {"raised": False}
    except QgsProcessingException as e:
        report["cancel"] = {"raised": True, "message": str(e), "output_exists": (out / "cancelled.gpkg").exists()}

    rescored = processing.run("libwarmte:rescore", {"INPUT": str(out / "analyse.gpkg"), "HN_HEAT_DENSITY": 0.9,
                                                    "OUTPUT": str(out / "rescored.gpkg"), "LOAD": False})
    sources = processing.run("libwarmte:potential_sources", {"WATER": layer("waterdelen"), "PLANTS": plants,
                                                             "OUTPUT": str(out / "sources.gpkg"), "LOAD": False})
    web = processing.run("libwarmte:report", {"INPUT": str(out / "analyse.gpkg"), "PDF": False,
                                              "OUTPUT": str(out / "report")})
    report["rescore"], report["potential_sources"], report["report"] = rescored, sources, web

    if project_file:
        before = len(project.layerTreeRoot().children())
        batch = Recorder()
        report["batch"] = {"result": processing.run("libwarmte:batch", {
            "PROJECT": project_file, "PARTITION": "tiles:1km", "WORKERS": 1, "OUTPUT": str(out / "batch")},
            feedback=batch)}
        report["batch"]["progress"] = batch.progress_seen
        report["batch"]["groups_added"] = len(project.layerTreeRoot().children()) - before

    from qgis.core import QgsProcessingModelAlgorithm
    model = QgsProcessingModelAlgorithm()
    model_file = ROOT / "qgis" / "models" / "analyse_and_report.model3"
    report["model"] = {"loaded": model.fromFile(str(model_file))}
    report["model"]["children"] = sorted(c.algorithmId() for c in model.childAlgorithms().values())
    model_result = processing.run(model, {"neighbourhoods": f"{town}|layername=buurten",
                                          "buildings": f"{town}|layername=panden",
                                          "water": f"{town}|layername=waterdelen",
                                          "analyse:result": str(out / "model.gpkg"),
                                          "report:report": str(out / "model_report")})
    report["model"]["result"] = {k: str(v) for k, v in model_result.items()}
    print(json.dumps(report, default=str))


def _own_styles(layer):
    """The names of the styles the GeoPackage holds for this layer (listed first by QGIS)."""
    count, _, names, _, _ = layer.listStylesInDatabase()
    return names[:count]


class Recorder:
    """A feedback that records the progress and texts it is given (and cancels when asked)."""

    def __new__(cls, cancel_at_progress=False):
        from qgis.core import QgsProcessingFeedback

        class _Recorder(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.progress_seen, self.texts, self.commands = [], [], []

            def setProgress(self, value):  # noqa: N802 (QGIS's name)
                self.progress_seen.append(value)
                if cancel_at_progress:
                    self.cancel()
                super().setProgress(value)

            def setProgressText(self, text):  # noqa: N802
                self.texts.append(text)
                super().setProgressText(text)

            def pushCommandInfo(self, info):  # noqa: N802
                self.commands.append(info)
                super().pushCommandInfo(info)

        return _Recorder()


if __name__ == "__main__":
    try:
        main(*sys.argv[1:5])
    except Exception:
        print(json.dumps({"error": traceback.format_exc()}))
