"""Runs every case of the bad-input corpus (tests/hostile/make_corpus.py) through the warmte program
and checks its declared outcome; also that no run leaves a partial output behind and that a
failed run keeps an older output byte for byte."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "tests" / "hostile" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(spec)
sys.modules["make_corpus"] = make_corpus
spec.loader.exec_module(make_corpus)

NAMES = [name for name, _, _ in make_corpus.CASES]
EXIT = {"rejected": 2, "output": 3, "repaired": 0, "accepted": 0}
OLD_OUTPUT = b"an older result that a failed run must keep\n"
# Seconds one case may take (the million-vertex polygon is the slowest, ~2 s here).
CASE_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    cases = {c.name: c for c in make_corpus.build(out)}
    return out, cases


@pytest.fixture(scope="module")
def clean(corpus, cli):
    """Neighbourhoods and data-quality records of the clean base run."""
    out, _ = corpus
    args = make_corpus.Base.args(output=str(out / "clean.gpkg"))
    run = subprocess.run([cli, *expand(args, out, out / "base")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return neighbourhoods(out / "clean.gpkg"), data_quality(out / "clean.gpkg")


def data_quality(path):
    return pyogrio.read_dataframe(path, layer="data_quality", read_geometry=False)


def issue_count(dq, issue):
    """Features with `issue`: one per feature record, N for a count-only row ("N features")."""
    rows = dq[dq["issue"] == issue]
    counted = rows["detail"].str.extract(r"^(\d+) features?$")[0]
    per_feature = rows["feature_id"].notna() | counted.isna()
    return int(per_feature.sum() + counted[~per_feature].astype(float).sum())


def expand(args, out, case_dir):
    return [a.replace("{base}", str(out / "base")).replace("{case}", str(case_dir)) for a in args]


def neighbourhoods(path):
    df = pyogrio.read_dataframe(path, layer="neighbourhoods", read_geometry=False)
    return df.set_index("buurtcode").sort_index()


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def output_path(case, case_dir):
    i = case.args.index("--output")
    return Path(os.path.normpath(case.args[i + 1].replace("{case}", str(case_dir))))


def run_case(cli, out, case):
    case_dir = out / case.name
    target = output_path(case, case_dir)
    if case.old_output or case.name == "output_overwrites_older_output":
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(OLD_OUTPUT)
    before = {p: p.read_bytes() for p in case_dir.rglob("*") if p.is_file() and p.name != "case.json"}
    listing = files_under(case_dir)
    run = subprocess.run([cli, *expand(case.args, out, case_dir)], capture_output=True, text=True,
                         timeout=CASE_TIMEOUT_S, cwd=case_dir)
    return run, before, listing, target


@pytest.mark.parametrize("name", NAMES)
def test_hostile_case(name, corpus, clean, cli):
    out, cases = corpus
    case = cases[name]
    expect = case.expect
    run, before, listing, target = run_case(cli, out, case)
    stderr_lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == EXIT[expect["kind"]], f"{case.why}\nexit {run.returncode}\n{run.stderr}"
    case_dir = out / case.name

    if expect["kind"] in ("rejected", "output"):
        errors = [line for line in stderr_lines if line.startswith("warmte: error:")]
        assert len(errors) == 1, run.stderr
        for needle in expect["names"]:
            assert needle in errors[0], f"{needle!r} not named in: {errors[0]}"
        # Nothing partial: the folder holds what it held, every input and older output unchanged.
        assert files_under(case_dir) == listing
        for path, data in before.items():
            assert path.read_bytes() == data, f"{path} changed by a failed run"
        if case.old_output:
            assert target.read_bytes() in (OLD_OUTPUT, before.get(target)), "an older output was not kept"
        return

    assert target.exists(), run.stderr
    # No temporary file left beside the output.
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".") or ".tmp" in p.name] == []
    for path, data in before.items():
        if path != target:
            assert path.read_bytes() == data, f"input {path} changed"
    result = neighbourhoods(target)
    clean_nb, clean_dq = clean
    if expect["kind"] == "repaired":
        dq = data_quality(target)
        more = issue_count(dq, expect["issue"]) - issue_count(clean_dq, expect["issue"])
        assert more >= expect["count"], f"{expect['issue']} recorded {more} more times than for the clean " \
            f"input, not {expect['count']}; recorded: {sorted(set(dq['issue']))}"
        return
    if expect["ids"]:
        assert list(result.index) == list(clean_nb.index)
    else:  # ids changed on purpose: compare in input order
        result = pyogrio.read_dataframe(target, layer="neighbourhoods", read_geometry=False)
        clean_nb = pyogrio.read_dataframe(out / "clean.gpkg", layer="neighbourhoods", read_geometry=False)
    # Pass-through fields of a Shapefile input carry names cut to ten characters.
    wanted = list(clean_nb.columns)
    result = result.rename(columns={c: w for c in result.columns if c not in wanted for w in wanted if w[:10] == c})
    assert sorted(result.columns) == sorted(wanted)
    for column in clean_nb.columns:
        a, b = result[column], clean_nb[column]
        if pd.api.types.is_numeric_dtype(b):
            np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=expect["rtol"], atol=1e-6,
                                       equal_nan=True, err_msg=column)
        elif column not in ("buurtnaam", "buurtcode") and not column.startswith("explanation"):
            assert a.tolist() == b.tolist(), column


def test_the_corpus_covers_every_category_with_at_least_80_cases():
    categories = pd.Series([category for _, category, _ in make_corpus.CASES]).value_counts()
    assert len(make_corpus.CASES) >= 80
    assert set(categories.index) == {"crs", "files", "geometry", "attributes", "identifiers", "configuration",
                                     "outputs"}
    assert categories.min() >= 8
