"""Can the grid carry the all-electric alternative (issue 35): the grid operators' layers read from
files and GeoDataFrames in any CRS, the congestion map moving S1's phase and no other, the stations'
headroom in S1's costs, bad grid input named. The arithmetic by hand is in
tests/cpp/model/test_grid_capacity.cpp."""

import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

import warmte

RD = "EPSG:28992"
TOWN = {"neighbourhoods": "testdata/town/town.gpkg:buurten", "buildings": "testdata/town/town.gpkg:panden",
        "water": "testdata/town/town.gpkg:waterdelen", "plants": "testdata/town/town.gpkg:rwzi"}


@pytest.fixture(scope="module")
def town_paths():
    from conftest import ROOT
    return {k: str(ROOT / v) for k, v in TOWN.items()}


@pytest.fixture(scope="module")
def plain(town_paths):
    return warmte.analyse(**town_paths, progress=False).neighbourhoods


def congestion(status: str, year: float, crs: str = RD) -> gpd.GeoDataFrame:
    area = gpd.GeoDataFrame({"status": [status], "year": [year]}, geometry=[box(149000, 449000, 153000, 452000)], crs=RD)
    return area.to_crs(crs)


def test_without_grid_data_the_kental_alone_marked_est(plain):
    assert set(plain["grid_capacity_from"]) == {"kental (est.)"}
    assert plain["grid_status"].fillna("").eq("").all()
    assert plain["grid_headroom_kw"].isna().all()
    np.testing.assert_allclose(plain["grid_extra_peak_kw"], plain["cost_weq"] * 3.5, rtol=1e-12)
    np.testing.assert_allclose(plain["grid_new_stations"], plain["grid_extra_peak_kw"] / 630, rtol=1e-12)
    np.testing.assert_allclose(plain["grid_station_space_m2"], plain["grid_new_stations"] * 20, rtol=1e-12)
    np.testing.assert_allclose(plain["grid_peak_s4a_kw"], plain["cost_weq"] * 1.95, rtol=1e-12)
    assert not plain["explanation_en"].str.contains("electricity grid").any()


def test_congestion_moves_s1_and_leaves_the_other_strategies(town_paths, plain):
    # Congested until 2045 over the whole town: S1 starts after 2040; the S4 buurt keeps its phase.
    result = warmte.analyse(**town_paths, grid_congestion=congestion("rood", 2045), progress=False).neighbourhoods
    s1 = plain["strategy"] == "S1"
    assert s1.any() and (~s1).any()
    assert (result["strategy"] == plain["strategy"]).all()
    assert (result.loc[s1, "phase"] == "after_2040").all()
    assert (result.loc[~s1, "phase"] == plain.loc[~s1, "phase"]).all()
    assert (result["grid_status"] == "congested").all() and (result["grid_available_year"] == 2045).all()
    moved = s1 & (plain["phase"] != "after_2040")
    assert moved.any()
    assert result.loc[moved, "phase_reason"].str.startswith("the electricity grid is congested until 2045").all()
    text = result.loc[moved, "explanation_en"].iloc[0]
    assert "congested until 2045; all-electric can start after reinforcement" in text
    assert "A hybrid heat pump (S4a) needs 44 % less extra peak." in text
    assert "vol tot 2045" in result.loc[moved, "explanation_nl"].iloc[0]
    # The costs are the kental's still (no stations): the same as without the map.
    pd.testing.assert_series_equal(result["cost_national_s1a_eur_weq"], plain["cost_national_s1a_eur_weq"])
    assert set(result["grid_capacity_from"]) == {"congestion map; stations by kental (est.)"}


def test_a_congestion_layer_in_another_crs_gives_the_same(town_paths):
    rd = warmte.analyse(**town_paths, grid_congestion=congestion("red", 2031), progress=False).neighbourhoods
    wgs = warmte.analyse(**town_paths, grid_congestion=congestion("red", 2031, "EPSG:4326"), progress=False).neighbourhoods
    pd.testing.assert_frame_equal(rd.drop(columns="geometry"), wgs.drop(columns="geometry"))
    # Orange and green: no phase moves, reinforce and fits.
    orange = warmte.analyse(**town_paths, grid_congestion=congestion("orange", 2031), progress=False).neighbourhoods
    assert set(orange["grid_status"]) == {"reinforce"} and orange["grid_available_year"].isna().all()


