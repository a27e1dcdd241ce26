"""Inputs from a municipality's own PostGIS (issue 13): a throw-away PostgreSQL 15 + PostGIS cluster
on a Unix socket under a temporary folder, loaded with the test town by ogr2ogr, read through
GDAL's PG: driver, gives the same result as the GeoPackage."""
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import warmte
from conftest import TOWN, postgis_cluster

PORT = 54_329
LAYERS = ["buurten", "panden", "waterdelen"]


@pytest.fixture(scope="module")
def postgis():
    with postgis_cluster(PORT, LAYERS) as connection:
        yield connection


def same_neighbourhoods(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    a = a.sort_values("buurtcode").reset_index(drop=True)
    b = b.sort_values("buurtcode").reset_index(drop=True)
    for column in a.columns:
        if column == "geometry":
            continue
        if pd.api.types.is_numeric_dtype(a[column]):
            assert np.allclose(a[column], b[column], rtol=1e-9, equal_nan=True), column
        else:
            assert a[column].fillna("").tolist() == b[column].fillna("").tolist(), column


def test_the_town_from_postgis_equals_the_town_from_the_geopackage(postgis):
    from_gpkg = warmte.analyse(f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen", progress=False)
    from_pg = warmte.analyse((postgis, "buurten"), (postgis, "panden"), (postgis, "waterdelen"), progress=False)
    same_neighbourhoods(from_gpkg.neighbourhoods, from_pg.neighbourhoods)


def test_the_cli_and_a_project_file_read_postgis(postgis, cli, tmp_path):
    out = tmp_path / "pg.gpkg"
    run = subprocess.run([cli, "analyse", "--neighbourhoods", postgis, "--layer", "neighbourhoods=buurten",
                          "--buildings", postgis, "--layer", "buildings=panden", "--output", str(out), "--quiet"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    project = tmp_path / "project.toml"
    project.write_text(f'[inputs]\nneighbourhoods = {{ source = "{postgis}", layer = "buurten" }}\n'
                       f'buildings = {{ source = "{postgis}", layer = "panden" }}\n'
                       f'[output]\npath = "toml.gpkg"\n')
    run = subprocess.run([cli, "run", str(project), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    direct = warmte.analyse(f"{TOWN}:buurten", f"{TOWN}:panden", progress=False).neighbourhoods
    for path in [out, tmp_path / "toml.gpkg"]:
        got = gpd.read_file(path, layer="neighbourhoods")
        same_neighbourhoods(pd.DataFrame(direct.drop(columns="geometry")), pd.DataFrame(got.drop(columns="geometry")))
    # A wrong layer names the dataset and the layers it has.
    bad = subprocess.run([cli, "analyse", "--neighbourhoods", postgis, "--layer", "neighbourhoods=wijken",
                          "--buildings", postgis, "--layer", "buildings=panden", "--output", str(out)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "has no layer 'wijken'" in bad.stderr and "buurten" in bad.stderr


def test_an_unreachable_database_says_what_was_tried(cli, tmp_path):
    bad = subprocess.run([cli, "analyse", "--neighbourhoods", "PG:host=/nonexistent dbname=none",
                          "--layer", "neighbourhoods=buurten", "--buildings", f"{TOWN}:panden",
                          "--output", str(tmp_path / "x.gpkg")], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "read as a GDAL dataset name, layer 'buurten'" in bad.stderr
