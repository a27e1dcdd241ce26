"""Times Result.rescore and Result.recost on the test town or a generated one (a weight or price
slider in a notebook calls them per move), and Result.uncertainty (200 Latin-hypercube draws).

    python benchmarks/bench_rescore.py [--repeat 200] [--town benchmarks/data/1000000/town.gpkg]

Prints the median and 95th percentile in milliseconds. Reported, never asserted.
"""

import argparse
import math
import statistics
import time
from pathlib import Path

import warmte

TOWN = Path(__file__).resolve().parents[1] / "testdata" / "town" / "town.gpkg"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repeat", type=int, default=200)
    p.add_argument("--town", type=Path, default=TOWN, help="a GeoPackage with layers buurten, panden, waterdelen")
    a = p.parse_args()
    plants = f"{a.town}:rwzi" if a.town == TOWN else None
    result = warmte.analyse(f"{a.town}:buurten", f"{a.town}:panden", f"{a.town}:waterdelen", plants=plants,
                            progress=False)
    report("rescore", result, a.repeat, lambda k: result.rescore(
        weights={"heat_network": {"heat_density": 0.1 + 0.8 * k / a.repeat}}))
    # recost: costs of every variant and buurt, the choice and the nine sensitivity sets
    report("recost", result, a.repeat, lambda k: result.recost(prices={"electricity_eur_gj": 20 + 20 * k / a.repeat}))
    # uncertainty: every buurt costed under each of 200 draws and the choice made each time
    report("uncertainty (200 draws)", result, max(1, a.repeat // 50), lambda k: result.uncertainty(samples=200, seed=k))


def report(name, result, repeat, call):
    times = []
    for k in range(repeat):
        start = time.perf_counter()
        call(k)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{name}, {len(result.neighbourhoods)} buurten, {repeat} runs: median {statistics.median(times):.2f} ms, "
          f"p95 {times[min(len(times), math.ceil(0.95 * len(times))) - 1]:.2f} ms")


if __name__ == "__main__":
    main()
