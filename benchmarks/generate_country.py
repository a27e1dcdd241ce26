"""Country-like benchmark data (issue 15), independent of the test town: what the real data would
do to the model, at any size.

    python benchmarks/generate_country.py --buildings 1000000    # -> benchmarks/data/country-1000000/country.gpkg

- buurten: a Voronoi diagram of random seeds (one per BUILDINGS_PER_BUURT buildings), its edges
  densified every 25 m and polygonised, so neighbours share their edges vertex for vertex, with
  a few hundred vertices each; grouped into municipalities (--municipalities, default 342 at
  10M buildings) by their nearest municipal seat: buurtcode BU<gm><nnnn>, gemeentecode GM<gm>.
- buildings: street lattices (a rotated grid per town, terraced rows of 5-10 m fronts), laid
  over the buurten regardless of their borders and then thinned so BORDER_SHARE of them cross
  one; INVALID_SHARE of them are bow-ties. BAG-like attributes (identificatie, bouwjaar, status,
  gebruiksdoel, oppervlakte, aantal_verblijfsobjecten, b3_bouwlagen).
- water as the BGT draws it, one polygon per 10 buildings: polder ditches 2-8 m wide and
  hundreds of metres long in parallel sets outside the towns (about three quarters of all
  water polygons are >= 1,000 m2, aquathermie sources), short ditch pieces, urban canals, lakes
  and rivers 80-250 m wide cut into 2.4 km segments.

Deterministic for a seed. The domain grows with the data (about 3,500 km2 per million
buildings, the Netherlands' land per building) inside RD New's area of use.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

RD = "EPSG:28992"
ORIGIN = (20_000.0, 310_000.0)          # south-west corner of the domain (RD New)
LAND_M2_PER_BUILDING = 3_500.0          # ~35,000 km2 of land / ~10M panden
BUILDINGS_PER_BUURT = 750               # 1M buildings : 1,333 buurten (issue 15)
MUNICIPALITIES_PER_10M = 342
BUURT_EDGE_STEP_M = 25.0                # densification of buurt borders
BORDER_SHARE = 0.024                    # buildings crossing a buurt border
INVALID_SHARE = 0.001                   # bow-tie footprints
WATER_PER_BUILDING = 0.1                # one water polygon per 10 buildings
TOWN_BUILDINGS = (2_000, 40_000)        # buildings per town (log-uniform)
TOWN_BUURT_SHARE = 0.8                 # buurten whose seed lies in a town
LOT_FRONT_M = (5.0, 10.0)               # terraced house front
LOT_DEPTH_M = (8.0, 12.0)
STREET_PITCH_M = 32.0                   # row to row (two rows of gardens and a street)
DITCH_SET = (6, 20)                     # parallel ditches per set
DITCH_SPACING_M = (40.0, 110.0)
DITCH_LENGTH_M = (150.0, 900.0)
DITCH_WIDTH_M = (2.0, 8.0)
SHORT_DITCH_SHARE = 0.22                # of water polygons: short pieces, mostly < 1,000 m2
CANAL_SHARE = 0.02
RURAL_SLACK = 1.25
LAKES_PER_M_BUILDINGS = 60
RIVERS_PER_M_BUILDINGS = 3
RIVER_WIDTH_M = (80.0, 250.0)
RIVER_SEGMENT_M = 2_400.0


def rotated_rectangles(cx, cy, w, d, angle):
    """Polygons (n) of rectangles w x d centred at (cx, cy), turned by angle (radians)."""
    c, s = np.cos(angle), np.sin(angle)
    corners = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [-0.5, -0.5]])
    lx = corners[None, :, 0] * w[:, None]
    ly = corners[None, :, 1] * d[:, None]
    x = cx[:, None] + lx * c[:, None] - ly * s[:, None]
    y = cy[:, None] + lx * s[:, None] + ly * c[:, None]
    return shapely.polygons(np.stack([x, y], axis=-1))


def make_buurten(rng, box, n, n_municipalities, lots):
    """Voronoi buurten; most seeds are building lots (CBS draws buurten of similar population,
    so towns hold most of them), the rest spread over the countryside."""
    x0, y0, x1, y1 = box
    n_town = int(n * TOWN_BUURT_SHARE)
    pick = rng.choice(len(lots[0]), n_town, replace=False)
    sx = np.concatenate([lots[0][pick], rng.uniform(x0, x1, n - n_town)])
    sy = np.concatenate([lots[1][pick], rng.uniform(y0, y1, n - n_town)])
    seeds = shapely.multipoints(np.column_stack([sx, sy]))
    edges = shapely.voronoi_polygons(seeds, extend_to=shapely.box(*box), only_edges=True)
    frame = shapely.box(*box)
    lines = shapely.get_parts(shapely.intersection(edges, frame))
    lines = np.concatenate([lines, [frame.exterior]])
    # Densify every edge once, then polygonise: neighbours share the very same vertices.
    lines = shapely.segmentize(lines, BUURT_EDGE_STEP_M)
    polygons = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.line_merge(
        shapely.union_all(lines)))))
    polygons = polygons[shapely.area(polygons) > 1.0]
    centre = shapely.centroid(polygons)
    cx, cy = shapely.get_x(centre), shapely.get_y(centre)
    seats = np.column_stack([rng.uniform(x0, x1, n_municipalities), rng.uniform(y0, y1, n_municipalities)])
    order = np.lexsort((cx, cy))  # a stable order of their own
    polygons, cx, cy = polygons[order], cx[order], cy[order]
    gm = np.argmin((cx[:, None] - seats[None, :, 0]) ** 2 + (cy[:, None] - seats[None, :, 1]) ** 2, axis=1)
    number = pd.Series(gm).groupby(gm).cumcount().to_numpy()
    codes = [f"BU{g:04d}{k:04d}" for g, k in zip(gm, number)]
    return gpd.GeoDataFrame({"buurtcode": codes, "buurtnaam": [f"Buurt {c[2:]}" for c in codes],
                             "gemeentecode": [f"GM{g:04d}" for g in gm]}, geometry=polygons, crs=RD)


def make_towns(rng, box, buildings):
    """Town centres, radii (m) and building counts adding up to `buildings`."""
    lo, hi = np.log(TOWN_BUILDINGS[0]), np.log(TOWN_BUILDINGS[1])
    counts = []
    while sum(counts) < buildings:
        counts.append(int(np.exp(rng.uniform(lo, hi))))
    counts[-1] -= sum(counts) - buildings
    counts = np.array([c for c in counts if c > 0])
    lot = np.mean(LOT_FRONT_M) * STREET_PITCH_M
    radius = np.sqrt(counts * lot / math.pi) * 1.15  # a little slack for the thinning at borders
    x0, y0, x1, y1 = box
    cx = rng.uniform(x0 + radius, x1 - radius)
    cy = rng.uniform(y0 + radius, y1 - radius)
    return cx, cy, radius, counts


def make_lots(rng, towns):
    """Lot centres of the towns' street lattices: x, y, angle, front."""
    cx, cy, radius, counts = towns
    parts = []
    for tx, ty, r, n in zip(cx, cy, radius, counts):
        angle = rng.uniform(0, math.pi)
        front = rng.uniform(*LOT_FRONT_M)
        cols = int(2 * r / front) + 1
        rows = int(2 * r / STREET_PITCH_M) + 1
        u = (np.arange(cols) - cols / 2) * front
        v = (np.arange(rows) - rows / 2) * STREET_PITCH_M
        uu, vv = np.meshgrid(u, v)
        uu, vv = uu.ravel(), vv.ravel()
        inside = uu ** 2 + vv ** 2 <= r * r
        uu, vv = uu[inside], vv[inside]
        keep = rng.permutation(len(uu))[: int(n * 1.05)]  # a few spare for the border thinning
        uu, vv = uu[keep], vv[keep]
        c, s = math.cos(angle), math.sin(angle)
        parts.append((tx + uu * c - vv * s, ty + uu * s + vv * c, np.full(len(uu), angle), np.full(len(uu), front)))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(4))


