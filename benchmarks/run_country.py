"""Timed runs on the country-like data of generate_country.py (issue 15): the whole pipeline with
water, per stage, with the aquathermie sharing nearest first and (for comparison) all pairs.

    python benchmarks/run_country.py --sizes 1000000 [--all-pairs] [--threads 2] [--water bgt overlapping partition]

Data is generated once into benchmarks/data/country-N/ (seeded). `--water` picks the water kinds
(issue 36): `bgt` the set's own BGT-like partition, `overlapping` an OSM/TOP10NL-like mix over
it, `partition` that mix with its overlaps left out (generate_country.py --water-kind). Prints wall time, peak memory
and the stage timings `warmte analyse` reports; appends them to benchmarks/results/country.json.
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import re
import subprocess
import sys
import time
from pathlib import Path

from generate_country import data_for

HERE = Path(__file__).resolve().parent


def run(paths: tuple[Path, Path], threads: int, matching: str, out_dir: Path) -> dict:
    path, water_path = paths
    kind = "bgt" if water_path == path else water_path.stem.removeprefix("water-")
    exe = Path(sys.executable).parent / "warmte"
    config = out_dir / f"{matching}.toml"
    config.write_text(f'[supply]\nmatching = "{matching}"\n')
    out = out_dir / f"{path.parent.name}-{kind}-{matching}.gpkg"
    args = [str(exe), "analyse", "--neighbourhoods", f"{path}:buurten", "--buildings", f"{path}:panden",
            "--water", f"{water_path}:waterdelen", "--grid", f"heat={path.parent / 'heat.tif'}", "--output", str(out), "--threads", str(threads), "--config", str(config)]
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"warmte failed: {proc.stderr}")
    stdout = proc.stdout
    # The largest child so far: runs are sequential, so this is the peak of the largest run.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    line = next((l for l in stdout.splitlines() if l.startswith("timings: ")), "")
    timings = dict((k, float(v)) for k, v in re.findall(r"(?:, |timings: )([^,]+?) ([0-9.]+) s", line))
    return {"data": path.parent.name, "water": kind, "matching": matching, "threads": threads, "wall_s": round(wall, 2), "peak_mib_so_far": round(peak_mib),
            "stages_s": timings, "summary": [line for line in stdout.splitlines() if not line.startswith("timings")]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--water", nargs="+", default=["bgt"], choices=["bgt", "overlapping", "partition"])
    p.add_argument("--all-pairs", action="store_true", help="also time the reference sharing (every pair in reach)")
    a = p.parse_args()
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    results = []
    for n, water in ((n, w) for n in a.sizes for w in a.water):
        paths = data_for(n, water)
        for matching in ["nearest_first"] + (["all_pairs"] if a.all_pairs else []):
            r = run(paths, a.threads, matching, out_dir)
            results.append(r)
            slow = sorted(r["stages_s"].items(), key=lambda kv: -kv[1])[:5]
            print(f"{r['data']} {water} {matching}: {r['wall_s']:.1f} s, peak {r['peak_mib_so_far']} MiB; " + ", ".join(f"{k} {v:.1f} s" for k, v in slow))
            for line in r["summary"]:
                print("   ", line)
    with open(out_dir / "country.json", "a") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
