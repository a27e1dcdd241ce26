"""warmte.zonal_stats against exactextract (an independent implementation of exact cell coverage)
and against shapely cell by cell, on random polygons with holes, crossing the raster's edge, over a
random raster with nodata cells and NaN. exactextract keeps coverage fractions in single precision
(its sums are off by up to ~1e-7 relative); ours agree with shapely's exact areas to 1e-9."""

import numpy as np
import pytest
import shapely
import geopandas as gpd

import warmte

exactextract = pytest.importorskip("exactextract")
rasterio = pytest.importorskip("rasterio")

RD = "EPSG:28992"


def random_polygons(rng, n, extent):
    x0, y0, x1, y1 = extent
    polygons = []
    for _ in range(n):
        cx, cy = rng.uniform(x0 - 200, x1 + 200), rng.uniform(y0 - 200, y1 + 200)  # some cross the edge
        r = rng.uniform(20, 400)
        k = rng.integers(3, 12)
        angles = np.sort(rng.uniform(0, 2 * np.pi, k))
        radii = r * rng.uniform(0.5, 1.0, k)
        shell = np.c_[cx + radii * np.cos(angles), cy + radii * np.sin(angles)]
        holes = []
        if rng.uniform() < 0.4:  # a hole well inside
            hole_r = 0.25 * radii.min()
            a = np.linspace(0, 2 * np.pi, 7)[:-1]
            holes.append(np.c_[cx + hole_r * np.cos(a), cy + hole_r * np.sin(a)])
        polygon = shapely.make_valid(shapely.Polygon(shell, holes))
        polygons.append(polygon)
    return polygons


def test_zonal_stats_agrees_with_exactextract(tmp_path):
    rng = np.random.default_rng(20261201)
    rows, columns, cell = 40, 50, 25.0
    west, north = 150_000.0, 451_000.0
    values = rng.uniform(0, 100, (rows, columns)).astype("float64")
    values[rng.uniform(size=values.shape) < 0.05] = -9999  # nodata
    values[rng.uniform(size=values.shape) < 0.03] = np.nan  # NaN
    path = tmp_path / "random.tif"
    transform = rasterio.transform.from_origin(west, north, cell, cell)
    with rasterio.open(path, "w", driver="GTiff", height=rows, width=columns, count=1, dtype="float64", crs=RD,
                       transform=transform, nodata=-9999) as out:
        out.write(values, 1)
    extent = (west, north - rows * cell, west + columns * cell, north)
    polygons = gpd.GeoDataFrame(geometry=random_polygons(rng, 300, extent), crs=RD)
    polygons = polygons[~polygons.is_empty & polygons.geom_type.isin(["Polygon", "MultiPolygon"])]
    ours = warmte.zonal_stats(polygons, path)
    theirs = exactextract.exact_extract(str(path), polygons, ["count", "sum", "mean", "min", "max"], output="pandas")
    theirs.index = polygons.index
    assert polygons.geometry.apply(lambda g: len(g.interiors) if g.geom_type == "Polygon" else 0).sum() > 50
    crossing = ~polygons.within(shapely.box(*extent))
    assert crossing.sum() > 50
    touched = theirs["count"] > 0
    assert touched.sum() > 200
    for op in ["count", "sum", "mean", "min", "max"]:
        np.testing.assert_allclose(ours.loc[touched, op].to_numpy(), theirs.loc[touched, op].to_numpy(), rtol=1e-6,
                                   atol=1e-6, err_msg=op)
    # The exact answer, from shapely: each valid cell weighs by the covered fraction of its area.
    xs = west + cell * (np.arange(columns) + 0.5)
    ys = north - cell * (np.arange(rows) + 0.5)
    x, y = np.meshgrid(xs, ys)
    cells = shapely.box(x - cell / 2, y - cell / 2, x + cell / 2, y + cell / 2).ravel()
    flat = values.ravel()
    valid = ~np.isnan(flat) & (flat != -9999)
    for i in np.flatnonzero(touched.to_numpy())[:60]:
        weight = shapely.area(shapely.intersection(cells, polygons.geometry.iloc[i])) / cell**2
        count = weight[valid].sum()
        total = (weight[valid] * flat[valid]).sum()
        assert ours["count"].iloc[i] == pytest.approx(count, rel=1e-9, abs=1e-9)
        assert ours["sum"].iloc[i] == pytest.approx(total, rel=1e-9, abs=1e-9)
        assert ours["nodata"].iloc[i] == pytest.approx(weight[~valid].sum(), rel=1e-9, abs=1e-9)
    # Polygons wholly outside the raster have no statistics.
    outside = ~polygons.intersects(shapely.box(*extent))
    assert ours.loc[outside, "sum"].isna().all()
