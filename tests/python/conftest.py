import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOWN = ROOT / "testdata" / "town" / "town.gpkg"
REALDATA = ROOT.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def town():
    """Layer specs of the bundled test town."""
    return {
        "neighbourhoods": f"{TOWN}:buurten",
        "buildings": f"{TOWN}:panden",
        "water": f"{TOWN}:waterdelen",
    }


@pytest.fixture(scope="session")
def town_sources():
    """The town's other inputs: waste-water plant, heat network."""
    return {"plants": f"{TOWN}:rwzi", "heat_network": f"{TOWN}:warmtenet"}


@pytest.fixture(scope="session")
def cli():
    """The warmte program installed into the same venv as this interpreter."""
    exe = Path(sys.executable).parent / "warmte"
    if not exe.exists():
        exe = Path(shutil.which("warmte") or "")
    assert exe.is_file(), "warmte program not installed; run make test"
    return str(exe)


@pytest.fixture(scope="session")
def realdata():
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent")
    return REALDATA


PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")


@contextlib.contextmanager
def postgis_cluster(port: int, layers: list[str], password: str | None = None):
    """A throw-away PostgreSQL 15 + PostGIS cluster under a temporary folder, loaded with the
    town's `layers` by ogr2ogr; yields the GDAL connection string of its database 'town'.
    Without a password it listens on a Unix socket only, with trust; with one it listens on
    127.0.0.1:port and asks for the password (scram-sha-256), as a municipality's server does."""
    if not (PG_BIN / "initdb").exists() or not POSTGIS.exists() or not shutil.which("ogr2ogr"):
        pytest.skip("PostgreSQL 15 with PostGIS 3 is not installed (make test installs postgresql-15-postgis-3)")
    # PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="warmte-pg-"))
    folder.chmod(0o777)
    data = folder / "data"

    def run(*command):
        subprocess.run(as_user + [str(c) for c in command], check=True, capture_output=True, text=True)

    auth = ["-A", "trust"]
    listen = "''"
    if password is not None:
        (folder / "pw").write_text(password + "\n")
        (folder / "pw").chmod(0o644)
        auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={folder / 'pw'}"]
        listen = "127.0.0.1"
    run(PG_BIN / "initdb", "-D", data, *auth, "-U", "warmte", "--no-sync")
    (folder / "pw").unlink(missing_ok=True)
    run(PG_BIN / "pg_ctl", "-D", data, "-w", "-l", folder / "log",
        "-o", f"-k {folder} -c listen_addresses={listen} -p {port} -c fsync=off", "start")
    try:
        run(PG_BIN / "createdb", "-h", folder, "-p", port, "-U", "warmte", "town")
        run(PG_BIN / "psql", "-h", folder, "-p", port, "-U", "warmte", "-d", "town", "-q", "-c",
            "create extension postgis")
        socket = f"PG:host={folder} port={port} user=warmte dbname=town"
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", socket, str(TOWN), *layers], check=True)
        yield socket if password is None else f"PG:host=127.0.0.1 port={port} dbname=town user=warmte password={password}"
    finally:
        subprocess.run(as_user + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
