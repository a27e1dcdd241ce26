import shutil
import sys
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
