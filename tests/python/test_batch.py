"""warmte batch (python/warmte/batching.py, libwarmte/src/batch/batch.cpp): partitions give exactly
the whole run's answer, in this process, in local processes, on a Dask LocalCluster and on a real
`dask scheduler` with two `dask worker` processes; a killed batch resumes without redoing what
was finished; a killed Dask worker does not change the result."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

import warmte
from conftest import ROOT, TOWN

RELATIVE = 1e-9  # the stated tolerance; sums over cells shared by two partitions add in another order
GENERATOR = ROOT / "benchmarks" / "generate_country.py"


# --- comparing two results field by field ---------------------------------------------------------


def _records(df):
    """The data-quality rows about features (not the counted-only summary rows), as a set."""
    rows = df[df["feature_id"].notna()]
    return set(zip(rows["layer"], rows["feature_id"].astype("int64"), rows["issue"], rows["detail"]))


def assert_same_result(single: Path, merged: Path):
    layers = {name for name, _ in pyogrio.list_layers(single)} - {"layer_styles"}
    merged_layers = {name for name, _ in pyogrio.list_layers(merged)} - {"layer_styles"}
    assert merged_layers == layers | {"partitions"}
    for layer in sorted(layers):
        a = pyogrio.read_dataframe(single, layer=layer)
        b = pyogrio.read_dataframe(merged, layer=layer)
        if layer == "data_quality":
            # Features read by two partitions (in both halos) are recorded once; counted-only
            # rows count what each partition read, halos included (stated in the README).
            assert _records(b) == _records(a)
            continue
        assert list(b.columns) == list(a.columns), layer
        assert len(b) == len(a), layer
        for column in a.columns:
            x, y = a[column], b[column]
            if column == "geometry":
                assert (shapely.to_wkb(x.values) == shapely.to_wkb(y.values)).all(), layer
            elif pd.api.types.is_float_dtype(x) or pd.api.types.is_integer_dtype(x):
                xv, yv = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
                assert (np.isnan(xv) == np.isnan(yv)).all(), f"{layer}.{column}: nulls differ"
                ok = ~np.isnan(xv)
                np.testing.assert_allclose(yv[ok], xv[ok], rtol=RELATIVE, atol=0, err_msg=f"{layer}.{column}")
            else:
                assert x.fillna("<null>").tolist() == y.fillna("<null>").tolist(), f"{layer}.{column}"


def partition_of_buurt(out: Path, single: Path, id_field="buurtcode"):
    """buurt code -> partition id, from the batch's plan (rows of the whole buurten layer)."""
    plan = json.loads((out / "steps" / "plan.json").read_text())
    codes = pyogrio.read_dataframe(single, layer="neighbourhoods", columns=[id_field], read_geometry=False)[id_field]
    owner = {}
    for p in plan["partitions"]:
        for row in p["own"]:
            owner[codes.iloc[row]] = p["id"]
    return owner


def assert_border_cases(out: Path, single: Path):
    """The cases the split must get right are really there: a source serving buurten of two
    partitions, and touching buildings (a row) owned by two partitions."""
    owner = partition_of_buurt(out, single)
    alloc = pyogrio.read_dataframe(single, layer="allocation", read_geometry=False)
    source_field = next(c for c in alloc.columns if "source" in c)
    served = alloc.assign(part=alloc["buurtcode"].map(owner)).groupby(source_field)["part"].nunique()
    assert (served >= 2).any(), "no aquathermie source serves buurten of two partitions"
    b = pyogrio.read_dataframe(single, layer="buildings")
    tree = shapely.STRtree(b.geometry.values)
    left, right = tree.query(b.geometry.values, predicate="dwithin", distance=0.2)
    part = b["buurtcode"].map(owner).to_numpy()
    cut = (left != right) & (part[left] != part[right])
    assert cut.any(), "no touching buildings on a partition border"
    types = b["building_type"].to_numpy()
    row = {"terraced", "corner"}
    # A terraced row cut by the border: a row house owned by one partition touching one of another.
    assert any(types[i] in row and types[j] in row for i, j in zip(left[cut], right[cut])), \
        "no terraced row cut by a partition border"


