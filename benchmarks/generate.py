"""Scaled benchmark data: the test-town generator tiled into a country.

    python benchmarks/generate.py --buildings 1000000          # -> benchmarks/data/1000000/town.gpkg

A town has ~7,000 buildings in its default 4 x 3 buurt grid. By default the buurt grid per town
is refined so the whole set has one buurt per 77 buildings (1M buildings -> ~13k buurten, as
the Netherlands has ~14k buurten) and one water polygon per 10 buildings (1M -> ~100k).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "testdata"))
from generate_town import generate  # noqa: E402

BUILDINGS_PER_TOWN = 5_200  # what a town holds with the refined buurt grid (measured)
BUILDINGS_PER_BUURT = 77    # 1M buildings : 13k buurten (issue target)
BUILDINGS_PER_WATER = 10    # 1M buildings : 100k water polygons (issue target)
TOWN_WATER = 12             # canal, lake and ditches every town has


def plan(buildings: int, buurten: int | None, water: int | None):
    towns = max(1, math.ceil(buildings / BUILDINGS_PER_TOWN))
    towns_x = math.ceil(math.sqrt(towns))
    towns_y = math.ceil(towns / towns_x)
    n_towns = towns_x * towns_y
    buurten = buurten or max(12, buildings // BUILDINGS_PER_BUURT)
    per_town = max(1, buurten / n_towns)
    cols = max(1, round(math.sqrt(per_town * 4 / 3)))
    rows = max(1, round(per_town / cols))
    water = water or buildings // BUILDINGS_PER_WATER
    ditches = max(0, round(water / n_towns) - TOWN_WATER)
    return towns_x, towns_y, (cols, rows), ditches


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, required=True)
    p.add_argument("--buurten", type=int)
    p.add_argument("--water", type=int)
    p.add_argument("--out", type=Path)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    out = a.out or Path(__file__).resolve().parent / "data" / str(a.buildings)
    towns_x, towns_y, grid, ditches = plan(a.buildings, a.buurten, a.water)
    print(f"{towns_x * towns_y} towns, buurt grid {grid[0]}x{grid[1]} per town, {ditches} extra ditches per town")
    start = time.perf_counter()
    path = generate(out, towns_x, towns_y, grid, seed=a.seed, extras=False, extra_ditches=ditches, progress=True)
    print(f"wrote {path} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
