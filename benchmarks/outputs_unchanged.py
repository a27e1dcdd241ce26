"""Checks that a change left the outputs as they were: every field of every layer, byte for byte
(text, integers, geometry WKB) or to a relative 1e-12 (reals), plus the QGIS styles and the
provenance metadata (apart from the run date).

    python benchmarks/outputs_unchanged.py snapshot DIR [--sizes 1000000] [--country 100000]   # before
    python benchmarks/outputs_unchanged.py compare DIR  [--sizes 1000000] [--country 100000]   # after

`--country N` adds the country-like set of generate_country.py (BGT-like water, its heat raster);
`--tolerance` relaxes the relative tolerance for reals (issue 15 allows 1e-9 for speed work that
changes the order of a sum).

`snapshot` runs `warmte analyse` on the test town (every input role, buildings layer, grids,
sensitivity) and on generated sets of the given sizes, and keeps the GeoPackages in DIR;
`compare` runs the same again and compares. A GeoPackage is SQLite, so the comparison reads the
tables directly: nothing is lost in a conversion. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import html
import math
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOWN = ROOT / "testdata" / "town" / "town.gpkg"
RELATIVE_TOLERANCE = 1e-12
# The only provenance entry that differs between two runs of the same inputs.
VOLATILE_METADATA = ("WARMTE_RUN_DATE",)


def runs(sizes: list[int], country: list[int] = ()) -> dict[str, list[str]]:
    town = str(TOWN)
    out = {
        "town": ["--neighbourhoods", f"{town}:buurten", "--buildings", f"{town}:panden",
                 "--water", f"{town}:waterdelen", "--heat-network", f"{town}:warmtenet", "--plants", f"{town}:rwzi",
                 "--grid", f"heat={ROOT / 'testdata/town/heat_demand.tif'}", "--grid", f"cbs={town}:vierkant100m",
                 "--buildings-layer", "--sensitivity", "50"],
        # The streets, the network and the clusters (issue 33) on the town's roads.
        "town_roads": ["--neighbourhoods", f"{town}:buurten", "--buildings", f"{town}:panden",
                       "--water", f"{town}:waterdelen", "--roads", f"{town}:wegen", "--buildings-layer"],
        "town_threads1": ["--neighbourhoods", f"{town}:buurten", "--buildings", f"{town}:panden",
                          "--water", f"{town}:waterdelen", "--threads", "1"],
    }
    for n in sizes:
        data = HERE / "data" / str(n) / "town.gpkg"
        if not data.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--buildings", str(n)], check=True)
        out[f"generated_{n}"] = ["--neighbourhoods", f"{data}:buurten", "--buildings", f"{data}:panden",
                                 "--water", f"{data}:waterdelen"]
    for n in country:
        data = HERE / "data" / f"country-{n}" / "country.gpkg"
        if not data.exists() or not (data.parent / "heat.tif").exists():
            subprocess.run([sys.executable, str(HERE / "generate_country.py"), "--buildings", str(n)], check=True)
        out[f"country_{n}"] = ["--neighbourhoods", f"{data}:buurten", "--buildings", f"{data}:panden",
                               "--water", f"{data}:waterdelen", "--grid", f"heat={data.parent / 'heat.tif'}",
                               "--buildings-layer"]
        out[f"country_{n}_roads"] = out[f"country_{n}"] + ["--roads", f"{data}:wegen"]
    return out


def run_all(directory: Path, sizes: list[int], country: list[int]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).parent / "warmte"
    for name, args in runs(sizes, country).items():
        target = directory / f"{name}.gpkg"
        subprocess.run([str(exe), "analyse", *args, "--output", str(target), "--quiet"], check=True)


def tables(db: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]
    return names + [] if "layer_styles" in names else names + ["layer_styles"]


# The GeoPackage's own tables, compared too: a layer's extent, feature count, geometry type and
# spatial index are what QGIS reads first. (table, key, columns left out)
CATALOGUE = (("gpkg_contents", "table_name", ("last_change",)), ("gpkg_ogr_contents", "table_name", ()),
             ("gpkg_geometry_columns", "table_name", ()), ("gpkg_extensions", "table_name, extension_name", ()),
             ("gpkg_data_columns", "table_name, column_name", ()))


def catalogue_rows(db: sqlite3.Connection, table: str, key: str, skip: tuple) -> list | None:
    try:
        names = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[1] not in skip]
        if not names:
            return None
        return db.execute(f'SELECT {", ".join(names)} FROM "{table}" ORDER BY {key}').fetchall()
    except sqlite3.OperationalError:
        return None


def compare_catalogue(a: sqlite3.Connection, b: sqlite3.Connection) -> list[str]:
    problems = []
    for table, key, skip in CATALOGUE:
        ra, rb = catalogue_rows(a, table, key, skip), catalogue_rows(b, table, key, skip)
        # Extents to the tolerance: GDAL wrote them rounded to 15 digits, warmte writes them whole.
        if (ra is None) != (rb is None) or (ra is not None and (len(ra) != len(rb) or not all(
                len(x) == len(y) and all(same_value(u, v) for u, v in zip(x, y)) for x, y in zip(ra, rb)))):
            problems.append(f"{table} differs:\n    before {catalogue_rows(a, table, key, skip)}\n"
                            f"    after  {catalogue_rows(b, table, key, skip)}")
    trees = [r[0] for r in a.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%rtree%'")]
    for tree in trees:
        try:
            ra = a.execute(f'SELECT * FROM "{tree}" ORDER BY id').fetchall()
            rb = b.execute(f'SELECT * FROM "{tree}" ORDER BY id').fetchall()
        except sqlite3.OperationalError as e:
            problems.append(f"{tree}: {e}")
            continue
        if ra != rb:
            problems.append(f"{tree}: the spatial index differs ({len(ra)} vs {len(rb)} entries)")
    return problems


def same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return a == b or abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))
    return a == b


def compare_files(before: Path, after: Path) -> list[str]:
    problems = []
    a, b = sqlite3.connect(before), sqlite3.connect(after)
    ta, tb = tables(a), tables(b)
    if ta != tb:
        return [f"layers differ: {ta} vs {tb}"]
    for table in ta:
        ca = [r[1] for r in a.execute(f'PRAGMA table_info("{table}")')]
        cb = [r[1] for r in b.execute(f'PRAGMA table_info("{table}")')]
        if ca != cb:
            problems.append(f"{table}: fields differ: {ca} vs {cb}")
            continue
        key = "fid" if "fid" in ca else "id" if "id" in ca else "rowid"
        ra = a.execute(f'SELECT * FROM "{table}" ORDER BY {key}').fetchall()
        rb = b.execute(f'SELECT * FROM "{table}" ORDER BY {key}').fetchall()
        if len(ra) != len(rb):
            problems.append(f"{table}: {len(ra)} rows vs {len(rb)}")
            continue
        for row, (x, y) in enumerate(zip(ra, rb)):
            for field, u, v in zip(ca, x, y):
                if table == "layer_styles" and field == "update_time":
                    continue
                if not same_value(u, v):
                    problems.append(f"{table} row {row + 1} field {field}: {u!r} vs {v!r}")
                    break
            if len(problems) > 20:
                return problems
    problems += compare_catalogue(a, b)
    # The output's own path is part of the configuration echo; the two runs write to two folders.
    ma = metadata(a, before.parent)
    mb = metadata(b, after.parent)
    for name in ma:
        if normalised(name, ma[name]) != normalised(name, mb.get(name)):
            problems.append(f"metadata {name} differs:\n    before {ma[name]!r}\n    after  {mb.get(name)!r}")
    return problems


# Configuration keys that moved (issue 11: output settings live in [output]); a project file with
# the old names still reads, and the echo uses the new ones.
MOVED_KEYS = {"inputs.output": "output.path", "inputs.heat_grid": "output.heat_grid",
              "inputs.grid_buildings": "output.grid_buildings", "inputs.map": "output.map",
              "inputs.buildings_layer": "output.buildings_layer"}


def normalised(name: str, item: str | None):
    """The configuration echo as a flat dict (key order and moved keys do not count); the input
    list as a set of lines (their order is the role table's)."""
    if item is None:
        return None
    body = html.unescape(item[item.find(">") + 1:])
    if name == "WARMTE_CONFIG":
        flat = {}

        def walk(table, prefix):
            for key, value in table.items():
                full = f"{prefix}.{key}" if prefix else key
                if isinstance(value, dict):
                    walk(value, full)
                else:
                    flat[MOVED_KEYS.get(full, full)] = value

        walk(tomllib.loads(body), "")
        return flat
    if name == "WARMTE_INPUTS":
        return sorted(body.splitlines())
    return body


def metadata(db: sqlite3.Connection, folder: Path) -> dict:
    try:
        text = "".join(r[0] for r in db.execute("SELECT metadata FROM gpkg_metadata"))
    except sqlite3.OperationalError:
        return {}
    text = text.replace(str(folder), "OUTPUT_FOLDER")
    items = {}
    for name in ("WARMTE_VERSION", "WARMTE_CONFIG", "WARMTE_INPUTS", *VOLATILE_METADATA):
        start = text.find(f'key="{name}"')
        items[name] = text[start:text.find("</MDI>", start)] if start >= 0 else None
    for name in VOLATILE_METADATA:
        items.pop(name)
    return items


def main() -> int:
    global RELATIVE_TOLERANCE
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["snapshot", "compare"])
    p.add_argument("directory", type=Path)
    p.add_argument("--sizes", type=int, nargs="*", default=[])
    p.add_argument("--country", type=int, nargs="*", default=[])
    p.add_argument("--tolerance", type=float, default=RELATIVE_TOLERANCE)
    a = p.parse_args()
    RELATIVE_TOLERANCE = a.tolerance
    if a.action == "snapshot":
        run_all(a.directory, a.sizes, a.country)
        print(f"kept {len(runs(a.sizes, a.country))} outputs in {a.directory}")
        return 0
    now = a.directory / "now"
    run_all(now, a.sizes, a.country)
    failed = False
    for name in runs(a.sizes, a.country):
        problems = compare_files(a.directory / f"{name}.gpkg", now / f"{name}.gpkg")
        print(f"{name}: {'identical' if not problems else 'DIFFERENT'}")
        for line in problems:
            print(f"  {line}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