# --- fixtures --------------------------------------------------------------------------------


def write_project(path: Path, inputs: dict, extra: str = "") -> Path:
    lines = ["[inputs]"] + [f'{k} = "{v}"' for k, v in inputs.items()]
    lines += ["", "[output]", "buildings_layer = true", extra]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def town_project(tmp_path_factory, cli):
    d = tmp_path_factory.mktemp("batch_town")
    project = write_project(d / "project.toml", {
        "neighbourhoods": f"{TOWN}:buurten", "buildings": f"{TOWN}:panden", "water": f"{TOWN}:waterdelen",
        "plants": f"{TOWN}:rwzi", "heat_network": f"{TOWN}:warmtenet"})
    single = d / "single.gpkg"
    subprocess.run([cli, "run", str(project), "--output", str(single), "--quiet"], check=True)
    return project, single


@pytest.fixture(scope="module")
def generated(tmp_path_factory, cli):
    """100k generated buildings in 12 municipalities, and the whole run of them."""
    d = tmp_path_factory.mktemp("batch_100k")
    subprocess.run([sys.executable, str(GENERATOR), "--buildings", "100000", "--municipalities", "12",
                    "--out", str(d / "data")], check=True, capture_output=True)
    gpkg = d / "data" / "country.gpkg"
    project = write_project(d / "project.toml", {
        "neighbourhoods": f"{gpkg}:buurten", "buildings": f"{gpkg}:panden", "water": f"{gpkg}:waterdelen"})
    single = d / "single.gpkg"
    subprocess.run([cli, "run", str(project), "--output", str(single), "--quiet"], check=True)
    return project, single


# --- equality ----------------------------------------------------------------------------------


def layer_styles(gpkg) -> dict:
    """(layer, style name) -> (QML, SLD, default) of a GeoPackage's layer_styles table."""
    import sqlite3

    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        rows = db.execute("select f_table_name, styleName, styleQML, styleSLD, useAsDefault from layer_styles").fetchall()
    return {(layer, name): (qml, sld, default) for layer, name, qml, sld, default in rows}


def flaky(marker: str, failures: int, value):
    """Fails its first `failures` calls (counted in the file `marker`), then returns `value`."""
    path = Path(marker)
    calls = int(path.read_text()) if path.exists() else 0
    path.write_text(str(calls + 1))
    if calls < failures:
        raise RuntimeError(f"failure {calls + 1} of {path.name}")
    return value


def town_tiles():
    """A tile size that cuts the town into four partitions."""
    b = pyogrio.read_info(TOWN, layer="buurten")["total_bounds"]
    return f"tiles:{max(b[2] - b[0], b[3] - b[1]) / 2 + 1:.0f}m", b


def town_run_and_in_tiles(tmp_path, cli, extra: dict):
    """The town with `extra` inputs (role -> "path:layer"), once as one run and once in four tiles;
    the two results are equal field for field. Returns the single run's GeoPackage."""
    project = write_project(tmp_path / "project.toml", {
        "neighbourhoods": f"{TOWN}:buurten", "buildings": f"{TOWN}:panden", "water": f"{TOWN}:waterdelen", **extra})
    single = tmp_path / "single.gpkg"
    subprocess.run([cli, "run", str(project), "--output", str(single), "--quiet"], check=True)
    tiles, _ = town_tiles()
    r = warmte.batch(project, tmp_path / "out", partition=tiles)
    assert r.ok and len(r.partitions) >= 4
    assert_same_result(single, r.result)
    return single, r


