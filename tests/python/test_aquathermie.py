"""Aquathermie on the test town (invariants) and on real BGT water of Capelle aan den IJssel."""

import subprocess

import geopandas as gpd
import numpy as np
import pytest

import warmte


@pytest.fixture(scope="module")
def result(town, town_sources):
    return warmte.analyse(**town, **town_sources, progress=False)


def test_no_source_beyond_its_potential_no_buurt_beyond_its_demand(result):
    nb, src, alloc = result.neighbourhoods, result.sources, result.allocation
    assert (src["allocated_gj"] <= src["potential_delivered_gj"] * (1 + 1e-12)).all()
    allocated = nb["teo_gj"] + nb["tea_gj"] + nb["ted_gj"]
    assert (allocated <= nb["heat_demand_gj"] * (1 + 1e-12)).all()
    assert (nb["aquathermie_coverage"].between(0, 1 + 1e-12)).all()
    # the three views agree: per source, per buurt and per allocation line
    assert allocated.sum() == pytest.approx(src["allocated_gj"].sum(), rel=1e-12)
    assert alloc["allocated_gj"].sum() == pytest.approx(src["allocated_gj"].sum(), rel=1e-12)
    per_source = alloc.groupby("source_id")["allocated_gj"].sum()
    np.testing.assert_allclose(per_source.to_numpy(), src.set_index("source_id").loc[per_source.index, "allocated_gj"])


def test_sources_of_the_town(result):
    src = result.sources.set_index("source_id")
    assert set(src["source_type"]) == {"teo", "tea"}
    canal = src[src["flow"] == 2.0].iloc[0]
    assert canal["potential_source_gj"] == pytest.approx(0.1 * 2 * 4.18 * 3 * 3600 * 3600 / 1000)
    plant = src[src["source_type"] == "tea"].iloc[0]
    assert plant["potential_source_gj"] == pytest.approx(30_000 * 365 * 4.186 * 4 / 1000)
    assert plant.geometry.geom_type == "Point"
    lake = src[src["water_kind"] == "stagnant"].iloc[0]
    assert lake["potential_source_gj"] == pytest.approx(lake["area_m2"] * 0.5)
    assert (src["used_share"].between(0, 1)).all()


def test_small_buurten_are_not_allocated_and_say_why(result):
    nb = result.neighbourhoods.set_index("buurtcode")
    small = nb[nb["n_dwellings"] < 30]
    assert len(small) > 0
    for _, row in small.iterrows():
        assert row["tea_gj"] == 0 and row["teo_gj"] == 0
        assert "below project size" in row["aquathermie_note"]
    dq = result.data_quality
    assert "layer_absent_all_buildings_assumed_suitable" in set(dq["issue"])


def test_wko_layer_limits_teo(town, town_sources, tmp_path):
    # Only the western half of the town is suitable for WKO: TEO can serve only buildings there.
    nb = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")
    x0, y0, x1, y1 = nb.total_bounds
    import shapely
    wko = gpd.GeoDataFrame({"suitability": ["geschikt", "ongeschikt"]},
                           geometry=[shapely.box(x0, y0, (x0 + x1) / 2, y1), shapely.box((x0 + x1) / 2, y0, x1, y1)],
                           crs=nb.crs)
    with_wko = warmte.analyse(**town, wko=wko, progress=False).neighbourhoods
    without = warmte.analyse(**town, progress=False).neighbourhoods
    assert with_wko["teo_gj"].sum() < without["teo_gj"].sum()
    east = nb.geometry.representative_point().x.to_numpy() > (x0 + x1) / 2 + 300
    assert (with_wko.loc[east, "teo_gj"] == 0).all()


def test_cli_writes_sources_and_allocation(cli, town, town_sources, tmp_path):
    out = tmp_path / "town.gpkg"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--water", town["water"], "--plants", town_sources["plants"], "--output", str(out), "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    sources = gpd.read_file(out, layer="sources")
    allocation = gpd.read_file(out, layer="allocation")
    # In the GeoPackage every source is the point its allocation lines start from.
    assert (sources.geom_type == "Point").all()
    assert (allocation.geom_type == "MultiLineString").all()
    starts = {(round(line.geoms[0].coords[0][0], 6), round(line.geoms[0].coords[0][1], 6)) for line in allocation.geometry}
    assert starts <= {(round(p.x, 6), round(p.y, 6)) for p in sources.geometry}
    assert allocation["allocated_gj"].sum() == pytest.approx(sources["allocated_gj"].sum())