def make_buildings(rng, lots, buurten, target):
    x, y, angle, front = lots
    depth = rng.uniform(*LOT_DEPTH_M, len(x))
    geoms = rotated_rectangles(x, y, front * 0.98, depth, angle)

    # Which cross a buurt border: thin them to BORDER_SHARE of what is kept.
    borders = shapely.get_parts(shapely.boundary(buurten.geometry.values))
    tree = shapely.STRtree(borders)
    crossing = np.zeros(len(geoms), dtype=bool)
    hit = tree.query(geoms, predicate="intersects")[0]
    crossing[hit] = True
    inner = np.flatnonzero(~crossing)
    border = np.flatnonzero(crossing)
    n_border = min(len(border), int(round(target * BORDER_SHARE)))
    n_inner = min(len(inner), target - n_border)
    chosen = np.sort(np.concatenate([rng.choice(inner, n_inner, replace=False),
                                     rng.choice(border, n_border, replace=False)]))
    geoms = geoms[chosen]
    x, y, angle, front, depth = x[chosen], y[chosen], angle[chosen], front[chosen], depth[chosen]
    # Bow-ties: two corners swapped.
    bad = rng.choice(len(geoms), int(round(len(geoms) * INVALID_SHARE)), replace=False)
    coords = shapely.get_coordinates(geoms[bad]).reshape(len(bad), 5, 2)
    coords[:, [1, 2]] = coords[:, [2, 1]]
    geoms[bad] = shapely.polygons(coords)

    n = len(geoms)
    year = np.clip(rng.normal(1968, 28, n), 1850, 2025).astype(int)
    storeys = rng.choice([1, 2, 3, 4, 6], n, p=[0.15, 0.55, 0.2, 0.06, 0.04])
    use = np.where(rng.random(n) < 0.9, "woonfunctie", "kantoorfunctie")
    area = np.round(front * depth * storeys * 0.8, 1)
    dwellings = np.where(use == "woonfunctie", np.where(storeys >= 4, storeys * 2, 1), 0)
    frame = gpd.GeoDataFrame({
        "identificatie": [f"0999100{i:09d}" for i in range(n)], "bouwjaar": year, "status": "Pand in gebruik",
        "gebruiksdoel": use, "oppervlakte": area, "aantal_verblijfsobjecten": dwellings, "b3_bouwlagen": storeys,
    }, geometry=geoms, crs=RD)
    return frame, n_border, len(bad)


