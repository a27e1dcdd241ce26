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
from warmte.analysis import Result, analyse, potential_sources, zonal_stats
from warmte.batching import BatchResult, batch
from warmte.config import default_config, to_toml
from warmte import schema

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
