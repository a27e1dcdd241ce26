"""The bad-input corpus (issue 14): about a hundred broken or unusual inputs built from three buurten
of the test town, each with the outcome it must have.

    python tests/hostile/make_corpus.py OUT_DIR

writes OUT_DIR/base/ (the clean inputs) and OUT_DIR/<case>/ with the case's files and case.json:

    {"name", "category", "why", "args": [...], "expect": {...}, "old_output": bool}

`args` follow `warmte` and may hold {base} and {case} (the folders). Expectations:

    rejected  exit 2 and one line on stderr holding every string of "names" (file, layer, feature, key)
    repaired  exit 0 and the data_quality layer records "issue" (at least "count" times)
    accepted  exit 0 and the neighbourhoods equal those of the clean input (to "rtol")
    output    exit 3 (the output could not be written) and one line holding every string of "names"

A case with "old_output" has an older result at its output path, which must survive a failed run
byte for byte. Nothing binary is committed: every file is made here, deterministically.
tests/python/test_hostile_corpus.py builds the corpus and runs every case.
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parents[2]
TOWN = ROOT / "testdata" / "town" / "town.gpkg"
RASTER = ROOT / "testdata" / "town" / "heat_demand.tif"
RD = "EPSG:28992"
BASE_BUURTEN = ["BU09990000", "BU09990001", "BU09990002"]
OUT = "{case}/out/result.gpkg"
# A Shapefile cuts field names to ten characters.
SHAPEFILE_BUURT_FIELDS = "[fields.neighbourhoods]\nmunicipality = 'gemeenteco'\ngas_main_renewal_year = 'gas_main_r'\n"


@dataclass
class Case:
    name: str
    category: str
    why: str
    expect: dict
    args: list = field(default_factory=list)
    old_output: bool = False


CASES: list[tuple[str, str, object]] = []


def case(category):
    """Registers a case maker: f(case_dir, base) -> Case fields (args, expect, why, ...)."""
    def register(f):
        CASES.append((f.__name__, category, f))
        return f
    return register


def rejected(*names):
    return {"kind": "rejected", "names": list(names)}


def repaired(issue, count=1):
    """Recorded `count` more times than for the clean input."""
    return {"kind": "repaired", "issue": issue, "count": count}


def accepted(rtol=1e-9, ids=True):
    """Same numbers as the clean input (and, with ids, the same buurt ids)."""
    return {"kind": "accepted", "rtol": rtol, "ids": ids}


def output_failed(*names):
    return {"kind": "output", "names": list(names)}


# --- the clean base --------------------------------------------------------------------------

class Base:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        buurten = pyogrio.read_dataframe(TOWN, layer="buurten")
        self.buurten = buurten[buurten["buurtcode"].isin(BASE_BUURTEN)].reset_index(drop=True)
        area = self.buurten.union_all()
        panden = pyogrio.read_dataframe(TOWN, layer="panden", bbox=tuple(area.bounds))
        self.panden = panden[panden.intersects(area)].reset_index(drop=True)
        water = pyogrio.read_dataframe(TOWN, layer="waterdelen", bbox=tuple(area.bounds))
        self.water = water.reset_index(drop=True)
        self.gpkg = folder / "base.gpkg"
        self.buurten.to_file(self.gpkg, layer="buurten")
        self.panden.to_file(self.gpkg, layer="panden")
        self.water.to_file(self.gpkg, layer="water")

    @staticmethod
    def args(buurten=None, panden=None, water=None, output=OUT, extra=()):
        """CLI arguments with the base layers unless another spec is given."""
        return ["analyse",
                "--neighbourhoods", buurten or "{base}/base.gpkg:buurten",
                "--buildings", panden or "{base}/base.gpkg:panden",
                "--water", water or "{base}/base.gpkg:water",
                "--output", output, "--quiet", *extra]


def gpkg(path: Path, layer: str, df) -> str:
    df.to_file(path, layer=layer)
    return f"{{case}}/{path.name}:{layer}"


def raw_gpkg(path: Path, layer: str, template: gpd.GeoDataFrame, wkbs, geometry_type="Unknown", crs=RD) -> str:
    """A GeoPackage whose geometries are the given WKB blobs as they are (no shapely in between)."""
    columns = [c for c in template.columns if c != "geometry"]
    pyogrio.raw.write(path, geometry=np.array(wkbs, dtype=object),
                      field_data=[template[c].to_numpy() for c in columns], fields=columns, layer=layer,
                      geometry_type=geometry_type, crs=crs, driver="GPKG")
    return f"{{case}}/{path.name}:{layer}"


def ring_wkb(points, closed=True):
    pts = list(points) + ([points[0]] if closed else [])
    return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(pts)) + b"".join(struct.pack("<dd", *p) for p in pts)


def wkbs_of(df):
    return list(shapely.to_wkb(df.geometry.values))


def with_geometry(df, i, geom):
    out = df.copy()
    out.loc[i, "geometry"] = geom
    return out


def first_house(base) -> int:
    """The first ordinary house: the test town plants faults (80 storeys, year 0) in some."""
    p = base.panden
    ordinary = ((p["gebruiksdoel"] == "woonfunctie") & (p["status"] == "Pand in gebruik") & p["bouwjaar"].between(1900, 2020)
                & p["b3_bouwlagen"].between(1, 3) & p["oppervlakte"].between(50, 300) & (p["aantal_verblijfsobjecten"] == 1))
    return int(p.index[ordinary][0])


def house_id(base, i) -> str:
    return str(base.panden.loc[i, "identificatie"])


# --- CRS -------------------------------------------------------------------------------------

@case("crs")
def shapefile_without_prj(d, base):
    base.buurten.to_file(d / "buurten.shp")
    (d / "buurten.prj").unlink()
    return dict(args=base.args(buurten="{case}/buurten.shp"), expect=rejected("buurten.shp", "--assume-crs"),
                why="a Shapefile without .prj has no CRS; guessing one would misplace the whole study area")


@case("crs")
def shapefile_without_prj_with_assume_crs(d, base):
    base.buurten.to_file(d / "buurten.shp")
    (d / "buurten.prj").unlink()
    (d / "c.toml").write_text(SHAPEFILE_BUURT_FIELDS)
    return dict(args=base.args(buurten="{case}/buurten.shp", extra=["--assume-crs", RD, "--config", "{case}/c.toml"]),
                expect=accepted(),
                why="--assume-crs names the CRS the file lacks")


def undefined_srs(d, base, srs_id):
    path = d / "nocrs.gpkg"
    base.buurten.to_file(path, layer="buurten")
    with sqlite3.connect(path) as db:
        db.execute("update gpkg_geometry_columns set srs_id = ?", (srs_id,))
        db.execute("update gpkg_contents set srs_id = ?", (srs_id,))
    return "{case}/nocrs.gpkg:buurten"


@case("crs")
def geopackage_srs_id_0(d, base):
    return dict(args=base.args(buurten=undefined_srs(d, base, 0)), expect=rejected("nocrs.gpkg", "--assume-crs"),
                why="srs_id 0 is 'undefined geographic' in GeoPackage: no usable CRS")


@case("crs")
def geopackage_srs_id_minus_1_with_assume_crs(d, base):
    return dict(args=base.args(buurten=undefined_srs(d, base, -1), extra=["--assume-crs", RD]), expect=accepted(),
                why="srs_id -1 is 'undefined cartesian'; --assume-crs applies")


@case("crs")
def buurten_in_wgs84(d, base):
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", base.buurten.to_crs("EPSG:4326"))),
                expect=accepted(rtol=1e-4), why="any CRS PROJ knows is reprojected to the analysis CRS")


@case("crs")
def buildings_in_utm31(d, base):
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", base.panden.to_crs("EPSG:25831"))),
                expect=accepted(rtol=1e-4), why="ETRS89 / UTM 31N, as some national data sets come")


@case("crs")
def water_in_web_mercator(d, base):
    return dict(args=base.args(water=gpkg(d / "w.gpkg", "water", base.water.to_crs("EPSG:3857"))),
                expect=accepted(rtol=1e-4), why="web-map exports are in EPSG:3857")


@case("crs")
def rd_coordinates_declared_wgs84(d, base):
    wrong = base.buurten.set_crs("EPSG:4326", allow_override=True)
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", wrong)), expect=rejected("b.gpkg", "buurten"),
                why="metres declared as degrees: coordinates outside the CRS's range")


@case("crs")
def geographic_analysis_crs(d, base):
    return config_case(d, base, '[analysis]\ncrs = "EPSG:4326"\n', rejected("analysis.crs", "EPSG:4326"),
                       "areas and distances need a projected CRS in metres")


@case("crs")
def unknown_assume_crs(d, base):
    return dict(args=base.args(extra=["--assume-crs", "EPSG:999999"]), expect=rejected("EPSG:999999"),
                why="a CRS PROJ does not know")


@case("crs")
def garbage_prj(d, base):
    base.buurten.to_file(d / "buurten.shp")
    (d / "buurten.prj").write_text("this is not a CRS")
    return dict(args=base.args(buurten="{case}/buurten.shp"), expect=rejected("buurten.shp", "--assume-crs"),
                why="an unreadable .prj is no CRS")


# --- broken files ----------------------------------------------------------------------------

@case("files")
def zero_byte_geopackage(d, base):
    (d / "p.gpkg").write_bytes(b"")
    return dict(args=base.args(panden="{case}/p.gpkg:panden"), expect=rejected("p.gpkg"), why="an empty file")


@case("files")
def truncated_geopackage(d, base):
    data = base.gpkg.read_bytes()
    (d / "p.gpkg").write_bytes(data[: len(data) // 3])
    return dict(args=base.args(panden="{case}/p.gpkg:panden"), expect=rejected("p.gpkg"),
                why="a download cut off a third of the way")


@case("files")
def text_behind_gpkg_extension(d, base):
    (d / "p.gpkg").write_text("identificatie;bouwjaar\n1;1930\n")
    return dict(args=base.args(panden="{case}/p.gpkg:panden"), expect=rejected("p.gpkg"),
                why="a CSV renamed to .gpkg")


@case("files")
def geojson_behind_gpkg_extension(d, base):
    base.panden.to_file(d / "p.gpkg", driver="GeoJSON")
    return dict(args=base.args(panden="{case}/p.gpkg"), expect=accepted(),
                why="GDAL opens by content, not by extension: the data is fine")


@case("files")
def html_error_page_as_geojson(d, base):
    (d / "p.geojson").write_text("<html><body>502 Bad Gateway</body></html>")
    return dict(args=base.args(panden="{case}/p.geojson"), expect=rejected("p.geojson"),
                why="what a failed WFS download leaves behind")


@case("files")
def shapefile_without_shx(d, base):
    base.panden.to_file(d / "p.shp")
    (d / "p.shx").unlink()
    return dict(args=base.args(panden="{case}/p.shp"), expect=rejected("p.shp"), why="a Shapefile part missing")


@case("files")
def shapefile_without_shp(d, base):
    base.panden.to_file(d / "p.shp")
    (d / "p.shp").unlink()
    return dict(args=base.args(panden="{case}/p.shp"), expect=rejected("p.shp"), why="the geometry part missing")


@case("files")
def shapefile_without_dbf(d, base):
    base.buurten.to_file(d / "b.shp")
    (d / "b.dbf").unlink()
    return dict(args=base.args(buurten="{case}/b.shp"), expect=rejected("b.shp", "buurtcode"),
                why="the attribute part missing: no buurt ids")


@case("files")
def missing_file(d, base):
    return dict(args=base.args(panden="{case}/nothing.gpkg:panden"), expect=rejected("nothing.gpkg"),
                why="a typo in the path")


@case("files")
def missing_layer(d, base):
    return dict(args=base.args(panden="{base}/base.gpkg:pand"), expect=rejected("base.gpkg", "pand"),
                why="a typo in the layer name")


@case("files")
def folder_as_input(d, base):
    (d / "p.gpkg").mkdir()
    return dict(args=base.args(panden="{case}/p.gpkg"), expect=rejected("p.gpkg"), why="a folder named like a file")


@case("files")
def corrupt_raster(d, base):
    (d / "heat.tif").write_bytes(b"II*\x00" + b"\x00" * 200)
    return dict(args=base.args(extra=["--grid", "heat={case}/heat.tif"]), expect=rejected("heat.tif", "raster"),
                why="a TIFF header and nothing else")


@case("files")
def zero_byte_raster(d, base):
    (d / "heat.tif").write_bytes(b"")
    return dict(args=base.args(extra=["--grid", "heat={case}/heat.tif"]), expect=rejected("heat.tif"),
                why="an empty raster file")


@case("files")
def corrupt_raster_tiles(d, base):
    data = bytearray(RASTER.read_bytes())
    # Keep the header and directory (the first 1 kB), scramble the pixel data behind them.
    rng = np.random.default_rng(14)
    data[1024:] = rng.integers(0, 256, len(data) - 1024, dtype=np.uint8).tobytes()
    (d / "heat.tif").write_bytes(bytes(data))
    return dict(args=base.args(extra=["--grid", "heat={case}/heat.tif"]), expect=rejected("heat.tif"),
                why="a readable header over unreadable tiles")


@case("files")
def truncated_raster(d, base):
    data = RASTER.read_bytes()
    (d / "heat.tif").write_bytes(data[: len(data) // 2])
    return dict(args=base.args(extra=["--grid", "heat={case}/heat.tif"]), expect=rejected("heat.tif"),
                why="a raster download cut off halfway")


@case("files")
def broken_parameter_table(d, base):
    (d / "res.csv").write_text("# a table\nperiod,type,space_heat_gj_m2\n1900,x\n")
    (d / "c.toml").write_text('[demand]\nresidential_table = "res.csv"\n')
    return dict(args=base.args(extra=["--config", "{case}/c.toml"]), expect=rejected("res.csv"),
                why="a user's demand table with a short row")


@case("files")
def geopackage_with_garbage_in_the_middle(d, base):
    data = bytearray(base.gpkg.read_bytes())
    page = 4096
    for k in range(3 * page, min(len(data), 6 * page)):
        data[k] = 0xA5
    (d / "p.gpkg").write_bytes(bytes(data))
    return dict(args=base.args(panden="{case}/p.gpkg:panden"), expect=rejected("p.gpkg"),
                why="three database pages overwritten (a bad disk, a bad copy)")


# --- geometry --------------------------------------------------------------------------------

@case("geometry")
def bowtie_building(d, base):
    i = first_house(base)
    x0, y0, x1, y1 = base.panden.geometry[i].bounds
    bow = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", with_geometry(base.panden, i, bow))),
                expect=repaired("repaired_invalid_geometry"), why="a self-intersecting footprint is made valid")


@case("geometry")
def self_intersecting_buurt(d, base):
    b = base.buurten.copy()
    ring = list(b.geometry[0].exterior.coords)
    ring[1], ring[2] = ring[2], ring[1]
    b.loc[0, "geometry"] = shapely.Polygon(ring)
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=repaired("repaired_invalid_geometry"),
                why="a buurt outline with two vertices swapped")


@case("geometry")
def empty_building_geometry(d, base):
    i = first_house(base)
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden",
                                            with_geometry(base.panden, i, shapely.Polygon()))),
                expect=repaired("dropped_empty_geometry"), why="POLYGON EMPTY")


@case("geometry")
def null_building_geometry(d, base):
    i = first_house(base)
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", with_geometry(base.panden, i, None))),
                expect=repaired("dropped_empty_geometry"), why="a NULL geometry")


@case("geometry")
def null_buurt_geometry(d, base):
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", with_geometry(base.buurten, 1, None))),
                expect=rejected("b.gpkg", "buurten", "feature 2"), why="a buurt without a shape cannot be analysed or left out")


@case("geometry")
def curved_buildings(d, base):
    i = first_house(base)
    x, y = base.panden.geometry[i].centroid.coords[0]
    arc = struct.pack("<BII", 1, 8, 3) + b"".join(struct.pack("<dd", *p) for p in [(x - 4, y), (x + 4, y), (x - 4, y)])
    wkbs = wkbs_of(base.panden)
    wkbs[i] = struct.pack("<BII", 1, 10, 1) + arc
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs)),
                expect=repaired("linearised_curve"), why="a CurvePolygon from a CAD export")


@case("geometry")
def multisurface_buurten(d, base):
    wkbs = []
    for g in base.buurten.geometry:
        poly = shapely.to_wkb(g, byte_order=1)[5:]  # the Polygon body after its header
        wkbs.append(struct.pack("<BII", 1, 12, 1) + struct.pack("<BI", 1, 3) + poly)
    return dict(args=base.args(buurten=raw_gpkg(d / "b.gpkg", "buurten", base.buurten, wkbs)),
                expect=repaired("linearised_curve", 3), why="MultiSurface buurten as some GIS exports write them")


def with_dims(g, z=None, m=None):
    """ISO WKB of a polygon with Z and/or M ordinates added."""
    rings = [g.exterior] + list(g.interiors)
    code = 3 + (1000 if z is not None else 0) + (2000 if m is not None else 0)
    out = struct.pack("<BII", 1, code, len(rings))
    for r in rings:
        pts = list(r.coords)
        out += struct.pack("<I", len(pts))
        for x, y in pts:
            out += struct.pack("<dd", x, y) + (struct.pack("<d", z) if z is not None else b"") + \
                (struct.pack("<d", m) if m is not None else b"")
    return out


def dims_case(d, base, z, m, gtype):
    wkbs = [with_dims(g, z, m) if g.geom_type == "Polygon" else shapely.to_wkb(g) for g in base.panden.geometry]
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs, gtype)),
                expect=accepted(), why=f"{gtype} footprints: the extra ordinates are ignored")


@case("geometry")
def buildings_with_z(d, base):
    return dims_case(d, base, 12.5, None, "Unknown")


@case("geometry")
def buildings_with_m(d, base):
    return dims_case(d, base, None, 3.0, "Unknown")


@case("geometry")
def buildings_with_zm(d, base):
    return dims_case(d, base, 12.5, 3.0, "Unknown")


def bad_coordinate_case(d, base, value):
    i = first_house(base)
    x0, y0, x1, y1 = base.panden.geometry[i].bounds
    wkbs = wkbs_of(base.panden)
    wkbs[i] = ring_wkb([(x0, y0), (value, y0), (x1, y1), (x0, y1)])
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs)),
                expect=repaired("dropped_bad_geometry"), why="a vertex no building can have")


@case("geometry")
def building_vertex_nan(d, base):
    return bad_coordinate_case(d, base, math.nan)


@case("geometry")
def building_vertex_infinite(d, base):
    return bad_coordinate_case(d, base, math.inf)


@case("geometry")
def building_vertex_1e300(d, base):
    return bad_coordinate_case(d, base, 1e300)


@case("geometry")
def buurt_vertex_1e300(d, base):
    wkbs = wkbs_of(base.buurten)
    x0, y0, x1, y1 = base.buurten.geometry[2].bounds
    wkbs[2] = ring_wkb([(x0, y0), (1e300, y0), (x1, y1), (x0, y1)])
    return dict(args=base.args(buurten=raw_gpkg(d / "b.gpkg", "buurten", base.buurten, wkbs)),
                expect=rejected("b.gpkg", "buurten", "feature 3"), why="a buurt cannot be dropped: the run stops")


@case("geometry")
def buurt_vertex_nan(d, base):
    wkbs = wkbs_of(base.buurten)
    x0, y0, x1, y1 = base.buurten.geometry[0].bounds
    wkbs[0] = ring_wkb([(x0, y0), (math.nan, y0), (x1, y1), (x0, y1)])
    return dict(args=base.args(buurten=raw_gpkg(d / "b.gpkg", "buurten", base.buurten, wkbs)),
                expect=rejected("b.gpkg", "buurten", "feature 1"), why="NaN in a buurt outline")


@case("geometry")
def million_vertex_building(d, base):
    # The same footprint with every edge cut into pieces: 10^6 vertices, the same area.
    i = first_house(base)
    dense = shapely.segmentize(base.panden.geometry[i], base.panden.geometry[i].length / 1_000_000)
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", with_geometry(base.panden, i, dense))),
                expect=accepted(rtol=1e-6), why="a densified outline must not hang the run")


@case("geometry")
def unclosed_ring(d, base):
    i = first_house(base)
    pts = list(base.panden.geometry[i].exterior.coords)[:-1]
    wkbs = wkbs_of(base.panden)
    wkbs[i] = ring_wkb(pts, closed=False)
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs)),
                expect=repaired("ring_closed"), why="raw WKB with the last vertex left off")


@case("geometry")
def ring_of_one_point(d, base):
    i = first_house(base)
    wkbs = wkbs_of(base.panden)
    wkbs[i] = ring_wkb([base.panden.geometry[i].centroid.coords[0]], closed=False)
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs)),
                expect=repaired("dropped_bad_geometry"), why="a ring of one point")


@case("geometry")
def collection_with_a_line(d, base):
    i = first_house(base)
    g = base.panden.geometry[i]
    coll = shapely.GeometryCollection([g, shapely.LineString([(g.bounds[0], g.bounds[1]), (g.bounds[2], g.bounds[3])])])
    wkbs = wkbs_of(base.panden)
    wkbs[i] = shapely.to_wkb(coll)
    return dict(args=base.args(panden=raw_gpkg(d / "p.gpkg", "panden", base.panden, wkbs)),
                expect=repaired("dropped_not_polygonal"),
                why="a collection of a footprint and a line is no footprint: dropped and named")


@case("geometry")
def points_as_buildings(d, base):
    pts = base.panden.copy()
    pts["geometry"] = pts.geometry.centroid
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", pts)), expect=rejected("p.gpkg", "polygon"),
                why="address points passed as buildings")


@case("geometry")
def lines_as_buurten(d, base):
    lines = base.buurten.copy()
    lines["geometry"] = lines.geometry.boundary
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", lines)), expect=rejected("b.gpkg", "polygon"),
                why="buurt borders as lines")


@case("geometry")
def spike_and_repeated_vertices(d, base):
    i = first_house(base)
    pts = list(base.panden.geometry[i].exterior.coords)
    x, y = pts[1]
    spiky = pts[:2] + [(x, y), (x, y), (x + 30, y + 0.001), (x, y)] + pts[2:]
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", with_geometry(base.panden, i, shapely.Polygon(spiky)))),
                expect=repaired("repaired_invalid_geometry"), why="a 30 m spike and repeated vertices, as digitising leaves them")


@case("geometry")
def hole_outside_shell(d, base):
    b = base.buurten.copy()
    g = b.geometry[1]
    x0, y0, x1, y1 = g.bounds
    hole = [(x1 + 10, y0), (x1 + 20, y0), (x1 + 20, y0 + 10), (x1 + 10, y0 + 10)]
    b.loc[1, "geometry"] = shapely.Polygon(g.exterior.coords, [hole])
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=repaired("repaired_invalid_geometry"),
                why="a hole outside its shell")


@case("geometry")
def zero_area_building(d, base):
    i = first_house(base)
    x0, y0, x1, _ = base.panden.geometry[i].bounds
    flat = shapely.Polygon([(x0, y0), (x1, y0), ((x0 + x1) / 2, y0), (x0, y0)])
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", with_geometry(base.panden, i, flat))),
                expect=repaired("dropped_empty_after_repair"), why="all vertices on one line: no area")


@case("geometry")
def building_outside_every_buurt(d, base):
    p = base.panden.copy()
    extra = p.iloc[[first_house(base)]].copy()
    extra["geometry"] = extra.geometry.translate(50_000, 0)
    extra["identificatie"] = "0999100099999999"
    p = pd.concat([p, extra], ignore_index=True)
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", gpd.GeoDataFrame(p, crs=RD))),
                expect=repaired("outside_study_area"), why="a building 50 km off the study area")


@case("geometry")
def overlapping_buurten(d, base):
    b = base.buurten.copy()
    b.loc[1, "geometry"] = b.geometry[1].buffer(25)
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=repaired("overlapping_neighbourhoods"),
                why="two buurten overlapping by 25 m")


@case("geometry")
def multipolygon_buurt(d, base):
    b = base.buurten.copy()
    b["geometry"] = [shapely.MultiPolygon([g]) for g in b.geometry]
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=accepted(),
                why="single-part MultiPolygons, as CBS writes them")


# --- attributes ------------------------------------------------------------------------------

def attribute_case(d, base, column, values_at_first_house, expect, why, dtype=None):
    p = base.panden.copy()
    if dtype is not None:
        p[column] = p[column].astype(dtype)
    p.loc[first_house(base), column] = values_at_first_house
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=expect, why=why)


@case("attributes")
def years_as_text(d, base):
    p = base.panden.copy()
    p["bouwjaar"] = p["bouwjaar"].map(lambda v: None if pd.isna(v) else str(int(v)))
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(),
                why="a year column of text (a CSV import)")


@case("attributes")
def years_with_spaces(d, base):
    p = base.panden.copy()
    p["bouwjaar"] = p["bouwjaar"].map(lambda v: None if pd.isna(v) else f" {int(v)} ")
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(), why="' 1930 '")


@case("attributes")
def year_unknown_text(d, base):
    return attribute_case(d, base, "bouwjaar", "onbekend", repaired("year_missing_or_replaced"), "a year of 'onbekend'", object)


@case("attributes")
def year_9999(d, base):
    return attribute_case(d, base, "bouwjaar", 9999, repaired("year_in_future"), "the BAG placeholder year 9999")


@case("attributes")
def year_negative(d, base):
    return attribute_case(d, base, "bouwjaar", -5, repaired("year_missing_or_replaced"), "a negative year")


@case("attributes")
def floor_area_placeholder(d, base):
    return attribute_case(d, base, "oppervlakte", 999999.0, repaired("floor_area_placeholder"), "BAG's 999999 m2")


@case("attributes")
def floor_area_negative(d, base):
    return attribute_case(d, base, "oppervlakte", -120.0, repaired("floor_area_placeholder"), "a negative area")


@case("attributes")
def floor_area_nan(d, base):
    return attribute_case(d, base, "oppervlakte", math.nan, repaired("floor_area_estimated"),
                          "NaN reads as missing: the footprint estimate takes over")


@case("attributes")
def floor_area_infinite_geojson(d, base):
    p = base.panden.copy()
    p.loc[first_house(base), "oppervlakte"] = math.inf
    # Python's json writes the literal Infinity (GDAL's writer would leave the value out).
    collection = json.loads(p.to_json(drop_id=True))
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    (d / "p.geojson").write_text(json.dumps(collection))
    assert "Infinity" in (d / "p.geojson").read_text()
    return dict(args=base.args(panden="{case}/p.geojson"), expect=repaired("value_out_of_range"),
                why="+Infinity in GeoJSON")


@case("attributes")
def dwellings_2_63(d, base):
    return attribute_case(d, base, "aantal_verblijfsobjecten", 2**63 - 1, repaired("value_out_of_range"),
                          "a dwelling count of 2^63-1", "int64")


@case("attributes")
def dwellings_negative(d, base):
    return attribute_case(d, base, "aantal_verblijfsobjecten", -3, repaired("value_out_of_range"),
                          "a negative dwelling count", "int64")


@case("attributes")
def floor_area_with_decimal_comma(d, base):
    p = base.panden.copy()
    p["oppervlakte"] = p["oppervlakte"].map(lambda v: None if pd.isna(v) else f"{v:.1f}".replace(".", ","))
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(),
                why="Dutch decimal commas in a text column ('87,5')")


@case("attributes")
def use_in_upper_case(d, base):
    p = base.panden.copy()
    p["gebruiksdoel"] = p["gebruiksdoel"].str.upper()
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(), why="WOONFUNCTIE")


@case("attributes")
def use_with_whitespace(d, base):
    p = base.panden.copy()
    p["gebruiksdoel"] = "  " + p["gebruiksdoel"] + " "
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(), why="' woonfunctie '")


@case("attributes")
def unknown_use(d, base):
    return attribute_case(d, base, "gebruiksdoel", "ruimtevaartfunctie", repaired("use_unknown"),
                          "a use no table knows")


@case("attributes")
def field_names_in_upper_case(d, base):
    p = base.panden.rename(columns={"bouwjaar": "BOUWJAAR", "gebruiksdoel": "Gebruiksdoel"})
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(),
                why="GDAL matches field names without case")


@case("attributes")
def required_field_missing(d, base):
    b = base.buurten.drop(columns=["buurtcode"])
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)),
                expect=rejected("b.gpkg", "buurtcode", "fields.neighbourhoods.id"), why="no buurt id column")


@case("attributes")
def building_ids_as_integers(d, base):
    p = base.panden.copy()
    p["identificatie"] = p["identificatie"].astype("int64")
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(),
                why="BAG ids as numbers (the leading zero lost)")


@case("attributes")
def demolished_status(d, base):
    return attribute_case(d, base, "status", "Pand gesloopt", repaired("filtered_not_in_use"), "a demolished pand")


@case("attributes")
def storeys_absurd(d, base):
    return attribute_case(d, base, "b3_bouwlagen", 5000.0, repaired("storeys_out_of_range"), "5,000 storeys")


@case("attributes")
def year_as_float_with_fraction(d, base):
    year = float(base.panden.loc[first_house(base), "bouwjaar"]) + 0.25
    return attribute_case(d, base, "bouwjaar", year, accepted(), "a year of 1930.25 reads as 1930", "float64")


# --- identifiers -----------------------------------------------------------------------------

def buurt_id_case(d, base, values, expect, why):
    b = base.buurten.copy()
    b["buurtcode"] = values
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=expect, why=why)


@case("identifiers")
def duplicate_buurt_id(d, base):
    ids = list(base.buurten["buurtcode"])
    return buurt_id_case(d, base, [ids[0], ids[0], ids[2]], repaired("duplicate_id"), "two buurten with one code")


@case("identifiers")
def null_buurt_id(d, base):
    ids = list(base.buurten["buurtcode"])
    return buurt_id_case(d, base, [ids[0], None, ids[2]], repaired("missing_id"), "a NULL buurt code")


@case("identifiers")
def empty_buurt_id(d, base):
    ids = list(base.buurten["buurtcode"])
    return buurt_id_case(d, base, [ids[0], "", ids[2]], repaired("missing_id"), "an empty buurt code")


@case("identifiers")
def unicode_buurt_names(d, base):
    b = base.buurten.copy()
    b["buurtnaam"] = ["Ĳsselkade — ’s-Hertogenbosch", "Zuid 🏠", "Ελληνικά \"quoted\" 'x'"]
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=accepted(),
                why="names with Dutch ij, emoji, quotes")


@case("identifiers")
def very_long_buurt_id(d, base):
    b = base.buurten.copy()
    b["buurtcode"] = [c + "x" * 10_000 for c in b["buurtcode"]]
    return dict(args=base.args(buurten=gpkg(d / "b.gpkg", "buurten", b)), expect=accepted(ids=False),
                why="a 10,000-character id is kept whole")


@case("identifiers")
def duplicate_building_ids(d, base):
    p = base.panden.copy()
    p.loc[1, "identificatie"] = p.loc[0, "identificatie"]
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=repaired("duplicate_building_id"),
                why="one pand id on two footprints")


@case("identifiers")
def null_building_ids(d, base):
    p = base.panden.copy()
    p.loc[: 9, "identificatie"] = None
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "panden", p)), expect=accepted(),
                why="building ids are optional for demand")


@case("identifiers")
def unicode_layer_name(d, base):
    return dict(args=base.args(panden=gpkg(d / "p.gpkg", "pändén", base.panden)), expect=accepted(),
                why="a layer name outside ASCII")


@case("identifiers")
def layer_name_with_colon(d, base):
    base.panden.to_file(d / "p.gpkg", layer="bag:pand")
    return dict(args=base.args(panden="{case}/p.gpkg", extra=["--layer", "buildings=bag:pand"]),
                expect=accepted(), why="a layer name with a colon, given apart")


@case("identifiers")
def path_with_spaces_and_unicode(d, base):
    sub = d / "map met spatie — é"
    sub.mkdir()
    base.panden.to_file(sub / "pänden.gpkg", layer="panden")
    return dict(args=base.args(panden="{case}/map met spatie — é/pänden.gpkg:panden"), expect=accepted(),
                why="a Windows-style folder name")


@case("identifiers")
def numeric_buurt_ids(d, base):
    return buurt_id_case(d, base, [1, 2, 3], accepted(ids=False),
                         "buurt codes as integers are read as text")


# --- configuration ---------------------------------------------------------------------------

def config_case(d, base, text, expect, why):
    (d / "c.toml").write_text(text)
    return dict(args=base.args(extra=["--config", "{case}/c.toml"]), expect=expect, why=why)


@case("configuration")
def toml_syntax_error(d, base):
    return config_case(d, base, "[score\nweight = 1\n", rejected("c.toml", "line 1"), "an unclosed table header")


@case("configuration")
def unknown_key(d, base):
    return config_case(d, base, "[supply]\nmax_reach = 4000\n", rejected("c.toml", "supply.max_reach"),
                       "a misspelt key")


@case("configuration")
def unknown_table(d, base):
    return config_case(d, base, "[suply]\nmax_reach_m = 4000\n", rejected("c.toml", "suply"), "a misspelt table")


@case("configuration")
def wrong_type(d, base):
    return config_case(d, base, '[analysis]\nthreads = "two"\n', rejected("c.toml", "analysis.threads"),
                       "text where a number belongs")


@case("configuration")
def nan_value(d, base):
    return config_case(d, base, "[supply]\nmax_reach_m = nan\n", rejected("c.toml", "supply.max_reach_m"),
                       "TOML allows nan; no parameter does")


@case("configuration")
def infinite_value(d, base):
    return config_case(d, base, "[costs]\nsocial_discount_rate = inf\n",
                       rejected("c.toml", "costs.social_discount_rate"), "an infinite rate")


@case("configuration")
def negative_weight(d, base):
    return config_case(d, base, "[score.heat_network.heat_density]\nweight = -1\n",
                       rejected("c.toml", "score.heat_network.heat_density.weight"), "a negative weight")


@case("configuration")
def all_zero_weights(d, base):
    text = "".join(f"[score.heat_network.{c}]\nweight = 0\n"
                   for c in ["heat_density", "linear_heat_density", "supply_nearby", "dwelling_density"])
    return config_case(d, base, text, rejected("c.toml", "score.heat_network"), "weights that sum to zero")


@case("configuration")
def negative_reach(d, base):
    return config_case(d, base, "[supply]\nmax_reach_m = -100\n", rejected("c.toml", "supply.max_reach_m"),
                       "a negative distance")


@case("configuration")
def duplicate_key(d, base):
    return config_case(d, base, "[supply]\nmax_reach_m = 1\nmax_reach_m = 2\n", rejected("c.toml", "max_reach_m"),
                       "a key given twice")


@case("configuration")
def unknown_enum_value(d, base):
    return config_case(d, base, '[demand]\ncalibrate = "always"\n', rejected("c.toml", "demand.calibrate"),
                       "a choice that does not exist")


@case("configuration")
def empty_config(d, base):
    return config_case(d, base, "", accepted(), "an empty file changes nothing")


@case("configuration")
def config_with_comments_and_bom(d, base):
    (d / "c.toml").write_bytes("\ufeff# Gemeente Doesburg — warmtevisie\n[analysis]\nthreads = 1 # één\n".encode())
    return dict(args=base.args(extra=["--config", "{case}/c.toml"]), expect=accepted(),
                why="a UTF-8 byte-order mark as Windows editors write it")


@case("configuration")
def missing_config_file(d, base):
    return dict(args=base.args(extra=["--config", "{case}/nothing.toml"]), expect=rejected("nothing.toml"),
                why="a typo in --config")


@case("configuration")
def threads_not_a_number(d, base):
    return dict(args=base.args(extra=["--threads", "abc"]), expect=rejected("--threads"), why="--threads abc")


@case("configuration")
def threads_negative(d, base):
    return dict(args=base.args(extra=["--threads", "-2"]), expect=rejected("--threads"), why="--threads -2")


@case("configuration")
def unknown_option(d, base):
    return dict(args=base.args(extra=["--bildings", "x"]), expect=rejected("--bildings"), why="a misspelt option")


@case("configuration")
def field_mapped_to_missing_column(d, base):
    return config_case(d, base, '[fields.neighbourhoods]\nid = "bu_code"\n',
                       rejected("bu_code", "fields.neighbourhoods.id"), "the id mapped to a column the file lacks")


@case("configuration")
def weight_as_text(d, base):
    return config_case(d, base, '[score.aquathermie.coverage]\nweight = "veel"\n',
                       rejected("c.toml", "score.aquathermie.coverage.weight"), "a weight of text")


# --- outputs ---------------------------------------------------------------------------------

@case("outputs")
def output_folder_missing(d, base):
    return dict(args=base.args(output="{case}/no/such/folder/out.gpkg"), expect=output_failed("folder"),
                why="the output's folder does not exist")


@case("outputs")
def output_is_a_folder(d, base):
    (d / "out.gpkg").mkdir()
    return dict(args=base.args(output="{case}/out.gpkg"), expect=output_failed("out.gpkg"), why="a folder in the way")


@case("outputs")
def output_in_read_only_place(d, base):
    # A path under a regular file cannot be created, by root neither (unlike a chmod'ed folder).
    (d / "file").write_text("x")
    return dict(args=base.args(output="{case}/file/out.gpkg"), expect=output_failed("out.gpkg"),
                why="a place nothing can be written")


@case("outputs")
def output_is_an_input(d, base):
    shutil.copy(base.gpkg, d / "in.gpkg")
    return dict(args=base.args(buurten="{case}/in.gpkg:buurten", output="{case}/in.gpkg"),
                expect=output_failed("in.gpkg", "input"), old_output=True,
                why="writing the result over the input would destroy it")


@case("outputs")
def output_is_an_input_through_a_symlink(d, base):
    shutil.copy(base.gpkg, d / "in.gpkg")
    (d / "link.gpkg").symlink_to(d / "in.gpkg")
    return dict(args=base.args(panden="{case}/in.gpkg:panden", output="{case}/link.gpkg"),
                expect=output_failed("link.gpkg", "input"), old_output=True, why="the same file by another name")


@case("outputs")
def output_is_an_input_through_dot_dot(d, base):
    shutil.copy(base.gpkg, d / "in.gpkg")
    (d / "sub").mkdir()
    return dict(args=base.args(water="{case}/in.gpkg:water", output="{case}/sub/../in.gpkg"),
                expect=output_failed("in.gpkg", "input"), old_output=True, why="the same file by a relative detour")


@case("outputs")
def older_output_survives_bad_input(d, base):
    (d / "empty.gpkg").write_bytes(b"")
    return dict(args=base.args(panden="{case}/empty.gpkg", output="{case}/out/result.gpkg"),
                expect=rejected("empty.gpkg"), old_output=True, why="a failed run keeps yesterday's result")


@case("outputs")
def older_output_survives_bad_config(d, base):
    (d / "c.toml").write_text("[supply]\nmax_reach_m = -1\n")
    return dict(args=base.args(extra=["--config", "{case}/c.toml"]), expect=rejected("supply.max_reach_m"),
                old_output=True, why="a failed run keeps yesterday's result")


@case("outputs")
def older_output_survives_failed_heat_grid(d, base):
    return dict(args=base.args(extra=["--heat-grid", "{case}/no/folder/heat.tif"]), expect=output_failed("heat.tif"),
                old_output=True, why="an output that cannot be written is refused before the GeoPackage is replaced")


@case("outputs")
def output_overwrites_older_output(d, base):
    return dict(args=base.args(), expect=accepted(), why="a second run replaces its own older result")


@case("outputs")
def output_name_with_spaces_and_unicode(d, base):
    return dict(args=base.args(output="{case}/uitvoer — wärmte.gpkg"), expect=accepted(), why="a Dutch file name")


@case("outputs")
def output_with_other_extension(d, base):
    return dict(args=base.args(output="{case}/result.shp"), expect=rejected("result.shp", ".gpkg"),
                why="the result is a GeoPackage; another extension would mislead")


@case("outputs")
def heat_grid_over_an_input_raster(d, base):
    shutil.copy(RASTER, d / "heat.tif")
    return dict(args=base.args(extra=["--grid", "heat={case}/heat.tif", "--heat-grid", "{case}/heat.tif"]),
                expect=output_failed("heat.tif", "input"), old_output=False,
                why="the heat raster output would replace an input raster")


# --- the corpus ------------------------------------------------------------------------------

def build(out: Path) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    base = Base(out / "base")
    cases = []
    for name, category, make in CASES:
        d = out / name
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
        (d / "out").mkdir()  # the default output's folder; cases about folders name other outputs
        c = Case(name=name, category=category, **make(d, base))
        (d / "case.json").write_text(json.dumps(c.__dict__, indent=1, ensure_ascii=False))
        cases.append(c)
    return cases


def main(argv):
    if len(argv) != 2:
        print("usage: make_corpus.py OUT_DIR", file=sys.stderr)
        return 2
    cases = build(Path(argv[1]))
    by = pd.Series([c.category for c in cases]).value_counts()
    print(f"{len(cases)} cases: " + ", ".join(f"{k} {v}" for k, v in by.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
