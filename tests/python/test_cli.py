"""The warmte program: options, exit codes, messages, atomic output, agreement with Python."""

import subprocess
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

import warmte


def run(cli, *args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=300)


def analyse_args(town, out, *extra):
    return ["analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
            "--water", town["water"], "--output", out, *extra]


def test_help_explains_every_option(cli):
    """--help is generated from the CLI's option table and the input-role table: every option in it has
    an explanation and is accepted by analyse; every input role is there."""
    r = run(cli, "--help")
    assert r.returncode == 0
    lines = r.stdout.split("Options:")[1].split("Exit status:")[0].splitlines()
    options, last = {}, None
    for line in lines:
        words = line.split()
        if line.startswith("  --"):
            last = words[0]
            options[last] = " ".join(w for w in words[1:] if not w.isupper() or len(w) < 2)
        elif last and words:  # the help of a long option starts on the next line
            options[last] = (options[last] + " " + " ".join(words)).strip()
    assert len(options) >= 21
    for option, text in options.items():
        assert len(text) > 10, f"{option} is not explained"
        if option != "--help-config":
            assert "unknown option" not in run(cli, "analyse", option).stderr, option
    for role in warmte._core.input_roles():
        assert role["option"] in options
    for fragment in ["run PROJECT.toml", "--language nl|en", "--map-kind KIND", "Exit status:"]:
        assert fragment in r.stdout
    r = run(cli, "--help-config")
    assert "fields.neighbourhoods.id" in r.stdout and "docs/model.md" in r.stdout


def test_threads_do_not_change_the_output(cli, town, tmp_path):
    one, two = tmp_path / "one.gpkg", tmp_path / "two.gpkg"
    assert run(cli, *analyse_args(town, one, "--threads", "1", "--quiet")).returncode == 0
    assert run(cli, *analyse_args(town, two, "--threads", "2", "--quiet")).returncode == 0
    a = gpd.read_file(one, layer="neighbourhoods")
    b = gpd.read_file(two, layer="neighbourhoods")
    pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"), check_exact=True)
    assert (a.geometry.to_wkb() == b.geometry.to_wkb()).all()


def test_cli_and_python_agree(cli, town, tmp_path):
    out = tmp_path / "cli.gpkg"
    r = run(cli, *analyse_args(town, out))
    assert r.returncode == 0, r.stderr
    assert "BU09990000" in r.stdout  # the per-buurt table
    from_cli = gpd.read_file(out, layer="neighbourhoods")
    from_python = warmte.analyse(**town, progress=False).neighbourhoods
    assert list(from_cli.columns) == list(from_python.columns)
    for column in from_python.columns.drop("geometry"):
        np.testing.assert_array_equal(from_cli[column].to_numpy(), from_python[column].to_numpy())


def test_run_project_file_with_relative_paths(cli, town, tmp_path):
    town_file = Path(town["buildings"].rsplit(":", 1)[0])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "town.gpkg").symlink_to(town_file)
    project = tmp_path / "ede.toml"
    project.write_text(
        '[inputs]\nneighbourhoods = "data/town.gpkg:buurten"\nbuildings = "data/town.gpkg:panden"\n'
        'output = "result.gpkg"\n[analysis]\nthreads = 1\n')
    r = run(cli, "run", project, "--quiet")
    assert r.returncode == 0, r.stderr
    result = gpd.read_file(tmp_path / "result.gpkg", layer="neighbourhoods")
    assert len(result) == 12
    assert result["dist_water_m"].isna().all()  # no water named in this project


@pytest.fixture()
def no_crs_layer(tmp_path):
    frame = gpd.GeoDataFrame({"buurtcode": ["BU1"]}, geometry=[box(150000, 450000, 152100, 451600)])
    path = tmp_path / "no_crs.shp"
    with pytest.warns(UserWarning, match="crs"):
        frame.to_file(path)
    assert not path.with_suffix(".prj").exists()
    return path


