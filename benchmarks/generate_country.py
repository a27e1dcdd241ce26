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
- water as the BGT draws it, one polygon per 10 buildings, none overlapping another (the BGT is a
  partition; river segments share their cut edges): polder ditches 2-8 m wide and hundreds of
  metres long in parallel sets across 600 m polder parcels outside the towns (about three
  quarters of all water polygons are >= 1,000 m2, aquathermie sources), rows of short ditch
  pieces, urban canals, lakes and rivers 80-250 m wide cut into 2.4 km segments.
- other water kinds (issue 36, `--water-kind`, written beside the set as water-<kind>.gpkg):
  `overlapping` draws a second source over the BGT-like water as an OSM or TOP10NL mix does
  (SECOND_SOURCE_SHARE of the polygons): riverbanks over the river pieces, cut at other places;
  lakes and ponds drawn again as 64-vertex stars; a few large star lakes; canals along 12-vertex
  centrelines; ditches drawn again turned and widened, and patches crossing a parcel's ditches.
  `partition` is that mix made a partition the crude way (of every overlapping pair the later one
  in a shuffled order is left out), so it keeps the long rivers, canals and large lakes.
- roads (wegen) as NWB draws wegvakken: each town's streets between its rows of lots and cross
  streets every 160 m, one line between crossings, some with a gas-main renewal year (works_year).
- a 100 m heat raster (heat.tif, GJ/ha, float32 with an explicit nodata) over the domain: the
  buildings' footprint area per cell times a demand per m2, nodata over the larger water bodies
  (a quarter of a cell or more), as a national heat map would give it.