def test_town_in_four_tiles_equals_the_whole_run(town_project, tmp_path):
    project, single = town_project
    tiles, _ = town_tiles()
    r = warmte.batch(project, tmp_path / "out", partition=tiles)
    assert r.ok and len(r.partitions) >= 4
    assert_same_result(single, r.result)
    parts = pyogrio.read_dataframe(r.result, layer="partitions", read_geometry=False)
    assert list(parts["status"]) == ["done"] * len(parts)
    assert parts["buurten"].sum() == len(pyogrio.read_dataframe(single, layer="neighbourhoods", read_geometry=False))
    assert parts["buildings"].sum() == len(pyogrio.read_dataframe(single, layer="buildings", read_geometry=False))
    # The QGIS styles: the merged result and every part carry the single run's, layer for layer.
    styles = layer_styles(single)
    assert {"neighbourhoods", "buildings"} <= {layer for layer, _ in styles}
    assert {k: v for k, v in layer_styles(r.result).items() if k[0] != "partitions"} == styles
    for part in sorted((tmp_path / "out" / "parts").glob("[!.]*.gpkg")):
        assert layer_styles(part) == {k: v for k, v in styles.items() if k[0] in dict(pyogrio.list_layers(part))}, part


def test_town_with_residual_heat_and_geothermal_in_tiles_equals_the_whole_run(tmp_path, cli):
    """Residual heat and geothermal are the global phase's: a source serves buurten of several
    tiles nearest first, as in the single run (refused by the batch before issue 30)."""
    import geopandas as gpd

    buurten = gpd.read_file(TOWN, layer="buurten")
    middle = shapely.Point(*buurten.total_bounds.reshape(2, 2).mean(axis=0))
    supply = tmp_path / "supply.gpkg"
    gpd.GeoDataFrame({"heat_gj": [2.0e5], "temperature_class": ["MT"]}, geometry=[middle],
                     crs="EPSG:28992").to_file(supply, layer="restwarmte")
    gpd.GeoDataFrame(geometry=[middle.buffer(1500)], crs="EPSG:28992").to_file(supply, layer="aardwarmte")
    single, _ = town_run_and_in_tiles(tmp_path, cli, {"residual_heat": f"{supply}:restwarmte",
                                                   "geothermal": f"{supply}:aardwarmte"})
    nb = pyogrio.read_dataframe(single, layer="neighbourhoods", read_geometry=False)
    owner = partition_of_buurt(tmp_path / "out", single)
    served = nb[nb["residual_heat_gj"] > 0]["buurtcode"].map(owner)
    assert served.nunique() >= 2, "the residual heat serves buurten of one tile only: no border case"
    assert nb["cost_national_s2b_eur_weq"].notna().any()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_task_is_tried_once_more_and_the_others_go_on(tmp_path, workers):
    from warmte.batching import _Runner

    tasks = [("once", flaky, (str(tmp_path / "once"), 1, "a")), ("always", flaky, (str(tmp_path / "always"), 9, "b")),
             ("fine", flaky, (str(tmp_path / "fine"), 0, "c"))]
    runner = _Runner(workers)
    try:
        got = dict(runner.run(tasks))
    finally:
        runner.close()
    assert got["once"] == "a" and got["fine"] == "c"  # the second try of 'once' succeeded
    assert isinstance(got["always"], RuntimeError) and str(got["always"]) == "failure 2 of always"
    assert [(tmp_path / n).read_text() for n in ("once", "always", "fine")] == ["2", "2", "1"]


def test_generated_municipalities_in_process_equal_the_whole_run(generated, tmp_path):
    project, single = generated
    out = tmp_path / "out"
    r = warmte.batch(project, out)
    assert r.ok and len(r.partitions) == 12
    assert_same_result(single, r.result)
    assert_border_cases(out, single)


def test_generated_in_two_local_processes(generated, tmp_path):
    project, single = generated
    r = warmte.batch(project, tmp_path / "out", workers=2)
    assert r.ok
    assert_same_result(single, r.result)


def test_generated_on_a_dask_local_cluster(generated, tmp_path):
    from distributed import Client, LocalCluster

    project, single = generated
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        r = warmte.batch(project, tmp_path / "out", client=client)
    assert r.ok
    assert_same_result(single, r.result)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_generated_on_a_real_dask_scheduler_and_two_workers(generated, tmp_path):
    project, single = generated
    dask = Path(sys.executable).parent / "dask"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        time.sleep(2)
        for _ in range(2):
            procs.append(subprocess.Popen([str(dask), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                           "--no-dashboard"], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, env=env))
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        r = warmte.batch(project, tmp_path / "out", scheduler=address)
        assert r.ok
        assert_same_result(single, r.result)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


