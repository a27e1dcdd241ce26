"""The floor a full run is held to (issue 36): the bare one-thread GEOS overlay of the same data
in the same sitting — read the layers, parse the WKB, validate, and join the buildings to the
buurten with clipping, as a GEOS user who knows it does: candidates by their boxes, the buurten
prepared, a building a buurt holds properly counts whole, of the others only those that meet the
buurt are intersected. No water work, no model, no
output: what any tool on GEOS pays before it computes anything.

    python benchmarks/overlay_floor.py --buildings 1000000 [--water overlapping]

shapely's vectorised calls are thin loops over the GEOS C API on one thread. Timings are printed
and appended to benchmarks/results/floor.json, never asserted.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely

from generate_country import data_for

HERE = Path(__file__).resolve().parent


def floor(path: Path, water_path: Path) -> dict:
    t = {}
    start = time.perf_counter()
    layers = {}
    for name, source, layer in [("buurten", path, "buurten"), ("panden", path, "panden"), ("water", water_path, "waterdelen")]:
        _, table = pyogrio.read_arrow(source, layer=layer, columns=[])
        layers[name] = table.column(table.schema.names[-1]).to_numpy(zero_copy_only=False)
    t["read"] = time.perf_counter() - start
    geoms = {k: shapely.from_wkb(v) for k, v in layers.items()}
    t["parse"] = time.perf_counter() - start - sum(t.values())
    valid = {k: shapely.is_valid(g) for k, g in geoms.items()}
    t["validate"] = time.perf_counter() - start - sum(t.values())
    buildings = shapely.make_valid(geoms["panden"][valid["panden"]])
    buurten = geoms["buurten"]
    shapely.prepare(buurten)
    tree = shapely.STRtree(buurten)
    b, z = tree.query(buildings)
    inside = shapely.contains_properly(buurten[z], buildings[b])
    area = np.where(inside, shapely.area(buildings[b]), 0.0)
    rest = np.flatnonzero(~inside)
    rest = rest[shapely.intersects(buurten[z[rest]], buildings[b[rest]])]
    area[rest] = shapely.area(shapely.intersection(buildings[b[rest]], buurten[z[rest]]))
    t["join and clip"] = time.perf_counter() - start - sum(t.values())
    total = time.perf_counter() - start
    return {"data": path.parent.name, "water": water_path.stem, "pairs": int(len(b)),
            "footprint_m2": float(np.sum(area)), "seconds": {k: round(v, 2) for k, v in t.items()},
            "total_s": round(total, 2)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, default=1_000_000)
    p.add_argument("--water", default="bgt", choices=["bgt", "overlapping", "partition"])
    a = p.parse_args()
    r = floor(*data_for(a.buildings, a.water))
    print(f"GEOS floor, one thread, {r['data']} ({a.water} water): {r['total_s']:.1f} s; "
          + ", ".join(f"{k} {v:.2f} s" for k, v in r["seconds"].items()))
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "floor.json", "a") as f:
        f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
