"""The libwarmte algorithms: Analyse, Batch, Report, Rescore and Potential sources.

Their parameters come from the library's own tables (tables.json, what `warmte --describe`
prints): a layer parameter per input role, named by the role in capitals, with the role's help;
a weight per scoring criterion with its label, unit and source. Nothing here lists them again.
"""

import os
import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsProject,
    QgsVectorLayer,
)

from . import program

KIND_TYPES = {
    "polygon": [QgsProcessing.TypeVectorPolygon],
    "line": [QgsProcessing.TypeVectorLine],
    "point": [QgsProcessing.TypeVectorPoint],
}
# The layers of a result in the order QGIS should stack them (points on top), and their titles.
RESULT_LAYERS = ["allocation", "sources", "buildings", "neighbourhoods", "costs", "data_quality"]
# Formats the program reads as they are; anything else (a memory layer, PostGIS through QGIS's
# own provider, a selection) is written to a temporary GeoPackage first.
READABLE = ["gpkg", "shp", "fgb", "geojson", "json", "gml", "sqlite", "csv", "tab", "kml"]


def role_parameter(role: dict, optional: bool | None = None):
    kinds = list(KIND_TYPES[role["kind"]])
    if role["lines_with_width"]:
        kinds += KIND_TYPES["line"]
    if role.get("centroids") or role.get("or_polygons"):
        kinds += KIND_TYPES["polygon"]
    required = role["required"] if optional is None else not optional
    return QgsProcessingParameterFeatureSource(role["name"].upper(), role["help"][:1].upper() + role["help"][1:],
                                               kinds, optional=not required)


def layer_argument(algorithm, parameters, name, context, feedback):
    """(path or path:layer) of a layer parameter for the program, written to a temporary
    GeoPackage first when the program could not read it as it is; None when not given."""
    if parameters.get(name) in (None, ""):
        return None
    path, layer = algorithm.parameterAsCompatibleSourceLayerPathAndLayerName(
        parameters, name, context, READABLE, "gpkg", feedback)
    if not path:
        return None
    return f"{path}:{layer}" if layer else path


def load_result(path: str, title: str, context, feedback) -> list:
    """The result's layers added to the project in a group of their own, each with the style the
    GeoPackage carries (QGIS applies the default of its layer_styles on opening)."""
    project = context.project() or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.insertGroup(0, title)
    loaded = []
    for name in RESULT_LAYERS:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            continue
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        loaded.append(layer.id())
    feedback.pushInfo(f"loaded {len(loaded)} layers of {path} into the group '{title}'")
    return loaded


class WarmteAlgorithm(QgsProcessingAlgorithm):
    """What the five share: names, group, help from the packaged tables."""

    algorithm_id = ""
    title = ""
    help_text = ""

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.algorithm_id

    def displayName(self):
        return self.title

    def group(self):
        return ""

    def groupId(self):
        return ""

    def shortHelpString(self):
        return self.help_text


    def add_language(self):
        languages = program.tables()["languages"]
        description, default = program.parameter("output.language")
        self.addParameter(QgsProcessingParameterEnum("LANGUAGE", description, options=languages,
                                                     defaultValue=languages.index(default)))

    def language(self, parameters, context):
        return program.tables()["languages"][self.parameterAsEnum(parameters, "LANGUAGE", context)]

    def add_load(self):
        self.addParameter(QgsProcessingParameterBoolean(
            "LOAD", "Load the result into the project (styled, in a group)", defaultValue=True))

    def postProcessAlgorithm(self, context, feedback):
        if getattr(self, "_load", None):
            path, title = self._load
            self._loaded = load_result(path, title, context, feedback)
        return {}


