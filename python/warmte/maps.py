"""Maps of a result for reports: buurten coloured by class (the same colours and labels as the
QGIS styles in the GeoPackage) or by a number, with legend, buurt labels, scale bar, north arrow,
title and a provenance line.

    python -m warmte.maps out/demo.gpkg out/demo.png [--kind heat_network|aquathermie|strategy|phase]
                                                     [--column FIELD] [--language nl|en]
"""

from __future__ import annotations

import argparse
import datetime
import math
import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd

from warmte import _core, schema

KINDS = tuple(_core.buurt_map_kinds())  # the neighbourhoods layer's styles, default first
PRINT_DPI = 300

NO_DATA = {"nl": "geen gegevens", "en": "no data"}
# Source markers as in the QGIS style: diameter from 2 to 12 mm, area proportional to potential.
MARKER_MM = (2.0, 12.0)
POINTS_PER_MM = 72 / 25.4
SOURCES = {"nl": "bronnen", "en": "sources"}


def style(kind: str, language: str = "nl") -> dict:
    """The style of a map kind: title, field and classes (value, colour, label), as in QGIS."""
    for s in _core.map_styles(language):
        if s["id"] == kind:
            return s
    raise ValueError(f"unknown map kind {kind!r}; choose one of {', '.join(KINDS)}")


def class_colours(frame: gpd.GeoDataFrame, kind: str, language: str = "nl") -> pd.Series:
    """The colour of each buurt's class; the style's catch-all class for other and missing values."""
    s = style(kind, language)
    by_value = {c["value"]: c["colour"] for c in s["classes"]}
    other = by_value.get("", "#cccccc")
    return frame[s["field"]].map(lambda v: by_value.get(v, other) if isinstance(v, str) else other)


def _round_length(target: float) -> float:
    power = 10 ** math.floor(math.log10(target))
    return max(step * power for step in (1, 2, 5) if step * power <= target)


