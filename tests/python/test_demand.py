"""Heat demand on the test town: conservation, one buurt recomputed from the buildings layer,
and the heat-density GeoTIFF checked with GDAL's own tools."""

import json
import subprocess

import geopandas as gpd
import numpy as np
import pytest
import shapely

import warmte


@pytest.fixture(scope="module")
def result(town):
    return warmte.analyse(**town, include_buildings=True, progress=False)


@pytest.fixture(scope="module")
def buurten(town):
    return gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")


def inside_share(buildings, polygon):
    return shapely.area(shapely.intersection(buildings.geometry.values, polygon)) / buildings.area.to_numpy()


def test_total_demand_is_conserved_over_buurten(result, buurten):
    b = result.buildings
    study_area = shapely.union_all(buurten.geometry.values)
    expected = np.sum(b["heat_demand_gj"].to_numpy() * inside_share(b, study_area))
    assert result.neighbourhoods["heat_demand_gj"].sum() == pytest.approx(expected, rel=1e-9)
    assert result.neighbourhoods["n_dwellings"].sum() == pytest.approx(
        np.sum(b["n_dwellings"].to_numpy() * inside_share(b, study_area)), rel=1e-9)


def test_one_buurt_recomputed_from_the_buildings_layer(result, buurten):
    code = "BU09990007"
    polygon = buurten.loc[buurten["buurtcode"] == code, "geometry"].iloc[0]
    row = result.neighbourhoods.set_index("buurtcode").loc[code]
    b = result.buildings
    share = inside_share(b, polygon)
    demand = np.sum(share * b["heat_demand_gj"])
    floor = np.sum(share * b["floor_area_m2"])
    land_m2 = row["land_area_ha"] * 1e4
    plot_ratio = floor / land_m2
    width = 137.5 * plot_ratio + 5 if plot_ratio <= 0.4 else 60.0
    assert row["heat_demand_gj"] == pytest.approx(demand, rel=1e-9)
    assert row["heat_density_gj_ha"] == pytest.approx(demand / row["land_area_ha"], rel=1e-9)
    assert row["plot_ratio"] == pytest.approx(plot_ratio, rel=1e-9)
    assert row["linear_heat_density_gj_m"] == pytest.approx(demand / land_m2 * width, rel=1e-9)


DATA = __import__("pathlib").Path(__file__).resolve().parents[2] / "libwarmte" / "data"


