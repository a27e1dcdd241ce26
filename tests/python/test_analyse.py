"""warmte.analyse on GeoDataFrames built in the test, with the numbers worked out by hand."""

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

import warmte

RD = "EPSG:28992"


def buurten(crs=RD):
    # A = [0,100]x[0,100], B = [100,200]x[0,100], placed in RD so EPSG:4326 conversion is meaningful
    ox, oy = 155_000, 463_000
    return gpd.GeoDataFrame({"buurtcode": ["BU_A", "BU_B"], "buurtnaam": ["Noord", "Zuid"]},
                            geometry=[box(ox, oy, ox + 100, oy + 100), box(ox + 100, oy, ox + 200, oy + 100)],
                            crs=RD).to_crs(crs)


def shifted(geom):
    return shapely.affinity.translate(geom, 155_000, 463_000)


def test_building_across_border_splits_60_40():
    buildings = gpd.GeoDataFrame(geometry=[shifted(box(70, 0, 120, 10))], crs=RD)
    result = warmte.analyse(buurten(), buildings, progress=False)
    nb = result.neighbourhoods.set_index("buurtcode")
    assert nb.loc["BU_A", "footprint_area_m2"] == pytest.approx(300.0)
    assert nb.loc["BU_B", "footprint_area_m2"] == pytest.approx(200.0)
    assert nb.loc["BU_A", "n_buildings"] == 1
    assert nb.loc["BU_B", "n_buildings"] == 0
    assert nb.loc["BU_A", "buurtnaam"] == "Noord"
    assert result.neighbourhoods.crs.to_epsg() == 28992
    assert np.isnan(nb.loc["BU_A", "dist_water_m"])


def test_water_holes_and_distances():
    buildings = gpd.GeoDataFrame(geometry=[
        shifted(box(70, 0, 120, 10)),
        shifted(Polygon([(20, 20), (40, 20), (40, 40), (20, 40)], [[(25, 25), (35, 25), (35, 35), (25, 35)]])),
    ], crs=RD)
    water = gpd.GeoDataFrame(geometry=[shifted(box(10, 50, 30, 70)), shifted(box(150, 50, 250, 60))], crs=RD)
    nb = warmte.analyse(buurten(), buildings, water, progress=False).neighbourhoods.set_index("buurtcode")
    assert nb.loc["BU_A", "water_area_m2"] == pytest.approx(400.0)
    assert nb.loc["BU_B", "water_area_m2"] == pytest.approx(500.0)  # half of the 1000 m² strip
    assert nb.loc["BU_A", "land_area_ha"] == pytest.approx(0.96)
    assert nb.loc["BU_A", "footprint_area_m2"] == pytest.approx(300.0 + 300.0)  # hole of 100 m² excluded
    assert nb.loc["BU_A", "dist_water_m"] == pytest.approx((300 * 50 + 300 * 10) / 600)
    assert nb.loc["BU_B", "dist_water_m"] == pytest.approx(50.0)


def test_bow_tie_is_repaired_and_reported():
    bow_tie = shifted(Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]))
    assert not bow_tie.is_valid
    result = warmte.analyse(buurten(), gpd.GeoDataFrame(geometry=[bow_tie], crs=RD), progress=False)
    assert result.neighbourhoods.loc[0, "footprint_area_m2"] == pytest.approx(50.0)  # two triangles of 25
    dq = result.data_quality
    per_feature = dq[dq["feature_id"].notna()]
    assert list(per_feature["issue"]) == ["repaired_invalid_geometry"]
    assert per_feature["layer"].iloc[0] == "buildings"
    assert "Self-intersection" in per_feature["detail"].iloc[0]


def test_epsg4326_input_gives_the_same_areas(town):
    """Reprojected by pyproj's own PROJ to WGS84, back to RD by ours: areas agree to 0.1 %."""
    nb = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")
    bld = gpd.read_file(town["buildings"].rsplit(":", 1)[0], layer="panden")
    rd = warmte.analyse(nb, bld, progress=False).neighbourhoods
    wgs = warmte.analyse(nb.to_crs(4326), bld.to_crs(4326), progress=False).neighbourhoods
    assert wgs.crs.to_epsg() == 28992
    np.testing.assert_allclose(wgs["area_m2"], rd["area_m2"], rtol=1e-3)
    np.testing.assert_allclose(wgs["footprint_area_m2"], rd["footprint_area_m2"], rtol=1e-3)
    assert (wgs["n_buildings"].sum() - rd["n_buildings"].sum()) == 0


