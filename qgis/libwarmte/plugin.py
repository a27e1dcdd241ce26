"""The plugin object QGIS creates: it registers the Processing provider and nothing else (the
algorithms live in the toolbox, the model designer and batch mode)."""

from qgis.core import QgsApplication

from .provider import WarmteProvider


class LibwarmtePlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):
        self.provider = WarmteProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
