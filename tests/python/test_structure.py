"""One declaration per concept: the input-role table is the single source of the CLI options,
the project-file keys and the Python keywords; every vector role reads the same in any CRS."""

import inspect
from pathlib import Path
import subprocess
import tomllib

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, box

import warmte
from warmte import _core

ROLES = _core.input_roles()


def test_cli_options_come_from_the_role_table(cli):
    text = subprocess.run([cli, "--help"], capture_output=True, text=True, check=True).stdout
    options = {line.split()[0] for line in text.splitlines() if line.startswith("  --")}
    for role in ROLES:
        assert role["option"] in options, role
        assert f"{role['option']} SRC" in text
    # The synopsis names the required roles without brackets and the optional ones with.
    usage = text.split("Commands:")[0]
    for role in ROLES:
        marked = f"[{role['option']} SRC]"
        assert (marked not in usage) == role["required"], role["name"]
    # Every option --help lists is accepted (unknown options are refused with exit 2).
    for option in options - {"--help-config"}:
        r = subprocess.run([cli, "analyse", option], capture_output=True, text=True)
        assert "unknown option" not in r.stderr, option
    r = subprocess.run([cli, "analyse", "--railways", "x"], capture_output=True, text=True)
    assert r.returncode == 2 and "unknown option --railways" in r.stderr


def test_project_keys_come_from_the_role_table():
    config = tomllib.loads(_core.default_config_toml())
    assert set(config["inputs"]) - {"layers"} == {role["name"] for role in ROLES}
    # and each role's layer, for dataset names with colons of their own (PG:, OAPIF:)
    assert set(config["inputs"]["layers"]) == {role["name"] for role in ROLES}
    assert {"path", "heat_grid", "map", "buildings_layer", "grid_buildings", "language"} <= set(config["output"])


def test_python_keywords_come_from_the_role_table():
    parameters = inspect.signature(warmte.analyse).parameters
    roles = [name for name in parameters if name in {r["name"] for r in ROLES}]
    # The required roles and water positional (as in the first release), then the others in table order.
    positional = [r["name"] for r in ROLES if r["required"]] + ["water"]
    assert roles == positional + [r["name"] for r in ROLES if r["name"] not in positional]
    assert [p.kind for p in parameters.values()][:3] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * 3
    assert set(roles) == {r["name"] for r in ROLES}
    for role in ROLES:
        default = parameters[role["name"]].default
        assert (default is inspect.Parameter.empty) == role["required"]
    assert set(_core.wanted_fields("")) == {r["name"] for r in ROLES}
    with pytest.raises(TypeError):
        warmte.analyse(neighbourhoods="a", buildings="b", railways="c")


def test_exit_codes_are_documented_per_error_type(cli, town, tmp_path):
    text = subprocess.run([cli, "--help"], capture_output=True, text=True, check=True).stdout
    status = text.split("Exit status:")[1]
    # One table: the library's, in --help and in the README's status table.
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    readme_codes = {int(line.split("|")[1]) for line in readme.split("| status | meaning")[1].split("\n\n")[0]
                    .splitlines()[2:] if line.startswith("|")}
    library = _core.exit_statuses()
    assert readme_codes | {6} == {s["code"] for s in library}  # 6 is batch's, documented with it
    for s in library:
        assert any(line.strip().startswith(f"{s['code']} ") for line in status.splitlines()), s
    for code, word in [(0, "success"), (2, "bad input"), (3, "output"), (4, "GeometryError"), (5, "cancelled"),
                       (1, "internal")]:
        assert any(line.strip().startswith(f"{code} ") and word in line for line in status.splitlines()), code
    # An output that cannot be written is an output failure (3), not bad input (2).
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--output", tmp_path / "missing" / "out.gpkg", "--quiet"], capture_output=True, text=True)
    assert r.returncode == 3, r.stderr
    assert "folder" in r.stderr
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", "/nowhere.gpkg",
                        "--output", tmp_path / "out.gpkg"], capture_output=True, text=True)
    assert r.returncode == 2
    with pytest.raises(warmte.OutputError):
        warmte.analyse(**town, progress=False).to_gpkg(tmp_path / "missing" / "out.gpkg")


