"""The heat network in the streets side by side with PostGIS and pgRouting (issue 33): the same
clusters routed the way an analyst would with the open tools, and their trench lengths compared.

    python benchmarks/streets_side_by_side.py                       # ten buurten of ~2,000 buildings
    python benchmarks/streets_side_by_side.py --buildings 100000    # a country-like set, its candidates

warmte routes every cluster (on the small set with network.all_buurten) and writes its pipes. For
PostGIS 3.3 + pgRouting 3.4 (Debian's postgresql-15-postgis-3 and postgresql-15-pgrouting, in a
throw-away cluster under benchmarks/pg-tmp/, started and removed here) the same problem is posed:
- the roads (the set's `wegen`, drawn one line between crossings) cut where warmte's service pipes
  land on them and where each cluster's start meets the roads, then pgr_createTopology at warmte's
  snapping tolerance (network.snap_tolerance_m);
- per cluster the union of pgr_dijkstra's shortest paths from its start to every joining building's
  landing point: the shortest-path heuristic, as it is built in SQL;
- and each building's demand (warmte's buildings layer) assigned to its nearest road by KNN, summed
  per road: the street heat density of F|Heat's recipe.
Reported: wall times (warmte's whole run; PostGIS's load, cut and topology, routes, densities), per
cluster the trench of both (warmte's is the shortest-path heuristic improved by key-path exchange,
so it should not be longer), and the totals. Timings and lengths are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from bench_streets import PROGRAM, ensure
from side_by_side import Cluster

HERE = Path(__file__).resolve().parent
SNAP_M = 0.5  # warmte's network.snap_tolerance_m default


def run_warmte(d: Path, out: Path, all_buurten: bool) -> float:
    gpkg = d / "country.gpkg"
    config = out.parent / "streets.toml"
    config.write_text(f"[network]\nall_buurten = {'true' if all_buurten else 'false'}\n")
    args = [str(PROGRAM), "analyse", "--neighbourhoods", f"{gpkg}:buurten", "--buildings", f"{gpkg}:panden",
            "--water", f"{gpkg}:waterdelen", "--roads", f"{gpkg}:wegen", "--config", str(config),
            "--buildings-layer", "--output", str(out), "--force", "--quiet"]
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def points_on_roads(roads: gpd.GeoDataFrame, network: gpd.GeoDataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Where each joining building's service pipe lands on a road (its end nearer the roads) and
    where each cluster's start meets the roads: road id and fraction along it, per cluster."""
    tree = shapely.STRtree(roads.geometry.values)
    rows = []
    service = network[network["kind"] == "service"]
    for cluster, geometry in zip(service["cluster_id"], service.geometry):
        line = shapely.line_merge(geometry) if geometry.geom_type == "MultiLineString" else geometry
        coords = shapely.get_coordinates(line)
        if len(coords) == 0:  # a building on the road itself: no service pipe drawn (counted apart)
            continue
        ends = [shapely.Point(coords[0]), shapely.Point(coords[-1])]
        hits = [tree.query_nearest(e, return_distance=True) for e in ends]
        k = 0 if hits[0][1][0] <= hits[1][1][0] else 1
        road = int(hits[k][0][0])
        rows.append((cluster, False, road, roads.geometry.values[road].project(ends[k], normalized=True)))
    for cluster, x, y in zip(clusters["cluster_id"], clusters["start_x"], clusters["start_y"]):
        start = shapely.Point(x, y)
        road = int(tree.query_nearest(start)[0])
        rows.append((cluster, True, road, roads.geometry.values[road].project(start, normalized=True)))
    out = pd.DataFrame(rows, columns=["cluster_id", "is_root", "road", "fraction"])
    out["pid"] = np.arange(1, len(out) + 1)
    return out


