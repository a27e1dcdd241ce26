"""One process, two copies of GDAL/GEOS/PROJ: the wheels' and Debian's (ours).

geopandas, pyogrio, pyproj and shapely bring their own libraries and set PROJ_DATA/GDAL_DATA
for them; warmte links Debian's. Geometry crosses only as WKB, and warmte points its PROJ at its
own proj.db, so both work side by side in either import order.
"""

import os

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import pytest
import shapely

import warmte
from warmte import _core


def test_wheels_and_warmte_in_one_process(town):
    path = town["buildings"].rsplit(":", 1)[0]
    nb = pyogrio.read_dataframe(path, layer="buurten")
    bld = gpd.read_file(path, layer="panden", engine="pyogrio")
    water = gpd.read_file(path, layer="waterdelen")
    # pyproj's PROJ in use right before ours, on the same CRS
    assert pyproj.CRS.from_epsg(28992).name == "Amersfoort / RD New"
    # and a geographic copy, converted by the wheel, so our PROJ has real work to do
    result = warmte.analyse(nb.to_crs(4326), bld, water, progress=False)
    from_paths = warmte.analyse(**town, progress=False)
    a, b = result.neighbourhoods, from_paths.neighbourhoods
    np.testing.assert_array_equal(a["buurtcode"], b["buurtcode"])
    np.testing.assert_array_equal(a["n_buildings"], b["n_buildings"])
    np.testing.assert_allclose(a["footprint_area_m2"], b["footprint_area_m2"], rtol=1e-3)
    np.testing.assert_allclose(a["water_area_m2"], b["water_area_m2"], rtol=1e-3)
    # shapely (the wheel's GEOS) agrees with ours on the WKB we return
    assert shapely.area(a.geometry.values).sum() == pytest.approx(a["area_m2"].sum(), rel=1e-9)
    assert a["n_buildings"].sum() > 6000


def test_our_proj_ignores_the_wheels_proj_data():
    assert os.path.exists(os.path.join(_core.proj_data_dir, "proj.db"))
    wheel_dir = pyproj.datadir.get_data_dir()
    assert os.path.realpath(wheel_dir) != os.path.realpath(_core.proj_data_dir)
