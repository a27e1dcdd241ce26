"""Water area per buurt against an independent union (issue 36): shapely (the wheel's GEOS, not
ours) clips every water polygon to each buurt it meets, unions the pieces per buurt and takes the
area; warmte's `water_area_m2` must agree to 1e-6 relative (of the buurt's area where it holds
no water).

    python benchmarks/water_union_check.py --buildings 1000000 --water overlapping [--output OUT.gpkg]

Without --output, runs `warmte analyse` on buurten, buildings and the water kind first. Prints
the largest difference and the buurten beyond the tolerance; exit status 1 when any is.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely

from generate_country import data_for

TOLERANCE = 1e-6


def independent_water_area(buurten, water) -> np.ndarray:
    tree = shapely.STRtree(water)
    w, b = tree.query(buurten, predicate="intersects")[::-1]  # (water, buurt) pairs
    order = np.argsort(b, kind="stable")
    w, b = w[order], b[order]
    pieces = shapely.intersection(water[w], buurten[b])
    area = np.zeros(len(buurten))
    bounds = np.flatnonzero(np.diff(b)) + 1
    for group, buurt in zip(np.split(pieces, bounds), b[np.r_[0, bounds]] if len(b) else []):
        area[buurt] = shapely.area(shapely.union_all(group))
    return area


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, default=1_000_000)
    p.add_argument("--water", default="overlapping", choices=["bgt", "overlapping", "partition"])
    p.add_argument("--output", type=Path, help="a warmte output of the same inputs (else one is made)")
    a = p.parse_args()
    data, water_path = data_for(a.buildings, a.water)
    output = a.output
    if output is None:
        output = Path(tempfile.mkdtemp()) / "out.gpkg"
        exe = Path(sys.executable).parent / "warmte"
        subprocess.run([str(exe), "analyse", "--neighbourhoods", f"{data}:buurten", "--buildings", f"{data}:panden",
                        "--water", f"{water_path}:waterdelen", "--output", str(output)], check=True, capture_output=True)
    ours = pyogrio.read_dataframe(output, layer="neighbourhoods", columns=["buurtcode", "water_area_m2"],
                                  read_geometry=False)
    buurten = pyogrio.read_dataframe(data, layer="buurten", columns=["buurtcode"])
    water = pyogrio.read_dataframe(water_path, layer="waterdelen", columns=[]).geometry.values
    start = time.perf_counter()
    theirs = independent_water_area(buurten.geometry.values, shapely.make_valid(water))
    seconds = time.perf_counter() - start
    expected = dict(zip(buurten["buurtcode"], theirs))
    area = dict(zip(buurten["buurtcode"], shapely.area(buurten.geometry.values)))
    worst, bad = 0.0, []
    for code, value in zip(ours["buurtcode"], ours["water_area_m2"]):
        ref = expected[code]
        rel = abs(value - ref) / (abs(ref) if ref > 0 else area[code])
        worst = max(worst, rel)
        if rel > TOLERANCE:
            bad.append((code, value, ref))
    print(f"{len(ours):,} buurten, {a.water} water: largest relative difference {worst:.2e} "
          f"(shapely's union took {seconds:.1f} s); {len(bad)} beyond {TOLERANCE:g}")
    for code, value, ref in bad[:10]:
        print(f"  {code}: warmte {value:.6f} m2, shapely {ref:.6f} m2")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