BAD_INPUTS = {
    "missing file": (lambda t, tmp: ["--neighbourhoods", tmp / "nope.gpkg"], ["nope.gpkg", "file not found"]),
    "missing layer": (lambda t, tmp: ["--neighbourhoods", t["neighbourhoods"].replace(":buurten", ":wijken")],
                      ["no layer 'wijken'", "layers are"]),
    "missing id field": (lambda t, tmp: ["--neighbourhoods", t["water"]],
                         ["no field 'buurtcode'", "fields.neighbourhoods.id"]),
    "unreadable file": (lambda t, tmp: ["--neighbourhoods", tmp / "broken.gpkg"], ["broken.gpkg", "cannot be opened"]),
    "no crs": (lambda t, tmp: ["--neighbourhoods", tmp / "no_crs.shp"], ["no_crs.shp", "--assume-crs"]),
    "bad config": (lambda t, tmp: ["--neighbourhoods", t["neighbourhoods"], "--config", tmp / "bad.toml"],
                   ["bad.toml", "analysis.cr"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_clear_line_and_no_output(cli, town, tmp_path, no_crs_layer, case):
    (tmp_path / "broken.gpkg").write_text("not a database")
    (tmp_path / "bad.toml").write_text("[analysis]\ncr = 'EPSG:28992'\n")
    make_args, expected = BAD_INPUTS[case]
    out = tmp_path / "out.gpkg"
    args = ["analyse", "--buildings", town["buildings"], *make_args(town, tmp_path), "--output", out]
    r = run(cli, *args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warmte: error: ")
    for fragment in expected:
        assert fragment in lines[0]
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_assume_crs_reads_a_layer_without_crs(cli, town, tmp_path, no_crs_layer):
    out = tmp_path / "out.gpkg"
    r = run(cli, "analyse", "--neighbourhoods", no_crs_layer, "--buildings", town["buildings"],
            "--assume-crs", "EPSG:28992", "--output", out, "--quiet")
    assert r.returncode == 0, r.stderr
    assert gpd.read_file(out, layer="neighbourhoods")["n_buildings"].sum() > 6000


def test_a_failed_run_keeps_the_previous_output(cli, town, tmp_path):
    out = tmp_path / "result.gpkg"
    assert run(cli, *analyse_args(town, out, "--quiet")).returncode == 0
    before = out.read_bytes()
    r = run(cli, "analyse", "--neighbourhoods", tmp_path / "missing.gpkg", "--buildings", town["buildings"],
            "--output", out)
    assert r.returncode == 2
    assert out.read_bytes() == before


def test_python_errors_carry_the_cli_message(cli, town, tmp_path):
    missing = tmp_path / "missing.gpkg"
    r = run(cli, "analyse", "--neighbourhoods", missing, "--buildings", town["buildings"], "--output",
            tmp_path / "o.gpkg")
    with pytest.raises(warmte.InputError) as raised:
        warmte.analyse(str(missing), town["buildings"], progress=False)
    assert r.stderr.strip() == f"warmte: error: {raised.value}"


def test_usage_errors_exit_2(cli):
    assert run(cli, "analyse", "--buildings", "x.gpkg").returncode == 2
    assert run(cli, "frobnicate").returncode == 2
    assert run(cli, "analyse", "--threads").returncode == 2


def test_project_file_with_english_styles_and_a_map(cli, town, tmp_path):
    project = tmp_path / "project.toml"
    project.write_text(f"""
[inputs]
neighbourhoods = "{town['neighbourhoods']}"
buildings = "{town['buildings']}"
output = "result.gpkg"
map = true

[output]
language = "en"
""")
    r = run(cli, "run", project, "--quiet")
    assert r.returncode == 0, r.stderr
    styles = pyogrio_styles(tmp_path / "result.gpkg")
    assert ("neighbourhoods", "Heat network suitability", 1) in styles
    assert ("neighbourhoods", "Phasing", 0) in styles
    assert (tmp_path / "result.png").read_bytes()[:4] == b"\x89PNG"
    project.write_text(project.read_text().replace('language = "en"', 'language = "fr"'))
    r = run(cli, "run", project)
    assert r.returncode == 2 and "output.language" in r.stderr and '"nl" or "en"' in r.stderr


def pyogrio_styles(path):
    import pyogrio

    table = pyogrio.read_dataframe(path, layer="layer_styles", read_geometry=False)
    return set(zip(table["f_table_name"], table["styleName"], table["useAsDefault"].astype(int)))


def test_an_output_that_is_an_input_is_refused_and_the_input_survives(cli, town, tmp_path):
    """Regression: `--output town.gpkg` with town.gpkg as input replaced the 2.1 MB input with the result."""
    import os
    import shutil

    source = Path(town["buildings"].rsplit(":", 1)[0])
    data = tmp_path / "town.gpkg"
    shutil.copy(source, data)
    before = data.read_bytes()
    (tmp_path / "link.gpkg").symlink_to(data)
    (tmp_path / "sub").mkdir()
    for output in [data, tmp_path / "link.gpkg", tmp_path / "sub" / ".." / "town.gpkg"]:
        r = run(cli, "analyse", "--neighbourhoods", f"{data}:buurten", "--buildings", f"{data}:panden",
                "--output", output, "--quiet")
        assert r.returncode == 3, (output, r.stderr)
        assert "is also the neighbourhoods input" in r.stderr and "name another output" in r.stderr
        assert data.read_bytes() == before
    # relative to the working directory, too
    r = subprocess.run([cli, "analyse", "--neighbourhoods", "town.gpkg:buurten", "--buildings", f"{data}:panden",
                        "--output", "./town.gpkg", "--quiet"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 3 and data.read_bytes() == before
    # and from Python
    result = warmte.analyse(f"{data}:buurten", f"{data}:panden", progress=False)
    with pytest.raises(warmte.OutputError, match="would destroy that input"):
        result.to_gpkg(data)
    assert data.read_bytes() == before
    assert not any(p.name.startswith("town.gpkg.tmp") for p in tmp_path.iterdir())
    os.remove(tmp_path / "link.gpkg")


def test_a_run_of_many_buurten_prints_a_summary_not_a_line_per_buurt(cli, town, tmp_path):
    # The town's 12 buurten count as many once output.table_max_buurten is below 12.
    (tmp_path / "c.toml").write_text("[output]\ntable_max_buurten = 5\n")
    args = [cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
            "--water", town["water"], "--output", str(tmp_path / "o.gpkg")]
    summary = subprocess.run(args + ["--config", str(tmp_path / "c.toml")], capture_output=True, text=True, check=True)
    assert summary.stdout.startswith("12 buurten, ")
    assert "heat_network_class:" in summary.stdout and "slowest stages: " in summary.stdout
    assert "BU09990000" not in summary.stdout
    table = subprocess.run(args, capture_output=True, text=True, check=True)
    assert "BU09990000" in table.stdout and "slowest stages" not in table.stdout


def test_a_full_disk_is_exit_3_and_leaves_nothing(cli, town, tmp_path):
    """A file-size limit (ulimit -f, SIGXFSZ ignored) makes the disk full half-way through the
    write: exit 3, a message naming the file and the fix, no partial GeoPackage."""
    out = tmp_path / "full.gpkg"
    command = " ".join(f"'{a}'" for a in [cli, *map(str, analyse_args(town, out, "--buildings-layer", "--quiet"))])
    r = subprocess.run(["bash", "-c", f"trap '' XFSZ; ulimit -f 200; exec {command}"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 3, r.stderr
    assert str(out) in r.stderr and "disk has space" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_is_exit_5_and_leaves_nothing(cli, town, tmp_path):
    """Ctrl-C (SIGINT) while the progress shows: the run stops at its next progress report, says it
    was cancelled, exits 5 and writes nothing. The progress needs a terminal: a pseudo-terminal."""
    import os
    import pty
    import select
    import signal
    import time

    out = tmp_path / "cancelled.gpkg"
    controller, terminal = pty.openpty()
    p = subprocess.Popen([cli, *map(str, analyse_args(town, out))], stdout=subprocess.PIPE, stderr=terminal,
                         text=True)
    os.close(terminal)
    seen, deadline = b"", time.monotonic() + 120
    while b"%" not in seen:  # the first progress line
        assert time.monotonic() < deadline and p.poll() is None, seen
        if select.select([controller], [], [], 1)[0]:
            seen += os.read(controller, 1024)
    p.send_signal(signal.SIGINT)
    stdout, _ = p.communicate(timeout=300)
    rest = b""
    try:
        while chunk := os.read(controller, 4096):
            rest += chunk
    except OSError:  # the terminal closed with the program
        pass
    os.close(controller)
    assert p.returncode == 5, (seen + rest).decode(errors="replace")
    assert b"warmte: cancelled:" in rest
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_progress_callback_that_says_no_raises_cancelled(town):
    """Python: a progress callable answering False stops the run with warmte.Cancelled (the CLI's
    exit 5); other answers go on."""
    calls = []

    def stop_at_the_third(stage, done, total):
        calls.append(stage)
        return len(calls) < 3

    with pytest.raises(warmte.Cancelled):
        warmte.analyse(town["neighbourhoods"], town["buildings"], progress=stop_at_the_third)
    seen = []
    r = warmte.analyse(town["neighbourhoods"], town["buildings"], progress=lambda *a: seen.append(a))
    assert len(r.neighbourhoods) == 12
    # Stages running beside each other may report once more before the stop is seen.
    assert 3 <= len(calls) <= 5 < len(seen)


def test_describe_gives_the_library_tables_as_json(cli):
    """`warmte --describe` (what the QGIS plugin builds its parameters from) is the library's own
    tables: the roles, the criteria and every parameter --help-config lists, with its default."""
    import json
    import re

    d = json.loads(run(cli, "--describe").stdout)
    assert d["version"] == warmte.__version__
    assert [(r["name"], r["option"], r["required"], r["kind"]) for r in d["roles"]] == \
        [(r["name"], r["option"], r["required"], r["kind"]) for r in warmte._core.input_roles()]
    assert [(c["score"], c["name"], c["weight"], c["zero"], c["one"]) for c in d["criteria"]] == \
        [(c["score"], c["name"], c["weight"], c["zero"], c["one"]) for c in warmte._core.criteria()]
    listed = dict(re.findall(r"^(\S+)\s+= (.*)$", run(cli, "--help-config").stdout.split("\ncost kentallen")[0], re.M))
    assert {p["key"]: p["default"] for p in d["parameters"]} == listed
    assert d["languages"] == ["nl", "en"] and "strategy" in d["map_kinds"]
    assert {e["code"] for e in d["exit_statuses"]} == {0, 1, 2, 3, 4, 5, 6}
    assert "--progress-lines" in {o["name"] for o in d["options"]}


def test_progress_lines_for_programs_that_run_warmte(cli, town, tmp_path):
    """--progress-lines: one line per stage and whole percent, 'warmte: progress STAGE DONE TOTAL',
    whether or not stderr is a terminal; done never beyond total, every stage ends at its total."""
    import re

    r = run(cli, *analyse_args(town, tmp_path / "o.gpkg", "--progress-lines", "--quiet"))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    parsed = [re.fullmatch(r"warmte: progress (.+) (\d+) (\d+)", line) for line in lines]
    assert all(parsed), [line for line, p in zip(lines, parsed) if not p]
    last = {}
    for p in parsed:
        stage, done, total = p.group(1), int(p.group(2)), int(p.group(3))
        assert done <= total
        last[stage] = (done, total)
    assert {"overlay", "distance to water", "dwelling types"} <= set(last)
    assert all(done == total for done, total in last.values())
    assert len(lines) < 101 * len(last)  # at most a line per whole percent of each stage


def test_rescore_runs_the_recorded_analysis_with_the_changes(cli, town, tmp_path):
    """`warmte rescore RESULT --config CHANGES --output NEW` equals `warmte analyse` with the same
    changes, field for field; the result it starts from is never its output."""
    changes = tmp_path / "changes.toml"
    changes.write_text("[score.heat_network.heat_density]\nweight = 0.9\n[prices]\nelectricity_eur_gj = 40.0\n")
    first, rescored, direct = tmp_path / "first.gpkg", tmp_path / "rescored.gpkg", tmp_path / "direct.gpkg"
    assert run(cli, *analyse_args(town, first, "--quiet")).returncode == 0
    before = first.read_bytes()
    r = run(cli, "rescore", first, "--config", changes, "--output", rescored, "--quiet")
    assert r.returncode == 0, r.stderr
    assert run(cli, *analyse_args(town, direct, "--config", changes, "--quiet")).returncode == 0
    for layer in ("neighbourhoods", "costs", "data_quality"):
        pd.testing.assert_frame_equal(gpd.read_file(rescored, layer=layer), gpd.read_file(direct, layer=layer))
    old = gpd.read_file(first, layer="neighbourhoods")
    new = gpd.read_file(rescored, layer="neighbourhoods")
    assert (old["heat_network_score"] != new["heat_network_score"]).any()
    assert (old["heat_demand_gj"] == new["heat_demand_gj"]).all()
    r = run(cli, "rescore", first, "--output", first)
    assert r.returncode == 2 and "must not be the result it starts from" in r.stderr
    assert first.read_bytes() == before
    r = run(cli, "rescore", tmp_path / "changes.toml", "--output", tmp_path / "x.gpkg")
    assert r.returncode == 2 and "changes.toml" in r.stderr


def test_sources_alone_as_potential_sources_gives_them(cli, town, town_sources, tmp_path):
    """`warmte sources` writes what warmte.potential_sources returns (as points, styled)."""
    out = tmp_path / "sources.gpkg"
    r = run(cli, "sources", "--water", town["water"], "--plants", town_sources["plants"], "--output", out)
    assert r.returncode == 0, r.stderr
    written = gpd.read_file(out, layer="sources")
    expected = warmte.potential_sources(water=town["water"], plants=town_sources["plants"])
    assert list(written["source_id"]) == list(expected["source_id"])
    assert np.allclose(written["potential_delivered_gj"], expected["potential_delivered_gj"], rtol=1e-12)
    assert set(written.geom_type) == {"Point"}
    styles = gpd.read_file(out, layer="layer_styles")
    assert "sources" in set(styles["f_table_name"])
    r = run(cli, "sources", "--buildings", town["buildings"], "--output", out)
    assert r.returncode == 2 and "--buildings does not go with sources" in r.stderr
