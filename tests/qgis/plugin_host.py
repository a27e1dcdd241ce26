"""A headless QGIS with the libwarmte plugin installed from its zip into a fresh profile, as
Plugins -> Install from ZIP does (the zip's folder unpacked into the profile's python/plugins).

Used by check_plugin.py and qgis/models/make_analyse_and_report.py; run by Debian's python3 with
HOME pointing at a throw-away folder (the profile lives under it).
"""

import os
import sys
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication  # noqa: E402

PROFILE = Path.home() / ".local" / "share" / "QGIS" / "QGIS3" / "profiles" / "default"


def start(plugin_zip: str, gui: bool = False):
    """QGIS and Processing started, the plugin unpacked into the profile and its Processing part
    started; returns the QgsApplication (keep a reference) and the provider."""
    plugins = PROFILE / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(plugin_zip) as z:
        z.extractall(plugins)
    app = QgsApplication([], gui)
    QgsApplication.setPrefixPath("/usr", True)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    Processing.initialize()
    import qgis.utils
    sys.path.insert(0, str(plugins))
    qgis.utils.plugin_paths.append(str(plugins))
    qgis.utils.updateAvailablePlugins()
    if not qgis.utils.loadPlugin("libwarmte") or not qgis.utils.startProcessingPlugin("libwarmte"):
        raise RuntimeError("the libwarmte plugin did not start")
    provider = QgsApplication.processingRegistry().providerById("libwarmte")
    if provider is None:
        raise RuntimeError("the libwarmte provider is not registered")
    return app, provider
