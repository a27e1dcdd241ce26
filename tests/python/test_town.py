"""Invariants on the bundled test town, recomputed independently with shapely."""

import geopandas as gpd
import numpy as np
import pytest
import shapely

import warmte

IN_USE = ["Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"]


@pytest.fixture(scope="module")
def layers(town):
    path = town["buildings"].rsplit(":", 1)[0]
    nb = gpd.read_file(path, layer="buurten")
    bld = gpd.read_file(path, layer="panden")
    bld = bld[bld["status"].isin(IN_USE) & ~bld.geometry.is_empty].copy()
    bld["geometry"] = shapely.make_valid(bld.geometry.values)
    water = gpd.read_file(path, layer="waterdelen")
    return nb, bld, water


@pytest.fixture(scope="module")
def result(town):
    return warmte.analyse(**town, progress=False)


def test_footprint_area_is_conserved_across_borders(layers, result):
    nb, bld, _ = layers
    study_area = shapely.union_all(nb.geometry.values)
    inside = shapely.area(shapely.intersection(bld.geometry.values, study_area)).sum()
    assert result.neighbourhoods["footprint_area_m2"].sum() == pytest.approx(inside, rel=1e-9)


def test_every_building_in_use_is_counted_once(layers, result):
    _, bld, _ = layers
    outside = result.data_quality.query("issue == 'outside_study_area'")
    n_outside = int(outside["detail"].str.split().str[0].astype(int).sum()) if len(outside) else 0
    assert result.neighbourhoods["n_buildings"].sum() + n_outside == len(bld)


def test_water_area_and_distance_of_one_buurt(layers, result):
    nb, bld, water = layers
    nbr = result.neighbourhoods.set_index("buurtcode")
    water_union = shapely.union_all(water.geometry.values)
    tree = shapely.STRtree(water.geometry.values)
    for code in ["BU09990003", "BU09990007"]:
        buurt = nb.loc[nb["buurtcode"] == code, "geometry"].iloc[0]
        assert nbr.loc[code, "water_area_m2"] == pytest.approx(buurt.intersection(water_union).area, rel=1e-9)
        assert nbr.loc[code, "land_area_ha"] == pytest.approx((buurt.area - buurt.intersection(water_union).area) / 1e4)
        pieces = shapely.intersection(bld.geometry.values, buurt)
        weights = shapely.area(pieces)
        near = tree.query_nearest(bld.geometry.values, return_distance=True, all_matches=False)
        distance = np.full(len(bld), np.nan)
        distance[near[0][0]] = near[1]
        expected = np.sum(weights * distance) / np.sum(weights)
        assert nbr.loc[code, "dist_water_m"] == pytest.approx(expected, rel=1e-9)


def test_data_quality_reports_the_planted_faults(result, town):
    """Each planted fault (generator rows 3-8, GeoPackage fids 4-9) is recorded once, on its feature."""
    import pyogrio

    dq = result.data_quality
    per_feature = dq.dropna(subset=["feature_id"])
    found = {(issue, int(fid)) for issue, fid in zip(per_feature["issue"], per_feature["feature_id"])
             if per_feature.loc[per_feature["issue"] == issue, "layer"].iloc[0] == "buildings"}
    assert {("year_unknown", 4), ("year_in_future", 5), ("floor_area_placeholder", 6), ("storeys_out_of_range", 7),
            ("repaired_invalid_geometry", 8), ("dropped_empty_geometry", 9)} <= found
    for issue in ["year_unknown", "year_in_future", "floor_area_placeholder", "storeys_out_of_range",
                  "repaired_invalid_geometry", "dropped_empty_geometry"]:
        assert (per_feature["issue"] == issue).sum() == 1, issue
    # The status filter, counted from the file itself.
    panden = pyogrio.read_dataframe(town["buildings"].rsplit(":", 1)[0], layer="panden", read_geometry=False)
    not_in_use = int((~panden["status"].isin(IN_USE)).sum())
    row = dq[dq["issue"] == "filtered_not_in_use"]
    assert list(row["detail"]) == [f"{not_in_use} features"]
