"""Generate the synthetic test town (and, scaled, the benchmark country) deterministically.

The town lies in RD New (EPSG:28992) around (150000, 450000): a grid of buurten with irregular
shared borders, each of its own character (old centre, pre-war and post-war rows, 1970s
semi-detached pairs, villas, flats, a business park, new build, rural edge), a canal with a
known discharge, a lake, ditches, a waste-water plant, an existing heat-network line, a CBS-like
100 m grid and a heat-demand GeoTIFF. Buildings carry BAG-like attributes, with a few broken on
purpose (unknown year, year 3000, placeholder floor area, a bow-tie footprint, an empty geometry,
demolished status) so the data-quality paths are exercised.

    python testdata/generate_town.py                       # writes testdata/town/
    python testdata/generate_town.py --out DIR --towns-x 10 --towns-y 10 --buurt-grid 8 8
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, Polygon, box

CRS = "EPSG:28992"
ORIGIN = (150_000.0, 450_000.0)
CHARACTERS = {
    # name: (pattern, year range, buurtnaam stem)
    "centrum": ("rows_deep", (1850, 1929), "Binnenstad"),
    "vooroorlogs": ("rows", (1905, 1939), "Spoorbuurt"),
    "naoorlogs": ("rows", (1946, 1964), "Molenwijk"),
    "jaren70": ("pairs", (1965, 1979), "De Hoven"),
    "villawijk": ("detached", (1920, 1990), "Parkzicht"),
    "flatwijk": ("flats", (1960, 1975), "Hoogkamp"),
    "bedrijven": ("business", (1970, 2010), "Bedrijvenpark Noord"),
    "nieuwbouw": ("rows_new", (2000, 2022), "Waterrijk"),
    "landelijk": ("rural", (1900, 2000), "Buitengebied"),
    "jaren80": ("rows", (1976, 1995), "Vogelwijk"),
}
IN_USE = "Pand in gebruik"
# Debian 12's GDAL 3.6 reads GeoPackage 1.4 (what newer GDAL writes) only with a warning.
GPKG_OPTIONS = {"dataset_options": {"VERSION": "1.2"}}


@dataclass
class Buildings:
    geoms: list = field(default_factory=list)
    use: list = field(default_factory=list)
    year: list = field(default_factory=list)
    floors: list = field(default_factory=list)
    units: list = field(default_factory=list)

    def add(self, geom, use, year, floors, units):
        self.geoms.append(geom)
        self.use.append(use)
        self.year.append(year)
        self.floors.append(floors)
        self.units.append(units)


def rect(x, y, w, d):
    return box(x, y, x + w, y + d)


def buurt_polygons(rng, ox, oy, cols, rows, cell):
    """Quads on a jittered vertex grid with jittered edge midpoints shared by neighbours."""
    jitter = 0.12 * cell
    vx = np.zeros((cols + 1, rows + 1))
    vy = np.zeros((cols + 1, rows + 1))
    for i in range(cols + 1):
        for j in range(rows + 1):
            inner_x = 0 < i < cols
            inner_y = 0 < j < rows
            vx[i, j] = ox + i * cell + (rng.uniform(-jitter, jitter) if inner_x else 0)
            vy[i, j] = oy + j * cell + (rng.uniform(-jitter, jitter) if inner_y else 0)
    mid = {}

    def midpoint(a, b, boundary):
        key = (min(a, b), max(a, b))
        if key not in mid:
            (ax, ay), (bx, by) = (vx[a], vy[a]), (vx[b], vy[b])
            mx, my = (ax + bx) / 2, (ay + by) / 2
            if not boundary:
                # push sideways, perpendicular to the edge
                nx, ny = -(by - ay), bx - ax
                length = np.hypot(nx, ny)
                s = rng.uniform(-0.08, 0.08) * cell
                mx, my = mx + s * nx / length, my + s * ny / length
            mid[key] = (mx, my)
        return mid[key]

    polys = []
    for j in range(rows):
        for i in range(cols):
            corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            ring = []
            for k in range(4):
                a, b = corners[k], corners[(k + 1) % 4]
                boundary = (a[0] == b[0] and a[0] in (0, cols)) or (a[1] == b[1] and a[1] in (0, rows))
                ring.append((vx[a], vy[a]))
                ring.append(midpoint(a, b, boundary))
            polys.append(Polygon(ring))
    return polys


def fill_buurt(rng, poly, character, out: Buildings):
    pattern, (y0, y1), _ = CHARACTERS[character]
    xmin, ymin, xmax, ymax = poly.bounds
    cands = []  # (geom, use, floors, units)

    def rows(w, d, kmin, kmax, gap, spacing, floors):
        for y in np.arange(ymin + 8, ymax - d, spacing):
            x = xmin + rng.uniform(0, gap)
            while x < xmax:
                k = int(rng.integers(kmin, kmax + 1))
                for h in range(k):
                    cands.append((rect(x + h * w, y, w, d), "woonfunctie", floors, 1))
                x += k * w + gap + rng.uniform(0, 6)

    if pattern in ("rows", "rows_deep", "rows_new"):
        w, d, spacing = {"rows": (5.4, 9.0, 30), "rows_deep": (5.0, 11.0, 26), "rows_new": (5.7, 9.5, 34)}[pattern]
        rows(w, d, 4, 8, 14, spacing, 2 if pattern != "rows_deep" else 3)
        if pattern == "rows_deep":  # shops and a few offices in the old centre
            for _ in range(40):
                x, y = rng.uniform(xmin, xmax - 20), rng.uniform(ymin, ymax - 20)
                use = rng.choice(["winkelfunctie", "woonfunctie,winkelfunctie", "kantoorfunctie"])
                cands.append((rect(x, y, 12 + rng.uniform(0, 8), 16 + rng.uniform(0, 8)), str(use), 3, 1))
    elif pattern == "pairs":
        for y in np.arange(ymin + 8, ymax - 10, 32):
            x = xmin + rng.uniform(0, 10)
            while x < xmax:
                cands.append((rect(x, y, 7.0, 9.5), "woonfunctie", 2, 1))
                cands.append((rect(x + 7.0, y, 7.0, 9.5), "woonfunctie", 2, 1))
                x += 14.0 + 9 + rng.uniform(0, 5)
    elif pattern == "detached":
        for y in np.arange(ymin + 10, ymax - 14, 45):
            for x in np.arange(xmin + 10, xmax - 14, 40):
                if rng.random() < 0.8:
                    cands.append((rect(x + rng.uniform(0, 10), y + rng.uniform(0, 10), 11 + rng.uniform(0, 5),
                                       10 + rng.uniform(0, 4)), "woonfunctie", 2, 1))
    elif pattern == "flats":
        for y in np.arange(ymin + 15, ymax - 20, 70):
            for x in np.arange(xmin + 15, xmax - 60, 90):
                floors = int(rng.integers(4, 11))
                length = 40 + rng.uniform(0, 30)
                cands.append((rect(x, y, length, 12.0), "woonfunctie", floors, floors * int(length // 8)))
    elif pattern == "business":
        for y in np.arange(ymin + 15, ymax - 40, 70):
            for x in np.arange(xmin + 15, xmax - 50, 75):
                use = str(rng.choice(["kantoorfunctie", "industriefunctie", "winkelfunctie", "sportfunctie"]))
                cands.append((rect(x, y, 25 + rng.uniform(0, 25), 20 + rng.uniform(0, 20)), use,
                              int(rng.integers(1, 5)), 1))
    elif pattern == "rural":
        for _ in range(45):
            x, y = rng.uniform(xmin, xmax - 30), rng.uniform(ymin, ymax - 30)
            cands.append((rect(x, y, 12, 14), "woonfunctie", 2, 1))
            if rng.random() < 0.5:  # a barn beside the farmhouse
                cands.append((rect(x + 18, y, 25, 15), "industriefunctie", 1, 1))
    if not cands:
        return
    geoms = np.array([c[0] for c in cands], dtype=object)
    inside = shapely.contains_xy(poly, *shapely.get_coordinates(shapely.centroid(geoms)).T)
    for keep, (g, use, floors, units) in zip(inside, cands):
        if keep:
            out.add(g, use, int(rng.integers(y0, y1 + 1)), floors, units)


def make_water(rng, ox, oy, width, height, extra_ditches=0):
    """A canal across the town (flowing, known discharge), a lake and ditches on the edge;
    `extra_ditches` scatters more short ditch pieces (benchmarks need ~100 per 1,000 buildings)."""
    canal_line = LineString([(ox - 50, oy + 0.55 * height), (ox + 0.35 * width, oy + 0.48 * height),
                             (ox + 0.7 * width, oy + 0.62 * height), (ox + width + 50, oy + 0.58 * height)])
    canal = canal_line.buffer(9.0, cap_style="flat")
    lake = Point(ox + 0.78 * width, oy + 0.2 * height).buffer(150).intersection(
        Point(ox + 0.84 * width, oy + 0.24 * height).buffer(170))
    rows = [(canal, "waterloop", 2.0), (lake, "meer, plas", None)]
    for k in range(6):  # ditches along the southern and western edges, in pieces
        y = oy + 10 + 25 * k
        rows.append((box(ox + 40 + 20 * k, y, ox + 0.4 * width, y + 3.0), "waterloop", None))
    for k in range(4):
        x = ox + 12 + 30 * k
        rows.append((box(x, oy + 0.65 * height, x + 2.5, oy + height - 30), "waterloop", None))
    for _ in range(extra_ditches):
        x, y = ox + rng.uniform(0, width - 120), oy + rng.uniform(0, height - 120)
        length, w = rng.uniform(30, 120), rng.uniform(2, 4)
        rows.append((box(x, y, x + length, y + w) if rng.random() < 0.5 else box(x, y, x + w, y + length),
                     "waterloop", None))
    return rows


def town(rng, ox, oy, cols, rows, cell, code_start, names, extra_ditches=0):
    width, height = cols * cell, rows * cell
    polys = buurt_polygons(rng, ox, oy, cols, rows, cell)
    water_rows = make_water(rng, ox, oy, width, height, extra_ditches)
    water_union = shapely.union_all([w[0] for w in water_rows]).buffer(4.0)
    characters = list(CHARACTERS)
    out = Buildings()
    buurt_chars = []
    for k, poly in enumerate(polys):
        character = characters[(k * 7 + int(rng.integers(0, 3))) % len(characters)] if k else "centrum"
        buurt_chars.append(character)
        fill_buurt(rng, poly, character, out)
    geoms = np.array(out.geoms, dtype=object)
    dry = ~shapely.intersects(geoms, water_union)
    buurten = pd.DataFrame({
        "buurtcode": [f"BU{code_start + k:08d}" for k in range(len(polys))],
        "buurtnaam": [f"{names[c]} {k + 1}" for k, c in enumerate(buurt_chars)],
        "character": buurt_chars,
    })
    return polys, buurten, water_rows, out, dry


def remove_overlaps(geoms):
    """Drop later buildings that overlap earlier ones (touching stays: rows share walls)."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    area = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    drop = np.zeros(len(geoms), dtype=bool)
    drop[right[area > 0.01]] = True
    return ~drop


