"""Determinism (issue 14): the same output, every field of every layer, for 1, 2 and 8 threads, for
the input features in shuffled order, and for the same input as GeoPackage, FlatGeobuf and
Shapefile."""
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from conftest import TOWN

# Sort keys of every layer written with --buildings-layer and water, plants and a heat network.
KEYS = {
    "neighbourhoods": ["buurtcode"],
    "buildings": ["identificatie"],
    "costs": ["buurtcode", "variant", "perspective", "component"],
}
# Source ids name the input feature ("water:12"), whose number is the format's own (GeoPackage
# counts from 1, FlatGeobuf and Shapefile from 0) and moves with a shuffle: sources and their
# allocation are compared on everything else.
BY_INPUT_FEATURE = {"sources": "source_id", "allocation": "source_id"}
SHAPEFILE_FIELDS = ("[fields.neighbourhoods]\nmunicipality = 'gemeenteco'\ngas_main_renewal_year = 'gas_main_r'\n"
                    "[fields.buildings]\nid = 'identifica'\nuse = 'gebruiksdo'\nfloor_area = 'oppervlakt'\n"
                    "dwellings = 'aantal_ver'\nstoreys = 'b3_bouwlag'\n")


def analyse(cli, tmp_path, name, buurten, panden, water, extra=()):
    out = tmp_path / f"{name}.gpkg"
    run = subprocess.run([cli, "analyse", "--neighbourhoods", buurten, "--buildings", panden, "--water", water,
                          "--plants", f"{TOWN}:rwzi", "--heat-network", f"{TOWN}:warmtenet",
                          "--buildings-layer", "--output", str(out), "--quiet", *extra],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


def layers(path):
    """Every layer of a result as a DataFrame in a fixed order (geometry as WKB)."""
    out = {}
    for name, _ in pyogrio.list_layers(path):
        if name == "layer_styles":
            continue
        df = pyogrio.read_dataframe(path, layer=name)
        if "geometry" in df and isinstance(df, gpd.GeoDataFrame):
            df["geometry"] = shapely.to_wkb(shapely.normalize(df.geometry.values), hex=True)
        out[name] = df
    return out


def sorted_layer(name, df):
    if name == "data_quality":
        # Feature ids are the input's own numbering, which a shuffle changes: compare what was
        # recorded, per layer and issue, and the details in order.
        return df.drop(columns=["feature_id"]).sort_values(list(df.columns.drop("feature_id"))).reset_index(drop=True)
    if name in BY_INPUT_FEATURE:
        df = df.drop(columns=[BY_INPUT_FEATURE[name]])
        return df.sort_values(list(df.columns)).reset_index(drop=True)
    keys = [k for k in KEYS.get(name, []) if k in df.columns]
    return df.sort_values(keys).reset_index(drop=True) if keys else df


def assert_same(a_path, b_path, shapefile_names=False):
    """Every layer equal, field for field and bit for bit. With shapefile_names, columns of b that
    are a's names cut to ten characters (a Shapefile's pass-through fields) are named back first."""
    a, b = layers(a_path), layers(b_path)
    assert sorted(a) == sorted(b)
    for name in a:
        y = b[name]
        if shapefile_names:
            wanted = list(a[name].columns)
            y = y.rename(columns={c: w for c in y.columns if c not in wanted for w in wanted if w[:10] == c})
        x, y = sorted_layer(name, a[name]), sorted_layer(name, y)
        assert list(x.columns) == list(y.columns), name
        assert len(x) == len(y), name
        for column in x.columns:
            if pd.api.types.is_float_dtype(x[column]):
                np.testing.assert_array_equal(x[column].to_numpy(), y[column].to_numpy(), err_msg=f"{name}.{column}")
            else:
                assert x[column].tolist() == y[column].tolist(), f"{name}.{column}"


@pytest.fixture(scope="module")
def reference(cli, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("determinism")
    return tmp, analyse(cli, tmp, "threads1", f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen",
                        ["--threads", "1"])


@pytest.mark.parametrize("threads", [2, 8])
def test_the_same_output_for_any_number_of_threads(cli, reference, threads):
    tmp, one = reference
    many = analyse(cli, tmp, f"threads{threads}", f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen",
                   ["--threads", str(threads)])
    assert_same(one, many)


def test_the_same_output_for_input_features_in_shuffled_order(cli, reference):
    tmp, one = reference
    path = tmp / "shuffled.gpkg"
    rng = np.random.default_rng(14)
    for layer in ["buurten", "panden", "waterdelen"]:
        df = pyogrio.read_dataframe(TOWN, layer=layer)
        df.iloc[rng.permutation(len(df))].to_file(path, layer=layer)
    shuffled = analyse(cli, tmp, "shuffled_result", f"{path}:buurten", f"{path}:panden", f"{path}:waterdelen",
                       ["--threads", "2"])
    assert_same(one, shuffled)


@pytest.mark.parametrize("driver,suffix", [("FlatGeobuf", "fgb"), ("ESRI Shapefile", "shp")])
def test_the_same_output_from_geopackage_flatgeobuf_and_shapefile(cli, reference, driver, suffix):
    tmp, one = reference
    folder = tmp / suffix
    folder.mkdir()
    specs = []
    for layer in ["buurten", "panden", "waterdelen"]:
        # FlatGeobuf's spatial index cannot hold the town's NULL geometry: written without one.
        options = {"SPATIAL_INDEX": "NO"} if suffix == "fgb" else {}
        pyogrio.write_dataframe(pyogrio.read_dataframe(TOWN, layer=layer), folder / f"{layer}.{suffix}",
                                driver=driver, layer_options=options)
        specs.append(str(folder / f"{layer}.{suffix}"))
    extra = ["--threads", "2"]
    if suffix == "shp":  # field names of ten characters at most
        (folder / "fields.toml").write_text(SHAPEFILE_FIELDS)
        extra += ["--config", str(folder / "fields.toml")]
    assert_same(one, analyse(cli, tmp, suffix, *specs, extra), shapefile_names=suffix == "shp")