def town_layers(town, town_sources):
    """Every vector role of the town in EPSG:28992, plus a drinking-water main, a WKO layer and a
    water line with a width (the town has none of those)."""
    layers = {role: gpd.read_file(spec.rsplit(":", 1)[0], layer=spec.rsplit(":", 1)[1])
              for role, spec in {**town, **town_sources}.items()}
    buurten = layers["neighbourhoods"]
    x0, y0, x1, y1 = buurten.total_bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    layers["mains"] = gpd.GeoDataFrame({"flow_m3_day": [20000.0]},
                                       geometry=[LineString([(x0 + 200, cy), (cx, cy + 150)])], crs=buurten.crs)
    layers["wko"] = gpd.GeoDataFrame({"suitability": ["geschikt", "ongeschikt"]},
                                     geometry=[box(x0, y0, cx, y1), box(cx, y0, x1, y1)], crs=buurten.crs)
    ditch = gpd.GeoDataFrame({"typewater": ["waterloop"], "width_m": [4.0], "flow_m3s": [np.nan]},
                             geometry=[LineString([(cx - 600, cy - 300), (cx + 600, cy - 280)])], crs=buurten.crs)
    water = layers["water"].assign(width_m=np.nan)
    layers["water"] = gpd.GeoDataFrame(
        gpd.pd.concat([water, ditch], ignore_index=True), geometry="geometry", crs=buurten.crs)
    return layers


def test_every_vector_role_in_wgs84_gives_the_same_numbers(town, town_sources):
    layers = town_layers(town, town_sources)
    rd = warmte.analyse(**layers, progress=False)
    wgs = warmte.analyse(**{role: frame.to_crs(4326) for role, frame in layers.items()}, progress=False)
    a, b = rd.neighbourhoods, wgs.neighbourhoods
    assert (a["teo_gj"] > 0).any() and (a["ted_gj"] > 0).any() and (a["tea_gj"] > 0).any()
    assert "dist_heat_network_m" in a and (a["wko_share"] < 1).any()  # the WKO layer took part
    assert rd.sources["water_kind"].eq("flowing").sum() == wgs.sources["water_kind"].eq("flowing").sum()
    for column in ["area_m2", "water_area_m2", "footprint_area_m2", "heat_demand_gj", "heat_density_gj_ha",
                   "dist_water_m", "dist_heat_network_m", "teo_gj", "tea_gj", "ted_gj", "aquathermie_coverage",
                   "wko_share", "lt_share", "heat_network_score", "aquathermie_score"]:
        np.testing.assert_allclose(b[column].to_numpy(float), a[column].to_numpy(float), rtol=1e-3, atol=1e-6,
                                   err_msg=column)
    assert list(a["n_buildings"]) == list(b["n_buildings"])
    # The ditch is one source of 1,200 m x 4 m, in both CRSs.
    ditch = lambda r: r.sources[r.sources["source_id"] == r.sources["source_id"].iloc[-1]]  # noqa: E731
    assert len(rd.sources) == len(wgs.sources)
    np.testing.assert_allclose(ditch(wgs)["area_m2"].to_numpy(), ditch(rd)["area_m2"].to_numpy(), rtol=1e-3)


def test_scores_stay_within_0_and_100_on_the_town(town, town_sources):
    nb = warmte.analyse(**town, **town_sources, progress=False).neighbourhoods
    for column in ["heat_network_score", "aquathermie_score"]:
        assert nb[column].between(0, 100).all()
    assert (nb["heat_network_score"] == 100).any()  # exactly 100 where every criterion is at its top


# --- the output schema (issue 30): one registry the writer, Result, README and report read ------


def test_readme_and_docs_field_tables_are_the_output_schema():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Output: layer `neighbourhoods`")
    table = readme[readme.index("| field | type | unit | meaning |", start):]
    table = table[:table.index("\n\n")]
    assert table == warmte.schema.markdown("neighbourhoods")
    doc = (ROOT / "docs" / "fields.md").read_text()
    for _, layer in warmte.schema.layers().iterrows():
        assert f"## `{layer['layer']}` ({layer['geometry']})" in doc
        assert warmte.schema.markdown(layer["layer"]) in doc, layer["layer"]


def test_result_layer_reads_every_layer_of_the_schema(town, town_sources):
    r = warmte.analyse(**town, **town_sources, include_buildings=True, progress=False)
    layers = warmte.schema.layers().set_index("layer")
    for name, layer in layers.iterrows():
        frame = r.layer(name)
        if name in ("partitions", "streets", "network", "clusters"):  # the batch's own; runs with roads only
            assert frame is None, name
            continue
        assert frame is not None, name
        assert isinstance(frame, gpd.GeoDataFrame) == (layer["geometry"] != "none"), name
    assert r.layer("neighbourhoods") is r.neighbourhoods  # the named properties are the same layers
    assert list(r.layer("costs").columns) == list(r.costs.columns)
    with pytest.raises(warmte.ConfigError, match="pipes_made_up"):
        r.layer("pipes_made_up")
    # Every field of every layer has its row (the library refuses to write one without).
    fields = warmte.schema.fields()
    assert {"{id}", "hn_raw_{criterion}", "cost_national_{variant}_eur_weq"} <= set(fields["field"])


