"""Quick maps of a result: a choropleth per buurt with legend, labels, scale bar and north arrow.

    python -m warmte.maps out/demo.gpkg out/demo.png [--column footprint_area_m2]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd

TITLES = {
    "footprint_area_m2": "Building footprint per buurt (m²)",
    "n_buildings": "Buildings per buurt",
    "dist_water_m": "Mean distance from buildings to surface water (m)",
    "water_area_m2": "Surface water per buurt (m²)",
    "heat_density_gj_ha": "Heat demand density per buurt (GJ/ha land)",
    "heat_demand_gj": "Heat demand per buurt (GJ/yr)",
    "linear_heat_density_gj_m": "Linear heat density (GJ per metre of trench)",
}


def _scale_bar(ax, length_m: float | None = None):
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if length_m is None:
        raw = (x1 - x0) / 5
        length_m = max(10, 10 ** int(len(str(int(raw))) - 1) * int(str(int(raw))[0]))
    x, y = x0 + 0.05 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot([x, x + length_m], [y, y], color="black", linewidth=3)
    label = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    ax.text(x + length_m / 2, y + 0.015 * (y1 - y0), label, ha="center", va="bottom", fontsize=8)


def _north_arrow(ax):
    ax.annotate("N", xy=(0.95, 0.93), xytext=(0.95, 0.83), xycoords="axes fraction", ha="center",
                fontsize=11, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black"})


def plot(frame: gpd.GeoDataFrame, column: str = "footprint_area_m2", label_field: str | None = None, ax=None,
         title: str | None = None):
    """Draws `column` per buurt (RD metres) with a legend, buurt labels, scale bar and north arrow."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7.5))
    frame.plot(column=column, ax=ax, cmap="YlOrRd", edgecolor="0.3", linewidth=0.6, legend=True,
               legend_kwds={"shrink": 0.7, "label": column}, missing_kwds={"color": "0.85", "label": "no data"})
    label_field = label_field or frame.columns[0]
    for point, text in zip(frame.geometry.representative_point(), frame[label_field]):
        ax.annotate(str(text), xy=(point.x, point.y), ha="center", fontsize=6.5, color="0.1")
    ax.set_title(title or TITLES.get(column, column))
    ax.set_axis_off()
    ax.set_aspect("equal")
    _scale_bar(ax)
    _north_arrow(ax)
    return ax


def save_map(frame: gpd.GeoDataFrame, path, column: str = "footprint_area_m2", **kwargs) -> Path:
    """Writes the map as PNG or PDF (by the file's extension) at print resolution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = plot(frame, column, **kwargs)
    path = Path(path)
    ax.figure.savefig(path, dpi=200, bbox_inches="tight")
    plt.close(ax.figure)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gpkg")
    p.add_argument("output")
    p.add_argument("--column", default="footprint_area_m2")
    a = p.parse_args()
    frame = gpd.read_file(a.gpkg, layer="neighbourhoods")
    print(f"wrote {save_map(frame, a.output, a.column)}")


if __name__ == "__main__":
    main()