def generate(out_dir: Path, towns_x=1, towns_y=1, buurt_grid=(4, 3), seed=20261124, cell=None, extras=True,
             extra_ditches=0, progress=False):
    rng = np.random.default_rng(seed)
    cols, rows = buurt_grid
    cell = cell or 2000.0 / cols  # a town is 2 km wide whatever its buurt grid
    town_w, town_h = cols * cell, rows * cell
    names = {k: v[2] for k, v in CHARACTERS.items()}
    all_polys, all_buurten, all_water, all_b = [], [], [], []
    for ty in range(towns_y):
        for tx in range(towns_x):
            t = ty * towns_x + tx
            ox, oy = ORIGIN[0] + tx * (town_w + 400), ORIGIN[1] + ty * (town_h + 400)
            if progress and t % 10 == 0:
                print(f"  town {t + 1}/{towns_x * towns_y}", flush=True)
            polys, buurten, water_rows, b, dry = town(rng, ox, oy, cols, rows, cell, 9990000 + t * 1000, names,
                                                    extra_ditches)
            buurten["gemeentecode"] = f"GM{999 - (t % 900):04d}" if t else "GM0999"
            all_polys += polys
            all_buurten.append(buurten)
            all_water += water_rows
            frame = pd.DataFrame({"use": b.use, "year": b.year, "floors": b.floors, "units": b.units})
            frame["geometry"] = b.geoms
            all_b.append(frame[dry])
    buurten = pd.concat(all_buurten, ignore_index=True)
    buurten["water"] = "NEE"
    buurten["gas_main_renewal_year"] = rng.choice([2026, 2029, 2034, 2041, 2048], size=len(buurten))
    nb = gpd.GeoDataFrame(buurten, geometry=all_polys, crs=CRS)

    b = pd.concat(all_b, ignore_index=True)
    geoms = np.array(b["geometry"].tolist(), dtype=object)
    keep = remove_overlaps(geoms)
    b = b[keep].reset_index(drop=True)
    n = len(b)
    footprint = shapely.area(np.array(b["geometry"].tolist(), dtype=object))
    units = b["units"].to_numpy()
    floor_area = np.round(footprint * b["floors"].to_numpy() * 0.8).astype(float)
    floor_area[rng.random(n) < 0.05] = np.nan  # BAG area not known for some
    status = np.where(rng.random(n) < 0.97, IN_USE,
                      rng.choice(["Pand gesloopt", "Bouwvergunning verleend", "Verbouwing pand"], size=n))
    bld = gpd.GeoDataFrame({
        "identificatie": [f"0999100{k:09d}" for k in range(n)],
        "bouwjaar": b["year"].to_numpy(),
        "status": status,
        "gebruiksdoel": b["use"].to_numpy(),
        "oppervlakte": floor_area,
        "aantal_verblijfsobjecten": units,
        "b3_bouwlagen": b["floors"].to_numpy(),
    }, geometry=b["geometry"].tolist(), crs=CRS)
    if extras:
        # deliberately broken records, one of each kind (positions fixed by the seed)
        bld.loc[3:8, "status"] = IN_USE
        bld.loc[3, "bouwjaar"] = 0
        bld.loc[4, "bouwjaar"] = 3000
        bld.loc[5, "oppervlakte"] = 999999
        bld.loc[6, "b3_bouwlagen"] = 80
        x, y = bld.geometry[7].bounds[:2]
        bld.loc[7, "geometry"] = Polygon([(x, y), (x + 8, y + 8), (x + 8, y), (x, y + 8)])  # bow-tie
        bld.loc[8, "geometry"] = Polygon()

    water = gpd.GeoDataFrame({
        "typewater": [w[1] for w in all_water],
        "flow_m3s": [w[2] if w[2] is not None else np.nan for w in all_water],
    }, geometry=[w[0] for w in all_water], crs=CRS)

    out_dir.mkdir(parents=True, exist_ok=True)
    gpkg = out_dir / "town.gpkg"
    tmp = out_dir / ".town.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    nb.to_file(tmp, layer="buurten", driver="GPKG", **GPKG_OPTIONS)
    bld.to_file(tmp, layer="panden", driver="GPKG", **GPKG_OPTIONS)
    water.to_file(tmp, layer="waterdelen", driver="GPKG", **GPKG_OPTIONS)
    if extras:
        write_extras(tmp, out_dir, nb, bld, water)
    tmp.replace(gpkg)
    return gpkg


