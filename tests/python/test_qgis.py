"""The GeoPackage opened by QGIS itself (Debian's qgis and python3-qgis, in a separate process
with Debian's interpreter, offscreen): every layer loads with its style and feature count, the
saved styles apply, and the neighbourhoods render with every class colour. Plus what `ogrinfo`
shows of the styles and the provenance."""

import json
import subprocess
from pathlib import Path

import matplotlib.colors as mcolors
import pyogrio
import pytest

from warmte.maps import style

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "qgis" / "check_gpkg.py"
QGIS_PYTHON = "/usr/bin/python3"  # the interpreter python3-qgis is built for; never the venv's
LAYERS = ["neighbourhoods", "buildings", "sources", "allocation", "data_quality", "costs"]


def qgis_report(gpkg, png, heat=None):
    probe = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, text=True)
    assert probe.returncode == 0, "QGIS is not installed (Debian qgis, python3-qgis); `make test` installs it"
    args = [QGIS_PYTHON, str(CHECK), str(gpkg), str(png)] + ([str(heat)] if heat else [])
    r = subprocess.run(args, capture_output=True, text=True, timeout=300,
                       env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(Path(gpkg).parent), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert "error" not in report, report["error"]
    return report


@pytest.fixture(scope="module")
def written(cli, town, town_sources, tmp_path_factory):
    """The test town with every layer, written once per language."""
    def write(language):
        folder = tmp_path_factory.mktemp(f"qgis_{language}")
        out, heat = folder / "town.gpkg", folder / "heat.tif"
        r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings",
                            town["buildings"], "--water", town["water"], "--plants", town_sources["plants"],
                            "--heat-network", town_sources["heat_network"], "--buildings-layer",
                            "--heat-grid", heat, "--language", language, "--output", out, "--quiet"],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return out, heat
    return {language: write(language) for language in ("nl", "en")}


def test_qgis_opens_every_layer_with_its_style(written):
    gpkg, heat = written["nl"]
    png = gpkg.with_name("qgis_neighbourhoods.png")
    report = qgis_report(gpkg, png, heat)
    assert report["qgis_version"].startswith("3.")
    layers = report["layers"]
    for name in LAYERS:
        assert layers[name]["valid"], name
        assert layers[name]["feature_count"] == pyogrio.read_info(gpkg, layer=name)["features"], name
    assert layers["sources"]["geometry_type"] == "Point"
    assert layers["allocation"]["geometry_type"] == "Line"

    # The default style of each layer is what QGIS applied on opening.
    expected_default = {"neighbourhoods": ("categorizedSymbol", "heat_network_class"),
                        "buildings": ("categorizedSymbol", "label"),
                        "sources": ("categorizedSymbol", "source_type"),
                        "allocation": ("graduatedSymbol", "allocated_gj")}
    for name, (renderer, field) in expected_default.items():
        assert (layers[name]["renderer"]["type"], layers[name]["renderer"]["field"]) == (renderer, field), name
    hn = style("heat_network", "nl")
    assert layers["neighbourhoods"]["renderer"]["classes"] == [
        {"value": c["value"], "label": c["label"], "colour": c["colour"]} for c in hn["classes"]]
    assert layers["neighbourhoods"]["labels_enabled"]
    # The sources' legend has the types and the size classes: a quarter, half and all of the
    # largest delivered potential rounded up to 1, 2, 2.5 or 5 x 10^k (the RWZI's 266,686 GJ -> 500,000).
    largest = pyogrio.read_dataframe(gpkg, layer="sources", read_geometry=False)["potential_delivered_gj"].max()
    assert largest == pytest.approx(266_686.25, abs=0.01)
    legend = layers["sources"]["legend"]
    assert {"oppervlaktewater (TEO)", "afvalwater (TEA)", "125.000", "250.000", "500.000"} <= set(legend)
    assert layers["data_quality"]["sort_expression"] == '"issue"'

    # Every saved style of the neighbourhoods applies, with Dutch legends.
    saved = layers["neighbourhoods"]["saved_styles"]
    assert {name: s["field"] for name, s in saved.items()} == {
        "Kansrijkheid warmtenet": "heat_network_class", "Kansrijkheid aquathermie": "aquathermie_class",
        "Strategie (Startanalyse)": "strategy", "Fasering": "phase",
        "Laagste nationale kosten (variant)": "cheapest_variant", "Voorsprong op de tweede strategie": "cost_gap_class",
        "Netcapaciteit voor all-electric": "grid_status"}
    assert [c["label"] for c in saved["Fasering"]["classes"]] == ["voor 2030", "2030 tot 2040", "na 2040",
                                                                  "geen gegevens"]
    assert report["heat_grid"] == {"valid": True, "renderer": "singlebandpseudocolor"}

    # The rendering shows every class present in the data, in its colour, over a visible share.
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = report["render"]["pixel_counts"]
    total = sum(pixels.values())
    present = set(pyogrio.read_dataframe(gpkg, layer="neighbourhoods", read_geometry=False)["heat_network_class"])
    for c in hn["classes"]:
        if c["value"] in present:
            assert pixels.get(mcolors.to_hex(c["colour"]), 0) > 0.02 * total, c


def test_english_styles(written):
    gpkg, _ = written["en"]
    report = qgis_report(gpkg, gpkg.with_name("qgis_en.png"))
    neighbourhoods = report["layers"]["neighbourhoods"]
    assert neighbourhoods["styles_in_database"] == ["Heat network suitability", "Aquathermie suitability",
                                                    "Strategy (Startanalyse)", "Phasing",
                                                    "Lowest national costs (variant)", "Lead over the runner-up strategy",
                                                    "Grid capacity for all-electric"]
    assert neighbourhoods["renderer"]["classes"][0]["label"] == "promising"


def test_ogrinfo_shows_the_styles_and_the_provenance(written):
    gpkg, heat = written["nl"]
    summary = subprocess.run(["ogrinfo", "-so", "-q", str(gpkg)], capture_output=True, text=True).stdout
    assert "layer_styles" in summary
    for key in ("WARMTE_VERSION", "WARMTE_RUN_DATE", "WARMTE_CONFIG", "WARMTE_INPUTS"):
        assert key in summary
    rows = subprocess.run(["ogrinfo", "-q", str(gpkg), "-sql",
                           "SELECT f_table_name, styleName FROM layer_styles WHERE useAsDefault = 1"],
                          capture_output=True, text=True).stdout
    for name in LAYERS:
        assert f"f_table_name (String) = {name}" in rows
    assert heat.with_suffix(".qml").read_text().count("<item ") == 4
