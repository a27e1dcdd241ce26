"""Grid data: raster statistics and polygon-grid apportioning through the CLI and Python."""

import subprocess

import geopandas as gpd
import numpy as np
import pytest
import shapely

import warmte


@pytest.fixture(scope="module")
def town_grids(town):
    gpkg = town["buildings"].rsplit(":", 1)[0]
    tif = gpkg.replace("town.gpkg", "heat_demand.tif")
    return {"heat": tif, "cbs": f"{gpkg}:vierkant100m"}


def test_raster_and_polygon_grid_on_the_town(town, town_grids):
    result = warmte.analyse(**town, grids=town_grids, include_buildings=True, progress=False)
    nb = result.neighbourhoods
    # the heat raster covers the whole study area: its sum over buurten is the raster total
    xyz = subprocess.run(["gdal_translate", "-q", "-of", "XYZ", town_grids["heat"], "/vsistdout/"],
                         capture_output=True, text=True, check=True).stdout
    raster_total = sum(float(line.split()[2]) for line in xyz.splitlines() if line.strip())
    assert nb["heat_sum"].sum() == pytest.approx(raster_total, rel=1e-6)
    # Each buurt's statistics recomputed from the raster's own cells (read by GDAL) and shapely:
    # weight = covered fraction of the cell, sum = sum of value x weight, mean = sum / sum of weights.
    cells = np.array([[float(v) for v in line.split()] for line in xyz.splitlines() if line.strip()])
    buurten = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")
    squares = shapely.box(cells[:, 0] - 50, cells[:, 1] - 50, cells[:, 0] + 50, cells[:, 1] + 50)
    for k in [0, 5, 11]:
        code = buurten["buurtcode"].iloc[k]
        weight = shapely.area(shapely.intersection(squares, buurten.geometry.iloc[k])) / 10_000
        covered = weight > 0
        row = nb.set_index("buurtcode").loc[code]
        assert row["heat_sum"] == pytest.approx(np.sum(weight * cells[:, 2]), rel=1e-9)
        assert row["heat_count"] == pytest.approx(np.sum(weight), rel=1e-9)
        assert row["heat_mean"] == pytest.approx(np.sum(weight * cells[:, 2]) / np.sum(weight), rel=1e-9)
        assert row["heat_min"] == pytest.approx(cells[covered, 2].min())
        assert row["heat_max"] == pytest.approx(cells[covered, 2].max())
    # CBS-like grid: every cell lies in the town, so apportioned dwellings sum to the grid's total
    grid = gpd.read_file(town_grids["cbs"].rsplit(":", 1)[0], layer="vierkant100m")
    valid = grid["aantal_woningen"][grid["aantal_woningen"] > -99990]
    assert nb["cbs_aantal_woningen"].sum() == pytest.approx(valid.sum(), rel=1e-9)
    assert "cbs: suppressed_values_missing" in set(result.data_quality["issue"])


def test_raster_sampled_per_building(town, town_grids):
    result = warmte.analyse(**town, grids={"heat": town_grids["heat"]}, include_buildings=True, progress=False,
                            config={"inputs": {"grid_buildings": True}})
    b = result.buildings
    assert {"heat_mean", "heat_sum"} <= set(b.columns)
    # a building inside one 100 m cell gets that cell's value for its mean, and its fraction for the sum
    bounds = b.geometry.bounds
    one_cell = (np.floor(bounds.minx / 100) == np.floor(bounds.maxx / 100)) & \
               (np.floor(bounds.miny / 100) == np.floor(bounds.maxy / 100))
    inside = b[one_cell & (b["heat_mean"] > 0)].head(20)
    assert len(inside) > 0
    # Read the value of each building's cell from the raster itself.
    xyz = subprocess.run(["gdal_translate", "-q", "-of", "XYZ", town_grids["heat"], "/vsistdout/"],
                         capture_output=True, text=True, check=True).stdout
    value = {(round(float(x) - 50), round(float(y) - 50)): float(v)
             for x, y, v in (line.split() for line in xyz.splitlines() if line.strip())}
    corner = inside.geometry.bounds
    expected = np.array([value[(int(np.floor(x / 100) * 100), int(np.floor(y / 100) * 100))]
                         for x, y in zip(corner.minx, corner.miny)])
    np.testing.assert_allclose(inside["heat_mean"], expected, rtol=1e-6)
    np.testing.assert_allclose(inside["heat_sum"], expected * inside.area / 10_000, rtol=1e-6)