def write_roads(gpkg, nb, dy=40.0, dx=160.0):
    """A street lattice over the town (layer wegen): east-west streets every `dy` m, north-south every
    `dx` m, each street a line between crossings as NWB draws wegvakken; every fifth east-west street
    has a gas-main renewal year (works_year) for the phases."""
    x0, y0, x1, y1 = nb.total_bounds
    xs = np.arange(np.floor(x0 / dx) * dx, x1 + dx, dx)
    ys = np.arange(np.floor(y0 / dy) * dy, y1 + dy, dy)
    lines, works = [], []
    for j, y in enumerate(ys):
        for a, b in zip(xs[:-1], xs[1:]):
            lines.append(LineString([(a, y), (b, y)]))
            works.append(2029.0 + 4 * (j // 5 % 3) if j % 5 == 0 else np.nan)
    for x in xs:
        for a, b in zip(ys[:-1], ys[1:]):
            lines.append(LineString([(x, a), (x, b)]))
            works.append(np.nan)
    roads = gpd.GeoDataFrame({"works_year": works}, geometry=lines, crs=CRS)
    roads.to_file(gpkg, layer="wegen", driver="GPKG", **GPKG_OPTIONS)


def write_extras(gpkg, out_dir, nb, bld, water):
    x0, y0, x1, y1 = nb.total_bounds
    write_roads(gpkg, nb)
    rwzi = gpd.GeoDataFrame({"naam": ["RWZI Oost"], "flow_m3_day": [30000.0]},
                            geometry=[Point(x1 + 150, y0 + 300)], crs=CRS)
    rwzi.to_file(gpkg, layer="rwzi", driver="GPKG", **GPKG_OPTIONS)
    net = gpd.GeoDataFrame({"naam": ["Warmtenet Centrum"]},
                           geometry=[LineString([(x0 + 200, y0 + 900), (x0 + 600, y0 + 1000), (x0 + 900, y0 + 1300)])],
                           crs=CRS)
    net.to_file(gpkg, layer="warmtenet", driver="GPKG", **GPKG_OPTIONS)

    # CBS-like 100 m squares with inhabitants and dwellings; small counts suppressed as -99997
    gx0, gy0 = np.floor(x0 / 100) * 100, np.floor(y0 / 100) * 100
    nx, ny = int(np.ceil((x1 - gx0) / 100)), int(np.ceil((y1 - gy0) / 100))
    in_use = bld[(bld["status"] == IN_USE) & ~bld.geometry.is_empty]
    cent = shapely.get_coordinates(in_use.geometry.representative_point())
    ix = ((cent[:, 0] - gx0) // 100).astype(int)
    iy = ((cent[:, 1] - gy0) // 100).astype(int)
    dwellings = np.zeros((nx, ny))
    np.add.at(dwellings, (ix, iy), in_use["aantal_verblijfsobjecten"].to_numpy())
    cells, inw, won = [], [], []
    for i in range(nx):
        for j in range(ny):
            if dwellings[i, j] == 0:
                continue
            cells.append(box(gx0 + 100 * i, gy0 + 100 * j, gx0 + 100 * (i + 1), gy0 + 100 * (j + 1)))
            d = dwellings[i, j]
            won.append(d if d >= 5 else -99997)
            inw.append(round(d * 2.1) if d >= 5 else -99997)
    grid = gpd.GeoDataFrame({"crs28992res100m": [f"E{int(c.bounds[0]) // 100:04d}N{int(c.bounds[1]) // 100:05d}"
                                                 for c in cells],
                             "aantal_inwoners": inw, "aantal_woningen": won}, geometry=cells, crs=CRS)
    grid.to_file(gpkg, layer="vierkant100m", driver="GPKG", **GPKG_OPTIONS)

    # Heat-demand raster, GJ/ha per 100 m cell, from footprints (a rough 0.9 GJ per m² footprint)
    demand = np.zeros((nx, ny))
    np.add.at(demand, (ix, iy), in_use.geometry.area.to_numpy() * 0.9)
    write_geotiff(out_dir / "heat_demand.tif", demand.T[::-1], gx0, gy0 + 100 * ny, 100.0)


def write_geotiff(path, values, west, north, cell):
    """Writes through gdal_translate (Debian's gdal-bin) from an ASCII grid."""
    if shutil.which("gdal_translate") is None:
        raise SystemExit("gdal_translate not found; run 'make setup' (installs gdal-bin)")
    with tempfile.TemporaryDirectory() as tmp:
        asc = Path(tmp) / "grid.asc"
        rows, cols = values.shape
        with open(asc, "w") as f:
            f.write(f"ncols {cols}\nnrows {rows}\nxllcorner {west}\nyllcorner {north - rows * cell}\n"
                    f"cellsize {cell}\nNODATA_value -9999\n")
            np.savetxt(f, values, fmt="%.3f")
        subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-a_srs", CRS, "-ot", "Float32",
                        "-co", "COMPRESS=DEFLATE", str(asc), str(path)], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "town")
    p.add_argument("--towns-x", type=int, default=1)
    p.add_argument("--towns-y", type=int, default=1)
    p.add_argument("--buurt-grid", type=int, nargs=2, default=(4, 3), metavar=("COLS", "ROWS"))
    p.add_argument("--seed", type=int, default=20261124)
    a = p.parse_args()
    path = generate(a.out, a.towns_x, a.towns_y, tuple(a.buurt_grid), a.seed)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
