"""README promises with hand-computed answers on tiny worlds: TED from mains, water buurten,
phasing from linked works, analysis.crs, replacement tables, the default reach, weighting of the
distances, progress and threads, --version, --grid-buildings, warmte run overrides, to_gpkg."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

import warmte

RD = "EPSG:28992"
X0, Y0 = 150_000, 450_000
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from outputs_unchanged import compare_files  # noqa: E402


def buurten(n=1, size=200.0, **columns):
    frame = gpd.GeoDataFrame({"buurtcode": [f"BU{k}" for k in range(n)], "buurtnaam": [f"B{k}" for k in range(n)]},
                             geometry=[box(X0 + k * size, Y0, X0 + (k + 1) * size, Y0 + size) for k in range(n)], crs=RD)
    for name, values in columns.items():
        frame[name] = values
    return frame


def houses(n_x=10, n_y=10, x=X0 + 10, y=Y0 + 10, step=18.0, side=8.0):
    """Detached 1980 houses of 100 m2, one dwelling each, on a grid."""
    geoms = [box(x + i * step, y + j * step, x + i * step + side, y + j * step + side)
             for i in range(n_x) for j in range(n_y)]
    n = len(geoms)
    return gpd.GeoDataFrame({"identificatie": [f"P{k}" for k in range(n)], "bouwjaar": [1980] * n,
                             "status": ["Pand in gebruik"] * n, "gebruiksdoel": ["woonfunctie"] * n,
                             "oppervlakte": [100.0] * n, "aantal_verblijfsobjecten": [1] * n},
                            geometry=geoms, crs=RD)


def test_ted_from_drinking_water_mains_by_hand():
    # 300 m3/day cooled by 3 K: 300 x 365 x 4.186 MJ/(m3 K) x 3 K = 1,375.1 GJ at the source;
    # the heat pump (SPF 3.2 at 50 C) adds its electricity: x 3.2 / 2.2 = 2,000.2 GJ delivered.
    source = 300 * 365 * 4.186 * 3 / 1000
    delivered = source * 3.2 / 2.2
    mains = gpd.GeoDataFrame({"flow_m3_day": [300.0]}, geometry=[LineString([(X0 + 50, Y0 + 195), (X0 + 150, Y0 + 195)])],
                             crs=RD)
    sources = warmte.potential_sources(mains=mains)
    assert list(sources["source_type"]) == ["ted"]
    assert sources["potential_source_gj"].iloc[0] == pytest.approx(source)
    assert sources["potential_delivered_gj"].iloc[0] == pytest.approx(delivered)
    # 100 dwellings on 4 ha (25 per ha, above the NPLW 20) need more than the main gives: all of it goes here.
    result = warmte.analyse(buurten(), houses(), mains=mains, progress=False)
    nb = result.neighbourhoods.iloc[0]
    assert nb["heat_demand_gj"] > delivered
    assert nb["ted_gj"] == pytest.approx(delivered)
    assert nb["teo_gj"] == 0 and nb["tea_gj"] == 0
    assert nb["aquathermie_coverage"] == pytest.approx(delivered / nb["heat_demand_gj"])
    assert result.sources["allocated_gj"].iloc[0] == pytest.approx(delivered)


def test_water_buurten_have_no_densities():
    nb = buurten(2, water=["NEE", "JA"])
    bld = pd.concat([houses(), houses(x=X0 + 210)], ignore_index=True)
    out = warmte.analyse(nb, bld, progress=False).neighbourhoods.set_index("buurtcode")
    assert out.loc["BU1", "heat_demand_gj"] > 0  # its buildings still count ...
    for column in ["heat_density_gj_ha", "plot_ratio", "linear_heat_density_gj_m", "dwelling_density_ha"]:
        assert np.isnan(out.loc["BU1", column]), column  # ... but it gets no densities
        assert out.loc["BU0", column] > 0


def test_phase_from_linked_works_takes_the_earliest_year():
    # Four equal weak buurten (score below 33: after_2040 on its own).
    nb = buurten(4, gas_main_renewal_year=[np.nan, 2035, 2045, 2019], sewer_works_year=[np.nan, 2033, np.nan, np.nan],
                 renovation_year=[np.nan, 2037, np.nan, 2038])
    # 1950: label E/F, so no low-temperature readiness either.
    bld = pd.concat([houses(3, 3, x=X0 + k * 200 + 10).assign(bouwjaar=1950) for k in range(4)], ignore_index=True)
    out = warmte.analyse(nb, bld, progress=False).neighbourhoods.set_index("buurtcode")
    assert (out[["heat_network_score", "aquathermie_score"]].max(axis=1) < 33).all()
    assert out.loc["BU0", "phase"] == "after_2040"
    assert out.loc["BU1", "phase"] == "2030_2040"  # the earliest of 2035, 2033, 2037
    assert out.loc["BU1", "phase_reason"] == "linked works in 2033"
    assert out.loc["BU2", "phase"] == "after_2040"  # 2045 is after the mid window
    # 2019 is past and does not count; nor may it hide 2038 (it did: the earliest year was taken first).
    assert out.loc["BU3", "phase"] == "2030_2040"
    assert out.loc["BU3", "phase_reason"] == "linked works in 2038"


def test_a_non_default_projected_crs_end_to_end_and_geographic_refused(tmp_path):
    nb, bld = buurten(), houses()
    result = warmte.analyse(nb, bld, config={"analysis": {"crs": "EPSG:3035"}}, progress=False)
    assert result.neighbourhoods.crs.to_epsg() == 3035
    expected = nb.to_crs(3035).area.iloc[0]
    assert result.neighbourhoods["area_m2"].iloc[0] == pytest.approx(expected, rel=1e-9)
    assert result.neighbourhoods["n_buildings"].iloc[0] == 100
    out = result.to_gpkg(tmp_path / "laea.gpkg")
    assert gpd.read_file(out, layer="neighbourhoods").crs.to_epsg() == 3035
    with pytest.raises(warmte.ConfigError, match="not a projected CRS in metres"):
        warmte.analyse(nb, bld, config={"analysis": {"crs": "EPSG:4326"}}, progress=False)


def test_a_replacement_demand_table_changes_the_numbers(tmp_path):
    base = warmte.analyse(buurten(), houses(1, 1), include_buildings=True, progress=False).buildings.iloc[0]
    table = (ROOT / "libwarmte/data/residential_space_heat.csv").read_text()
    header_end = table.index("\n", table.index("type,"))
    rows = table[header_end + 1:].splitlines()
    # Double a and b of every detached row: a detached house's space heat doubles exactly.
    changed = []
    for line in rows:
        cells = line.split(",")
        if cells and cells[0] == "detached":
            cells[3], cells[4] = str(2 * float(cells[3])), str(2 * float(cells[4]))
        changed.append(",".join(cells))
    path = tmp_path / "residential.csv"
    path.write_text(table[:header_end + 1] + "\n".join(changed) + "\n")
    other = warmte.analyse(buurten(), houses(1, 1), include_buildings=True, progress=False,
                           config={"demand": {"residential_table": str(path)}}).buildings.iloc[0]
    assert base["building_type"] == "detached"
    assert other["space_heat_gj"] == pytest.approx(2 * base["space_heat_gj"])
    assert other["hot_water_gj"] == pytest.approx(base["hot_water_gj"])


def test_the_default_reach_is_5_km():
    # A 1 ha pond 4.9 km from the houses serves them; the same pond 5.1 km away does not.
    def pond(distance):
        x = X0 + 10 + 9 * 18 + 8 + distance  # east of the easternmost house
        return gpd.GeoDataFrame({"typewater": ["meer"]}, geometry=[box(x, Y0 + 50, x + 100, Y0 + 150)], crs=RD)

    near = warmte.analyse(buurten(), houses(), water=pond(4900), progress=False).neighbourhoods.iloc[0]
    far = warmte.analyse(buurten(), houses(), water=pond(5100), progress=False).neighbourhoods.iloc[0]
    assert near["teo_gj"] > 0
    assert far["teo_gj"] == 0


def test_distance_to_the_heat_network_is_footprint_weighted():
    # Two houses, 10 x 10 (100 m2) and 20 x 20 (400 m2), 30 m and 80 m from a line: (100 x 30 + 400 x 80) / 500 = 70 m.
    line = gpd.GeoDataFrame(geometry=[LineString([(X0, Y0 + 100), (X0 + 200, Y0 + 100)])], crs=RD)
    bld = gpd.GeoDataFrame({"status": ["Pand in gebruik"] * 2},
                           geometry=[box(X0 + 20, Y0 + 60, X0 + 30, Y0 + 70), box(X0 + 100, Y0, X0 + 120, Y0 + 20)],
                           crs=RD)
    nb = warmte.analyse(buurten(), bld, heat_network=line, progress=False).neighbourhoods.iloc[0]
    assert nb["dist_heat_network_m"] == pytest.approx(70.0)


def test_distance_to_the_serving_sources_is_allocation_weighted():
    # One buurt served by two ponds; the distance is the mean of the two distances weighted by what each gave.
    nb_frame, bld = buurten(), houses()
    east = X0 + 10 + 9 * 18 + 8
    ponds = gpd.GeoDataFrame({"typewater": ["meer", "meer"]},
                             geometry=[box(east + 300, Y0 + 50, east + 340, Y0 + 100),    # 2,000 m2: 1,000 GJ at the source
                                       box(east + 1300, Y0 + 50, east + 1340, Y0 + 100)], crs=RD)
    result = warmte.analyse(nb_frame, bld, water=ponds, progress=False)
    alloc = result.allocation
    assert len(alloc) == 2
    expected = (alloc["allocated_gj"] * alloc["distance_m"]).sum() / alloc["allocated_gj"].sum()
    nb = result.neighbourhoods.iloc[0]
    assert nb["dist_aquathermie_source_m"] == pytest.approx(expected)
    assert alloc["distance_m"].min() < nb["dist_aquathermie_source_m"] < alloc["distance_m"].max()


def test_the_progress_bar_appears_only_after_half_a_second(capsys):
    from warmte.analysis import _ProgressBar

    quick = _ProgressBar()
    quick("overlay", 0, 10)
    quick("overlay", 10, 10)
    quick.close()
    assert "overlay" not in capsys.readouterr().err
    slow = _ProgressBar()
    slow("demand", 0, 10)
    time.sleep(0.6)
    slow("demand", 5, 10)
    slow.close()
    assert "demand" in capsys.readouterr().err


def test_the_callback_sees_every_stage_and_the_gil_is_released(town):
    stages = []
    from warmte import _core
    from warmte.analysis import _as_input
    from warmte.config import resolve

    config_text, origin = resolve(None)
    layers = {role: _as_input(spec, role, []) for role, spec in town.items()}
    core = _core.analyse(layers, config_text=config_text, progress=lambda s, d, t: stages.append(s), threads=1)
    assert {"overlay", "distance to water"} <= set(stages)
    assert core.neighbourhoods()["columns"]["buurtcode"]
    # Another Python thread keeps running while analyse works in C++.
    ticks = 0
    done = threading.Event()

    def work():
        # At least three runs and a quarter of a second, to be seen on a fast machine (three
        # runs of the town took 0.09 s once the water overlay got faster).
        begun = time.perf_counter()
        runs = 0
        while runs < 3 or time.perf_counter() - begun < 0.25:
            warmte.analyse(**town, progress=False, threads=1)
            runs += 1
        done.set()

    worker = threading.Thread(target=work)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    worker.join()
    elapsed = time.perf_counter() - start
    # Were the GIL held during the C++ work, this loop would advance a handful of times at most.
    assert elapsed > 0.1 and ticks > 100, (elapsed, ticks)


def test_our_proj_db_is_used_whatever_proj_data_says(tmp_path, town):
    empty = tmp_path / "empty"
    empty.mkdir()
    code = (
        "import geopandas as gpd, warmte\n"
        f"nb = gpd.read_file({town['neighbourhoods'].rsplit(':', 1)[0]!r}, layer='buurten').to_crs(4326)\n"
        f"r = warmte.analyse(nb, {town['buildings']!r}, progress=False)\n"
        "print(round(r.neighbourhoods['area_m2'].sum()))\n"
    )
    env = {"PROJ_DATA": str(empty), "PROJ_LIB": str(empty), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    expected = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten").area.sum()
    assert float(r.stdout.strip()) == pytest.approx(expected, rel=1e-6)


def test_version_grid_buildings_and_run_overrides(cli, town, tmp_path):
    r = subprocess.run([cli, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"warmte {warmte.__version__}"
    out = tmp_path / "g.gpkg"
    tif = ROOT / "testdata/town/heat_demand.tif"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--grid", f"heat={tif}", "--buildings-layer", "--grid-buildings", "--output", out, "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    b = gpd.read_file(out, layer="buildings")
    assert {"heat_mean", "heat_sum"} <= set(b.columns)
    # The GeoTIFF is 0.9 GJ per m2 of footprint per ha: a building's sum is about its share of its cells.
    assert (b["heat_sum"] >= 0).all() and b["heat_sum"].sum() > 0
    project = tmp_path / "p.toml"
    project.write_text(f'[inputs]\nneighbourhoods = "{town["neighbourhoods"]}"\nbuildings = "{town["buildings"]}"\n'
                       f'[output]\npath = "ignored.gpkg"\n[analysis]\nthreads = 2\n')
    target = tmp_path / "override.gpkg"
    r = subprocess.run([cli, "run", project, "--output", target, "--threads", "1", "--map", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert target.exists() and not (tmp_path / "ignored.gpkg").exists()
    assert target.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"  # --map on run
    import pyogrio
    config = pyogrio.read_info(target, layer="neighbourhoods")  # provenance says the overridden threads
    import sqlite3
    meta = "".join(row[0] for row in sqlite3.connect(target).execute("SELECT metadata FROM gpkg_metadata"))
    assert "threads = 1" in meta and config["features"] == 12


def test_to_gpkg_writes_what_the_cli_writes(cli, town, town_sources, tmp_path):
    by_cli = tmp_path / "cli" / "r.gpkg"
    by_python = tmp_path / "python" / "r.gpkg"
    by_cli.parent.mkdir()
    by_python.parent.mkdir()
    args = ["--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"], "--water", town["water"],
            "--plants", town_sources["plants"], "--heat-network", town_sources["heat_network"]]
    r = subprocess.run([cli, "analyse", *args, "--buildings-layer", "--output", by_cli, "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    result = warmte.analyse(**town, **town_sources, include_buildings=True, progress=False,
                            config={"output": {"path": str(by_python)}})
    result.to_gpkg(by_python)
    # Every layer, field, value and style, and the provenance (the run date aside).
    assert compare_files(by_cli, by_python) == []


def test_teo_serves_label_e_or_better_only():
    # Vesta TEOData.dms: E_of_Beter. Houses of 1950 get the default label E/F (worse than E), of 1970 D.
    nb = buurten(2)
    old = houses().assign(bouwjaar=1950)
    newer = houses(x=X0 + 210).assign(bouwjaar=1970)
    ponds = gpd.GeoDataFrame({"typewater": ["meer", "meer"]},
                             geometry=[box(X0 + 50, Y0 + 185, X0 + 150, Y0 + 199), box(X0 + 250, Y0 + 185, X0 + 350, Y0 + 199)],
                             crs=RD)
    result = warmte.analyse(nb, pd.concat([old, newer], ignore_index=True), water=ponds, include_buildings=True,
                            progress=False)
    labels = result.buildings.groupby("year")["label"].first()
    assert labels[1950] == "E/F" and labels[1970] == "D"
    out = result.neighbourhoods.set_index("buurtcode")
    assert out.loc["BU0", "lt_share"] == 0 and out.loc["BU1", "lt_share"] == pytest.approx(1.0)
    assert out.loc["BU0", "teo_gj"] == 0  # nothing TEO may serve there ...
    assert out.loc["BU1", "teo_gj"] > 0   # ... while the D-label buurt next door gets heat
