"""warmte.analyse: paths or GeoDataFrames in, a Result with GeoDataFrames out."""

from __future__ import annotations

import warnings

from os import PathLike
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from warmte import _core
from warmte.config import resolve, to_toml


def _score_overrides(weights, anchors, config) -> dict:
    overrides = {k: dict(v) for k, v in (config or {}).items()}
    score = overrides.setdefault("score", {})
    for kind, values in (weights or {}).items():
        for criterion, weight in values.items():
            score.setdefault(kind, {}).setdefault(criterion, {})["weight"] = float(weight)
    for kind, values in (anchors or {}).items():
        for criterion, (zero, one) in values.items():
            entry = score.setdefault(kind, {}).setdefault(criterion, {})
            entry["zero"], entry["one"] = float(zero), float(one)
    return overrides

# Per layer of the output schema whether it has geometry (Result.layer: GeoDataFrame or DataFrame).
_HAS_GEOMETRY = {layer["layer"]: layer["geometry"] != "none" for layer in _core.output_layers()}

# The input roles come from the C++ role table: their names are analyse()'s keywords.
_ROLES = tuple(role["name"] for role in _core.input_roles())
_REQUIRED = tuple(role["name"] for role in _core.input_roles() if role["required"])


def _as_input(data, role: str, wanted: list[str]):
    """A path stays a path (GDAL reads it in C++); a GeoDataFrame crosses as WKB and columns."""
    if isinstance(data, (str, PathLike)):
        return str(data)
    if isinstance(data, tuple) and len(data) == 2 and all(isinstance(x, (str, PathLike)) for x in data):
        return (str(data[0]), str(data[1]))  # (SRC, LAYER): a PG:/OAPIF: name and its layer
    if isinstance(data, gpd.GeoDataFrame):
        # Geometry crosses as one WKB array only (a buffer, offsets, validity): the wheels' GEOS
        # and ours never share handles, and C++ decodes it without the GIL.
        wkb = _wkb_array(data.geometry.values)
        index = data.index
        fid = index.to_numpy(dtype=np.int64) if pd.api.types.is_integer_dtype(index) else np.arange(len(data))
        columns = {}
        for name in wanted:
            if name in data.columns and name != data.geometry.name:
                column = data[name]
                if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
                    columns[name] = column.to_numpy(dtype=float, na_value=np.nan)
                else:
                    columns[name] = column.astype(object).where(column.notna(), None).to_list()
        return {
            "source": f"GeoDataFrame '{role}'",
            "crs": data.crs.to_wkt() if data.crs is not None else None,
            **wkb,
            "fid": fid,
            "columns": columns,
        }
    raise TypeError(f"{role} must be a path, a (source, layer) pair or a GeoDataFrame, not {type(data).__name__}")


def _wkb_array(geometries) -> dict:
    """Geometries as one WKB array: every feature's WKB in one buffer, n + 1 offsets, validity."""
    arrow = pa.array(shapely.to_wkb(geometries, output_dimension=2), type=pa.large_binary())
    _, offsets, data = arrow.buffers()
    n = len(arrow)
    return {"wkb_data": data if data is not None else b"",
            "wkb_offsets": np.frombuffer(offsets, dtype=np.int64, count=n + 1) if offsets is not None
            else np.zeros(n + 1, dtype=np.int64),
            "wkb_valid": np.asarray(arrow.is_valid(), dtype=np.uint8)}


def _frame(table: dict, crs: str | None):
    columns = {name: values for name, values in table["columns"].items()}
    if "wkb_offsets" in table:
        offsets = table["wkb_offsets"]
        arrow = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(offsets) - 1,
                                                 [None, pa.py_buffer(offsets), pa.py_buffer(table["wkb_data"])])
        geometry = shapely.from_wkb(arrow.to_numpy(zero_copy_only=False))
        return gpd.GeoDataFrame(columns, geometry=geometry, crs=crs)
    return pd.DataFrame(columns)