def test_postcode_points_that_match_no_buurt_are_recorded(town_paths, plain):
    centre = plain.geometry.representative_point()
    points = gpd.GeoDataFrame({"status": ["red"] + ["green"] * (len(plain) - 1) + ["red"],
                               "year": [2034.0] + [np.nan] * (len(plain) - 1) + [2050.0]},
                              geometry=list(centre) + [Point(0, 0)], crs=RD)
    result = warmte.analyse(**town_paths, grid_congestion=points, progress=False)
    n = result.neighbourhoods
    assert n["grid_status"].iloc[0] == "congested" and n["grid_available_year"].iloc[0] == 2034
    assert (n["grid_status"].iloc[1:] == "fits").all()
    dq = result.data_quality
    far = dq[(dq["layer"] == "grid_congestion") & (dq["issue"] == "postcode_outside_buurten")]
    assert list(far["feature_id"]) == [len(plain) + 0]  # the GeoDataFrame's last row


def test_stations_as_service_areas_and_their_costs(town_paths, plain):
    # One service area over the whole town with ample headroom: everything fits, no new stations,
    # and S1's grid item drops Vesta's station kental.
    area = gpd.GeoDataFrame({"capacity_kva": [100000.0], "headroom_kw": [90000.0]},
                            geometry=[box(149000, 449000, 153000, 452000)], crs=RD)
    n = warmte.analyse(**town_paths, grid_stations=area, progress=False).neighbourhoods
    assert (n["grid_status"] == "fits").all() and (n["grid_new_stations"] == 0).all()
    assert set(n["grid_capacity_from"]) == {"stations"}
    total = n["grid_extra_peak_kw"].sum()
    np.testing.assert_allclose(n["grid_headroom_kw"].sum(), 90000, rtol=1e-12)
    np.testing.assert_allclose(n["grid_headroom_kw"], 90000 * n["grid_extra_peak_kw"] / total, rtol=1e-9)
    assert (n["cost_national_s1a_eur_weq"] < plain["cost_national_s1a_eur_weq"]).all()
    assert (n["cost_national_s4a_eur_weq"] == plain["cost_national_s4a_eur_weq"]).all()
    assert (n["grid_reinforcement_eur"] < plain["grid_reinforcement_eur"]).all()
    # A station point with no headroom: every buurt reinforces, by whole stations over the town.
    point = gpd.GeoDataFrame({"capacity_kva": [630.0], "headroom_kw": [0.0]}, geometry=[Point(151000, 450700)], crs=RD)
    p = warmte.analyse(**town_paths, grid_stations=point, progress=False).neighbourhoods
    assert (p["grid_status"] == "reinforce").all()
    np.testing.assert_allclose(p["grid_new_stations"].sum(), np.ceil(total / 630), rtol=1e-12)
    assert "new stations of 630 kVA" in p["explanation_en"].iloc[0]


def test_bad_grid_input_is_named(cli, town_paths, tmp_path):
    stations = gpd.GeoDataFrame({"capacity_kva": [630.0, np.nan]}, geometry=[Point(150500, 450500), Point(151500, 450500)],
                                crs=RD)
    stations.to_file(tmp_path / "stations.gpkg", layer="stations")
    args = [cli, "analyse", "--neighbourhoods", town_paths["neighbourhoods"], "--buildings", town_paths["buildings"],
            "--grid-stations", f"{tmp_path / 'stations.gpkg'}:stations", "--output", tmp_path / "o.gpkg"]
    r = subprocess.run(list(map(str, args)), capture_output=True, text=True)
    assert r.returncode == 2
    assert "stations.gpkg" in r.stderr and "feature 2: has no capacity in 'capacity_kva'" in r.stderr
    assert not (tmp_path / "o.gpkg").exists()
    stations["capacity_kva"] = [630.0, -5.0]
    with pytest.raises(warmte.InputError, match="capacity -5 kVA is not a station's"):
        warmte.analyse(town_paths["neighbourhoods"], town_paths["buildings"], grid_stations=stations, progress=False)
    stations["capacity_kva"] = [630.0, 1e9]
    with pytest.raises(warmte.InputError, match="grid.max_station_kva"):
        warmte.analyse(town_paths["neighbourhoods"], town_paths["buildings"], grid_stations=stations, progress=False)
    with pytest.raises(warmte.InputError, match="congestion status 'purple'"):
        warmte.analyse(town_paths["neighbourhoods"], town_paths["buildings"],
                       grid_congestion=congestion("purple", 2030), progress=False)


def test_grid_figures_do_not_depend_on_threads(town_paths, plain):
    stations = gpd.GeoDataFrame({"capacity_kva": [630.0, 400.0, 1000.0], "peak_kw": [500.0, 100.0, 900.0]},
                                geometry=[Point(150300, 450300), Point(151200, 450900), Point(151800, 450200)], crs=RD)
    runs = [warmte.analyse(**town_paths, grid_stations=stations, grid_congestion=congestion("red", 2033),
                           threads=t, progress=False).neighbourhoods for t in (1, 2, 8)]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], other)
    assert runs[0]["grid_new_stations"].sum() > 0
