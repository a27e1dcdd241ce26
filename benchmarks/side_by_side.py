"""warmte, PostGIS and GeoPandas side by side on the country-like data of generate_country.py
(issue 15): the same core job, the same inputs, wall time including the load, and a check that
the answers agree per buurt.

    python benchmarks/side_by_side.py --sizes 1000000 [--geopandas 100000 1000000] [--no-postgis]
                                      [--water bgt overlapping partition]

The core job, per buurt: buildings counted where most of their footprint lies, footprint area
clipped to the buurt, water area (overlapping water unioned), the footprint-weighted mean distance
of its buildings to the nearest water, and the sum and cell count of the heat raster.

- warmte: `warmte analyse` with buurten, buildings, water and `--grid heat=heat.tif` (the whole
  pipeline, far more outputs than the core job).
- PostGIS 3.3 on PostgreSQL 15 (Debian's postgresql-15-postgis-3): a throw-away cluster under
  benchmarks/pg-tmp/ on localhost, started and removed by this script; loaded with `ogr2ogr` (the
  GeoPackage) and `raster2pgsql` (the raster, 100 x 100 tiles). "usual" is the SQL as a GIS
  analyst writes it (ST_MakeValid on invalid footprints, ST_Intersection for every pair, KNN for
  the nearest water); "expert" adds the ST_Covers fast path, unions only the water that crosses a
  border, and parallel workers. The raster uses ST_Clip with an explicit nodata and counts cells
  by their centre, so its numbers are compared, not required to agree (warmte weighs exact
  cell coverage).
- GeoPandas (today's stack): the same job with overlay, sjoin_nearest and dissolve; no raster.

`--water` runs each water kind of generate_country.py (issue 36): the set's own BGT-like
partition, an OSM/TOP10NL-like mix that overlaps, and that mix made a partition.

Agreement per buurt: building counts exactly, areas and distances to 1e-6 relative. Timings are
reported (stdout and benchmarks/results/side_by_side.json), never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from generate_country import data_for

HERE = Path(__file__).resolve().parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORT = 54_330
AREA_TOLERANCE = 1e-6          # relative, per buurt (issue 15)
NODATA = -9999.0               # generate_country.py's heat raster

MEASURE = ("import resource, subprocess, sys, time, json;"
           "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
           "w = time.perf_counter() - t;"
           "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
           "print(json.dumps({'wall': w, 'peak_mib': m, 'rc': p.returncode, 'out': p.stdout, 'err': p.stderr}))")


def measured(args: list[str]) -> dict:
    """Runs a command in a child of a fresh interpreter, so ru_maxrss is that command's peak."""
    r = json.loads(subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True,
                                  check=True).stdout)
    if r["rc"] != 0:
        raise SystemExit(f"{args[0]} failed: {r['err'][-2000:]}")
    return r


# --- warmte -----------------------------------------------------------------------------------

def run_warmte(path: Path, water_path: Path, threads: int, out_dir: Path) -> tuple[dict, dict]:
    exe = Path(sys.executable).parent / "warmte"
    out = out_dir / f"side_{path.parent.name}_{water_path.stem}.gpkg"
    r = measured([str(exe), "analyse", "--neighbourhoods", f"{path}:buurten", "--buildings", f"{path}:panden",
                  "--water", f"{water_path}:waterdelen", "--grid", f"heat={path.parent / 'heat.tif'}",
                  "--output", str(out), "--threads", str(threads), "--quiet"])
    with sqlite3.connect(out) as db:
        rows = db.execute("select buurtcode, n_buildings, footprint_area_m2, water_area_m2, dist_water_m, "
                          "heat_sum, heat_count from neighbourhoods").fetchall()
    return ({"wall_s": round(r["wall"], 2), "peak_mib": round(r["peak_mib"])},
            {row[0]: row[1:] for row in rows})


# --- PostGIS ----------------------------------------------------------------------------------

