"""The QGIS plugin (qgis/libwarmte, built by qgis/build_plugin.py) in Debian's real QGIS 3.22,
headless, in a separate process with Debian's python3 (tests/qgis/check_plugin.py): installed from
its zip into a fresh profile, run through processing.run and qgis_process, its outputs compared
with the warmte program's field for field."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

import warmte

ROOT = Path(__file__).resolve().parents[2]
TOWN = ROOT / "testdata" / "town" / "town.gpkg"
QGIS_PYTHON = "/usr/bin/python3"
QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option 3.22 does not know
LAYERS = ["neighbourhoods", "sources", "allocation", "costs", "data_quality"]
sys.path.insert(0, str(ROOT / "qgis"))
import build_plugin  # noqa: E402


def qgis_env(home: Path) -> dict:
    return {"QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "PATH": "/usr/bin:/bin",
            "XDG_RUNTIME_DIR": str(home)}


@pytest.fixture(scope="module")
def plugin_zip(cli, tmp_path_factory):
    return build_plugin.build(Path(cli), tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def checked(plugin_zip, tmp_path_factory):
    probe = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, text=True)
    assert probe.returncode == 0, "QGIS is not installed (Debian qgis, python3-qgis); `make test` installs it"
    home = tmp_path_factory.mktemp("qgis_home")
    out = tmp_path_factory.mktemp("qgis_out")
    project = out / "town.toml"
    project.write_text(f'[inputs]\nneighbourhoods = "{TOWN}:buurten"\nbuildings = "{TOWN}:panden"\n'
                       f'water = "{TOWN}:waterdelen"\nplants = "{TOWN}:rwzi"\n')
    r = subprocess.run([QGIS_PYTHON, str(ROOT / "tests" / "qgis" / "check_plugin.py"), str(plugin_zip), str(TOWN),
                        str(out), str(project)], capture_output=True, text=True, timeout=600,
                       env=dict(qgis_env(home), WARMTE_PYTHON=sys.executable))
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert "error" not in report, report["error"]
    return report, out


def cli_run(cli, *args):
    r = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r


def same_layers(a: Path, b: Path, layers=LAYERS):
    for layer in layers:
        pd.testing.assert_frame_equal(gpd.read_file(a, layer=layer), gpd.read_file(b, layer=layer), obj=layer)


def test_the_zip_installs_as_qgis_expects(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as z:
        names = z.namelist()
        metadata = z.read("libwarmte/metadata.txt").decode()
        tables = json.loads(z.read("libwarmte/tables.json"))
    assert plugin_zip.name == f"libwarmte-{warmte.__version__}.zip"
    assert {n.split("/")[0] for n in names} == {"libwarmte"}
    assert {"libwarmte/__init__.py", "libwarmte/icon.svg", "libwarmte/metadata.txt"} <= set(names)
    assert "qgisMinimumVersion=3.22" in metadata and "hasProcessingProvider=yes" in metadata
    assert f"version={warmte.__version__}" in metadata
    assert [r["name"] for r in tables["roles"]] == [r["name"] for r in warmte._core.input_roles()]


def test_the_algorithms_take_their_parameters_from_the_library_tables(checked):
    report, _ = checked
    algorithms = report["algorithms"]
    assert set(algorithms) == {f"libwarmte:{a}" for a in ("analyse", "batch", "report", "rescore",
                                                           "potential_sources")}
    analyse = algorithms["libwarmte:analyse"]
    roles = warmte._core.input_roles()
    assert analyse["parameters"][:len(roles)] == [r["name"].upper() for r in roles]
    assert {r["name"].upper() for r in roles if not r["required"]} <= set(analyse["optional"])
    assert not {r["name"].upper() for r in roles if r["required"]} & set(analyse["optional"])
    assert "OUTPUT" in analyse["parameters"]
    weights = [p for p in algorithms["libwarmte:rescore"]["parameters"] if p[:3] in ("HN_", "AQ_")]
    assert weights == [("HN_" if c["score"] == "heat_network" else "AQ_") + c["name"].upper()
                       for c in warmte._core.criteria()]
    assert all(len(a["help"]) > 60 for a in algorithms.values())


def test_analyse_in_qgis_writes_what_the_program_writes_and_loads_it_styled(checked, cli, tmp_path):
    report, out = checked
    t = f"{TOWN}"
    cli_run(cli, "analyse", "--neighbourhoods", f"{t}:buurten", "--buildings", f"{t}:panden", "--water",
            f"{t}:waterdelen", "--heat-network", f"{t}:warmtenet", "--plants", f"{t}:rwzi", "--output",
            tmp_path / "cli.gpkg", "--quiet")
    same_layers(out / "analyse.gpkg", tmp_path / "cli.gpkg")
    analyse = report["analyse"]
    # The plants were a memory layer: written to a temporary GeoPackage for the program.
    assert "/PLANTS.gpkg" in analyse["commands"][0]
    assert analyse["groups"] == ["libwarmte: analyse"]
    layers = analyse["layers"]
    assert set(layers) == set(LAYERS)
    n = layers["neighbourhoods"]
    assert n["valid"] and n["features"] == 12
    assert (n["renderer"], n["field"]) == ("categorizedSymbol", "heat_network_class") and n["classes"] >= 3
    assert "Kansrijkheid warmtenet" in n["styles"]
    assert layers["allocation"]["renderer"] == "graduatedSymbol"
    # The program's progress lines moved the bar through its stages.
    assert {"overlay", "distance to water", "dwelling types"} <= set(analyse["texts"])
    assert max(analyse["progress"]) == 100.0 and len(analyse["progress"]) > 10


def test_a_bad_input_gives_the_programs_message_and_a_cancel_leaves_nothing(checked):
    report, _ = checked
    bad = report["bad_input"]
    assert bad["raised"] and not bad["output_exists"]
    assert bad["message"].startswith("warmte: error: neighbourhoods input")
    assert "has no field 'buurtcode'" in bad["message"] and "fields.neighbourhoods.id" in bad["message"]
    cancel = report["cancel"]
    assert cancel["raised"] and not cancel["output_exists"]
    assert "cancelled" in cancel["message"] and "nothing was written" in cancel["message"]


def test_rescore_sources_report_and_the_model(checked, cli, tmp_path):
    report, out = checked
    changes = tmp_path / "w.toml"
    changes.write_text("[score.heat_network.heat_density]\nweight = 0.9\n")
    # The QGIS run's plants were a temporary layer, gone with its session: the program's own run of
    # the same inputs is rescored instead.
    t = f"{TOWN}"
    cli_run(cli, "analyse", "--neighbourhoods", f"{t}:buurten", "--buildings", f"{t}:panden", "--water",
            f"{t}:waterdelen", "--heat-network", f"{t}:warmtenet", "--plants", f"{t}:rwzi", "--output",
            tmp_path / "cli.gpkg", "--quiet")
    cli_run(cli, "rescore", tmp_path / "cli.gpkg", "--config", changes, "--output", tmp_path / "rescored.gpkg",
            "--quiet")
    same_layers(out / "rescored.gpkg", tmp_path / "rescored.gpkg")
    cli_run(cli, "sources", "--water", f"{TOWN}:waterdelen", "--plants", f"{TOWN}:rwzi", "--output",
            tmp_path / "sources.gpkg", "--quiet")
    same_layers(out / "sources.gpkg", tmp_path / "sources.gpkg", ["sources"])
    assert (out / "report" / "index.html").is_file() and not (out / "report" / "factsheets.pdf").exists()
    model = report["model"]
    assert model["loaded"] and model["children"] == ["libwarmte:analyse", "libwarmte:report"]
    assert (out / "model.gpkg").is_file() and (out / "model_report" / "index.html").is_file()
    assert len(gpd.read_file(out / "model.gpkg", layer="neighbourhoods")) == 12


def test_batch_in_qgis_equals_the_programs_run(checked, cli, tmp_path):
    """The Batch algorithm (tiles of 1 km over the town) merges to what one run of the program writes."""
    report, out = checked
    batch = report["batch"]
    assert batch["result"]["RESULT"] == str(out / "batch" / "result.gpkg")
    assert batch["groups_added"] == 1 and max(batch["progress"]) == 100.0
    assert len(list((out / "batch" / "parts").glob("*.gpkg"))) > 1
    cli_run(cli, "run", out / "town.toml", "--output", tmp_path / "single.gpkg", "--quiet")
    same_layers(out / "batch" / "result.gpkg", tmp_path / "single.gpkg", ["neighbourhoods", "sources", "allocation"])


def test_qgis_process_runs_the_plugins_analyse(plugin_zip, cli, tmp_path):
    """qgis_process (3.22 supports plugin providers once the plugin is enabled in the profile)."""
    home = tmp_path / "home"
    plugins = home / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as z:
        z.extractall(plugins)
    env = qgis_env(home)
    enabled = subprocess.run([QGIS_PROCESS, "plugins", "enable", "libwarmte"], capture_output=True, text=True,
                             env=env, timeout=300)
    assert enabled.returncode == 0, enabled.stderr
    out = tmp_path / "qp.gpkg"
    r = subprocess.run([QGIS_PROCESS, "--json", "run", "libwarmte:analyse", "--",
                        f"NEIGHBOURHOODS={TOWN}|layername=buurten", f"BUILDINGS={TOWN}|layername=panden",
                        f"WATER={TOWN}|layername=waterdelen", f"OUTPUT={out}", "LOAD=false"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["OUTPUT"] == str(out)
    cli_run(cli, "analyse", "--neighbourhoods", f"{TOWN}:buurten", "--buildings", f"{TOWN}:panden", "--water",
            f"{TOWN}:waterdelen", "--output", tmp_path / "cli.gpkg", "--quiet")
    same_layers(out, tmp_path / "cli.gpkg", ["neighbourhoods", "sources", "costs"])
