"""Hostile input (issue 14): each case of the issue's list that ended wrong, with a regression test
named after it. Broken files are made here, never committed as binaries."""
import math
import sqlite3
import struct
import subprocess

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import box

import warmte
from conftest import TOWN

RD = "EPSG:28992"
X0, Y0 = 150_000, 450_000  # inside RD's area of use


def buurt():
    return gpd.GeoDataFrame({"buurtcode": ["BU1"], "buurtnaam": ["Een"]},
                            geometry=[box(X0, Y0, X0 + 500, Y0 + 500)], crs=RD)


def houses(n=4, **columns):
    geoms = [box(X0 + 20 + 30 * i, Y0 + 20, X0 + 30 + 30 * i, Y0 + 30) for i in range(n)]
    data = {"identificatie": [f"0999100000{i:06d}" for i in range(n)], "bouwjaar": [1980] * n,
            "gebruiksdoel": ["woonfunctie"] * n, "oppervlakte": [120.0] * n, "aantal_verblijfsobjecten": [1] * n}
    data.update(columns)
    return gpd.GeoDataFrame(data, geometry=geoms, crs=RD)


def issues(result, issue):
    dq = result.data_quality
    return dq[dq["issue"] == issue]


def ring_wkb(points, closed=True):
    """A little-endian WKB Polygon of one ring, closed or not as given."""
    pts = list(points) + ([points[0]] if closed else [])
    return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(pts)) + b"".join(struct.pack("<dd", *p) for p in pts)


def write_raw(path, layer, wkbs, geometry_type="Polygon", crs=RD, **fields):
    n = len(wkbs)
    names = ["identificatie", "bouwjaar", "gebruiksdoel", "oppervlakte"] + list(fields)
    values = [np.array([f"0999100000{i:06d}" for i in range(n)], dtype=object), np.full(n, 1980),
              np.array(["woonfunctie"] * n, dtype=object), np.full(n, 120.0)] + [np.asarray(v) for v in fields.values()]
    pyogrio.raw.write(path, geometry=np.array(wkbs, dtype=object), field_data=values, fields=names, layer=layer,
                      geometry_type=geometry_type, crs=crs, driver="GPKG")


def square(i):
    x = X0 + 20 + 30 * i
    return [(x, Y0 + 20), (x + 10, Y0 + 20), (x + 10, Y0 + 30), (x, Y0 + 30)]


def test_a_dwelling_count_of_2_63_is_out_of_range_and_recorded():
    result = warmte.analyse(buurt(), houses(aantal_verblijfsobjecten=[1, 2**63 - 1, 1, 1]), progress=False)
    nb = result.neighbourhoods.iloc[0]
    assert nb["n_dwellings"] < 10 and math.isfinite(nb["heat_demand_gj"]) and nb["heat_demand_gj"] < 1e4
    rec = issues(result, "value_out_of_range")
    assert len(rec) == 1 and rec.iloc[0]["feature_id"] == 1 and "aantal_verblijfsobjecten" in rec.iloc[0]["detail"]


def test_an_infinite_floor_area_is_out_of_range_and_recorded():
    result = warmte.analyse(buurt(), houses(oppervlakte=[120.0, math.inf, 120.0, 120.0]), progress=False)
    nb = result.neighbourhoods.iloc[0]
    for field in ["heat_demand_gj", "floor_area_m2", "heat_density_gj_ha", "plot_ratio"]:
        assert math.isfinite(nb[field]), field
    assert len(issues(result, "value_out_of_range")) == 1


