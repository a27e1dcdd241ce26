"""Timed end-to-end runs of the pipeline on generated data, and today's GeoPandas side by side.

    python benchmarks/run_benchmarks.py                       # 100k and 1M buildings
    python benchmarks/run_benchmarks.py --sizes 100000 --geopandas 100000

Each run is a separate `warmte analyse` process; wall time and that process's peak memory
(ru_maxrss) are reported. Data is generated once into benchmarks/data/N/ (seeded). Results go
to stdout and benchmarks/results/latest.json. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
IN_USE = ["Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"]


def data_for(n: int) -> Path:
    path = HERE / "data" / str(n) / "town.gpkg"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--buildings", str(n)], check=True)
    return path


def feature_count(path: Path, layer: str) -> int:
    import pyogrio

    return pyogrio.read_info(path, layer=layer)["features"]


def run_warmte(path: Path, threads: int) -> dict:
    exe = Path(sys.executable).parent / "warmte"
    out = HERE / "results" / f"out_{path.parent.name}.gpkg"
    out.parent.mkdir(parents=True, exist_ok=True)
    args = [str(exe), "analyse", "--neighbourhoods", f"{path}:buurten", "--buildings", f"{path}:panden",
            "--water", f"{path}:waterdelen", "--output", str(out), "--threads", str(threads)]
    measure = ("import resource, subprocess, sys, time, json;"
               "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
               "w = time.perf_counter() - t;"
               "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
               "print(json.dumps({'wall': w, 'peak_mib': m, 'rc': p.returncode, 'out': p.stdout, 'err': p.stderr}))")
    r = json.loads(subprocess.run([sys.executable, "-c", measure, *args], capture_output=True, text=True,
                                  check=True).stdout)
    if r["rc"] != 0:
        raise SystemExit(f"warmte failed: {r['err']}")
    timings = next((line for line in r["out"].splitlines() if line.startswith("timings:")), "")
    return {"wall_s": round(r["wall"], 2), "peak_mib": round(r["peak_mib"]), "stages": timings}


def run_geopandas(path: Path) -> dict:
    """The same overlay with GeoPandas: clip, split, count by largest part, water, distance."""
    code = f"""
import time, json, resource
t = time.perf_counter()
import geopandas as gpd, numpy as np, shapely
path = {str(path)!r}
nb = gpd.read_file(path, layer="buurten")
b = gpd.read_file(path, layer="panden")
w = gpd.read_file(path, layer="waterdelen")
b = b[b["status"].isin({IN_USE!r}) & ~b.geometry.is_empty].copy()
b["geometry"] = shapely.make_valid(b.geometry.values)
b["bid"] = np.arange(len(b))
pieces = gpd.overlay(b[["bid", "geometry"]], nb[["buurtcode", "geometry"]], how="intersection", keep_geom_type=True)
pieces["area"] = pieces.area
nearest = gpd.sjoin_nearest(b[["bid", "geometry"]], w[["geometry"]], distance_col="dist")
dist = nearest.groupby("bid")["dist"].min()
pieces["dist"] = dist.reindex(pieces["bid"]).to_numpy()
footprint = pieces.groupby("buurtcode")["area"].sum()
home = pieces.sort_values("area", ascending=False).drop_duplicates("bid").groupby("buurtcode").size()
weighted = (pieces["area"] * pieces["dist"]).groupby(pieces["buurtcode"]).sum() / footprint
water = gpd.overlay(w[["geometry"]].dissolve(), nb[["buurtcode", "geometry"]], how="intersection")
water_area = water.assign(a=water.area).groupby("buurtcode")["a"].sum()
wall = time.perf_counter() - t
print(json.dumps({{"wall_s": round(wall, 2), "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "footprint_total": float(footprint.sum()), "n_buildings": int(home.sum())}}))
"""
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--geopandas", type=int, nargs="*", default=[100_000], help="sizes to also run with GeoPandas")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    a = p.parse_args()
    results = {"machine": f"{platform.node()} {os.cpu_count()} cores", "threads": a.threads, "runs": []}
    for n in a.sizes:
        path = data_for(n)
        counts = {layer: feature_count(path, layer) for layer in ("panden", "buurten", "waterdelen")}
        row = {"requested_buildings": n, **counts, "warmte": run_warmte(path, a.threads)}
        if n in a.geopandas:
            row["geopandas"] = run_geopandas(path)
            row["geopandas_over_warmte"] = round(row["geopandas"]["wall_s"] / row["warmte"]["wall_s"], 1)
        results["runs"].append(row)
        print(json.dumps(row, indent=2), flush=True)
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\n{'buildings':>10} {'buurten':>8} {'water':>8} {'warmte s':>9} {'MiB':>6} {'geopandas s':>12} {'ratio':>6}")
    for r in results["runs"]:
        gp = r.get("geopandas", {})
        print(f"{r['panden']:>10} {r['buurten']:>8} {r['waterdelen']:>8} {r['warmte']['wall_s']:>9} "
              f"{r['warmte']['peak_mib']:>6} {gp.get('wall_s', '-'):>12} {r.get('geopandas_over_warmte', '-'):>6}")


if __name__ == "__main__":
    main()