def test_missing_id_column_names_the_config_key():
    frame = buurten().rename(columns={"buurtcode": "code"})
    with pytest.raises(warmte.InputError, match="fields.neighbourhoods.id"):
        warmte.analyse(frame, gpd.GeoDataFrame(geometry=[], crs=RD), progress=False)
    # the same data with the field mapped through the configuration works
    result = warmte.analyse(frame, gpd.GeoDataFrame(geometry=[shifted(box(1, 1, 2, 2))], crs=RD),
                            config={"fields": {"neighbourhoods": {"id": "code"}}}, progress=False)
    assert list(result.neighbourhoods["code"]) == ["BU_A", "BU_B"]


def test_geodataframe_without_crs_needs_assume_crs():
    frame = buurten().set_crs(None, allow_override=True)
    bld = gpd.GeoDataFrame(geometry=[shifted(box(1, 1, 2, 2))], crs=RD)
    with pytest.raises(warmte.InputError, match="GeoDataFrame 'neighbourhoods'.*--assume-crs"):
        warmte.analyse(frame, bld, progress=False)
    result = warmte.analyse(frame, bld, assume_crs="EPSG:28992", progress=False)
    assert result.neighbourhoods["footprint_area_m2"].sum() == pytest.approx(1.0)


def test_unknown_config_key_is_a_config_error():
    with pytest.raises(warmte.ConfigError, match="analysis.thread"):
        warmte.analyse(buurten(), buurten(), config={"analysis": {"thread": 2}}, progress=False)
    assert isinstance(warmte.ConfigError("x"), warmte.Error)


def test_progress_callback_runs_and_result_writes(tmp_path, town):
    result = warmte.analyse(**town, progress=True)
    out = result.to_gpkg(tmp_path / "town.gpkg")
    back = gpd.read_file(out, layer="neighbourhoods")
    assert len(back) == 12
    np.testing.assert_array_equal(back["n_buildings"], result.neighbourhoods["n_buildings"])


def test_water_that_overlaps_and_runs_long_against_shapely():
    """Issue 36: water drawn twice and crossing (stars of 64 vertices, ditches over them, a river
    longer than both buurten) counts once per buurt, as shapely's union says, and the distance
    from buildings to it, inside a lake included, is shapely's distance to that union."""
    rng = np.random.default_rng(36)
    water = []
    for k in range(24):
        cx, cy = rng.uniform(0, 200), rng.uniform(0, 100)
        if k % 3 == 0:  # a star lake
            theta = np.linspace(0, 2 * np.pi, 64, endpoint=False)
            r = rng.uniform(8, 25) * rng.uniform(0.65, 1.0, 64)
            water.append(Polygon(np.column_stack([cx + r * np.cos(theta), cy + r * np.sin(theta)])))
        else:  # a ditch, turned
            ditch = box(-rng.uniform(10, 60), -rng.uniform(1, 3), rng.uniform(10, 60), rng.uniform(1, 3))
            water.append(shapely.affinity.translate(shapely.affinity.rotate(ditch, rng.uniform(0, 180)), cx, cy))
    water.append(water[0])  # a lake drawn twice
    water.append(shapely.LineString([(-500, 95), (700, 97)]).buffer(4, cap_style="flat"))  # a long river
    water = [shifted(w) for w in water]
    buildings = [shifted(box(x, y, x + 4, y + 3)) for x, y in [(10, 10), (60, 40), (130, 20), (170, 70), (90, 5)]]
    # and one in the middle of the first lake
    centre = shapely.centroid(water[0])
    buildings.append(box(centre.x - 1, centre.y - 1, centre.x + 1, centre.y + 1))
    nb = warmte.analyse(buurten(), gpd.GeoDataFrame(geometry=buildings, crs=RD), gpd.GeoDataFrame(geometry=water, crs=RD),
                        progress=False).neighbourhoods.set_index("buurtcode")
    union = shapely.union_all(water)
    for code, zone in zip(["BU_A", "BU_B"], buurten().geometry):
        assert nb.loc[code, "water_area_m2"] == pytest.approx(shapely.intersection(union, zone).area, rel=1e-9)
        mine = [b for b in buildings if zone.contains(b)]
        distances = np.array([shapely.distance(b, union) for b in mine])
        areas = np.array([b.area for b in mine])
        assert nb.loc[code, "dist_water_m"] == pytest.approx((areas * distances).sum() / areas.sum(), rel=1e-9, abs=1e-9)
    assert shapely.distance(buildings[-1], union) == 0.0  # the house in the lake counts at 0