def _margins(ax):
    """Room below and to the right of the buurten for the scale bar and the north arrow."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax.set_xlim(x0, x1 + 0.08 * (x1 - x0))
    ax.set_ylim(y0 - 0.08 * (y1 - y0), y1)


def _scale_bar(ax):
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _round_length((x1 - x0) / 5)
    x, y = x0 + 0.02 * (x1 - x0), y0 + 0.025 * (y1 - y0)
    ax.plot([x, x + length], [y, y], color="black", linewidth=3, solid_capstyle="butt")
    ax.plot([x, x + length / 2], [y, y], color="white", linewidth=1.5, solid_capstyle="butt")
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(x + length / 2, y + 0.015 * (y1 - y0), label, ha="center", va="bottom", fontsize=8)


def _north_arrow(ax):
    ax.annotate("N", xy=(0.96, 0.95), xytext=(0.96, 0.85), xycoords="axes fraction", ha="center",
                fontsize=11, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5})


def _label_field(frame: gpd.GeoDataFrame, label_field: str | None) -> str:
    if label_field:
        return label_field
    return "buurtnaam" if "buurtnaam" in frame.columns else frame.columns[0]


def _labels(ax, frame, label_field):
    for point, text in zip(frame.geometry.representative_point(), frame[label_field]):
        ax.annotate(str(text), xy=(point.x, point.y), ha="center", va="center", fontsize=6.5, color="0.1",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6})


def _footer(ax, language: str):
    source = "Bron" if language == "nl" else "Source"
    ax.text(0.0, -0.02, f"{source}: warmte {_core.__version__}, {datetime.date.today().isoformat()}",
            transform=ax.transAxes, fontsize=6, color="0.4", ha="left", va="top")


def plot(frame: gpd.GeoDataFrame, column: str | None = None, kind: str | None = None, language: str = "nl",
         label_field: str | None = None, ax=None, title: str | None = None, sources: gpd.GeoDataFrame | None = None):
    """Draws buurten (RD metres) by `kind` (class colours of the QGIS style) or by a numeric `column`,
    with a legend, buurt labels, scale bar and north arrow; `sources` adds aquathermie sources
    as points by type. Returns the matplotlib Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if kind is None and column is None:
        kind = KINDS[0]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7.5))
    if kind is not None:
        s = style(kind, language)
        frame.plot(color=class_colours(frame, kind, language), ax=ax, edgecolor="0.35", linewidth=0.6)
        values = frame[s["field"]]
        known = {c["value"] for c in s["classes"] if c["value"]}
        handles = []
        for c in s["classes"]:
            count = int((values == c["value"]).sum()) if c["value"] else int((~values.isin(known)).sum())
            if c["value"] or count:
                handles.append(Patch(facecolor=c["colour"], edgecolor="0.35", label=f"{c['label']} ({count})"))
        title = title or s["title"]
        if sources is not None and len(sources):
            source_style = style("sources", language)
            points = sources.geometry.centroid
            potential = sources["potential_delivered_gj"].fillna(0).clip(lower=0)
            top = potential.max() or 1
            diameter_mm = MARKER_MM[0] + (MARKER_MM[1] - MARKER_MM[0]) * (potential / top) ** 0.5
            sizes = (diameter_mm * POINTS_PER_MM) ** 2
            for c in source_style["classes"]:
                chosen = sources["source_type"] == c["value"] if c["value"] else ~sources["source_type"].isin(
                    [x["value"] for x in source_style["classes"]])
                if chosen.any():
                    ax.scatter(points[chosen].x, points[chosen].y, s=sizes[chosen], color=c["colour"],
                               edgecolor="0.12", linewidth=0.6, alpha=0.9, zorder=3)
                    handles.append(Line2D([], [], marker="o", linestyle="", markersize=6, color=c["colour"],
                                          markeredgecolor="0.12", label=f"{SOURCES[language]}: {c['label']}"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
                  title=s["title"], title_fontsize=9, alignment="left")
    else:
        frame.plot(column=column, ax=ax, cmap="YlOrRd", edgecolor="0.3", linewidth=0.6, legend=True,
                   legend_kwds={"shrink": 0.7, "label": column},
                   missing_kwds={"color": "0.85", "label": NO_DATA[language]})
        title = title or schema.title(column, language)  # the output schema's title and unit
    _labels(ax, frame, _label_field(frame, label_field))
    ax.set_title(title)
    ax.set_axis_off()
    ax.set_aspect("equal")
    _margins(ax)
    _scale_bar(ax)
    _north_arrow(ax)
    _footer(ax, language)
    return ax


def write_map(path, draw, dpi: int = PRINT_DPI) -> Path:
    """Writes the map `draw()` returns (its Axes) as PNG or PDF, by the file's extension; the
    extension is checked before anything is drawn."""
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf"):
        raise ValueError(f"{path}: a map is written as .png or .pdf")
    ax = draw()
    ax.figure.savefig(path, dpi=dpi, bbox_inches="tight")
    plt.close(ax.figure)
    return path


def save_map(frame: gpd.GeoDataFrame, path, column: str | None = None, kind: str | None = None,
             dpi: int = PRINT_DPI, **kwargs) -> Path:
    """Writes the map of `plot` as PNG or PDF (by the file's extension) at print resolution."""
    return write_map(path, lambda: plot(frame, column=column, kind=kind, **kwargs), dpi)


def gpkg_config(path) -> dict:
    """The effective configuration a run stored in its GeoPackage (provenance metadata)."""
    import pyogrio

    metadata = pyogrio.read_info(path, layer="neighbourhoods").get("dataset_metadata") or {}
    return tomllib.loads(metadata.get("WARMTE_CONFIG", "") or "")


def gpkg_language(path) -> str:
    """The language a GeoPackage was written in (its provenance metadata), "nl" if it says none."""
    return gpkg_config(path).get("output", {}).get("language", "nl")


def main():
    import os

    import matplotlib

    # Reading a GeoPackage that has dataset metadata makes the GDAL of the pyogrio wheel leave a
    # .aux.xml beside it; this process only reads, so it keeps none.
    os.environ["GDAL_PAM_ENABLED"] = "NO"
    matplotlib.use("Agg")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gpkg")
    p.add_argument("output", help="the map: .png or .pdf")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--kind", choices=KINDS, help="buurten by class (default heat_network)")
    group.add_argument("--column", help="buurten by a numeric field instead")
    p.add_argument("--language", choices=tuple(_core.supported_languages()), help="default: the GeoPackage's own")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    frame = gpd.read_file(a.gpkg, layer="neighbourhoods")
    if a.column and a.column not in frame.columns:
        numeric = [c for c in frame.columns if c != "geometry" and pd.api.types.is_numeric_dtype(frame[c])]
        p.error(f"{a.gpkg}: the neighbourhoods layer has no field '{a.column}'; numeric fields: {', '.join(numeric)}")
    language = a.language or gpkg_language(a.gpkg)
    sources = None
    if a.kind == "aquathermie":
        import pyogrio

        if "sources" in {name for name, _ in pyogrio.list_layers(a.gpkg)}:
            sources = gpd.read_file(a.gpkg, layer="sources")
    written = save_map(frame, a.output, column=a.column, kind=a.kind, language=language, sources=sources)
    if not a.quiet:
        print(f"wrote {written}")


if __name__ == "__main__":
    main()