def _with_columns(frame: gpd.GeoDataFrame, columns: dict) -> gpd.GeoDataFrame:
    """A new frame: `frame` with `columns` in place of its own of the same name and the others
    appended. Built once rather than column by column (77 assignments took 70 ms on 13,333 buurten);
    the untouched columns are shared, not copied (pandas' copy on write)."""
    data = {name: columns[name] if name in columns else frame[name].array for name in frame.columns}
    data.update((name, values) for name, values in columns.items() if name not in data)
    out = gpd.GeoDataFrame(data, index=frame.index, geometry=frame.geometry.name, crs=frame.crs)
    out.attrs = dict(frame.attrs)
    return out


class _ProgressBar:
    """tqdm bar per stage; it appears only on runs longer than half a second."""

    def __init__(self):
        from tqdm.auto import tqdm

        self._tqdm = tqdm
        self._bar = None
        self._stage = None

    def __call__(self, stage: str, done: int, total: int):
        if stage != self._stage:
            self.close()
            self._bar = self._tqdm(total=total, desc=stage, unit="item", delay=0.5, leave=False)
            self._stage = stage
        self._bar.update(done - self._bar.n)

    def close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Result:
    """The outcome of one analysis: GeoDataFrames, data quality and the effective configuration."""

    def __init__(self, core_result):
        self._core = core_result
        self._neighbourhoods = None
        self._data_quality = None
        self._buildings = None

    @property
    def neighbourhoods(self) -> gpd.GeoDataFrame:
        """One row per buurt with the fields of the GeoPackage layer `neighbourhoods`."""
        return self.layer("neighbourhoods")

    @property
    def data_quality(self) -> pd.DataFrame:
        """What was repaired, dropped or filtered, per feature (and counted-only filters)."""
        return self.layer("data_quality")

    @property
    def buildings(self) -> gpd.GeoDataFrame | None:
        """Per building: type, label, floor area, dwellings, demand (with include_buildings=True)."""
        return self.layer("buildings")

    @property
    def sources(self) -> gpd.GeoDataFrame | None:
        """Aquathermie sources: type, potential at the source and delivered, allocated, used share."""
        return self.layer("sources")

    @property
    def allocation(self) -> gpd.GeoDataFrame | None:
        """One line per (source, buurt) served, with the GJ allocated and the distance."""
        return self.layer("allocation")

    @property
    def streets(self) -> gpd.GeoDataFrame | None:
        """With roads: one line per street with its heat and linear heat density (docs/streets.md)."""
        return self.layer("streets")

    @property
    def network(self) -> gpd.GeoDataFrame | None:
        """With roads: the routed pipes of every cluster (kind, DN, peak, cost, heat loss, phase)."""
        return self.layer("network")

    @property
    def clusters(self) -> gpd.GeoDataFrame | None:
        """With roads: the clusters of buildings that should join a heat network, with their phase."""
        return self.layer("clusters")

    def layer(self, name: str) -> gpd.GeoDataFrame | pd.DataFrame | None:
        """Any layer of the result by its name in the output schema (``warmte.schema.layers()``):
        a GeoDataFrame for a layer with geometry, a DataFrame without, None when the run left it
        out (no sources given, no buildings layer asked for). The named properties are these."""
        cached = {"neighbourhoods": "_neighbourhoods", "data_quality": "_data_quality", "buildings": "_buildings"}
        if name in cached and getattr(self, cached[name]) is not None:
            return getattr(self, cached[name])
        table = self._core.layer(name)
        if table is None:
            return None
        frame = _frame(table, self._core.crs if _HAS_GEOMETRY[name] else None)
        if name in cached:
            setattr(self, cached[name], frame)
        return frame

    @property
    def costs(self) -> pd.DataFrame:
        """The cost model's drill-down (the GeoPackage layer `costs`): one row per buurt, variant
        (`ref` is the HR-boiler reference), perspective (national / enduser) and component, with
        EUR/yr for the buurt and EUR per dwelling equivalent. Pivot it, e.g.
        ``costs.pivot_table(index="variant", columns="component", values="eur_weq_yr", aggfunc="sum")``."""
        return self.layer("costs")

    def recost(self, prices: dict | None = None, finance: dict | None = None, costs: dict | None = None,
               strategy: dict | None = None, costs_table: bool = False):
        """Costs and the choice by cost again under other prices, finance or cost sliders, without
        touching the geometry (milliseconds). Keys are those of the TOML tables of the same names
        (``warmte --help-config``), e.g. ``prices={"electricity_eur_gj": 30, "enduser": {...}}``,
        ``finance={"owner_discount_rate": 0.04}``, ``costs={"min_max_slider": 0}``,
        ``strategy={"near_tie_share": 0.05}``. Returns a copy of `neighbourhoods` with the cost,
        choice and strategy fields recomputed. With ``costs_table=True`` its ``attrs["costs"]`` holds
        the matching `costs` table too (some 60 rows a buurt: 0.8 million for the country, which
        pandas copies with every operation on the frame, so only when asked). With no arguments it
        equals the run."""
        overrides = {name: dict(value) for name, value in
                     (("prices", prices), ("finance", finance), ("costs", costs), ("strategy", strategy)) if value}
        out = self._core.recost(to_toml(overrides), bool(costs_table))
        frame = _with_columns(self.neighbourhoods, out["fields"]["columns"])
        if costs_table:
            frame.attrs["costs"] = _frame(out["costs"], None)
        return frame

    @property
    def heat_grid(self) -> dict:
        """The heat-density grid: `density_gj_ha` and `in_dh_area` arrays (rows from the north),
        `west`, `north` and `cell_size_m` in the analysis CRS."""
        return self._core.heat_grid()

    def write_heat_grid(self, path: str | PathLike) -> Path:
        """Writes the heat-density grid as a GeoTIFF (GJ/ha), as `warmte analyse --heat-grid` does."""
        self._core.write_heat_grid(str(path))
        return Path(path)

    @property
    def config(self) -> str:
        """The effective configuration as TOML."""
        return self._core.config_toml

    def validation(self, municipalities=None):
        """Modelled against measured heat per buurt and for the study area (warmte.validation):
        needs CBS's gas use per dwelling on the buurten (fields.neighbourhoods.gas_m3_per_dwelling).
        `municipalities`: CBS gemeenten (a path or a frame) to compare heat per dwelling with."""
        import tomllib

        from warmte.validation import validate

        return validate(self.neighbourhoods, tomllib.loads(self.config), municipalities)

    def quality_summary(self) -> list[str]:
        return list(self._core.quality_summary())

    def to_report(self, folder: str | PathLike, language: str | None = None, basemap: str | None = None,
                  pdf: bool = True) -> Path:
        """Writes the offline web report (index.html, buurten/<code>.html, factsheets.pdf) into
        `folder`, with this result as folder/result.gpkg; returns the path of index.html."""
        from warmte.report import write_report

        return write_report(self, folder, language=language or self.language, basemap=basemap, pdf=pdf)

    def to_gpkg(self, path: str | PathLike) -> Path:
        """Writes the GeoPackage exactly as `warmte analyse` does (temporary file, then rename)."""
        self._core.write_gpkg(str(path))
        return Path(path)

    def rescore(self, weights: dict | None = None, anchors: dict | None = None, config: dict | None = None):
        """Scores again with other weights or anchors, without touching the geometry (milliseconds).

        weights: {"heat_network": {"heat_density": 0.5, ...}, "aquathermie": {...}}
        anchors: {"heat_network": {"heat_density": (400, 1200)}} — raw values scoring 0 and 1
        config: any other score keys as nested mappings, e.g. {"score": {"class_promising": 70}}
        Returns a copy of `neighbourhoods` with the score, class, part, strategy and phase fields
        recomputed. Weights are normalised; unknown criteria raise warmte.ConfigError.
        """
        return self._rescored(_score_overrides(weights, anchors, config), samples=0)

    def sensitivity(self, samples: int = 200, spread: float = 0.2, seed: int = 20261124, weights=None, anchors=None):
        """Samples weights and anchors within ±spread (seeded) and returns `neighbourhoods` with, per
        buurt, the probability of each class (hn_p_*, aq_p_*) and the 5-95 % rank range."""
        overrides = _score_overrides(weights, anchors, {"sensitivity": {"spread": float(spread), "seed": int(seed)}})
        return self._rescored(overrides, samples=int(samples))

    def uncertainty(self, samples: int = 200, seed: int = 20261207, **ranges):
        """Draws every kental within its range, the energy prices, the social discount rate, the
        demand and the heat pump's grid peak `samples` times (a seeded Latin hypercube; the ranges are
        the uncertainty.* keys, e.g. demand_spread=0.1) and returns `neighbourhoods` with, per buurt,
        choice_confidence (the share of draws in which the chosen variant is the cheapest),
        runner_up_share and choice_certainty (robust from 80 %)."""
        settings = {"samples": int(samples), "seed": float(seed), **{k: float(v) for k, v in ranges.items()}}
        return self._rescored({"uncertainty": settings}, samples=0)

    def _rescored(self, overrides: dict, samples: int):
        """`neighbourhoods` with the score fields of the core's one rescore (no geometry touched)."""
        table = self._core.rescore(to_toml(overrides), samples=samples)
        return _with_columns(self.neighbourhoods, table["columns"])

    @property
    def language(self) -> str:
        """Language of legends and labels ("nl" or "en"; config key output.language)."""
        return self._core.language

    def plot(self, kind: str | None = None, column: str | None = None, ax=None, **kwargs):
        """A map of the buurten by class — kind "heat_network" (the default), "aquathermie", "strategy"
        or "phase", in the colours of the QGIS styles — or by a numeric `column`, with legend, buurt labels,
        scale bar, north arrow and title. The aquathermie map also shows the sources. Returns the
        matplotlib Axes; keyword arguments go to warmte.maps.plot (title, label_field, language)."""
        from warmte.maps import plot

        kwargs.setdefault("language", self.language)
        frame = self.neighbourhoods
        name_field = self._core.name_field
        kwargs.setdefault("label_field", name_field if name_field in frame.columns else self._core.id_field)
        if column is None and kind == "aquathermie":
            kwargs.setdefault("sources", self.sources)
        return plot(frame, column=column, kind=None if column else kind, ax=ax, **kwargs)

    def save_map(self, path, kind: str | None = None, column: str | None = None, dpi: int | None = None,
                 **kwargs) -> Path:
        """Writes the map of `plot` as PNG or PDF (by the extension) at print resolution (300 dpi)."""
        from warmte.maps import PRINT_DPI, write_map

        return write_map(path, lambda: self.plot(kind=kind, column=column, **kwargs), dpi or PRINT_DPI)

    def __repr__(self):
        return f"<warmte.Result: {len(self.neighbourhoods)} neighbourhoods>"