def make_water(rng, box, towns, n_water):
    x0, y0, x1, y1 = box
    cx, cy, radius, _ = towns
    tree = shapely.STRtree(shapely.buffer(shapely.points(np.column_stack([cx, cy])), radius + 50))
    pieces, kinds = [], []

    # Rivers: long meandering lines across the domain, cut into segments.
    n_rivers = max(1, round(RIVERS_PER_M_BUILDINGS * n_water / 100_000))
    for _ in range(n_rivers):
        t = np.linspace(0, 1, 200)
        ya = rng.uniform(y0, y1)
        yb = rng.uniform(y0, y1)
        xs = x0 + t * (x1 - x0)
        ys = ya + t * (yb - ya) + 3_000 * np.sin(t * rng.uniform(4, 9) + rng.uniform(0, 6))
        line = shapely.linestrings(np.column_stack([xs, ys]))
        width = rng.uniform(*RIVER_WIDTH_M)
        river = shapely.buffer(line, width / 2, cap_style="flat")
        length = shapely.length(line)
        for k in range(int(length // RIVER_SEGMENT_M) + 1):
            a = shapely.line_interpolate_point(line, k * RIVER_SEGMENT_M)
            b = shapely.line_interpolate_point(line, min(length, (k + 1) * RIVER_SEGMENT_M))
            cut = shapely.buffer(shapely.linestrings([shapely.get_coordinates(a)[0], shapely.get_coordinates(b)[0]]),
                                 width * 3, cap_style="flat")
            seg = shapely.intersection(river, cut)
            if not shapely.is_empty(seg) and shapely.area(seg) > 0:
                pieces.extend(shapely.get_parts(seg))
                kinds.extend(["rivier"] * len(shapely.get_parts(seg)))
    # Lakes: irregular blobs.
    n_lakes = max(1, round(LAKES_PER_M_BUILDINGS * n_water / 100_000))
    lx, ly = rng.uniform(x0, x1, n_lakes), rng.uniform(y0, y1, n_lakes)
    lakes = shapely.buffer(shapely.points(np.column_stack([lx, ly])), rng.uniform(80, 700, n_lakes), quad_segs=12)
    pieces.extend(lakes)
    kinds.extend(["meer, plas"] * n_lakes)
    # Urban canals.
    n_canals = int(n_water * CANAL_SHARE)
    t = rng.integers(0, len(cx), n_canals)
    r = radius[t] * np.sqrt(rng.random(n_canals))
    phi = rng.uniform(0, 2 * math.pi, n_canals)
    pieces.extend(rotated_rectangles(cx[t] + r * np.cos(phi), cy[t] + r * np.sin(phi),
                                     rng.uniform(300, 1000, n_canals), rng.uniform(10, 20, n_canals),
                                     rng.uniform(0, math.pi, n_canals)))
    kinds.extend(["gracht"] * n_canals)
    # Ditches outside towns: parallel sets, and short pieces.
    # Some fall in towns and are left out: a quarter more than needed, cut to n_water below.
    n_short = int(n_water * SHORT_DITCH_SHARE * RURAL_SLACK)
    n_long = int(max(0, n_water - len(pieces)) * RURAL_SLACK) - n_short
    sets = []
    while sum(len(s) for s in sets) < n_long:
        k = int(rng.integers(*DITCH_SET))
        sx, sy = rng.uniform(x0, x1), rng.uniform(y0, y1)
        angle = rng.uniform(0, math.pi)
        spacing = rng.uniform(*DITCH_SPACING_M)
        length = rng.uniform(*DITCH_LENGTH_M)
        offs = np.arange(k) * spacing
        sets.append((sx - offs * math.sin(angle), sy + offs * math.cos(angle), np.full(k, length),
                     rng.uniform(*DITCH_WIDTH_M, k), np.full(k, angle)))
    dx = np.concatenate([s[0] for s in sets])[:n_long]
    dy = np.concatenate([s[1] for s in sets])[:n_long]
    dl = np.concatenate([s[2] for s in sets])[:n_long]
    dw = np.concatenate([s[3] for s in sets])[:n_long]
    da = np.concatenate([s[4] for s in sets])[:n_long]
    ditches = rotated_rectangles(dx, dy, dl, dw, da)
    sx, sy = rng.uniform(x0, x1, n_short), rng.uniform(y0, y1, n_short)
    short = rotated_rectangles(sx, sy, rng.uniform(40, 160, n_short), rng.uniform(2, 5, n_short),
                               rng.uniform(0, math.pi, n_short))
    rural = np.concatenate([ditches, short])
    in_town = np.zeros(len(rural), dtype=bool)
    in_town[tree.query(rural, predicate="intersects")[0]] = True
    rural = rural[~in_town][: max(0, n_water - len(pieces))]
    pieces.extend(rural)
    kinds.extend(["greppel, droge sloot"] * len(rural))
    geoms = shapely.intersection(np.array(pieces, dtype=object), shapely.box(*box))
    keep = ~shapely.is_empty(geoms) & (shapely.area(geoms) > 0)
    return gpd.GeoDataFrame({"typewater": np.array(kinds)[keep]}, geometry=geoms[keep], crs=RD)


def generate(out_dir: Path, buildings: int, municipalities: int | None = None, seed: int = 15,
             buurten: int | None = None) -> Path:
    rng = np.random.default_rng(seed)
    side = math.sqrt(buildings * LAND_M2_PER_BUILDING)
    box = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + side, ORIGIN[1] + side)
    n_buurten = buurten or max(4, buildings // BUILDINGS_PER_BUURT)
    municipalities = municipalities or max(1, round(MUNICIPALITIES_PER_10M * buildings / 10_000_000))
    timings = {}
    start = time.perf_counter()
    towns = make_towns(rng, box, buildings)
    lots = make_lots(rng, towns)
    buurten = make_buurten(rng, box, n_buurten, municipalities, lots)
    timings["buurten"] = time.perf_counter() - start
    panden, n_border, n_bad = make_buildings(rng, lots, buurten, buildings)
    timings["buildings"] = time.perf_counter() - start - sum(timings.values())
    water = make_water(rng, box, towns, int(buildings * WATER_PER_BUILDING))
    timings["water"] = time.perf_counter() - start - sum(timings.values())
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "country.gpkg"
    if path.exists():
        path.unlink()
    for layer, df in [("buurten", buurten), ("panden", panden), ("waterdelen", water)]:
        pyogrio.write_dataframe(df, path, layer=layer, driver="GPKG", use_arrow=True, append=path.exists())
    timings["write"] = time.perf_counter() - start - sum(timings.values())
    vertices = shapely.get_num_coordinates(buurten.geometry.values)
    big = int((shapely.area(water.geometry.values) >= 1_000).sum())
    print(f"{len(buurten):,} buurten in {municipalities} municipalities (median {int(np.median(vertices))} vertices), "
          f"{len(panden):,} buildings ({n_border:,} on a border, {n_bad:,} bow-ties), "
          f"{len(water):,} water polygons ({big:,} >= 1,000 m2); side {side / 1000:.0f} km")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, required=True)
    p.add_argument("--municipalities", type=int)
    p.add_argument("--out", type=Path)
    p.add_argument("--buurten", type=int, help="default: one per 750 buildings")
    p.add_argument("--seed", type=int, default=15)
    a = p.parse_args()
    name = f"country-{a.buildings}" + (f"-{a.buurten}" if a.buurten else "")
    out = a.out or Path(__file__).resolve().parent / "data" / name
    print(f"wrote {generate(out, a.buildings, a.municipalities, a.seed, a.buurten)}")


if __name__ == "__main__":
    main()