def run_postgis(pg: Cluster, roads: gpd.GeoDataFrame, points: pd.DataFrame, buildings: gpd.GeoDataFrame,
                tmp: Path) -> tuple[dict, pd.DataFrame]:
    times = {}
    db = "streets"
    start = time.perf_counter()
    connection = pg.database(db)
    pg.psql(db, "create extension pgrouting;")
    layers = tmp / "load.gpkg"
    roads.assign(road=np.arange(len(roads)))[["road", "geometry"]].to_file(layers, layer="roads")
    points.to_csv(tmp / "points.csv", index=False)
    buildings[["heat_demand_gj", "geometry"]].to_file(layers, layer="buildings")
    for layer in ("roads", "buildings"):
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", connection, str(layers), layer, "-nln", layer,
                        "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST"], check=True)
    pg.psql(db, f"create table points (cluster_id text, is_root boolean, road int, fraction float8, pid int);"
                f"\\copy points from '{tmp / 'points.csv'}' csv header")
    times["load_s"] = time.perf_counter() - start

    start = time.perf_counter()
    pg.psql(db, f"""
        -- Each road cut at the points that land on it, then one topology over the pieces.
        create table cut as
        with f as (select r.road, r.geom, array_agg(distinct p.fraction order by p.fraction)
                          filter (where p.fraction > 0 and p.fraction < 1) as fr
                   from roads r left join points p on p.road = r.road group by r.road, r.geom),
             b as (select road, geom, array[0::float8] || coalesce(fr, '{{}}') || array[1::float8] as fr from f)
        select row_number() over ()::int as id, road, geom from (
            select road, st_linesubstring(geom, fr[i], fr[i + 1]) as geom
            from b, generate_subscripts(fr, 1) as i where i < array_length(fr, 1) and fr[i + 1] > fr[i]) pieces
        where geometrytype(geom) = 'LINESTRING' and st_length(geom) > 0;
        -- Noded where lines cross without a shared vertex, as warmte nodes them.
        select pgr_nodeNetwork('cut', {SNAP_M}, 'id', 'geom');
        alter table cut_noded add column cost float8;
        update cut_noded set cost = st_length(geom);
        select pgr_createTopology('cut_noded', {SNAP_M}, 'geom', 'id', clean := true);
        create table point_vertex as
        select p.pid, p.cluster_id, p.is_root,
               (select v.id from cut_noded_vertices_pgr v
                order by v.the_geom <-> st_lineinterpolatepoint(r.geom, p.fraction) limit 1) as vid
        from points p join roads r on r.road = p.road;
    """)
    times["cut_and_topology_s"] = time.perf_counter() - start

    start = time.perf_counter()
    rows = pg.psql(db, """
        with r as (select cluster_id, max(vid) filter (where is_root) as root,
                          array_agg(distinct vid) filter (where not is_root) as landing
                   from point_vertex group by cluster_id),
             c as (select cluster_id, root, array_remove(landing, root) as terms from r)
        select c.cluster_id,
               (select coalesce(sum(e.cost), 0) from cut_noded e where e.id in (
                    select distinct d.edge from pgr_dijkstra('select id, source, target, cost from cut_noded where source is not null and target is not null',
                                                             c.root, c.terms, directed := false) d
                    where d.edge > 0)) as trench_m,
               (select count(distinct d.end_vid) from pgr_dijkstra('select id, source, target, cost from cut_noded where source is not null and target is not null',
                                                                   c.root, c.terms, directed := false) d) as reached,
               cardinality(c.terms) as terminals
        from c where cardinality(c.terms) > 0 order by c.cluster_id;
    """, rows=True)
    times["routes_s"] = time.perf_counter() - start
    routes = pd.DataFrame(rows, columns=["cluster_id", "pg_trench_m", "reached", "terminals"])
    routes[["pg_trench_m"]] = routes[["pg_trench_m"]].astype(float)

    start = time.perf_counter()
    [[assigned]] = pg.psql(db, """
        create table street_heat as
        select n.road, sum(b.heat_demand_gj) as gj
        from buildings b cross join lateral
             (select r.road from roads r order by r.geom <-> st_centroid(b.geom) limit 1) n
        where b.heat_demand_gj > 0 group by n.road;
        select sum(gj) from street_heat;
    """, rows=True)
    times["densities_s"] = time.perf_counter() - start
    times["assigned_gj"] = float(assigned)
    return times, routes


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, default=20_000)
    p.add_argument("--buurten", type=int, default=10, help="0: the generator's own (one per 750 buildings)")
    a = p.parse_args()
    d = ensure(a.buildings, a.buurten or None)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "warmte.gpkg"
        wall = run_warmte(d, out, all_buurten=bool(a.buurten))
        clusters = pyogrio.read_dataframe(out, layer="clusters", read_geometry=False)
        network = gpd.read_file(out, layer="network")
        buildings = gpd.read_file(out, layer="buildings")
        roads = gpd.read_file(d / "country.gpkg", layer="wegen").explode(index_parts=False).reset_index(drop=True)
        points = points_on_roads(roads, network, clusters)
        with Cluster() as pg:
            times, routes = run_postgis(pg, roads, points, buildings, tmp)
    both = clusters[["cluster_id", "buildings", "trench_m"]].merge(routes, on="cluster_id")
    both[["reached", "terminals"]] = both[["reached", "terminals"]].astype(int)
    # Clusters pgRouting could not connect whole (its noding differs) are counted, not compared.
    unreached = int((both["reached"] < both["terminals"]).sum())
    both = both[both["reached"] == both["terminals"]].copy()
    both["ratio"] = both["trench_m"] / both["pg_trench_m"]
    row = {"buildings": a.buildings, "buurten": a.buurten, "clusters": len(both),
           "warmte_run_s": round(wall, 2), **{k: round(v, 2) for k, v in times.items()},
           "trench_warmte_km": round(both["trench_m"].sum() / 1000, 2),
           "trench_pgrouting_km": round(both["pg_trench_m"].sum() / 1000, 2),
           "ratio_median": round(float(both["ratio"].median()), 4), "ratio_max": round(float(both["ratio"].max()), 4),
           "clusters_with_unreached_terminals": unreached,
           "warmte_street_gj": round(float(buildings.loc[buildings["heat_demand_gj"] > 0, "heat_demand_gj"].sum()), 0)}
    print(json.dumps(row))
    print(both.sort_values("buildings", ascending=False).head(10).to_string(index=False))
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    with open(results / "streets_side_by_side.json", "a") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