def _analyse(layers: dict, options: dict) -> Result:
    """One run of the layers by role with the keyword options of `analyse` (_OPTIONS)."""
    o = {**_OPTIONS, **options}
    config_text, origin = resolve(o["config"])
    for warning in _core.secret_warnings(config_text, origin):
        warnings.warn(warning, stacklevel=3)
    wanted = _core.wanted_fields(config_text)
    inputs = {role: _as_input(data, role, wanted.get(role, [])) for role, data in layers.items() if data is not None}
    progress = o["progress"]
    bar = progress if callable(progress) else _ProgressBar() if progress else None
    try:
        core_result = _core.analyse(inputs, config_text=config_text, config_origin=origin, threads=o["threads"],
                                    assume_crs=o["assume_crs"], progress=bar, include_buildings=o["include_buildings"],
                                    grids={name: str(source) for name, source in (o["grids"] or {}).items()})
    finally:
        if isinstance(bar, _ProgressBar):
            bar.close()
    return Result(core_result)


_OPTIONS = {"config": None, "threads": None, "progress": True, "assume_crs": None, "include_buildings": False,
            "grids": None}


def analyse(*args, **kwargs) -> Result:
    bound = analyse.__signature__.bind(*args, **kwargs)
    bound.apply_defaults()
    values = dict(bound.arguments)
    layers = {role: values.pop(role) for role in _ROLES}
    return _analyse(layers, values)


