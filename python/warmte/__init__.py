"""warmte: heat networks and aquathermie per neighbourhood (CBS buurt).

    import warmte
    result = warmte.analyse(neighbourhoods="buurten.gpkg", buildings="panden.gpkg", water="water.gpkg")
    result.neighbourhoods          # GeoDataFrame, one row per buurt
    result.to_gpkg("out.gpkg")     # the same GeoPackage the command line writes
"""

from warmte._core import (
    Cancelled,
    ConfigError,
    Error,
    GeometryError,
    InputError,
    OutputError,
    __version__,
)
from warmte.batching import BatchResult, batch
from warmte.config import default_config, to_toml

# The analysis and the schema import pandas and GeoPandas (about 0.7 s): they are loaded when first
# used, so warmte batch and its worker processes, which need neither, start without them (issue 30).
_ANALYSIS = ("Result", "analyse", "potential_sources", "zonal_stats")


def __getattr__(name):
    if name in _ANALYSIS:
        from warmte import analysis

        return getattr(analysis, name)
    if name == "schema":
        import importlib

        return importlib.import_module("warmte.schema")
    raise AttributeError(f"module 'warmte' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

__all__ = [
    "analyse",
    "batch",
    "BatchResult",
    "potential_sources",
    "zonal_stats",
    "Result",
    "Error",
    "InputError",
    "GeometryError",
    "ConfigError",
    "OutputError",
    "Cancelled",
    "default_config",
    "to_toml",
    "schema",
    "__version__",
]
