"""libwarmte inside QGIS: a Processing provider that runs the warmte program."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import LibwarmtePlugin
    return LibwarmtePlugin(iface)