def _signature():
    from inspect import Parameter, Signature

    keyword = Parameter.POSITIONAL_OR_KEYWORD
    roles = [Parameter(name, keyword) if name in _REQUIRED else Parameter(name, keyword, default=None)
             for name in _ROLES]
    # The required roles and water are positional, as in the first release (analyse(buurten,
    # panden, water)); the other roles and the options are keywords.
    first = [p for p in roles if p.default is Parameter.empty] + [p for p in roles if p.name == "water"]
    rest = [Parameter(p.name, Parameter.KEYWORD_ONLY, default=p.default) for p in roles if p not in first]
    options = [Parameter(name, Parameter.KEYWORD_ONLY, default=default) for name, default in _OPTIONS.items()]
    return Signature(first + rest + options, return_annotation=Result)


analyse.__signature__ = _signature()
analyse.__doc__ = """Runs the analysis.

    The input roles (""" + ", ".join(_ROLES) + """; see warmte._core.input_roles() for what each
    holds): a path GDAL reads ("file.gpkg" or "file.gpkg:layer"), any GDAL dataset name with its
    layer as a pair (("PG:dbname=bag", "pand"), ("/vsizip/bag.zip/bag.gpkg", "pand")), or a
    GeoDataFrame, in any CRS.
    config: None, a nested mapping or a TOML file path, with the keys of `warmte --help-config`.
    threads: worker threads (default all cores; results do not depend on it). progress: show a
    progress bar on long runs; or a callable progress(stage, done, total), which stops the run
    (warmte.Cancelled) by returning False. assume_crs: CRS for inputs that declare none. grids: {"heat":
    "heat.tif", "cbs": "cbs.gpkg:vierkant100m"} summarised per buurt (rasters with exact cell
    coverage, polygon grids apportioned by area). include_buildings: keep per-building results
    (Result.buildings, and a 'buildings' layer in to_gpkg). Raises warmte.InputError /
    ConfigError with the same message as the CLI.
    """


