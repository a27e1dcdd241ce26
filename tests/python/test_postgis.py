"""Inputs from a municipality's own PostGIS (issue 13): a throw-away PostgreSQL 15 + PostGIS cluster
on a Unix socket under a temporary folder, loaded with the test town by ogr2ogr, read through
GDAL's PG: driver, gives the same result as the GeoPackage."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import warmte
from conftest import TOWN

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")
PORT = 54_329
LAYERS = ["buurten", "panden", "waterdelen"]


@pytest.fixture(scope="module")
def postgis():
    if not (PG_BIN / "initdb").exists() or not POSTGIS.exists() or not shutil.which("ogr2ogr"):
        pytest.skip("PostgreSQL 15 with PostGIS 3 is not installed (make test installs postgresql-15-postgis-3)")
    # PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="warmte-pg-"))
    folder.chmod(0o777)
    data = folder / "data"

    def run(*command):
        subprocess.run(as_user + [str(c) for c in command], check=True, capture_output=True, text=True)

    run(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "warmte", "--no-sync")
    run(PG_BIN / "pg_ctl", "-D", data, "-w", "-l", folder / "log",
        "-o", f"-k {folder} -c listen_addresses='' -p {PORT} -c fsync=off", "start")
    try:
        run(PG_BIN / "createdb", "-h", folder, "-p", PORT, "-U", "warmte", "town")
        run(PG_BIN / "psql", "-h", folder, "-p", PORT, "-U", "warmte", "-d", "town", "-q", "-c",
            "create extension postgis")
        connection = f"PG:host={folder} port={PORT} user=warmte dbname=town"
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", connection, str(TOWN), *LAYERS], check=True)
        yield connection
    finally:
        subprocess.run(as_user + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


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