def csv_rows(name):
    import csv

    lines = [line for line in (DATA / name).read_text().splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


def table_coefficients(rows, kind, year):
    """(a, b) of the residential table as docs/model.md §3.1 says: the class holding the year, the mean
    of both neighbours in a gap between classes, the last class after the last."""
    mine = sorted((r for r in rows if r["type"] == kind), key=lambda r: float(r["from_year"]))
    previous = None
    for r in mine:
        if year <= float(r["to_year"]):
            if year >= float(r["from_year"]) or previous is None:
                return float(r["a_gj"]), float(r["b_gj_per_m2"])
            return ((float(previous["a_gj"]) + float(r["a_gj"])) / 2,
                    (float(previous["b_gj_per_m2"]) + float(r["b_gj_per_m2"])) / 2)
        previous = r
    return float(previous["a_gj"]), float(previous["b_gj_per_m2"])


def practice_factor(rows, kind, year):
    """The factor of the class's default label (practice_factor.csv), the last class after the last."""
    mine = [r for r in rows if r["type"] == kind and r["default_label"] == "1"]
    for r in mine:
        if float(r["from_year"]) <= year <= float(r["to_year"]):
            return float(r["factor"])
    return float(mine[-1]["factor"])


def test_residential_demand_is_the_vesta_table_per_dwelling(result):
    """Every dwelling building of the town, recomputed from the CSVs: theoretical space heat
    dwellings x (a + b x floor area per dwelling), as used x 0.9 (Vesta) x the practice factor,
    hot water 7.5 x 0.9 GJ per dwelling. Any mismatch fails; a building with other uses beside
    its dwellings is checked on its dwellings' share (its floor_area_by_use)."""
    table, practice = csv_rows("residential_space_heat.csv"), csv_rows("practice_factor.csv")
    b = result.buildings
    b = b[(b["n_dwellings"] > 0) & ~b["building_type"].isin(["non_residential", "outbuilding"])]
    checked = {}
    for _, building in b.iterrows():
        n, kind, year = building["n_dwellings"], building["building_type"], building["year"]
        uses = dict(u.split("=") for u in building["floor_area_by_use"].split(";"))
        a, slope = table_coefficients(table, kind, year)
        expected = n * max(0.0, a + slope * float(uses["woonfunctie"]) / n)
        used = expected * 0.9 * practice_factor(practice, kind, year)
        assert building["hot_water_gj"] == pytest.approx(7.5 * 0.9 * n), building["identificatie"]
        if len(uses) == 1:  # the floor area in floor_area_by_use is rounded to 0.1 m2
            floor = building["floor_area_m2"]
            exact = n * max(0.0, a + slope * floor / n)
            assert building["space_heat_theoretical_gj"] == pytest.approx(exact, rel=1e-9), building["identificatie"]
            assert building["space_heat_gj"] == pytest.approx(exact * 0.9 * practice_factor(practice, kind, year),
                                                              rel=1e-9), building["identificatie"]
        else:  # the dwellings' part only: the rest is the non-residential table's
            assert building["space_heat_theoretical_gj"] >= expected * (1 - 1e-3)
            assert building["space_heat_gj"] >= used * (1 - 1e-3)
        checked[kind] = checked.get(kind, 0) + 1
    assert set(checked) == {"terraced", "corner", "semi_detached", "detached", "multi_family_low", "multi_family_high"}
    assert sum(checked.values()) == len(b)


def test_building_types_and_demand_per_dwelling_are_plausible(result):
    b = result.buildings
    types = set(b["building_type"])
    assert {"terraced", "corner", "semi_detached", "detached", "multi_family_high", "non_residential"} <= types
    dwellings = b[(b["n_dwellings"] > 0) & (b["building_type"] != "non_residential")]
    per_dwelling = dwellings["heat_demand_gj"].sum() / dwellings["n_dwellings"].sum()
    # docs/model.md §3.1: a 100 m2 terraced house of 1975-91 needs ~35 GJ; CBS 2020-2022: 980-1,190 m3 gas per
    # dwelling = 31-37 GJ of heat. A town of mostly older stock lies a little above that.
    assert 28 < per_dwelling < 45
    terraced = b[(b["building_type"] == "terraced") & b["year"].between(1975, 1991)]
    if len(terraced):
        theory = terraced["space_heat_theoretical_gj"]
        per_m2 = (theory / terraced["n_dwellings"] - 3.6) / (terraced["floor_area_m2"] / terraced["n_dwellings"])
        np.testing.assert_allclose(per_m2, 0.236, rtol=1e-9)
    assert np.isfinite(b["heat_demand_gj"]).all() and (b["heat_demand_gj"] >= 0).all()
    assert np.isfinite(result.neighbourhoods["heat_density_gj_ha"]).all()


def test_heat_grid_geotiff(result, tmp_path):
    path = result.write_heat_grid(tmp_path / "heat.tif")
    info = json.loads(subprocess.run(["gdalinfo", "-json", "-stats", str(path)], capture_output=True, text=True,
                                     check=True).stdout)
    west, cell_x, _, north, _, cell_y = info["geoTransform"]
    assert (cell_x, cell_y) == (100.0, -100.0)
    assert west % 100 == 0 and north % 100 == 0
    width, height = info["size"]
    # the grid covers every building centroid
    centroids = result.buildings.geometry.centroid
    assert west <= centroids.x.min() and centroids.x.max() < west + 100 * width
    assert north - 100 * height <= centroids.y.min() and centroids.y.max() < north
    # its sum is the total building demand, to 0.01 % (values are Float32)
    xyz = subprocess.run(["gdal_translate", "-q", "-of", "XYZ", str(path), "/vsistdout/"], capture_output=True,
                         text=True, check=True).stdout
    total = sum(float(line.split()[2]) for line in xyz.splitlines() if line.strip())
    assert total == pytest.approx(result.buildings["heat_demand_gj"].sum(), rel=1e-4)
    assert info["bands"][0]["unit"] == "GJ/ha"
    # Cells without demand are 0, and the QGIS style beside the grid draws exactly those clear.
    values = [float(line.split()[2]) for line in xyz.splitlines() if line.strip()]
    assert values.count(0.0) > 0 and min(values) == 0.0
    qml = path.with_suffix(".qml").read_text()
    assert '<pixelListEntry min="0" max="0" percentTransparent="100"/>' in qml
    assert qml.count("percentTransparent") == 1  # nothing else is hidden


def test_dh_areas_of_the_town(result, town, buurten):
    # The test town (362 TJ) has no coherent area of 108 TJ: its largest dense cluster is ~55 TJ.
    assert result.heat_grid["in_dh_area"].sum() == 0
    assert (result.neighbourhoods["dh_area_share"] == 0).all()
    # With the area threshold lowered to 40 TJ, the clusters of dense cells above it qualify, and only those.
    lowered = warmte.analyse(**town, include_buildings=True, progress=False,
                             config={"grid": {"dh_min_area_demand_gj": 40000.0}})
    grid = lowered.heat_grid
    assert grid["in_dh_area"].sum() > 0
    # Recompute the areas: cells >= 1,200 GJ/ha joined by shared edges, kept when their demand >= 40 TJ.
    dense = grid["density_gj_ha"] >= 1200
    label = np.zeros(dense.shape, dtype=int)
    areas = []
    for start in zip(*np.nonzero(dense)):
        if label[start]:
            continue
        areas.append([])
        stack = [start]
        label[start] = len(areas)
        while stack:
            r, c = stack.pop()
            areas[-1].append((r, c))
            for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= rr < dense.shape[0] and 0 <= cc < dense.shape[1] and dense[rr, cc] and not label[rr, cc]:
                    label[rr, cc] = len(areas)
                    stack.append((rr, cc))
    cell_ha = (grid["cell_size_m"] ** 2) / 1e4
    kept = [a for a in areas if sum(grid["density_gj_ha"][r, c] * cell_ha for r, c in a) >= 40000]
    assert len(kept) >= 1 and len(areas) > len(kept)
    expected = np.zeros(dense.shape, dtype=np.uint8)
    for a in kept:
        for r, c in a:
            expected[r, c] = 1
    np.testing.assert_array_equal(grid["in_dh_area"], expected)
    assert grid["density_gj_ha"][grid["in_dh_area"] == 1].min() >= 1200
    b = lowered.buildings
    nb = lowered.neighbourhoods.set_index("buurtcode")
    for code in nb.index[nb["dh_area_share"] > 0][:3]:
        share = inside_share(b, buurten.loc[buurten["buurtcode"] == code, "geometry"].iloc[0])
        expected = np.sum(share * b["heat_demand_gj"] * b["in_dh_area"]) / np.sum(share * b["heat_demand_gj"])
        assert nb.loc[code, "dh_area_share"] == pytest.approx(expected, rel=1e-9)


def test_buildings_layer_in_the_geopackage(cli, town, tmp_path):
    out = tmp_path / "town.gpkg"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--output", str(out), "--buildings-layer", "--heat-grid", str(tmp_path / "heat.tif")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "floor_area_estimated" in r.stdout  # the data-quality summary
    layer = gpd.read_file(out, layer="buildings")
    # The layer holds what Python's Result.buildings holds, value for value.
    expected = warmte.analyse(**town, include_buildings=True, progress=False).buildings
    assert len(layer) == len(expected) > 6000
    for column in ["building_type", "label", "year", "floor_area_m2", "n_dwellings", "space_heat_gj", "hot_water_gj",
                   "heat_demand_gj", "estimated", "buurtcode"]:
        np.testing.assert_array_equal(layer[column].to_numpy(), expected[column].to_numpy(), err_msg=column)
    # The GeoPackage stores every footprint as a MultiPolygon; the shapes are the same.
    assert layer.geometry.geom_equals(expected.geometry.set_crs(layer.crs, allow_override=True)).all()
    assert (tmp_path / "heat.tif").exists()


def test_distance_to_the_heat_network():
    # Two buurten of 100 m; a network line along y = 200; buildings at y 0-10 and 100-110.
    rd = "EPSG:28992"
    nb = gpd.GeoDataFrame({"buurtcode": ["A", "B"]}, geometry=[shapely.box(0, 0, 100, 100), shapely.box(0, 100, 100, 200)],
                          crs=rd).translate(155_000, 463_000)
    nb = gpd.GeoDataFrame({"buurtcode": ["A", "B"]}, geometry=nb, crs=rd)
    bld = gpd.GeoDataFrame(geometry=[shapely.box(10, 0, 20, 10), shapely.box(10, 100, 30, 110)], crs=rd)
    bld = gpd.GeoDataFrame(geometry=bld.translate(155_000, 463_000), crs=rd)
    net = gpd.GeoDataFrame(geometry=[shapely.LineString([(-500, 200), (500, 200), (500, 900)])], crs=rd)
    net = gpd.GeoDataFrame(geometry=net.translate(155_000, 463_000), crs=rd)
    result = warmte.analyse(nb, bld, heat_network=net, progress=False).neighbourhoods.set_index("buurtcode")
    assert result.loc["A", "dist_heat_network_m"] == pytest.approx(190.0)  # top of the house at y 10
    assert result.loc["B", "dist_heat_network_m"] == pytest.approx(90.0)


def test_a_local_practice_factor_table_divides_one_buurts_dwellings(town, result, tmp_path):
    """Vesta's per-buurt file as PBL publishes it (';', a byte-order mark): terraced (4) in
    BU09990000 at 0.5 doubles those houses' space heat; nothing else moves."""
    table = tmp_path / "lokaal.csv"
    table.write_bytes("\ufeffgem2020;wijk2020;buurt2020;woningtype;verschilfactor\n"
                      "GM0999;WK099900;BU09990000;4;0.5\n".encode())
    local = warmte.analyse(**town, include_buildings=True, progress=False,
                           config={"demand": {"local_practice_factor_table": str(table)}}).buildings
    before = result.buildings
    hit = (before["buurtcode"] == "BU09990000") & (before["building_type"] == "terraced")
    hit &= ~before["floor_area_by_use"].str.contains(";")  # dwellings only: no shop's heat to leave alone
    assert hit.sum() > 10
    assert np.allclose(local.loc[hit, "space_heat_gj"], 2 * before.loc[hit, "space_heat_gj"], rtol=1e-12)
    assert np.array_equal(local.loc[~hit, "space_heat_gj"], before.loc[~hit, "space_heat_gj"])
    assert np.array_equal(local["hot_water_gj"], before["hot_water_gj"])
