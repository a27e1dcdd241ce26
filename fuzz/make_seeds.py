"""Seed corpora for the libFuzzer targets, made from the test data (nothing binary is committed).

    python fuzz/make_seeds.py OUT_DIR

writes OUT_DIR/<target>/seed-* for fuzz_wkb (geometries of the test town in both byte orders,
ISO and EWKB, with Z and M, empty and collections), fuzz_config (the default configuration's TOML
and project files like the tests write), fuzz_csv (the built-in parameter tables, each behind the
byte that selects it) and fuzz_gpkg (small GeoPackages cut from the test town). Deterministic:
the same files every time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent
TOWN = ROOT / "testdata" / "town" / "town.gpkg"
TABLES = ROOT / "libwarmte" / "data"
# Order of fuzz_csv's table selector byte (tables[] in fuzz_csv.cpp).
CSV_TABLES = ["residential_space_heat", "non_residential_heat", "insulation_labels", "heat_pump_spf",
              "cost_kentallen", "insulation_to_label_b", "practice_factor"]
# The last selector: PBL's local practice factors, in the layout PBL publishes (no built-in file).
LOCAL_PRACTICE_SEED = ("\ufeffgem2020;wijk2020;buurt2020;woningtype;verschilfactor\n"
                       "GM0001;WK000100;BU00010000;4;0.95\nGM0001;WK000100;BU00010000;5;1.05\n").encode()
# A corner of the test town small enough for a seed of a few hundred kB (RD metres).
SEED_BOX = (189_000, 466_000, 189_400, 466_400)
FEATURES_PER_LAYER = 6


def write(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def wkb_seeds(out: Path) -> None:
    geoms = []
    for layer in ["buurten", "panden", "waterdelen", "rwzi", "warmtenet"]:
        df = pyogrio.read_dataframe(TOWN, layer=layer, max_features=FEATURES_PER_LAYER)
        geoms.extend(df.geometry.values)
    geoms += [
        shapely.from_wkt("POLYGON EMPTY"),
        shapely.from_wkt("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((20 0, 30 0, 30 5, 20 0)))"),
        shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"),  # bow-tie
        shapely.from_wkt("GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (0 0, 5 5), POINT (1 2))"),
        shapely.from_wkt("POLYGON Z ((0 0 1, 4 0 2, 4 4 3, 0 0 1))"),
        shapely.from_wkt("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))"),
        shapely.from_wkt("MULTIPOINT (1 1, 2 2)"),
    ]
    n = 0
    for g in geoms:
        for variant in [dict(byte_order=1), dict(byte_order=0), dict(byte_order=1, include_srid=True, flavor="extended")]:
            try:
                blob = shapely.to_wkb(shapely.set_srid(g, 28992), **variant)
            except Exception:  # noqa: BLE001 - a flavour shapely cannot write for this geometry
                continue
            write(out, f"seed-{n:03d}", blob)
            n += 1
    # An M polygon by hand (shapely writes no M): ISO type 2003, one ring of four XYM points.
    ring = np.array([[0, 0, 7], [5, 0, 7], [5, 5, 7], [0, 0, 7]], dtype="<f8")
    blob = b"\x01" + np.uint32(2003).astype("<u4").tobytes() + np.uint32(1).astype("<u4").tobytes()
    blob += np.uint32(4).astype("<u4").tobytes() + ring.tobytes()
    write(out, f"seed-{n:03d}", blob)


CONFIG_SEEDS = [
    '[inputs]\nneighbourhoods = "town.gpkg:buurten"\nbuildings = "town.gpkg:panden"\nwater = "town.gpkg:waterdelen"\n'
    '[output]\npath = "out.gpkg"\n',
    '[score.heat_network.heat_density]\nweight = 0.7\n[score.aquathermie.coverage]\nweight = 0\n[analysis]\nthreads = 2\n',
    '[fields.buildings]\nstoreys = "bouwlagen"\nyear = "bouwjaar"\nyear_alternates = ["oorspronkelijkbouwjaar"]\n',
    '[costs]\nsocial_discount_rate = 0.03\n[prices]\nelectricity_eur_gj = 30.0\n[prices.enduser]\nelectricity_eur_gj = 70.0\n',
    '[inputs.buildings]\nsource = "PG:dbname=bag"\nlayer = "pand"\n[inputs.layers]\nwater = "waterdeel"\n',
    '[demand]\ncalibrate = "measured"\n[supply]\nmax_reach_m = 4000.0\n[buildings]\ndefault_year = 1965\n',
]


def config_seeds(out: Path) -> None:
    from warmte import _core

    write(out, "seed-defaults", _core.default_config_toml().encode())
    for i, text in enumerate(CONFIG_SEEDS):
        write(out, f"seed-{i:02d}", text.encode())


def csv_seeds(out: Path) -> None:
    for i, name in enumerate(CSV_TABLES):
        write(out, f"seed-{name}", bytes([i]) + (TABLES / f"{name}.csv").read_bytes())
    write(out, "seed-local_practice", bytes([len(CSV_TABLES)]) + LOCAL_PRACTICE_SEED)


def gpkg_seeds(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for layer in ["panden", "warmtenet", "rwzi"]:
            df = pyogrio.read_dataframe(TOWN, layer=layer, bbox=SEED_BOX)
            if df.empty:
                df = pyogrio.read_dataframe(TOWN, layer=layer, max_features=FEATURES_PER_LAYER)
            path = Path(tmp) / f"{layer}.gpkg"
            pyogrio.write_dataframe(df.head(FEATURES_PER_LAYER), path, layer=layer, driver="GPKG",
                                    layer_options={"SPATIAL_INDEX": "NO"}, dataset_options={"VERSION": "1.2"})
            write(out, f"seed-{layer}", path.read_bytes())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    wkb_seeds(out / "fuzz_wkb")
    config_seeds(out / "fuzz_config")
    csv_seeds(out / "fuzz_csv")
    gpkg_seeds(out / "fuzz_gpkg")
    for target in sorted(p for p in out.iterdir() if p.is_dir()):
        print(f"{target.name}: {len(list(target.iterdir()))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