# --- resume and failures ----------------------------------------------------------------------


def test_a_killed_batch_resumes_without_redoing_finished_partitions(generated, cli, tmp_path):
    project, single = generated
    out = tmp_path / "out"
    parts = out / "parts"
    p = subprocess.Popen([cli, "batch", str(project), "--out", str(out), "--quiet"], start_new_session=True)
    try:
        deadline = time.time() + 300
        while time.time() < deadline and len(list(parts.glob("*.gpkg.json"))) < 6:
            assert p.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    finished = {f: f.stat().st_mtime_ns for f in parts.glob("*.gpkg")
                if (f.parent / (f.name + ".json")).exists()}
    assert 6 <= len(finished) < 12, "kill the batch halfway"
    assert not (out / "result.gpkg").exists()
    # A killed write leaves at most a temporary (.NAME.tmp-PID.gpkg), never half a part: every file
    # under a part's own name is a whole GeoPackage with its buurten.
    for f in parts.glob("[!.]*.gpkg"):
        assert pyogrio.read_info(f, layer="neighbourhoods")["features"] > 0, f.name
    done = subprocess.run([cli, "batch", str(project), "--out", str(out), "--quiet"])
    assert done.returncode == 0
    for f, mtime in finished.items():
        assert f.stat().st_mtime_ns == mtime, f"{f.name} was computed again"
    assert_same_result(single, out / "result.gpkg")
    t = pyogrio.read_dataframe(out / "result.gpkg", layer="partitions", read_geometry=False)
    assert (t["status"] == "resumed").sum() >= len(finished)


def test_force_redoes_everything_and_a_second_run_keeps_everything(town_project, tmp_path):
    project, single = town_project
    tiles, _ = town_tiles()
    out = tmp_path / "out"
    warmte.batch(project, out, partition=tiles)
    again = warmte.batch(project, out, partition=tiles)
    assert {s.status for s in again.partitions} == {"resumed"}
    forced = warmte.batch(project, out, partition=tiles, force=True)
    assert {s.status for s in forced.partitions} == {"done"}
    assert_same_result(single, forced.result)


def test_a_failing_partition_is_reported_and_the_exit_status_says_so(town_project, tmp_path, cli):
    project, _ = town_project
    # A halo too small for the nearest water: each partition fails with the fix in its message.
    bad = tmp_path / "project.toml"
    bad.write_text(Path(project).read_text() + "\n[batch]\nstart_halo_m = 1\nhalo_m = 2\n")
    tiles, _ = town_tiles()
    r = subprocess.run([cli, "batch", str(bad), "--out", str(tmp_path / "out"), "--partition", tiles],
                       capture_output=True, text=True)
    assert r.returncode == 6, r.stderr
    assert "raise batch.halo_m" in r.stderr
    assert not (tmp_path / "out" / "result.gpkg").exists()


def test_roads_are_refused_with_the_reason(town_project, tmp_path, cli):
    """Roads (a street, a cluster and its route are shared by the buurten of the buildings joining
    them) are refused, saying what to do."""
    project, _ = town_project
    text = Path(project).read_text().replace("[inputs]", f'[inputs]\nroads = "{TOWN}:warmtenet"')
    bad = tmp_path / "project.toml"
    bad.write_text(text)
    tiles, _ = town_tiles()
    r = subprocess.run([cli, "batch", str(bad), "--out", str(tmp_path / "out"), "--partition", tiles],
                       capture_output=True, text=True)
    assert r.returncode == 2, r.stderr  # refused by the plan, before any partition reads a thing
    assert "warmte batch does not split the" in r.stderr and "leave inputs.roads out" in r.stderr
    assert not list((tmp_path / "out").rglob("*.gpkg")) and not list((tmp_path / "out").rglob("*.state"))


