"""No password leaks (libwarmte/src/config/redact.cpp): a PostGIS cluster that asks for a password
(scram-sha-256 on 127.0.0.1) is read through PG:... password=..., by the CLI, a project file,
Python and warmte batch, and by runs that fail; the password is in no byte of any output file
or folder nor in any message, while the provenance still names host, database and table."""
import subprocess
import warnings
from pathlib import Path

import pyogrio
import pytest

import warmte
from conftest import PG_BIN, TOWN, postgis_cluster

PORT = 54_331
# A space and a quote make libpq's quoting part of the test; "sEcReT" occurs nowhere else.
PASSWORD = "Zq8 sEcReT'4"
MARKERS = [PASSWORD, "sEcReT"]


@pytest.fixture(scope="module")
def pg():
    quoted = "'" + PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'"
    with postgis_cluster(PORT, ["buurten", "panden", "waterdelen"], password=PASSWORD) as c:
        connection = c.replace(f"password={PASSWORD}", f"password={quoted}")
        # A layer whose geometry is of the wrong kind for buurten, for a failing run.
        subprocess.run([str(PG_BIN / "psql"), connection[3:], "-q", "-c",
                        "create table puntjes as select 1 as fid, 'BU1'::text as buurtcode, "
                        "ST_SetSRID(ST_MakePoint(155000, 463000), 28992) as geom"],
                       check=True, capture_output=True, text=True)
        yield connection


def leaks(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [m for m in MARKERS if m.encode() in data]


def files_with_the_secret(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and leaks(path.read_bytes()):
            found.append(str(path))
        if path.suffix == ".pdf":  # its text is compressed: read it as a person would
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            if leaks(text):
                found.append(str(path) + " (text)")
    return found


def run(command, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kw)
    assert not leaks(r.stdout + r.stderr), r.stderr
    return r


def pg_args(pg):
    return ["--neighbourhoods", pg, "--layer", "neighbourhoods=buurten", "--buildings", pg,
            "--layer", "buildings=panden", "--water", pg, "--layer", "water=waterdelen"]


def toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def project(path: Path, pg: str, extra: str = "") -> Path:
    path.write_text("[inputs]\n" + "".join(
        f"{role} = {{ source = {toml_string(pg)}, layer = \"{layer}\" }}\n"
        for role, layer in [("neighbourhoods", "buurten"), ("buildings", "panden"), ("water", "waterdelen")])
        + "\n[output]\nbuildings_layer = true\n" + extra)
    return path


def test_the_cli_writes_no_password_and_names_the_source(pg, cli, tmp_path):
    out = tmp_path / "cli.gpkg"
    r = run([cli, "analyse", *pg_args(pg), "--output", out, "--buildings-layer", "--report", tmp_path / "report"])
    assert r.returncode == 0, r.stderr
    meta = pyogrio.read_info(out, layer="neighbourhoods")["dataset_metadata"]
    assert "host=127.0.0.1" in meta["WARMTE_INPUTS"] and "dbname=town" in meta["WARMTE_INPUTS"]
    assert "layer 'panden'" in meta["WARMTE_INPUTS"] and "password='***'" in meta["WARMTE_INPUTS"]
    assert "password='***'" in meta["WARMTE_CONFIG"]
    assert (tmp_path / "report" / "index.html").exists()
    assert files_with_the_secret(tmp_path) == []


def test_a_project_file_with_a_password_runs_and_warns(pg, cli, tmp_path):
    p = project(tmp_path / "project.toml", pg, 'path = "toml.gpkg"\n')
    r = run([cli, "run", p])
    assert r.returncode == 0, r.stderr
    assert "warning:" in r.stderr and "'inputs.buildings' holds a password" in r.stderr
    assert "PGSERVICEFILE" in r.stderr and "pgpass" in r.stderr.lower()
    p.unlink()  # the project file is the user's, with the password in it: not an output
    assert files_with_the_secret(tmp_path) == []
    assert (tmp_path / "toml.gpkg").exists()


def test_python_keeps_the_password_out_of_results_and_exceptions(pg, tmp_path):
    result = warmte.analyse((pg, "buurten"), (pg, "panden"), (pg, "waterdelen"), progress=False,
                            include_buildings=True)
    assert not leaks(repr(result)) and not leaks(result.config)
    assert "password='***'" in result.config
    result.to_gpkg(tmp_path / "py.gpkg")
    assert not leaks(str(result.data_quality.to_dict()))
    with pytest.raises(warmte.InputError) as failed:
        warmte.analyse((pg, "wijken"), (pg, "panden"), progress=False)
    assert "has no layer 'wijken'" in str(failed.value) and "dbname=town" in str(failed.value)
    assert not leaks(str(failed.value)) and not leaks(repr(failed.value))
    # A project file given as config warns, in Python too.
    p = project(tmp_path / "p.toml", pg)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warmte.analyse((pg, "buurten"), (pg, "panden"), (pg, "waterdelen"), progress=False, config=p)
    assert any("holds a password" in str(w.message) for w in caught)
    assert not any(leaks(str(w.message)) for w in caught)
    p.unlink()
    assert files_with_the_secret(tmp_path) == []


def test_warmte_batch_writes_no_password(pg, cli, tmp_path):
    b = pyogrio.read_info(TOWN, layer="buurten")["total_bounds"]
    tiles = f"tiles:{max(b[2] - b[0], b[3] - b[1]) / 2 + 1:.0f}m"
    p = project(tmp_path / "project.toml", pg)
    r = run([cli, "batch", p, "--out", tmp_path / "batch", "--partition", tiles])
    assert r.returncode == 0, r.stderr
    merged = pyogrio.read_info(tmp_path / "batch" / "result.gpkg", layer="neighbourhoods")["dataset_metadata"]
    assert "dbname=town" in merged["WARMTE_INPUTS"]
    p.unlink()
    assert files_with_the_secret(tmp_path) == []


def test_failing_runs_name_the_source_but_not_the_password(pg, cli, tmp_path):
    out = tmp_path / "fail.gpkg"
    wrong_table = run([cli, "analyse", *pg_args(pg), "--layer", "buildings=pandjes", "--output", out])
    assert wrong_table.returncode == 2 and "has no layer 'pandjes'" in wrong_table.stderr
    assert "host=127.0.0.1" in wrong_table.stderr and "password='***'" in wrong_table.stderr
    config = tmp_path / "fields.toml"
    config.write_text('[fields.neighbourhoods]\nid = "wijkcode"\n')
    wrong_field = run([cli, "analyse", *pg_args(pg), "--config", config, "--output", out])
    assert wrong_field.returncode == 2 and "wijkcode" in wrong_field.stderr
    bad_geometry = run([cli, "analyse", *pg_args(pg), "--layer", "neighbourhoods=puntjes", "--output", out])
    assert bad_geometry.returncode == 2 and "puntjes" in bad_geometry.stderr
    wrong_password = run([cli, "analyse", *[a.replace("sEcReT", "wrong") for a in pg_args(pg)], "--output", out])
    assert wrong_password.returncode == 2 and "password authentication failed" in wrong_password.stderr
    assert not out.exists()
    assert files_with_the_secret(tmp_path) == []