def test_a_buurt_vertex_at_1e300_is_rejected_naming_the_feature(cli, tmp_path):
    bad = gpd.GeoDataFrame({"buurtcode": ["BU1"]}, geometry=[shapely.Polygon(
        [(X0, Y0), (X0 + 500, Y0), (1e300, Y0 + 500), (X0, Y0 + 500)])], crs=RD)
    bad.to_file(tmp_path / "b.gpkg", layer="buurten")
    houses().to_file(tmp_path / "p.gpkg", layer="panden")
    run = subprocess.run([cli, "analyse", "--neighbourhoods", f"{tmp_path / 'b.gpkg'}:buurten",
                          "--buildings", f"{tmp_path / 'p.gpkg'}:panden", "--output", str(tmp_path / "o.gpkg")],
                         capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert "b.gpkg, layer 'buurten', feature 1" in run.stderr and "far outside" in run.stderr
    assert not (tmp_path / "o.gpkg").exists()


def test_a_building_vertex_at_1e300_is_dropped_and_recorded_not_an_internal_error():
    b = houses()
    b.loc[2, "geometry"] = shapely.Polygon([(X0 + 80, Y0 + 20), (1e300, Y0 + 20), (X0 + 90, Y0 + 30)])
    result = warmte.analyse(buurt(), b, progress=False)
    rec = issues(result, "dropped_bad_geometry")
    assert list(rec["feature_id"]) == [2] and "far outside" in rec.iloc[0]["detail"]
    assert result.neighbourhoods.iloc[0]["n_buildings"] == 3


def test_nan_coordinates_drop_the_building_and_name_it(tmp_path):
    wkbs = [ring_wkb(square(0)), ring_wkb([(math.nan, math.nan)] * 3 + [(X0, Y0)]), ring_wkb(square(2))]
    write_raw(tmp_path / "p.gpkg", "panden", wkbs)
    result = warmte.analyse(buurt(), f"{tmp_path / 'p.gpkg'}:panden", progress=False)
    rec = issues(result, "dropped_bad_geometry")
    assert len(rec) == 1 and "not a finite number" in rec.iloc[0]["detail"]
    assert result.neighbourhoods.iloc[0]["n_buildings"] == 2


def test_an_unclosed_ring_is_closed_and_recorded(tmp_path):
    wkbs = [ring_wkb(square(0)), ring_wkb(square(1), closed=False)]
    write_raw(tmp_path / "p.gpkg", "panden", wkbs)
    result = warmte.analyse(buurt(), f"{tmp_path / 'p.gpkg'}:panden", progress=False, include_buildings=True)
    assert len(issues(result, "ring_closed")) == 1
    assert result.buildings["floor_area_m2"].tolist() == [120.0, 120.0]
    assert result.neighbourhoods.iloc[0]["footprint_area_m2"] == pytest.approx(200.0)


def test_a_ring_of_one_point_is_dropped_and_recorded(tmp_path):
    wkbs = [ring_wkb(square(0)), ring_wkb([(X0 + 50, Y0 + 50)], closed=False)]
    write_raw(tmp_path / "p.gpkg", "panden", wkbs)
    result = warmte.analyse(buurt(), f"{tmp_path / 'p.gpkg'}:panden", progress=False)
    rec = issues(result, "dropped_bad_geometry")
    assert len(rec) == 1 and "fewer than three points" in rec.iloc[0]["detail"]


def test_a_buurt_id_of_the_empty_string_is_recorded():
    two = gpd.GeoDataFrame({"buurtcode": ["BU1", "  "]},
                           geometry=[box(X0, Y0, X0 + 500, Y0 + 500), box(X0 + 500, Y0, X0 + 900, Y0 + 500)], crs=RD)
    result = warmte.analyse(two, houses(), progress=False)
    assert len(issues(result, "missing_id")) == 1


@pytest.mark.parametrize("srs_id", [0, -1])
def test_assume_crs_is_used_for_a_geopackage_with_undefined_srs(cli, tmp_path, srs_id):
    path = tmp_path / "nocrs.gpkg"
    buurt().to_file(path, layer="buurten")
    houses().to_file(path, layer="panden")
    with sqlite3.connect(path) as db:
        db.execute("update gpkg_geometry_columns set srs_id = ?", (srs_id,))
        db.execute("update gpkg_contents set srs_id = ?", (srs_id,))
    args = [cli, "analyse", "--neighbourhoods", f"{path}:buurten", "--buildings", f"{path}:panden",
            "--output", str(tmp_path / "o.gpkg")]
    refused = subprocess.run(args, capture_output=True, text=True)
    assert refused.returncode == 2 and "--assume-crs" in refused.stderr
    run = subprocess.run(args + ["--assume-crs", RD], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_curved_geometries_are_linearised_and_recorded(tmp_path):
    # A CurvePolygon whose ring is one CircularString (a circle of radius 5 m), as some GIS exports write.
    x, y = X0 + 50, Y0 + 50
    arc = struct.pack("<BII", 1, 8, 3) + b"".join(struct.pack("<dd", *p) for p in [(x - 5, y), (x + 5, y), (x - 5, y)])
    curve = struct.pack("<BII", 1, 10, 1) + arc
    write_raw(tmp_path / "p.gpkg", "panden", [ring_wkb(square(0)), curve], geometry_type="Unknown")
    result = warmte.analyse(buurt(), f"{tmp_path / 'p.gpkg'}:panden", progress=False, include_buildings=True)
    assert len(issues(result, "linearised_curve")) == 1
    assert result.neighbourhoods.iloc[0]["n_buildings"] == 2
    circle = result.buildings.iloc[1]
    assert circle["floor_area_m2"] == 120.0
    assert shapely.area(result.buildings.geometry.iloc[1]) == pytest.approx(math.pi * 25, rel=0.01)


def test_a_project_file_run_from_another_directory_resolves_paths_against_itself(cli, tmp_path):
    (tmp_path / "proj").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "town.gpkg").write_bytes(TOWN.read_bytes())
    (tmp_path / "proj" / "project.toml").write_text(
        '[inputs]\nneighbourhoods = "../data/town.gpkg:buurten"\nbuildings = "../data/town.gpkg:panden"\n'
        '[output]\npath = "out.gpkg"\n')
    run = subprocess.run([cli, "run", "proj/project.toml", "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "proj" / "out.gpkg").exists()


def test_a_year_written_with_spaces_is_read(tmp_path):
    b = houses()
    b["bouwjaar"] = [" 1930 ", "1930", "1930 ", "x1930"]
    b.to_file(tmp_path / "p.geojson", driver="GeoJSON")
    result = warmte.analyse(buurt(), str(tmp_path / "p.geojson"), progress=False, include_buildings=True)
    assert result.buildings["year"].tolist() == [1930, 1930, 1930, 1970]  # "x1930" is no year: the default


def test_a_corrupt_raster_is_reported_as_a_raster(cli, tmp_path):
    (tmp_path / "heat.tif").write_bytes(b"II*\x00" + b"\x00" * 100)
    run = subprocess.run([cli, "analyse", "--neighbourhoods", f"{TOWN}:buurten", "--buildings", f"{TOWN}:panden",
                          "--grid", f"heat={tmp_path / 'heat.tif'}", "--output", str(tmp_path / "o.gpkg")],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "cannot be opened as a raster" in run.stderr and "vector" not in run.stderr


def test_a_lying_feature_count_reserves_no_terabytes(tmp_path):
    # gpkg_ogr_contents is the file's word for its size; the read reserves room from it after the
    # first batch, and a trillion must neither fail nor exhaust memory.
    path = tmp_path / "lying.gpkg"
    buurt().to_file(path, layer="buurten", engine="pyogrio")
    houses(6).to_file(path, layer="panden", engine="pyogrio")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = 1000000000000 WHERE table_name = 'panden'")
    result = warmte.analyse(f"{path}:buurten", f"{path}:panden", progress=False)
    assert int(result.neighbourhoods["n_buildings"].iloc[0]) == 6