@pytest.mark.parametrize("kind", ["points", "areas"])
def test_town_with_the_grid_operators_layers_in_tiles_equals_the_whole_run(tmp_path, cli, kind):
    """A station's headroom is shared by the buurten of every tile it serves (summed in the global
    step), the congestion map is per buurt; a postcode point in no buurt is recorded once (by the
    global step: no partition can tell). Stations as points or as service areas."""
    import geopandas as gpd

    buurten = gpd.read_file(TOWN, layer="buurten")
    x0, y0, x1, y1 = buurten.total_bounds
    xs, ys = np.linspace(x0, x1, 4)[1:-1], np.linspace(y0, y1, 4)[1:-1]
    if kind == "points":
        # Four stations near the middle, so each serves buurten of several tiles; small ones fall short.
        sites = [shapely.Point(x, y) for x in xs for y in ys]
        stations = gpd.GeoDataFrame({"capacity_kva": [400.0, 630.0, 1000.0, 250.0],
                                     "peak_kw": [300.0, 100.0, 950.0, np.nan]}, geometry=sites, crs="EPSG:28992")
        centre = buurten.geometry.representative_point()
        statuses = ["red", "orange", "green"]
        congestion = gpd.GeoDataFrame(
            {"status": [statuses[i % 3] for i in range(len(centre))] + ["red"],
             "year": [2030.0 + i % 7 for i in range(len(centre))] + [2050.0]},
            geometry=list(centre) + [shapely.Point(0, 0)], crs="EPSG:28992")
    else:
        # Four service areas cutting across the tiles, and congestion areas crossing them again.
        cuts_x, cuts_y = [x0 - 10, *xs, x1 + 10], [y0 - 10, *ys, y1 + 10]
        areas = [shapely.box(cuts_x[i], cuts_y[j], cuts_x[i + 1], cuts_y[j + 1]) for i in range(3) for j in range(3)]
        stations = gpd.GeoDataFrame({"capacity_kva": [630.0] * 9, "headroom_kw": [50.0, 400.0, 0.0] * 3},
                                    geometry=areas, crs="EPSG:28992")
        mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
        congestion = gpd.GeoDataFrame(
            {"status": ["red", "orange"], "year": [2036.0, 2031.0]},
            geometry=[shapely.box(x0, y0, mid_x + 300, mid_y + 200), shapely.box(mid_x - 200, y0, x1, y1)],
            crs="EPSG:28992")
    layers = tmp_path / "grid.gpkg"
    stations.to_file(layers, layer="stations")
    congestion.to_file(layers, layer="congestion")
    single, r = town_run_and_in_tiles(tmp_path, cli, {"grid_stations": f"{layers}:stations",
                                                   "grid_congestion": f"{layers}:congestion"})
    nb = pyogrio.read_dataframe(single, layer="neighbourhoods", read_geometry=False)
    assert set(nb["grid_status"]) >= {"reinforce", "congested"}, set(nb["grid_status"])
    assert (nb["grid_new_stations"] > 0).any() and nb["grid_headroom_kw"].notna().all()
    # Some station's shortfall is shared by buurten of two tiles or more: the border case.
    owner = partition_of_buurt(tmp_path / "out", single)
    short = nb[nb["grid_status"] == "reinforce"]["buurtcode"].map(owner)
    assert short.nunique() >= 2
    if kind == "points":
        dq = pyogrio.read_dataframe(r.result, layer="data_quality", read_geometry=False)
        far = dq[dq["issue"] == "postcode_outside_buurten"]
        assert list(far["feature_id"]) == [len(buurten) + 1]  # the last point, once


def test_a_killed_dask_worker_does_not_change_the_result(generated, tmp_path):
    from distributed import Client, LocalCluster

    project, single = generated
    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed = []

        def kill_one():
            deadline = time.time() + 300
            while time.time() < deadline and not list((out / "parts").glob("*.gpkg.json")):
                time.sleep(0.05)
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

        t = threading.Thread(target=kill_one)
        t.start()
        r = warmte.batch(project, out, client=client)
        t.join()
    assert killed
    assert r.ok
    assert_same_result(single, r.result)


def test_tile_and_municipality_errors_name_the_fix(town_project, tmp_path):
    project, _ = town_project
    with pytest.raises(warmte.ConfigError, match="tiles:20km"):
        warmte.batch(project, tmp_path / "a", partition="squares")
    with pytest.raises(warmte.ConfigError, match="length"):
        warmte.batch(project, tmp_path / "b", partition="tiles:big")
