"""The fast nearest-first sharing of aquathermie (issue 15) gives the reference's result: every
allocation, in the same order, and every buurt field, on the test town (per cluster and per
building) and on a generated country-like set of 100k buildings with BGT-like water."""
import importlib.util
import subprocess
import sys

import numpy as np
import pyogrio
import pytest

from conftest import ROOT, TOWN


def run(cli, out, buurten, panden, water, matching, cell, extra=()):
    config = out.with_suffix(".toml")
    config.write_text(f'[supply]\nmatching = "{matching}"\nreach_cluster_cell_m = {cell}\n')
    run = subprocess.run([cli, "analyse", "--neighbourhoods", buurten, "--buildings", panden, "--water", water,
                          "--output", str(out), "--config", str(config), "--quiet", *extra],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


def assert_same_sharing(a, b):
    for layer in ["allocation", "sources", "neighbourhoods"]:
        x = pyogrio.read_dataframe(a, layer=layer, read_geometry=False)
        y = pyogrio.read_dataframe(b, layer=layer, read_geometry=False)
        assert list(x.columns) == list(y.columns)
        assert len(x) == len(y), layer
        for column in x.columns:
            if x[column].dtype.kind == "f":
                np.testing.assert_array_equal(x[column].to_numpy(), y[column].to_numpy(), err_msg=f"{layer}.{column}")
            else:
                assert x[column].tolist() == y[column].tolist(), f"{layer}.{column}"
    return pyogrio.read_dataframe(a, layer="allocation", read_geometry=False)


@pytest.mark.parametrize("cell", [100, 0])
def test_nearest_first_equals_all_pairs_on_the_town(cli, tmp_path, cell):
    args = (f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen")
    extra = ["--plants", f"{TOWN}:rwzi"]
    fast = run(cli, tmp_path / "fast.gpkg", *args, "nearest_first", cell, extra)
    reference = run(cli, tmp_path / "reference.gpkg", *args, "all_pairs", cell, extra)
    allocation = assert_same_sharing(fast, reference)
    assert len(allocation) > 10 and allocation["allocated_gj"].sum() > 1e4


def test_nearest_first_equals_all_pairs_on_a_country_like_set(cli, tmp_path):
    spec = importlib.util.spec_from_file_location("generate_country", ROOT / "benchmarks" / "generate_country.py")
    generator = importlib.util.module_from_spec(spec)
    sys.modules["generate_country"] = generator
    spec.loader.exec_module(generator)
    path = generator.generate(tmp_path / "country", 100_000, municipalities=12)
    args = (f"{path}:buurten", f"{path}:panden", f"{path}:waterdelen")
    fast = run(cli, tmp_path / "fast.gpkg", *args, "nearest_first", 100)
    reference = run(cli, tmp_path / "reference.gpkg", *args, "all_pairs", 100)
    allocation = assert_same_sharing(fast, reference)
    assert allocation["source_id"].nunique() > 100