def test_point_layer_of_the_wrong_type_is_an_error(cli, town, tmp_path):
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--plants", town["water"], "--output", str(tmp_path / "o.gpkg")], capture_output=True, text=True)
    assert r.returncode == 2
    assert "waterdelen" in r.stderr and "holds no points" in r.stderr


def test_capelle_bgt_water(realdata):
    water = gpd.read_file(realdata / "capelle_bgt_waterdeel_2020" / "bgt_capelle.gpkg", layer="waterdeel")
    current = water[water["eindRegistratie"].isna()]
    assert len(current) == 309
    sources = warmte.potential_sources(water=current, config={"fields": {"water": {"type": "class"}}})
    ignored = [line for line in sources.attrs["data_quality"] if "below_min_area_ignored" in line]
    assert len(sources) + int(ignored[0].split()[1]) == 309
    # source ids name the GeoDataFrame rows: the largest body is part of the river, managed by
    # Rijkswaterstaat (bronhouder L0002); without a discharge it follows the area rule
    biggest = sources.loc[sources["potential_source_gj"].idxmax()]
    row = int(biggest["source_id"].split(":")[1])
    assert current.loc[row, "bronhouder"] == "L0002"
    assert biggest["water_kind"] == "flowing"
    rows = sources["source_id"].str.split(":").str[1].astype(int).to_numpy()
    river = sources[(current.loc[rows, "plus-type"] == "rivier").to_numpy()]
    print(f"Capelle: {len(river)} pieces tagged 'rivier', {river['area_m2'].sum() / 1e4:.0f} ha, "
          f"{river['potential_source_gj'].sum():.0f} GJ/yr at the source")
    assert biggest["area_m2"] > 500_000
    assert biggest["potential_source_gj"] == pytest.approx(biggest["area_m2"] * 0.5)
    ditches = sources[sources["area_m2"] < 5_000]
    print(f"Capelle: {len(sources)} sources, largest {biggest['potential_source_gj']:.0f} GJ/yr at the source "
          f"({biggest['area_m2'] / 1e4:.1f} ha), median ditch {ditches['potential_source_gj'].median():.0f} GJ/yr, "
          f"total {sources['potential_delivered_gj'].sum():.0f} GJ/yr delivered")
    assert 500 <= ditches["potential_source_gj"].median() <= 2_500


def test_water_lines_with_a_width_become_sources(tmp_path):
    import shapely

    shapes = [shapely.box(0, 0, 100, 100), shapely.LineString([(0, 500), (300, 500)]),
              shapely.LineString([(0, 600), (300, 600)])]
    water = gpd.GeoDataFrame({"typewater": ["meer, plas", "waterloop", "waterloop"], "width_m": [np.nan, 4.0, np.nan]},
                             geometry=[shapely.affinity.translate(g, 155_000, 463_000) for g in shapes], crs="EPSG:28992")
    from_frame = warmte.potential_sources(water=water)
    path = tmp_path / "water.gpkg"
    water.to_file(path, layer="water", dataset_options={"VERSION": "1.2"})
    buurt = gpd.GeoDataFrame({"buurtcode": ["A"]}, geometry=[shapely.box(154_900, 462_900, 155_400, 463_700)],
                             crs="EPSG:28992")
    house = gpd.GeoDataFrame(geometry=[shapely.box(155_200, 463_200, 155_210, 463_210)], crs="EPSG:28992")
    result = warmte.analyse(buurt, house, water=str(path), progress=False)
    for sources in (from_frame, result.sources):
        assert len(sources) == 2
        canal = sources[sources["water_kind"] == "flowing"].iloc[0]
        assert canal["area_m2"] == pytest.approx(300 * 4)  # buffered by half the width, flat ends
    dq = result.data_quality
    assert "line_without_width" in set(dq["issue"])
    assert "dropped_not_polygonal" not in set(dq["issue"])
