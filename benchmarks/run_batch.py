"""warmte batch against one warmte run (issue 16), on the country-like data of generate_country.py:

    python benchmarks/run_batch.py --sizes 1000000 10000000

For each size: the whole study area in one `warmte run`, then `warmte batch` with 1 and 2 local
worker processes and on a Dask LocalCluster of 2 workers, each from scratch (--force). Reports the
wall time and the peak memory of the largest single process of each (GNU time's maximum resident
set size covers the program and each process it waited for, so it is the largest of them) and the
seconds of each step summed over its tasks (from the steps' manifests), checks
that the merged result equals the single run's neighbourhoods, and appends everything to
benchmarks/results/batch.json. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyogrio

HERE = Path(__file__).resolve().parent
EXE = Path(sys.executable).parent / "warmte"


def data_for(n: int) -> Path:
    path = HERE / "data" / f"country-{n}" / "country.gpkg"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate_country.py"), "--buildings", str(n)], check=True)
    return path


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and the largest process's peak memory (MiB) of a command."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return round(wall, 1), round(peak_kib / 1024)


def same_neighbourhoods(a: Path, b: Path) -> float:
    """The largest relative difference over the numeric fields of the neighbourhoods."""
    x = pyogrio.read_dataframe(a, layer="neighbourhoods", read_geometry=False)
    y = pyogrio.read_dataframe(b, layer="neighbourhoods", read_geometry=False)
    assert list(x.columns) == list(y.columns) and len(x) == len(y)
    worst = 0.0
    for c in x.columns:
        if x[c].dtype.kind in "fi":
            u, v = x[c].to_numpy(float), y[c].to_numpy(float)
            ok = ~np.isnan(u)
            assert (np.isnan(u) == np.isnan(v)).all(), c
            d = np.abs(u[ok] - v[ok]) / np.maximum(np.abs(u[ok]), 1e-300)
            worst = max(worst, float(d.max(initial=0.0)))
        else:
            assert x[c].fillna("").tolist() == y[c].fillna("").tolist(), c
    return worst


def step_seconds(out: Path) -> dict:
    """The seconds each step's tasks took, summed over partitions (from the steps' manifests):
    step 1 local phase, step 2 global phase, step 3 finish and write."""
    def total(paths):
        return round(sum(json.loads(p.read_text()).get("seconds", 0.0) for p in paths), 1)

    stages = {}
    for m in (out / "steps").glob("*.state.json"):
        for stage, seconds in json.loads(m.read_text()).get("stages", []):
            stages[stage] = round(stages.get(stage, 0.0) + seconds, 2)
    return {"step1_stages_s": stages, "step1_local_s": total((out / "steps").glob("*.state.json")) - total([out / "steps" / "global.state.json"]),
            "step2_global_s": total([out / "steps" / "global.state.json"]),
            "step3_finish_s": total((out / "parts").glob("*.gpkg.json"))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    p.add_argument("--skip", nargs="*", default=[], help="runs to leave out: single, batch1, batch2, dask2")
    a = p.parse_args()
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    rows = []
    for n in a.sizes:
        gpkg = data_for(n)
        work = HERE / "results" / f"batch-{n}"
        work.mkdir(exist_ok=True)
        project = work / "project.toml"
        project.write_text(f'[inputs]\nneighbourhoods = "{gpkg}:buurten"\nbuildings = "{gpkg}:panden"\n'
                           f'water = "{gpkg}:waterdelen"\n')
        single = work / "single.gpkg"
        runs = {
            "single": [str(EXE), "run", str(project), "--output", str(single), "--quiet"],
            "batch1": [str(EXE), "batch", str(project), "--out", str(work / "batch1"), "--force", "--quiet"],
            "batch2": [str(EXE), "batch", str(project), "--out", str(work / "batch2"), "--workers", "2",
                       "--force", "--quiet"],
            "dask2": [str(EXE), "batch", str(project), "--out", str(work / "dask2"), "--dask", "local:2",
                      "--force", "--quiet"],
        }
        for name, args in runs.items():
            if name in a.skip:
                continue
            wall, peak = timed(args)
            row = {"buildings": n, "run": name, "wall_s": wall, "largest_process_peak_mib": peak}
            if name != "single":
                row.update(step_seconds(work / name))
            if name != "single" and single.exists():
                row["max_relative_difference"] = same_neighbourhoods(single, work / name / "result.gpkg")
            rows.append(row)
            print(json.dumps(row), flush=True)
    with open(results / "batch.json", "a") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