Deterministic for a seed. The domain grows with the data (about 3,500 km2 per million
buildings, the Netherlands' land per building) inside RD New's area of use.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
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
PARCEL_M = 600.0                        # polder parcels: ditches run across one, hundreds of m long
PARCEL_MARGIN_M = 3.0                   # between the ditches of neighbouring parcels
DITCH_SPACING_M = (25.0, 75.0)          # parallel ditches in a parcel
DITCH_WIDTH_M = (2.0, 8.0)
SHORT_DITCH_SHARE = 0.22                # of water polygons: short pieces, < 1,000 m2
SHORT_LENGTH_M = (40.0, 160.0)
SHORT_WIDTH_M = (2.0, 5.0)
SHORT_ROW_SPACING_M = 40.0
SHORT_PITCH_M = 200.0                   # along a row of short pieces
CANAL_SHARE = 0.02
RURAL_SLACK = 1.15                      # candidates per ditch kept (a few overlap rivers and lakes)
LAKES_PER_M_BUILDINGS = 60
RIVERS_PER_M_BUILDINGS = 3
RIVER_WIDTH_M = (80.0, 250.0)
RIVER_SEGMENT_M = 2_400.0
SECOND_SOURCE_SHARE = 0.30              # overlapping kind: polygons of the second drawing
SECOND_SHARES = {"ditch_redraw": 0.1, "ditch_patch": 0.4, "pond": 0.3, "canal": 0.2}
STAR_VERTICES = 64
STAR_RADIUS_SPREAD = (0.65, 1.0)        # a star's radii, as a share of its outer radius
LARGE_LAKES_PER_M_BUILDINGS = 6
LARGE_LAKE_RADIUS_M = (1_000.0, 2_500.0)
POND_RADIUS_M = (15.0, 60.0)
CANAL_VERTICES = 12
CANAL_LENGTH_M = (200.0, 600.0)
CANAL_WIDTH_M = (8.0, 20.0)
CANAL_TURN_RAD = 0.25                   # heading change per centreline step, at most
REDRAW_TURN_RAD = 0.03                  # a ditch drawn again: turned by up to this
REDRAW_WIDEN = (1.2, 2.0)               # and widened by this factor
PATCH_LENGTH_M = (250.0, 600.0)
PATCH_WIDTH_M = (4.0, 10.0)
HEAT_CELL_M = 100.0                     # the heat raster's cell size
HEAT_GJ_PER_M2 = 0.45                   # footprint -> yearly demand (est., ~1 storey at 0.45 GJ/m2)
HEAT_NODATA = -9999.0


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


def make_lots(rng, towns, lattices=None):
    """Lot centres of the towns' street lattices: x, y, angle, front. `lattices` (a list) receives
    each town's (x, y, radius, angle) for its roads."""
    cx, cy, radius, counts = towns
    parts = []
    for tx, ty, r, n in zip(cx, cy, radius, counts):
        angle = rng.uniform(0, math.pi)
        front = rng.uniform(*LOT_FRONT_M)
        if lattices is not None:
            lattices.append((tx, ty, r, angle))
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


CROSS_STREET_M = 160.0  # cross streets of the lattices, every so many metres (est.)


def make_roads(lattices):
    """The towns' streets as NWB draws wegvakken, one line between crossings: the streets between
    the rows of lots (half a pitch from each row's centres) and cross streets every CROSS_STREET_M,
    inside each town's circle. Every seventh row street has a gas-main renewal year (works_year).
    No random draws: the other layers stay as they were."""
    xs, ys, works = [], [], []
    for tx, ty, r, angle in lattices:
        c, s = math.cos(angle), math.sin(angle)
        rows = int(2 * r / STREET_PITCH_M) + 1
        v_streets = (np.arange(rows + 1) - rows / 2 - 0.5) * STREET_PITCH_M
        u_streets = np.arange(-math.floor(r / CROSS_STREET_M), math.floor(r / CROSS_STREET_M) + 1) * CROSS_STREET_M

        def add(u0, v0, u1, v1, year):
            xs.append((tx + u0 * c - v0 * s, tx + u1 * c - v1 * s))
            ys.append((ty + u0 * s + v0 * c, ty + u1 * s + v1 * c))
            works.append(year)

        for j, v in enumerate(v_streets):
            half = math.sqrt(max(r * r - v * v, 0.0))
            cuts = np.r_[-half, u_streets[np.abs(u_streets) < half], half]
            year = 2027.0 + 3 * (j // 7 % 4) if j % 7 == 0 else np.nan
            for a, b in zip(cuts[:-1], cuts[1:]):
                if b - a > 1.0:
                    add(a, v, b, v, year)
        for u in u_streets:
            half = math.sqrt(max(r * r - u * u, 0.0))
            cuts = np.r_[-half, v_streets[np.abs(v_streets) < half], half]
            for a, b in zip(cuts[:-1], cuts[1:]):
                if b - a > 1.0:
                    add(u, a, u, b, np.nan)
    lines = shapely.linestrings(np.stack([np.array(xs), np.array(ys)], axis=-1))  # (line, point, x/y)
    return gpd.GeoDataFrame({"works_year": works}, geometry=lines, crs=RD)


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

    # Rivers: long meandering lines across the domain, cut into segments by blades perpendicular
    # to the line: neighbouring segments share the blade exactly, as BGT pieces share an edge.
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
        at = np.append(np.arange(0.0, length, RIVER_SEGMENT_M), length)
        here = shapely.get_coordinates(shapely.line_interpolate_point(line, at))
        ahead = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(at + 1.0, length)))
        behind = shapely.get_coordinates(shapely.line_interpolate_point(line, np.maximum(at - 1.0, 0.0)))
        direction = ahead - behind
        normal = np.column_stack([-direction[:, 1], direction[:, 0]]) / np.hypot(*direction.T)[:, None]
        blade_a, blade_b = here + normal * width, here - normal * width
        quads = shapely.polygons(np.stack([blade_a[:-1], blade_b[:-1], blade_b[1:], blade_a[1:], blade_a[:-1]], axis=1))
        for seg in shapely.intersection(river, quads):
            parts = [g for g in shapely.get_parts(seg) if shapely.get_type_id(g) == 3 and shapely.area(g) > 0]
            pieces.extend(parts)
            kinds.extend(["rivier"] * len(parts))
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
    # Ditches outside towns, in polder parcels (a square grid, each parcel its own direction):
    # parallel ditches across a parcel, or rows of short pieces. Parcels keep a margin from each
    # other, so no two ditches overlap; the BGT is a partition.
    n_short = int(n_water * SHORT_DITCH_SHARE)
    n_long = max(0, n_water - len(pieces) - n_short)
    nx, ny = int((x1 - x0) // PARCEL_M), int((y1 - y0) // PARCEL_M)
    order = rng.permutation(nx * ny)
    px = x0 + (order % nx + 0.5) * PARCEL_M
    py = y0 + (order // nx + 0.5) * PARCEL_M
    free = np.ones(len(order), dtype=bool)
    free[tree.query(shapely.box(px - PARCEL_M / 2, py - PARCEL_M / 2, px + PARCEL_M / 2, py + PARCEL_M / 2),
                    predicate="intersects")[0]] = False
    px, py = px[free], py[free]
    half = PARCEL_M / 2 - PARCEL_MARGIN_M
    cols = {k: [] for k in ("x", "y", "length", "width", "angle", "parcel")}
    long_count = short_count = 0
    for k in range(len(px)):
        if long_count >= n_long * RURAL_SLACK and short_count >= n_short * RURAL_SLACK:
            break
        angle = rng.uniform(0, math.pi)
        normal = (-math.sin(angle), math.cos(angle))
        if long_count < n_long * RURAL_SLACK:     # parallel ditches across the parcel
            offs = np.arange(-half, half, rng.uniform(*DITCH_SPACING_M))
            along = np.zeros(len(offs))
            length = np.full(len(offs), 2 * PARCEL_M)
            long_count += len(offs)
        else:                                      # rows of short pieces
            rows = np.arange(-half, half, SHORT_ROW_SPACING_M)
            steps = np.arange(-half, half, SHORT_PITCH_M)
            offs, along = (a.ravel() for a in np.meshgrid(rows, steps))
            length = rng.uniform(*SHORT_LENGTH_M, len(offs))
            short_count += len(offs)
        cols["x"].append(px[k] + offs * normal[0] + along * math.cos(angle))
        cols["y"].append(py[k] + offs * normal[1] + along * math.sin(angle))
        cols["length"].append(length)
        cols["width"].append(rng.uniform(*(DITCH_WIDTH_M if len(set(along)) == 1 else SHORT_WIDTH_M), len(offs)))
        cols["angle"].append(np.full(len(offs), angle))
        cols["parcel"].append(np.full(len(offs), k))
    c = {key: np.concatenate(v) for key, v in cols.items()}
    parcel = c["parcel"]
    rural = shapely.intersection(rotated_rectangles(c["x"], c["y"], c["length"], c["width"], c["angle"]),
                                 shapely.box(px[parcel] - half, py[parcel] - half, px[parcel] + half, py[parcel] + half))
    rural = rural[~shapely.is_empty(rural) & (shapely.area(rural) > 0)]
    short = shapely.area(rural) < 1_000
    rural = np.concatenate([rural[~short], rural[short]])
    is_short = np.concatenate([np.zeros((~short).sum(), dtype=bool), np.ones(short.sum(), dtype=bool)])
    # Nor do rivers, lakes and canals overlap: where they would, the later one is left out.
    every = np.concatenate([np.array(pieces, dtype=object), rural])
    fixed_kinds = np.array(kinds)
    i, j = shapely.STRtree(every).query(every, predicate="intersects")
    later = j > i
    i, j = i[later], j[later]
    overlapping = shapely.relate_pattern(every[i], every[j], "T********")
    dropped = np.zeros(len(every), dtype=bool)
    dropped[j[overlapping]] = True
    n_fixed = len(fixed_kinds)
    fixed_kept = ~dropped[:n_fixed]
    ditch_kept = ~dropped[n_fixed:]
    long_kept = np.flatnonzero(ditch_kept & ~is_short)[: max(0, n_water - int(fixed_kept.sum()) - n_short)]
    short_kept = np.flatnonzero(ditch_kept & is_short)[:n_short]
    ditches = rural[np.concatenate([long_kept, short_kept])]
    pieces = list(every[:n_fixed][fixed_kept]) + list(ditches)
    kinds = list(fixed_kinds[fixed_kept]) + ["greppel, droge sloot"] * len(ditches)
    geoms = shapely.intersection(np.array(pieces, dtype=object), shapely.box(*box))
    keep = ~shapely.is_empty(geoms) & (shapely.area(geoms) > 0)
    return gpd.GeoDataFrame({"typewater": np.array(kinds)[keep]}, geometry=geoms[keep], crs=RD)


def stars(cx, cy, radius, rng):
    """Star-shaped polygons of STAR_VERTICES vertices, radii varying within STAR_RADIUS_SPREAD."""
    n = len(cx)
    theta = np.linspace(0, 2 * math.pi, STAR_VERTICES, endpoint=False)
    r = radius[:, None] * rng.uniform(*STAR_RADIUS_SPREAD, (n, STAR_VERTICES))
    xy = np.stack([cx[:, None] + r * np.cos(theta), cy[:, None] + r * np.sin(theta)], axis=2)
    return shapely.polygons(np.concatenate([xy, xy[:, :1]], axis=1))


def canals(cx, cy, rng):
    """Canals along CANAL_VERTICES-vertex centrelines, buffered with flat ends and mitred bends."""
    n = len(cx)
    step = rng.uniform(*CANAL_LENGTH_M, n) / (CANAL_VERTICES - 1)
    heading = rng.uniform(0, 2 * math.pi, n)[:, None] + np.cumsum(
        rng.uniform(-CANAL_TURN_RAD, CANAL_TURN_RAD, (n, CANAL_VERTICES - 1)), axis=1)
    x = np.concatenate([cx[:, None], cx[:, None] + np.cumsum(step[:, None] * np.cos(heading), axis=1)], axis=1)
    y = np.concatenate([cy[:, None], cy[:, None] + np.cumsum(step[:, None] * np.sin(heading), axis=1)], axis=1)
    lines = shapely.linestrings(np.stack([x, y], axis=2))
    return shapely.buffer(lines, rng.uniform(*CANAL_WIDTH_M, n) / 2, cap_style="flat", join_style="mitre")


def second_source(rng, box, towns, bgt, n_extra):
    """What a second drawing (OSM, TOP10NL) adds over the BGT-like water: polygons that overlap
    it and each other (module docstring)."""
    x0, y0, x1, y1 = box
    g = bgt.geometry.values
    kinds = bgt["typewater"].to_numpy()
    out, out_kinds = [], []
    # Riverbanks: each river piece joined with its successor, widened, so every piece is overlapped
    # twice and the joints fall elsewhere.
    river = np.flatnonzero(kinds == "rivier")
    banks = shapely.buffer(shapely.union_all(g[river]), 10.0, join_style="mitre") if len(river) else None
    if banks is not None:
        left = np.arange(x0 - RIVER_SEGMENT_M / 2, x1, RIVER_SEGMENT_M)
        strips = shapely.box(left, y0, left + RIVER_SEGMENT_M, y1)  # cut where the BGT pieces are not
        for piece in shapely.intersection(banks, strips):
            polys = [q for q in shapely.get_parts(piece) if shapely.get_type_id(q) == 3 and shapely.area(q) > 0]
            out.extend(polys)
            out_kinds.extend(["riverbank"] * len(polys))
    # Lakes drawn again as stars, and a few large star lakes (some over towns and rivers).
    lake = np.flatnonzero(kinds == "meer, plas")
    c = shapely.centroid(g[lake])
    r = np.sqrt(shapely.area(g[lake]) / math.pi) * 1.1
    out.extend(stars(shapely.get_x(c) + rng.normal(0, 0.1, len(lake)) * r,
                     shapely.get_y(c) + rng.normal(0, 0.1, len(lake)) * r, r, rng))
    out_kinds.extend(["lake"] * len(lake))
    n_large = max(1, round(LARGE_LAKES_PER_M_BUILDINGS * len(g) / 100_000))
    out.extend(stars(rng.uniform(x0, x1, n_large), rng.uniform(y0, y1, n_large),
                     rng.uniform(*LARGE_LAKE_RADIUS_M, n_large), rng))
    out_kinds.extend(["lake"] * n_large)
    rest = max(0, n_extra - len(out))
    ditch = np.flatnonzero(kinds == "greppel, droge sloot")
    # Ditches drawn again: turned a little and widened about their own centre.
    n_redraw = int(rest * SECOND_SHARES["ditch_redraw"])
    pick = rng.choice(ditch, min(n_redraw, len(ditch)), replace=False)
    rect = shapely.minimum_rotated_rectangle(g[pick])
    xy = shapely.get_coordinates(rect).reshape(len(pick), 5, 2)
    centre = xy[:, :4].mean(axis=1, keepdims=True)
    side_a = np.hypot(*(xy[:, 1] - xy[:, 0]).T)
    side_b = np.hypot(*(xy[:, 2] - xy[:, 1]).T)
    # Widen across the ditch only: scale along the shorter side's direction.
    short_dir = np.where((side_a < side_b)[:, None], xy[:, 1] - xy[:, 0], xy[:, 2] - xy[:, 1])
    short_dir /= np.maximum(np.hypot(*short_dir.T), 1e-9)[:, None]
    widen = rng.uniform(*REDRAW_WIDEN, len(pick))
    rel = xy - centre
    across = (rel * short_dir[:, None]).sum(axis=2, keepdims=True)
    rel = rel + (widen[:, None, None] - 1) * across * short_dir[:, None]
    turn = rng.uniform(-REDRAW_TURN_RAD, REDRAW_TURN_RAD, len(pick))
    cs, sn = np.cos(turn)[:, None], np.sin(turn)[:, None]
    rx = centre[:, :, 0] + rel[:, :, 0] * cs - rel[:, :, 1] * sn
    ry = centre[:, :, 1] + rel[:, :, 0] * sn + rel[:, :, 1] * cs
    out.extend(shapely.polygons(np.stack([rx, ry], axis=2)))
    out_kinds.extend(["ditch"] * len(pick))
    # Patches crossing a parcel's ditches: across the direction of a ditch, over its neighbours.
    n_patch = int(rest * SECOND_SHARES["ditch_patch"])
    pick = rng.choice(ditch, n_patch)
    rect = shapely.minimum_rotated_rectangle(g[pick])
    xy = shapely.get_coordinates(rect).reshape(n_patch, 5, 2)
    long_dir = np.where((np.hypot(*(xy[:, 1] - xy[:, 0]).T) >= np.hypot(*(xy[:, 2] - xy[:, 1]).T))[:, None],
                        xy[:, 1] - xy[:, 0], xy[:, 2] - xy[:, 1])
    angle = np.arctan2(long_dir[:, 1], long_dir[:, 0]) + math.pi / 2
    c = shapely.centroid(g[pick])
    out.extend(rotated_rectangles(shapely.get_x(c), shapely.get_y(c), rng.uniform(*PATCH_LENGTH_M, n_patch),
                                  rng.uniform(*PATCH_WIDTH_M, n_patch), angle))
    out_kinds.extend(["ditch"] * n_patch)
    # Ponds over ditches and canals; canals in towns.
    n_pond = int(rest * SECOND_SHARES["pond"])
    pick = rng.choice(len(g), n_pond)
    c = shapely.centroid(g[pick])
    out.extend(stars(shapely.get_x(c), shapely.get_y(c), rng.uniform(*POND_RADIUS_M, n_pond), rng))
    out_kinds.extend(["pond"] * n_pond)
    n_canal = max(0, n_extra - len(out))
    cx, cy, radius, _ = towns
    t = rng.integers(0, len(cx), n_canal)
    rr = radius[t] * np.sqrt(rng.random(n_canal))
    phi = rng.uniform(0, 2 * math.pi, n_canal)
    out.extend(canals(cx[t] + rr * np.cos(phi), cy[t] + rr * np.sin(phi), rng))
    out_kinds.extend(["canal"] * n_canal)
    geoms = shapely.intersection(np.array(out, dtype=object), shapely.box(*box))
    geoms = shapely.make_valid(geoms)
    keep = (shapely.get_type_id(geoms) == 3) & (shapely.area(geoms) > 0)
    return gpd.GeoDataFrame({"typewater": np.array(out_kinds)[keep]}, geometry=geoms[keep], crs=RD)


def overlapping_pairs(geoms):
    """Pairs of polygons whose interiors overlap (i < j)."""
    i, j = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    later = j > i
    i, j = i[later], j[later]
    hit = shapely.relate_pattern(geoms[i], geoms[j], "T********")
    return i[hit], j[hit]


def water_kind(out_dir: Path, buildings: int, kind: str, seed: int = 15) -> Path:
    """water-<kind>.gpkg beside a set of the same size and seed (module docstring)."""
    rng = np.random.default_rng(seed)
    side = math.sqrt(buildings * LAND_M2_PER_BUILDING)
    box = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + side, ORIGIN[1] + side)
    towns = make_towns(rng, box, buildings)
    rng = np.random.default_rng([seed, 36])
    n_water = int(buildings * WATER_PER_BUILDING)
    n_extra = int(n_water * SECOND_SOURCE_SHARE)
    bgt = make_water(rng, box, towns, n_water - n_extra)
    water = pd.concat([bgt, second_source(rng, box, towns, bgt, n_extra)], ignore_index=True)
    water = water.iloc[rng.permutation(len(water))].reset_index(drop=True)  # the sources interleaved
    g = water.geometry.values
    i, j = overlapping_pairs(g)
    overlapped = np.zeros(len(g), dtype=bool)
    overlapped[i] = overlapped[j] = True
    print(f"overlapping: {len(g):,} water polygons, {overlapped.sum():,} overlap another, {len(i):,} pairs; "
          f"median {int(np.median(shapely.get_num_coordinates(g)))} vertices, max {shapely.get_num_coordinates(g).max():,}")
    if kind == "partition":
        dropped = np.zeros(len(g), dtype=bool)
        dropped[j] = True
        water = water[~dropped].reset_index(drop=True)
        print(f"partition: {len(water):,} kept ({len(water) / len(g):.0%})")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"water-{kind}.gpkg"
    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(water, path, layer="waterdelen", driver="GPKG", use_arrow=True)
    return path


def write_heat_raster(path: Path, box, panden, water):
    """A 100 m raster of heat demand (GJ/ha) from the footprints' centroids; nodata where water
    covers a quarter of a cell or more (rasterised by centroid of the larger water pieces)."""
    import rasterio
    from rasterio.transform import from_origin
    columns = int(math.ceil((box[2] - box[0]) / HEAT_CELL_M))
    rows = int(math.ceil((box[3] - box[1]) / HEAT_CELL_M))
    top = box[1] + rows * HEAT_CELL_M

    def cells(points):
        xy = shapely.get_coordinates(points)
        col = np.clip(((xy[:, 0] - box[0]) // HEAT_CELL_M).astype(np.int64), 0, columns - 1)
        row = np.clip(((top - xy[:, 1]) // HEAT_CELL_M).astype(np.int64), 0, rows - 1)
        return row * columns + col

    geoms = panden.geometry.values
    heat = np.bincount(cells(shapely.centroid(geoms)), weights=shapely.area(geoms) * HEAT_GJ_PER_M2,
                       minlength=rows * columns)
    heat /= HEAT_CELL_M * HEAT_CELL_M / 10_000.0        # GJ per cell -> GJ/ha
    wet = shapely.area(water.geometry.values) >= 0.25 * HEAT_CELL_M * HEAT_CELL_M
    heat[cells(shapely.point_on_surface(water.geometry.values[wet]))] = HEAT_NODATA
    with rasterio.open(path, "w", driver="GTiff", height=rows, width=columns, count=1, dtype="float32",
                       crs=RD, transform=from_origin(box[0], top, HEAT_CELL_M, HEAT_CELL_M),
                       nodata=HEAT_NODATA, compress="deflate", tiled=True) as dst:
        dst.write(heat.reshape(rows, columns).astype(np.float32), 1)


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
    lattices = []
    lots = make_lots(rng, towns, lattices)
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
    roads = make_roads(lattices)
    for layer, df in [("buurten", buurten), ("panden", panden), ("waterdelen", water), ("wegen", roads)]:
        pyogrio.write_dataframe(df, path, layer=layer, driver="GPKG", use_arrow=True, append=path.exists())
    write_heat_raster(out_dir / "heat.tif", box, panden, water)
    timings["write"] = time.perf_counter() - start - sum(timings.values())
    vertices = shapely.get_num_coordinates(buurten.geometry.values)
    big = int((shapely.area(water.geometry.values) >= 1_000).sum())
    print(f"{len(buurten):,} buurten in {municipalities} municipalities (median {int(np.median(vertices))} vertices), "
          f"{len(panden):,} buildings ({n_border:,} on a border, {n_bad:,} bow-ties), "
          f"{len(water):,} water polygons ({big:,} >= 1,000 m2); side {side / 1000:.0f} km")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    return path


def add_roads(out_dir: Path, buildings: int, seed: int = 15) -> Path:
    """The roads layer of a set made before roads were generated: the towns drawn again from the
    same seed (the first draws of generate), their lattices written as `wegen`."""
    rng = np.random.default_rng(seed)
    side = math.sqrt(buildings * LAND_M2_PER_BUILDING)
    box = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + side, ORIGIN[1] + side)
    lattices = []
    make_lots(rng, make_towns(rng, box, buildings), lattices)
    path = out_dir / "country.gpkg"
    pyogrio.write_dataframe(make_roads(lattices), path, layer="wegen", driver="GPKG", use_arrow=True, append=True)
    return path


def data_for(n: int, water: str = "bgt", seed: int = 15) -> tuple[Path, Path]:
    """The set of n buildings (benchmarks/data/country-N, made when missing) and the file holding
    the water kind asked for as layer waterdelen: the set itself for `bgt`, else water-<kind>.gpkg
    beside it. Made in a child process, as the command line does, so the generator's memory is
    not the benchmark's."""
    here = Path(__file__).resolve().parent
    path = here / "data" / f"country-{n}" / "country.gpkg"
    generator = [sys.executable, str(here / "generate_country.py"), "--buildings", str(n), "--seed", str(seed)]
    if not path.exists() or not (path.parent / "heat.tif").exists():
        subprocess.run(generator, check=True)
    if water == "bgt":
        return path, path
    water_path = path.parent / f"water-{water}.gpkg"
    if not water_path.exists():
        subprocess.run(generator + ["--water-kind", water], check=True)
    return path, water_path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--buildings", type=int, required=True)
    p.add_argument("--municipalities", type=int)
    p.add_argument("--out", type=Path)
    p.add_argument("--buurten", type=int, help="default: one per 750 buildings")
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--water-kind", choices=["overlapping", "partition"],
                   help="write only water-<kind>.gpkg beside a set of the same size and seed (issue 36)")
    p.add_argument("--roads-only", action="store_true",
                   help="add the roads layer (wegen) to an existing set of the same size and seed")
    a = p.parse_args()
    name = f"country-{a.buildings}" + (f"-{a.buurten}" if a.buurten else "")
    out = a.out or Path(__file__).resolve().parent / "data" / name
    if a.water_kind:
        print(f"wrote {water_kind(out, a.buildings, a.water_kind, a.seed)}")
        return
    if a.roads_only:
        print(f"wrote {add_roads(out, a.buildings, a.seed)}")
        return
    print(f"wrote {generate(out, a.buildings, a.municipalities, a.seed, a.buurten)}")


if __name__ == "__main__":
    main()
