"""Real Dutch open data from ../shared/realdata (skipped when absent)."""

import geopandas as gpd
import numpy as np
import pytest
import shapely

import warmte

IN_USE = ["Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"]
DOESBURG_IN_USE = 7_204 + 3 + 14  # README of doesburg_bag_pand_2020: status counts


@pytest.fixture(scope="module")
def doesburg(realdata):
    return realdata / "doesburg_bag_pand_2020" / "doesburg_bag_pand_2020-09-15.gpkg"


def grid_over(bounds, size):
    x0, y0, x1, y1 = bounds
    xs = np.arange(np.floor(x0 / size) * size, x1, size)
    ys = np.arange(np.floor(y0 / size) * size, y1, size)
    cells = [shapely.box(x, y, x + size, y + size) for x in xs for y in ys]
    codes = [f"SQ{int(x)}_{int(y)}" for x in xs for y in ys]
    return gpd.GeoDataFrame({"buurtcode": codes}, geometry=cells, crs="EPSG:28992")


def outside_count(result):
    rows = result.data_quality.query("issue == 'outside_study_area'")
    return int(rows["detail"].str.split().str[0].astype(int).sum()) if len(rows) else 0


def test_doesburg_on_500m_squares_counts_every_building_once(doesburg):
    buildings = gpd.read_file(doesburg, layer="pand")
    squares = grid_over(buildings.total_bounds, 500.0)
    result = warmte.analyse(squares, str(doesburg), progress=False, threads=2)
    nb = result.neighbourhoods
    assert nb["n_buildings"].sum() == DOESBURG_IN_USE
    assert outside_count(result) == 0
    in_use = buildings[buildings["status"].isin(IN_USE)]
    assert len(in_use) == DOESBURG_IN_USE
    # squares tile the town, so clipped footprints add up to the whole footprint area
    assert nb["footprint_area_m2"].sum() == pytest.approx(in_use.area.sum(), rel=1e-9)
    # a building on a square border is split, not duplicated: the count per square matches
    # the square holding the largest part, computed here with shapely
    pieces = gpd.overlay(in_use[["identificatie", "geometry"]], squares, how="intersection", keep_geom_type=True)
    pieces["part"] = pieces.area
    home = pieces.sort_values(["identificatie", "part", "buurtcode"], ascending=[True, False, True])
    home = home.drop_duplicates("identificatie")
    expected = home.groupby("buurtcode").size()
    got = nb.set_index("buurtcode")["n_buildings"]
    assert (got[expected.index] == expected).all()
    assert got.drop(expected.index).sum() == 0


def test_doesburg_with_the_cbs_wijk(doesburg, realdata):
    wijken = gpd.read_file(realdata / "cbs_kwb_gemeenten2022_wijken2024" / "cbs_wijken_2024.gpkg")
    wijk = wijken[wijken["wijkcode"] == "WK022101"]
    assert len(wijk) == 1
    result = warmte.analyse(wijk, str(doesburg), progress=False,
                            config={"fields": {"neighbourhoods": {"id": "wijkcode", "name": "wijknaam"}}})
    nb = result.neighbourhoods
    assert nb.loc[0, "wijkcode"] == "WK022101"
    # the simplified wijk polygon cuts off a few buildings at its edge: each building in use is
    # either counted in the wijk or reported as outside the study area, never both, never lost
    assert nb["n_buildings"].sum() + outside_count(result) == DOESBURG_IN_USE
    assert nb["n_buildings"].sum() > 0.95 * DOESBURG_IN_USE


def test_doesburg_demand_per_dwelling_is_plausible(doesburg, realdata):
    buildings = gpd.read_file(doesburg, layer="pand")
    squares = grid_over(buildings.total_bounds, 500.0)
    result = warmte.analyse(squares, str(doesburg), include_buildings=True, progress=False)
    dq = result.data_quality.set_index("issue")
    # Doesburg's BAG extract has no floor area, storeys, dwellings or use: all are estimated
    for issue in ["floor_area_estimated", "storeys_estimated", "dwellings_estimated"]:
        count = int(dq.loc[issue, "detail"].split()[0])
        print(f"Doesburg: {count} buildings with {issue}")
        assert count > 0
    b = result.buildings
    homes = b[b["n_dwellings"] > 0]
    per_dwelling = homes["heat_demand_gj"].sum() / homes["n_dwellings"].sum()
    print(f"Doesburg: {homes['n_dwellings'].sum():.0f} dwellings, {per_dwelling:.1f} GJ per dwelling")
    assert 20 < per_dwelling < 60
    assert result.neighbourhoods["heat_demand_gj"].sum() == pytest.approx(b["heat_demand_gj"].sum(), rel=1e-9)
