"""The Processing provider `libwarmte`: its algorithms and the setting that names the program."""

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import program
from .algorithms import ALGORITHMS

HERE = Path(__file__).resolve().parent


class WarmteProvider(QgsProcessingProvider):
    def id(self):
        return "libwarmte"

    def name(self):
        return "libwarmte"

    def longName(self):
        return f"libwarmte {program.tables()['version']}: heat networks and aquathermie per buurt"

    def icon(self):
        return QIcon(str(HERE / "icon.svg"))

    def svgIconPath(self):
        return str(HERE / "icon.svg")

    def load(self):
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
        ProcessingConfig.settingIcons[self.name()] = self.icon()
        ProcessingConfig.addSetting(Setting(self.name(), program.PROGRAM_SETTING,
                                            "The warmte program (empty: $WARMTE_PROGRAM, PATH, the clone's .venv)",
                                            "", valuetype=Setting.FILE))
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        from processing.core.ProcessingConfig import ProcessingConfig
        ProcessingConfig.removeSetting(program.PROGRAM_SETTING)

    def loadAlgorithms(self):
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