class Analyse(WarmteAlgorithm):
    algorithm_id = "analyse"
    title = "Analyse neighbourhoods"
    help_text = ("Per CBS buurt: heat demand from the BAG, heat-network and aquathermie suitability, the "
                 "alternatives' national costs and the verdict by cost. Every input role is a layer "
                 "parameter; optional ones may stay empty. The result GeoPackage opens styled. "
                 "Runs the warmte program (see the provider's settings).")

    def initAlgorithm(self, config=None):
        for role in program.tables()["roles"]:
            self.addParameter(role_parameter(role))
        self.addParameter(QgsProcessingParameterFile("CONFIG", "Project or parameter file (TOML)", extension="toml",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterCrs("ASSUME_CRS", program.parameter("analysis.assume_crs")[0],
                                                    optional=True))
        description, default = program.parameter("analysis.threads")
        self.addParameter(QgsProcessingParameterNumber("THREADS", description, defaultValue=default, minValue=0))
        self.add_language()
        description, default = program.parameter("output.buildings_layer")
        self.addParameter(QgsProcessingParameterBoolean("BUILDINGS_LAYER", description, defaultValue=default))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Result", "GeoPackage (*.gpkg)"))
        self.addParameter(QgsProcessingParameterRasterDestination("HEAT_GRID", "Heat-density grid (GJ/ha)",
                                                                  optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFolderDestination("REPORT", "Web report and fact sheets",
                                                                  optional=True, createByDefault=False))
        self.add_load()

    def processAlgorithm(self, parameters, context, feedback):
        arguments = ["analyse"]
        for role in program.tables()["roles"]:
            spec = layer_argument(self, parameters, role["name"].upper(), context, feedback)
            if spec:
                arguments += [role["option"], spec]
        config = self.parameterAsFile(parameters, "CONFIG", context)
        if config:
            arguments += ["--config", config]
        crs = self.parameterAsCrs(parameters, "ASSUME_CRS", context)
        if crs.isValid():
            arguments += ["--assume-crs", crs.authid() or crs.toWkt()]
        threads = self.parameterAsInt(parameters, "THREADS", context)
        if threads > 0:
            arguments += ["--threads", threads]
        arguments += ["--language", self.language(parameters, context)]
        if self.parameterAsBool(parameters, "BUILDINGS_LAYER", context):
            arguments.append("--buildings-layer")
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        arguments += ["--output", output, "--progress-lines"]
        results = {"OUTPUT": output}
        heat = self.parameterAsOutputLayer(parameters, "HEAT_GRID", context) if parameters.get("HEAT_GRID") else ""
        if heat:
            arguments += ["--heat-grid", heat]
            results["HEAT_GRID"] = heat
        report = self.parameterAsString(parameters, "REPORT", context) if parameters.get("REPORT") else ""
        if report:
            arguments += ["--report", report]
            results["REPORT"] = report
        program.run(arguments, feedback)
        if self.parameterAsBool(parameters, "LOAD", context):
            self._load = (output, "libwarmte: " + Path(output).stem)
        return results


class Batch(WarmteAlgorithm):
    algorithm_id = "batch"
    title = "Batch (partitions of a large area)"
    help_text = ("A project file's study area in partitions (municipalities or square tiles), resumable, in "
                 "local processes: parts/<partition>.gpkg and result.gpkg in the output folder.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("PROJECT", "Project file (TOML)", extension="toml"))
        self.addParameter(QgsProcessingParameterString("PARTITION", "Partitioning: municipality or tiles:SIZE",
                                                       defaultValue="municipality"))
        self.addParameter(QgsProcessingParameterNumber("WORKERS", "Local worker processes", defaultValue=1,
                                                       minValue=1))
        self.addParameter(QgsProcessingParameterBoolean("FORCE", "Redo every partition", defaultValue=False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("RESULT", "Merged result"))
        self.add_load()

    def processAlgorithm(self, parameters, context, feedback):
        folder = self.parameterAsString(parameters, "OUTPUT", context)
        arguments = ["batch", self.parameterAsFile(parameters, "PROJECT", context), "--out", folder,
                     "--partition", self.parameterAsString(parameters, "PARTITION", context),
                     "--workers", self.parameterAsInt(parameters, "WORKERS", context)]
        if self.parameterAsBool(parameters, "FORCE", context):
            arguments.append("--force")
        program.run(arguments, feedback, batch=True)
        result = str(Path(folder) / "result.gpkg")
        if self.parameterAsBool(parameters, "LOAD", context):
            self._load = (result, "libwarmte: " + Path(folder).name)
        return {"OUTPUT": folder, "RESULT": result}


class Report(WarmteAlgorithm):
    algorithm_id = "report"
    title = "Report (web map and fact sheets)"
    help_text = ("The offline web map (index.html) and one fact sheet per buurt (factsheets.pdf) of a result "
                 "GeoPackage, for the table with housing corporations, the grid operator and residents.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("INPUT", "Result GeoPackage", extension="gpkg"))
        self.add_language()
        self.addParameter(QgsProcessingParameterString("BASEMAP", "XYZ tile URL for a base map (none: offline)",
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean("PDF", "Print the fact sheets to PDF (needs Chromium)",
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Report folder"))
        self.addOutput(QgsProcessingOutputFile("INDEX", "Web map"))

    def processAlgorithm(self, parameters, context, feedback):
        folder = self.parameterAsString(parameters, "OUTPUT", context)
        arguments = ["report", self.parameterAsFile(parameters, "INPUT", context), "--out", folder,
                     "--language", self.language(parameters, context)]
        basemap = self.parameterAsString(parameters, "BASEMAP", context)
        if basemap:
            arguments += ["--basemap", basemap]
        if not self.parameterAsBool(parameters, "PDF", context):
            arguments.append("--no-pdf")
        program.run(arguments, feedback)
        return {"OUTPUT": folder, "INDEX": str(Path(folder) / "index.html")}


def weight_parameter(criterion: dict) -> str:
    prefix = {"heat_network": "HN", "aquathermie": "AQ"}[criterion["score"]]
    return f"{prefix}_{criterion['name'].upper()}"


class Rescore(WarmteAlgorithm):
    algorithm_id = "rescore"
    title = "Rescore (other weights)"
    help_text = ("The analysis a result records, again with other criterion weights: a new result GeoPackage "
                 "with its neighbourhoods rescored. A weight left empty keeps the result's own; weights are "
                 "normalised per score. A parameter file adds other changes (anchors, prices). The inputs the result "
                 "records are read again: temporary layers of an earlier QGIS session are gone.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("INPUT", "Result GeoPackage", extension="gpkg"))
        for c in program.tables()["criteria"]:
            label = f"{c['score'].replace('_', ' ')}: weight of {c['label']} (default {c['weight']:g}; {c['source']})"
            self.addParameter(QgsProcessingParameterNumber(weight_parameter(c), label,
                                                           QgsProcessingParameterNumber.Double, optional=True,
                                                           minValue=0.0))
        self.addParameter(QgsProcessingParameterFile("CONFIG", "Other changes (TOML)", extension="toml",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Rescored result", "GeoPackage (*.gpkg)"))
        self.add_load()

    def processAlgorithm(self, parameters, context, feedback):
        lines = []
        for c in program.tables()["criteria"]:
            name = weight_parameter(c)
            if parameters.get(name) not in (None, ""):
                weight = self.parameterAsDouble(parameters, name, context)
                lines += [f"[score.{c['score']}.{c['name']}]", f"weight = {weight!r}"]
        extra = self.parameterAsFile(parameters, "CONFIG", context)
        if extra:
            lines.insert(0, Path(extra).read_text(encoding="utf-8"))
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as changes:
            changes.write("\n".join(lines) + "\n")
        try:
            program.run(["rescore", self.parameterAsFile(parameters, "INPUT", context), "--config", changes.name,
                         "--output", output, "--progress-lines"], feedback)
        finally:
            os.unlink(changes.name)
        if self.parameterAsBool(parameters, "LOAD", context):
            self._load = (output, "libwarmte: " + Path(output).stem)
        return {"OUTPUT": output}


class PotentialSources(WarmteAlgorithm):
    algorithm_id = "potential_sources"
    title = "Potential aquathermie sources"
    help_text = ("The aquathermie potential of surface water (TEO), waste-water plants (TEA) and drinking-water "
                 "mains (TED) alone, before any matching: heat at the source and delivered after the heat pump.")

    ROLES = ("water", "plants", "mains")

    def initAlgorithm(self, config=None):
        for role in program.tables()["roles"]:
            if role["name"] in self.ROLES:
                self.addParameter(role_parameter(role, optional=True))
        self.addParameter(QgsProcessingParameterFile("CONFIG", "Parameter file (TOML)", extension="toml",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Sources", "GeoPackage (*.gpkg)"))
        self.add_load()

    def processAlgorithm(self, parameters, context, feedback):
        arguments = ["sources"]
        for role in program.tables()["roles"]:
            if role["name"] in self.ROLES:
                spec = layer_argument(self, parameters, role["name"].upper(), context, feedback)
                if spec:
                    arguments += [role["option"], spec]
        if len(arguments) == 1:
            raise QgsProcessingException("give at least one of WATER, PLANTS and MAINS")
        config = self.parameterAsFile(parameters, "CONFIG", context)
        if config:
            arguments += ["--config", config]
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        program.run(arguments + ["--output", output], feedback)
        if self.parameterAsBool(parameters, "LOAD", context):
            self._load = (output, "libwarmte: " + Path(output).stem)
        return {"OUTPUT": output}


ALGORITHMS = [Analyse, Batch, Report, Rescore, PotentialSources]