def potential_sources(water=None, plants=None, mains=None, config=None):
    """The aquathermie potential of water bodies, plants and mains, before any matching:
    a GeoDataFrame with one row per source (what `Result.sources` holds, with nothing allocated)."""
    config_text, origin = resolve(config)
    wanted = _core.wanted_fields(config_text)
    layers = {role: _as_input(data, role, wanted.get(role, []))
              for role, data in (("water", water), ("plants", plants), ("mains", mains)) if data is not None}
    table = _core.potential_sources(layers, config_text=config_text, config_origin=origin)
    frame = _frame(table, table["crs"])
    frame.attrs["data_quality"] = list(table["quality"])
    return frame


def zonal_stats(polygons, raster, band: int = 0, config=None):
    """Exact-coverage statistics (count, sum, mean, min, max, nodata) of one raster band per
    polygon: each cell weighs by the fraction of it the polygon covers. `polygons` is a path or a
    GeoDataFrame (any CRS; transformed into the raster's); band 0 means band 1."""
    config_text, _ = resolve(config)
    data = _as_input(polygons, "polygons", [])
    table = _core.zonal_stats(data, str(raster), band=band, config_text=config_text)
    import pandas as pd

    frame = pd.DataFrame(table["columns"])
    if isinstance(polygons, gpd.GeoDataFrame):
        frame.index = polygons.index
    frame.attrs["note"] = table["note"]
    return frame
