"""Exact raster statistics for country-scale data, side by side with exactextract (PyPI).

    python benchmarks/bench_raster_stats.py [--polygons 14000] [--columns 2800] [--rows 3300]

Generates (seeded) a 100 m Float32 raster the size of the Netherlands with NaN and nodata cells
and ~14,000 buurt-like Voronoi polygons over it, then times warmte.zonal_stats and exactextract
on the same files and reports the largest difference. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

import warmte

HERE = Path(__file__).resolve().parent
WEST, NORTH, CELL = 10_000.0, 630_000.0, 100.0


def make_data(folder: Path, columns: int, rows: int, n_polygons: int, seed: int = 5):
    folder.mkdir(parents=True, exist_ok=True)
    tif, gpkg = folder / "raster.tif", folder / "polygons.gpkg"
    if tif.exists() and gpkg.exists():
        return tif, gpkg
    rng = np.random.default_rng(seed)
    values = rng.gamma(2.0, 300.0, size=(rows, columns)).astype(np.float32)
    values[rng.random((rows, columns)) < 0.01] = np.nan
    values[rng.random((rows, columns)) < 0.01] = -9999
    raw = folder / "raster.bil"
    values.tofile(raw)
    (folder / "raster.hdr").write_text(
        f"ENVI\nsamples = {columns}\nlines = {rows}\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\n"
        f"data type = 4\ninterleave = bsq\nbyte order = 0\n")
    subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:28992", "-a_nodata", "-9999",
                    "-a_ullr", str(WEST), str(NORTH), str(WEST + columns * CELL), str(NORTH - rows * CELL),
                    "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", str(raw), str(tif)], check=True)
    raw.unlink()
    (folder / "raster.hdr").unlink()
    east, south = WEST + columns * CELL, NORTH - rows * CELL
    points = shapely.points(rng.uniform(WEST, east, n_polygons), rng.uniform(south, NORTH, n_polygons))
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shapely.box(WEST, south, east, NORTH))
    polygons = shapely.intersection(shapely.get_parts(cells), shapely.box(WEST, south, east, NORTH))
    gpd.GeoDataFrame({"id": np.arange(len(polygons))}, geometry=polygons, crs="EPSG:28992").to_file(
        gpkg, layer="polygons", dataset_options={"VERSION": "1.2"})
    return tif, gpkg


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--polygons", type=int, default=14_000)
    p.add_argument("--columns", type=int, default=2_800)
    p.add_argument("--rows", type=int, default=3_300)
    a = p.parse_args()
    tif, gpkg = make_data(HERE / "data" / f"raster_{a.columns}x{a.rows}_{a.polygons}", a.columns, a.rows, a.polygons)
    polygons = gpd.read_file(gpkg, layer="polygons")

    start = time.perf_counter()
    ours = warmte.zonal_stats(f"{gpkg}:polygons", tif)
    ours_s = time.perf_counter() - start
    try:
        from exactextract import exact_extract
    except ImportError:
        sys.exit("exactextract is not installed: .venv/bin/pip install exactextract rasterio")
    start = time.perf_counter()
    import rasterio  # exactextract reads through rasterio (or the GDAL bindings)

    with rasterio.open(tif) as raster:
        theirs = exact_extract(raster, polygons, ["count", "sum", "mean", "min", "max"], output="pandas")
    theirs_s = time.perf_counter() - start
    worst = 0.0
    for stat in ["count", "sum", "mean", "min", "max"]:
        a_, b_ = ours[stat].to_numpy(), theirs[stat].to_numpy()
        both = np.isfinite(a_) & np.isfinite(b_)
        rel = np.abs(a_[both] - b_[both]) / np.maximum(1.0, np.abs(b_[both]))
        worst = max(worst, float(rel.max()))
        print(f"{stat:>5}: max relative difference {rel.max():.2e}")
    print(f"{len(polygons)} polygons over {a.columns} x {a.rows} cells: warmte {ours_s:.2f} s, "
          f"exactextract {theirs_s:.2f} s; largest relative difference {worst:.1e}")


if __name__ == "__main__":
    main()