class Cluster:
    """A throw-away PostgreSQL cluster under benchmarks/pg-tmp (as the postgres user when root:
    PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.folder = HERE / "pg-tmp"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def run(self, *command, **kw):
        return subprocess.run(self.as_user + [str(c) for c in command], check=True, capture_output=True, text=True, **kw)

    def __enter__(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        self.folder.chmod(0o777)
        self.run(PG_BIN / "initdb", "-D", self.folder / "data", "-A", "trust", "-U", "warmte", "--no-sync")
        # As a benchmark machine is set up: memory for the job, no durability (a throw-away cluster).
        self.run(PG_BIN / "pg_ctl", "-D", self.folder / "data", "-w", "-l", self.folder / "log", "-o",
                 f"-k {self.folder} -c listen_addresses=localhost -p {PORT} -c fsync=off -c synchronous_commit=off "
                 f"-c full_page_writes=off -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB "
                 f"-c max_wal_size=8GB", "start")
        return self

    def __exit__(self, *exc):
        subprocess.run(self.as_user + [str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                       "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def database(self, name: str) -> str:
        self.run(PG_BIN / "createdb", "-h", "localhost", "-p", PORT, "-U", "warmte", name)
        self.psql(name, "create extension postgis; create extension postgis_raster;")
        return f"PG:host=localhost port={PORT} user=warmte dbname={name}"

    def psql(self, db: str, sql: str, rows: bool = False):
        r = subprocess.run(["psql", "-h", "localhost", "-p", str(PORT), "-U", "warmte", "-d", db, "-X", "-q",
                            "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\t"], input=sql, capture_output=True,
                           text=True)
        if r.returncode != 0:
            raise SystemExit(f"psql failed: {r.stderr[-2000:]}")
        return [line.split("\t") for line in r.stdout.splitlines() if line] if rows else None


def load(cluster: Cluster, db: str, path: Path, water_path: Path) -> float:
    start = time.perf_counter()
    connection = cluster.database(db)
    for source, layers in [(path, ["buurten", "panden"]), (water_path, ["waterdelen"])]:
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", connection, str(source), *layers,
                        "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid", "-nlt", "PROMOTE_TO_MULTI",
                        "--config", "PG_USE_COPY", "YES"], check=True, capture_output=True)
    raster = subprocess.run(["raster2pgsql", "-s", "28992", "-t", "100x100", "-I", "-N", str(NODATA),
                             str(path.parent / "heat.tif"), "heat"], check=True, capture_output=True, text=True).stdout
    cluster.psql(db, raster)
    cluster.psql(db, "analyze;")
    return time.perf_counter() - start


# Buildings made valid, pieces per buurt, home buurt by the largest piece (the first listed on a
# tie), water per buurt, the nearest water per building by the KNN operator, raster sums.
USUAL_SQL = """
create table p as select fid, case when st_isvalid(geom) then geom else st_makevalid(geom) end as geom
  from panden where status in ('Pand in gebruik', 'Pand in gebruik (niet ingemeten)', 'Verbouwing pand');
create index on p using gist (geom);
create table pieces as
  select b.fid as buurt, p.fid as pand, st_area(st_intersection(b.geom, p.geom)) as area
  from buurten b join p on st_intersects(b.geom, p.geom);
delete from pieces where area <= 0;
create table nearest as
  select p.fid as pand, (select st_distance(p.geom, w.geom) from waterdelen w order by p.geom <-> w.geom limit 1) as d
  from p;
create table water as
  select b.fid as buurt, st_area(st_union(st_intersection(b.geom, w.geom))) as area
  from buurten b join waterdelen w on st_intersects(b.geom, w.geom) group by b.fid;
"""

EXPERT_SQL = """
set max_parallel_workers_per_gather = 2;
set parallel_setup_cost = 10; set parallel_tuple_cost = 0.001;
create table p as select fid, case when st_isvalid(geom) then geom else st_makevalid(geom) end as geom
  from panden where status in ('Pand in gebruik', 'Pand in gebruik (niet ingemeten)', 'Verbouwing pand');
create index on p using gist (geom);
analyze p;
create table pieces as
  select b.fid as buurt, p.fid as pand,
         case when st_covers(b.geom, p.geom) then st_area(p.geom) else st_area(st_intersection(b.geom, p.geom)) end as area
  from buurten b join p on st_intersects(b.geom, p.geom);
delete from pieces where area <= 0;
create table nearest as
  select p.fid as pand, n.d from p cross join lateral
    (select st_distance(p.geom, w.geom) as d from waterdelen w order by p.geom <-> w.geom limit 1) n;
-- Water wholly inside a buurt just adds up; only water that crosses a border or overlaps other
-- water needs an intersection and a union.
create table wpairs as
  select b.fid as buurt, w.fid as w, st_covers(b.geom, w.geom) as inside
  from buurten b join waterdelen w on st_intersects(b.geom, w.geom);
create table overlapping as
  select distinct a.fid from waterdelen a join waterdelen c on a.fid <> c.fid and st_intersects(a.geom, c.geom)
  where st_relate(a.geom, c.geom, 'T********');