def test_zonal_stats_function(town, town_grids):
    nb = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten").to_crs(4326)
    stats = warmte.zonal_stats(nb, town_grids["heat"])  # reprojected into the raster's CRS
    direct = warmte.analyse(**town, grids={"heat": town_grids["heat"]}, progress=False).neighbourhoods
    np.testing.assert_allclose(stats["sum"], direct["heat_sum"], rtol=1e-3)


def test_grid_errors_and_warnings(cli, town, tmp_path):
    # a raster without CRS is an error unless a CRS is assumed
    tif = tmp_path / "nocrs.tif"
    (tmp_path / "nocrs.asc").write_text("ncols 2\nnrows 2\nxllcorner 150000\nyllcorner 450000\ncellsize 100\n"
                                        "NODATA_value -9999\n1 2\n3 4\n")
    subprocess.run(["gdal_translate", "-q", str(tmp_path / "nocrs.asc"), str(tif)], check=True)
    base = ["analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"]]
    r = subprocess.run([cli, *base, "--grid", f"g={tif}", "--output", str(tmp_path / "o.gpkg")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "nocrs.tif" in r.stderr and "--assume-crs" in r.stderr
    # far away: statistics are missing, with a warning, not zeros
    far = tmp_path / "far.tif"
    subprocess.run(["gdal_translate", "-q", "-a_srs", "EPSG:28992", "-a_ullr", "10000", "310000", "10200", "309800",
                    str(tmp_path / "nocrs.asc"), str(far)], check=True)
    out = tmp_path / "far.gpkg"
    r = subprocess.run([cli, *base, "--grid", f"far={far}", "--output", str(out), "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    nb = gpd.read_file(out, layer="neighbourhoods")
    assert nb["far_sum"].isna().all()
    dq = gpd.read_file(out, layer="data_quality")
    assert "grid_no_overlap" in set(dq["issue"])
    # a multi-band raster: band 1 unless named, and the output says so
    multi = tmp_path / "multi.tif"
    subprocess.run(["gdal_translate", "-q", "-b", "1", "-b", "1", str(far), str(multi)], check=True)
    r = subprocess.run([cli, *base, "--grid", f"m={multi}", "--output", str(tmp_path / "m.gpkg"), "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    dq = gpd.read_file(tmp_path / "m.gpkg", layer="data_quality")
    assert dq["detail"].str.contains("band 1 used").any()
    r = subprocess.run([cli, *base, "--grid", f"m={multi}:2", "--output", str(tmp_path / "m2.gpkg"), "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([cli, *base, "--grid", f"m={multi}:3", "--output", str(tmp_path / "m3.gpkg")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no band 3" in r.stderr


def test_ermelo_inhabitants_apportioned_to_its_buurten(realdata):
    folder = realdata / "ermelo_harderwijk_cbs_vierkant100m"
    buurten = gpd.read_file(folder / "cbs_buurten_ermelo.gpkg", layer="CBS_Buurten")
    assert len(buurten) == 17
    grid = gpd.read_file(folder / "cbs_vierkant100m_harderwijk_ermelo_zeewolde.gpkg", layer="cbs_vierkant100m")
    # the analysis needs buildings; one shed in the first buurt is enough for grid statistics
    shed = gpd.GeoDataFrame(geometry=[buurten.geometry.iloc[0].representative_point().buffer(3, cap_style="square")],
                            crs=buurten.crs)
    result = warmte.analyse(buurten, shed, grids={"cbs": str(folder / "cbs_vierkant100m_harderwijk_ermelo_zeewolde.gpkg")
                                                  + ":cbs_vierkant100m"},
                            config={"grid": {"intensive_columns": ["gemiddelde_woz_waarde_woning"]}}, progress=False)
    nb = result.neighbourhoods
    area = shapely.union_all(shapely.make_valid(buurten.geometry.values))
    inhabitants = grid["aantal_inwoners"].where(grid["aantal_inwoners"] > -99990, 0).to_numpy()
    inside = shapely.area(shapely.intersection(grid.geometry.values, area)) / shapely.area(grid.geometry.values)
    expected = float(np.sum(inhabitants * inside))
    print(f"Ermelo: {nb['cbs_aantal_inwoners'].sum():.1f} inhabitants apportioned, {expected:.1f} expected")
    assert nb["cbs_aantal_inwoners"].sum() == pytest.approx(expected, rel=1e-6)
    assert 20_000 < expected < 30_000  # Ermelo has ~27,000 inhabitants, some in suppressed cells
    woz = nb["cbs_gemiddelde_woz_waarde_woning"].dropna()
    assert ((woz > 100) & (woz < 1000)).all()  # intensive: a mean (thousands of euros), not a sum
