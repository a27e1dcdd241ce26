"""The electricity grid's cost in time (issue 35): the country-like set of generate_country.py run
without grid data (Vesta's kental alone), with a stations layer and with stations and a congestion
map, side by side; and what the grid figures come to.

    python benchmarks/bench_grid.py --buildings 1000000 [--threads 2]

The grid layers are made here, seeded, from the set itself: a station point per 150 buildings (at
a building, 630 kVA, today's peak 40-95 % of it), and as the congestion map the buurten of one
municipality in five, red until 2027-2035, the rest green. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

HERE = Path(__file__).resolve().parent
SEED = 20261207
BUILDINGS_PER_STATION = 150


def grid_layers(country: Path) -> Path:
    out = country.parent / "grid.gpkg"
    if out.exists():
        return out
    rng = np.random.default_rng(SEED)
    panden = pyogrio.read_dataframe(country, layer="panden", columns=[])
    picked = panden.iloc[rng.choice(len(panden), len(panden) // BUILDINGS_PER_STATION, replace=False)]
    stations = gpd.GeoDataFrame({"capacity_kva": 630.0, "peak_kw": rng.uniform(0.4, 0.95, len(picked)) * 630},
                                geometry=picked.geometry.representative_point().values, crs=panden.crs)
    stations.to_file(out, layer="stations")
    buurten = pyogrio.read_dataframe(country, layer="buurten", columns=["gemeentecode"])
    codes = np.sort(buurten["gemeentecode"].unique())
    red = set(rng.choice(codes, max(1, len(codes) // 5), replace=False))
    is_red = buurten["gemeentecode"].isin(red).to_numpy()
    year = np.where(is_red, rng.integers(2027, 2036, len(buurten)), np.nan)
    congestion = gpd.GeoDataFrame({"status": np.where(is_red, "red", "green"), "year": year},
                                  geometry=buurten.geometry.values, crs=buurten.crs)
    congestion.to_file(out, layer="congestion")
    return out


def run(country: Path, extra: list[str], out: Path, threads: int) -> tuple[float, str]:
    exe = Path(sys.executable).parent / "warmte"
    args = [str(exe), "analyse", "--neighbourhoods", f"{country}:buurten", "--buildings", f"{country}:panden",
            "--water", f"{country}:waterdelen", "--output", str(out), "--threads", str(threads), *extra]
    start = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, r.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    a = parser.parse_args()
    country = HERE / "data" / f"country-{a.buildings}" / "country.gpkg"
    if not country.exists():
        subprocess.run([sys.executable, str(HERE / "generate_country.py"), "--buildings", str(a.buildings)], check=True)
    grid = grid_layers(country)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    cases = {"kental alone": [], "stations": ["--grid-stations", f"{grid}:stations"],
             "stations + congestion": ["--grid-stations", f"{grid}:stations", "--grid-congestion", f"{grid}:congestion"]}
    for name, extra in cases.items():
        path = out / f"grid-{a.buildings}-{name.replace(' ', '').replace('+', '_')}.gpkg"
        seconds, stdout = run(country, extra, path, a.threads)
        stage = re.search(r"grid capacity ([0-9.]+) s", stdout)
        n = pyogrio.read_dataframe(path, layer="neighbourhoods", read_geometry=False,
                                   columns=["grid_extra_peak_kw", "grid_new_stations", "grid_status", "phase",
                                            "strategy", "cost_national_s1a_eur_weq"])
        status = n["grid_status"].fillna("").replace("", "(none)").value_counts().to_dict()
        print(f"{name:24s} {seconds:6.2f} s (grid capacity stage {stage.group(1) if stage else '-'} s); "
              f"extra peak {n['grid_extra_peak_kw'].sum() / 1000:,.0f} MW, new stations "
              f"{n['grid_new_stations'].sum():,.0f}, status {status}, "
              f"S1 after 2040 {int(((n['strategy'] == 'S1') & (n['phase'] == 'after_2040')).sum())}, "
              f"mean S1a {n['cost_national_s1a_eur_weq'].mean():,.1f} EUR/WEQ/yr")
    return 0


if __name__ == "__main__":
    sys.exit(main())
