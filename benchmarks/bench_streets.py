"""The heat network in the streets in time (issue 33): the country-like sets of generate_country.py
with their street lattices as a roads layer (wegen).

    python benchmarks/bench_streets.py                 # 1M with and without roads; buurten of 2,000 buildings
    python benchmarks/bench_streets.py --buildings 10000000

Prints per run the wall time, the two street stages (the road graph and streets in the local phase,
clusters and routes in finish), the write, and what the streets add; then the clusters routed. Timings
are benchmark output, never asserts.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyogrio

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROGRAM = ROOT / ".venv" / "bin" / "warmte"


def ensure(n: int, buurten: int | None = None) -> Path:
    name = f"country-{n}" + (f"-{buurten}" if buurten else "")
    d = HERE / "data" / name
    gpkg = d / "country.gpkg"
    args = [sys.executable, str(HERE / "generate_country.py"), "--buildings", str(n)]
    if buurten:
        args += ["--buurten", str(buurten)]
    if not gpkg.exists():
        subprocess.run(args, check=True)
    elif "wegen" not in [layer for layer, _ in pyogrio.list_layers(gpkg)]:
        subprocess.run(args + ["--roads-only"], check=True)
    return d


def run(d: Path, roads: bool, out: Path, config: Path | None = None) -> tuple[float, dict[str, float]]:
    gpkg = d / "country.gpkg"
    args = [str(PROGRAM), "analyse", "--neighbourhoods", f"{gpkg}:buurten", "--buildings", f"{gpkg}:panden",
            "--water", f"{gpkg}:waterdelen", "--output", str(out), "--force"]
    if (d / "heat.tif").exists():
        args += ["--grid", f"heat={d / 'heat.tif'}"]
    if roads:
        args += ["--roads", f"{gpkg}:wegen"]
    if config:
        args += ["--config", str(config)]
    start = time.perf_counter()
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    line = next(line for line in (done.stdout + done.stderr).splitlines() if line.startswith("timings:"))
    stages: dict[str, float] = {}
    for name, seconds in re.findall(r"([^,:]+?) ([0-9.]+) s", line.removeprefix("timings:")):
        stages[name.strip()] = stages.get(name.strip(), 0.0) + float(seconds)
    return wall, stages


def report(label: str, d: Path, config: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.gpkg"
        base, base_stages = run(d, False, out, config)
        wall, stages = run(d, True, out, config)
        streets = stages.get("streets", 0.0) + stages.get("clusters and routes", 0.0)
        clusters = pyogrio.read_dataframe(out, layer="clusters", read_geometry=False)
        network = pyogrio.read_info(out, layer="network")["features"]
        street_rows = pyogrio.read_info(out, layer="streets")["features"]
    print(f"{label}: without roads {base:.2f} s; with roads {wall:.2f} s "
          f"(roads rule {stages.get('roads', 0):.2f} s, streets {streets:.2f} s, write {stages.get('write', 0):.2f} s "
          f"against {base_stages.get('write', 0):.2f} s); the street stages are {100 * streets / (wall - streets):.0f} % "
          f"of the rest of the run")
    print(f"  {street_rows:,} streets, {len(clusters):,} clusters of {int(clusters['buildings'].sum()):,} buildings "
          f"(largest {int(clusters['buildings'].max()) if len(clusters) else 0:,}), {network:,} pipes")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, default=1_000_000)
    a = p.parse_args()
    # Ten buurten of about 2,000 buildings each, every one routed (network.all_buurten).
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "all.toml"
        config.write_text("[network]\nall_buurten = true\n")
        report("10 buurten of ~2,000 buildings, all routed", ensure(20000, 10), config)
    report(f"{a.buildings:,} buildings, candidate buurten routed", ensure(a.buildings))


if __name__ == "__main__":
    main()