create table water as
  select buurt, sum(area) as area from (
    select q.buurt, st_area(w.geom) as area from wpairs q join waterdelen w on w.fid = q.w
      where q.inside and q.w not in (select fid from overlapping)
    union all
    select q.buurt, st_area(st_union(st_intersection(b.geom, w.geom))) from wpairs q
      join waterdelen w on w.fid = q.w join buurten b on b.fid = q.buurt
      where not q.inside or q.w in (select fid from overlapping) group by q.buurt) s
  group by buurt;
"""

RESULT_SQL = f"""
-- The largest piece; pieces equal to 1e-9 are a tie that the buurt listed first wins (warmte's rule).
create table home as select distinct on (q.pand) q.pand, q.buurt from pieces q
  join (select pand, max(area) as m from pieces group by pand) x on x.pand = q.pand
  where q.area >= x.m * (1 - 1e-9) order by q.pand, q.buurt;
create table heat_sums as
  select b.fid as buurt, (st_summarystatsagg(st_clip(r.rast, 1, b.geom, ({NODATA})::double precision, true), 1, true)).*
  from buurten b join heat r on st_intersects(r.rast, b.geom) group by b.fid;
select b.buurtcode,
       coalesce((select count(*) from home h where h.buurt = b.fid), 0),
       coalesce((select sum(area) from pieces q where q.buurt = b.fid), 0),
       coalesce((select area from water w where w.buurt = b.fid), 0),
       (select sum(q.area * n.d) / nullif(sum(q.area), 0) from pieces q join nearest n on n.pand = q.pand where q.buurt = b.fid),
       (select sum from heat_sums s where s.buurt = b.fid),
       (select count from heat_sums s where s.buurt = b.fid)
from buurten b;
"""


def run_postgis(cluster: Cluster, path: Path, water_path: Path, flavour: str) -> tuple[dict, dict]:
    db = f"{flavour}_{path.parent.name.replace('-', '_')}_{water_path.stem.replace('-', '_')}"
    start = time.perf_counter()
    load_s = load(cluster, db, path, water_path)
    cluster.psql(db, USUAL_SQL if flavour == "usual" else EXPERT_SQL)
    rows = cluster.psql(db, RESULT_SQL, rows=True)
    wall = time.perf_counter() - start
    values = {r[0]: (int(r[1]), float(r[2]), float(r[3]), float(r[4]) if r[4] else float("nan"),
                     float(r[5]) if r[5] else float("nan"), float(r[6]) if r[6] else float("nan")) for r in rows}
    return {"wall_s": round(wall, 2), "load_s": round(load_s, 2)}, values


# --- GeoPandas --------------------------------------------------------------------------------

GEOPANDAS = """
import time, json, resource, sys
t = time.perf_counter()
import geopandas as gpd, numpy as np, shapely
path, water_path = sys.argv[1], sys.argv[2]
nb = gpd.read_file(path, layer="buurten")
b = gpd.read_file(path, layer="panden")
w = gpd.read_file(water_path, layer="waterdelen")
b = b[b["status"].isin(["Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"])].copy()
b["geometry"] = shapely.make_valid(b.geometry.values)
b["bid"] = np.arange(len(b))
nb["order"] = np.arange(len(nb))
pieces = gpd.overlay(b[["bid", "geometry"]], nb[["buurtcode", "order", "geometry"]], how="intersection", keep_geom_type=True)
pieces["area"] = pieces.area
pieces = pieces[pieces["area"] > 0]
nearest = gpd.sjoin_nearest(b[["bid", "geometry"]], w[["geometry"]], distance_col="dist")
dist = nearest.groupby("bid")["dist"].min()
pieces["dist"] = dist.reindex(pieces["bid"]).to_numpy()
footprint = pieces.groupby("buurtcode")["area"].sum()
largest = pieces.groupby("bid")["area"].transform("max")
home = (pieces[pieces["area"] >= largest * (1 - 1e-9)].sort_values(["bid", "order"]).drop_duplicates("bid")
        .groupby("buurtcode").size())
weighted = (pieces["area"] * pieces["dist"]).groupby(pieces["buurtcode"]).sum() / footprint
water = gpd.overlay(w[["geometry"]].dissolve(), nb[["buurtcode", "geometry"]], how="intersection")
water_area = water.assign(a=water.area).groupby("buurtcode")["a"].sum()
wall = time.perf_counter() - t
out = {c: (int(home.get(c, 0)), float(footprint.get(c, 0.0)), float(water_area.get(c, 0.0)),
           float(weighted.get(c, float("nan")))) for c in nb["buurtcode"]}
print(json.dumps({"wall_s": round(wall, 2), "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "values": out}))
"""


def run_geopandas(path: Path, water_path: Path) -> tuple[dict, dict]:
    r = json.loads(subprocess.run([sys.executable, "-c", GEOPANDAS, str(path), str(water_path)], capture_output=True,
                                  text=True, check=True).stdout)
    return {"wall_s": r["wall_s"], "peak_mib": r["peak_mib"]}, {k: tuple(v) for k, v in r["values"].items()}


# --- agreement --------------------------------------------------------------------------------

def agreement(ours: dict, theirs: dict) -> dict:
    """Per buurt: counts exactly, footprint and water area and mean distance to 1e-6 relative;
    for the raster (when given) the largest relative difference of the sums, reported only."""
    def close(a, b, tol=AREA_TOLERANCE):
        if a is None or (isinstance(a, float) and np.isnan(a)):
            return b is None or np.isnan(b)
        return abs(a - b) <= tol * max(abs(a), abs(b), 1.0)

    bad = {"n_buildings": [], "footprint_area_m2": [], "water_area_m2": [], "dist_water_m": []}
    raster = []
    for code, mine in ours.items():
        other = theirs.get(code)
        if other is None:
            bad["n_buildings"].append(code)
            continue
        if int(mine[0]) != int(other[0]):
            bad["n_buildings"].append(code)
        for k, name in [(1, "footprint_area_m2"), (2, "water_area_m2"), (3, "dist_water_m")]:
            if not close(mine[k], other[k]):
                bad[name].append(code)
        if len(other) > 4 and mine[4] is not None and not np.isnan(other[4]) and max(abs(mine[4]), abs(other[4])) > 0:
            raster.append(abs(mine[4] - other[4]) / max(abs(mine[4]), abs(other[4])))
    out = {name: ("agree" if not codes else f"{len(codes)} differ, e.g. {codes[:3]}") for name, codes in bad.items()}
    if raster:
        out["heat_sum_largest_relative_difference"] = round(float(max(raster)), 4)
        out["heat_sum_median_relative_difference"] = round(float(np.median(raster)), 5)
    out["all_agree"] = not any(bad.values())
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    p.add_argument("--geopandas", type=int, nargs="*", default=[100_000, 1_000_000])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-postgis", action="store_true")
    p.add_argument("--water", nargs="+", default=["bgt"], choices=["bgt", "overlapping", "partition"])
    a = p.parse_args()
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    results = []
    postgis = not a.no_postgis and (PG_BIN / "initdb").exists() and shutil.which("raster2pgsql")
    if not a.no_postgis and not postgis:
        print("PostGIS skipped: install postgresql-15-postgis-3 postgis (make test installs them)")
    for n, water in ((n, w) for n in sorted(set(a.sizes) | set(a.geopandas)) for w in a.water):
        path, water_path = data_for(n, water)
        row = {"buildings": n, "water": water}
        row["warmte"], ours = run_warmte(path, water_path, a.threads, out_dir)
        print(f"{n:>10,} {water} warmte: {row['warmte']['wall_s']} s, {row['warmte']['peak_mib']} MiB", flush=True)
        if postgis and n in a.sizes:
            with Cluster() as cluster:
                for flavour in ("usual", "expert"):
                    timing, values = run_postgis(cluster, path, water_path, flavour)
                    timing["agreement"] = agreement(ours, values)
                    timing["ratio_to_warmte"] = round(timing["wall_s"] / row["warmte"]["wall_s"], 1)
                    row[f"postgis_{flavour}"] = timing
                    print(f"{n:>10,} {water} PostGIS {flavour}: {timing['wall_s']} s (load {timing['load_s']} s), "
                          f"{timing['ratio_to_warmte']}x warmte; {timing['agreement']}", flush=True)
        if n in a.geopandas:
            timing, values = run_geopandas(path, water_path)
            timing["agreement"] = agreement(ours, values)
            timing["ratio_to_warmte"] = round(timing["wall_s"] / row["warmte"]["wall_s"], 1)
            row["geopandas"] = timing
            print(f"{n:>10,} {water} GeoPandas: {timing['wall_s']} s, {timing['peak_mib']} MiB, "
                  f"{timing['ratio_to_warmte']}x warmte; {timing['agreement']}", flush=True)
        results.append(row)
    with open(out_dir / "side_by_side.json", "a") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