def test_report_key_figures_and_map_titles_come_from_the_schema():
    figures = warmte.schema.key_figures("nl")
    assert [f[0] for f in figures][:3] == ["n_dwellings", "heat_demand_gj", "heat_density_gj_ha"]
    assert figures[1][1:] == ("Warmtevraag", 0, "GJ/jaar")
    assert warmte.schema.key_figures("en")[1][1:] == ("Heat demand", 0, "GJ/yr")
    assert warmte.schema.title("heat_demand_gj", "nl") == "Warmtevraag (GJ/jaar)"
    assert warmte.schema.title("dist_water_m", "en") == "Distance from buildings to surface water (m)"
    assert warmte.schema.title("made_up", "en") == "made_up"


def test_every_reference_to_the_model_documentation_resolves_in_a_clone():
    """The ~200 references to the model's sections ("docs/model.md §3.2", "docs/costs.md §4") in
    the code, the tables and the README name a section that docs/ holds."""
    import re

    from conftest import ROOT

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    headings = {}
    for doc in ("model", "costs"):
        text = (ROOT / "docs" / f"{doc}.md").read_text()
        headings[doc] = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)[ .]", text, flags=re.M))
    seen = 0
    for name in files:
        path = ROOT / name
        if path.suffix not in {".cpp", ".hpp", ".py", ".csv", ".md", ".toml", ".in"} or not path.is_file():
            continue
        for doc, section in re.findall(r"docs/(model|costs)\.md §(\d+(?:\.\d+)?)", path.read_text(errors="ignore")):
            seen += 1
            assert section in headings[doc], f"{name}: docs/{doc}.md §{section} is no section of docs/{doc}.md"
    assert seen > 100
    outside = "DESI" "GN.md\\|COS" "TS.md"  # split: this file must not name them itself
    assert not subprocess.run(["git", "grep", "-l", outside], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip(), "a reference to the design files outside the repository"


def _readme_sections(readme):
    """The README cut at its `##` and `###` headings: (heading, text), the intro first."""
    import re

    parts = re.split(r"^(#{2,3} .*)$", readme, flags=re.M)
    sections = [("intro", parts[0])]
    sections += [(parts[k].lstrip("# ").strip(), parts[k + 1]) for k in range(1, len(parts), 2)]
    return sections


def _test_exists(reference, root):
    """`test_x.py::name` under tests/python (a function of that name), or `dir/test_x.cpp::"start"`
    under tests/cpp (a TEST_CASE whose name starts so)."""
    import re

    path, _, name = reference.partition("::")
    folder = root / "tests" / ("cpp" if path.endswith(".cpp") else "python")
    if not (folder / path).is_file():
        return False
    if path.endswith(".cpp"):
        source = (root / "tests" / "cpp" / path).read_text()
        start = name.strip().strip('"')
        return any(case.startswith(start) for case in re.findall(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', source))
    source = (root / "tests" / "python" / path).read_text()
    return re.search(rf"^\s*def {re.escape(name.strip())}\(", source, flags=re.M) is not None


def test_the_promise_table_is_current():
    """docs/promises.md: every quote is in the README section the row names, every test named
    exists, every row has a test or says why none, and every README section has a row."""
    from conftest import ROOT

    normal = lambda text: " ".join(text.split())  # noqa: E731 (README lines wrap anywhere)
    sections = [(heading, normal(text)) for heading, text in _readme_sections((ROOT / "README.md").read_text())]
    rows = [line.split("|")[1:-1] for line in (ROOT / "docs" / "promises.md").read_text().splitlines()
            if line.startswith("| ") and not line.startswith("| section") and not line.startswith("|---")]
    assert len(rows) > 100
    covered = set()
    for section, quote, tests, why in ([cell.strip() for cell in row] for row in rows):
        homes = [heading for heading, text in sections
                 if section.lower() in heading.lower() and normal(quote) in text]
        assert homes, f"docs/promises.md: '{quote}' is not in the README section '{section}'"
        covered.update(homes)
        references = [t for t in tests.split("; ") if t]
        assert references or why, f"docs/promises.md: '{quote}' has no test and no reason"
        for reference in references:
            assert _test_exists(reference, ROOT), f"docs/promises.md: no test {reference} (for '{quote}')"
    missing = [heading for heading, _ in sections if heading not in covered]
    assert not missing, f"README sections without a row in docs/promises.md: {missing}"
