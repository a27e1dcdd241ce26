"""Times Result.rescore on the test town (a weight slider in a notebook calls it per move).

    python benchmarks/bench_rescore.py [--repeat 200]

Prints the median and 95th percentile in milliseconds. Reported, never asserted.
"""

import argparse
import statistics
import time
from pathlib import Path

import warmte

TOWN = Path(__file__).resolve().parents[1] / "testdata" / "town" / "town.gpkg"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repeat", type=int, default=200)
    a = p.parse_args()
    result = warmte.analyse(f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen", plants=f"{TOWN}:rwzi",
                            progress=False)
    times = []
    for k in range(a.repeat):
        weight = 0.1 + 0.8 * k / a.repeat
        start = time.perf_counter()
        result.rescore(weights={"heat_network": {"heat_density": weight}})
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"rescore, {len(result.neighbourhoods)} buurten, {a.repeat} runs: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms")


if __name__ == "__main__":
    main()
