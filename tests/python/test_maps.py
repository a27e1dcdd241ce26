"""Maps: class colours and labels as in the QGIS styles, legend, labels, scale bar, north arrow,
PNG and PDF, and the CLI's --map."""

import datetime
import os
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import numpy as np
import pyogrio
import pytest

import warmte
from warmte.maps import KINDS, class_colours, plot, style


@pytest.fixture(scope="module")
def result(town, town_sources):
    return warmte.analyse(**town, **town_sources, progress=False)


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def csv_classes(kind: str) -> dict:
    """The class table itself (libwarmte/data/map_classes.csv), read here without the library."""
    import csv

    path = Path(__file__).resolve().parents[2] / "libwarmte" / "data" / "map_classes.csv"
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return {row["value"]: row for row in csv.DictReader(lines) if row["style"] == kind}


@pytest.mark.parametrize("kind", KINDS)
def test_every_buurt_has_the_colour_of_its_class(result, kind):
    ax = result.plot(kind=kind)
    frame = result.neighbourhoods
    drawn = ax.collections[0].get_facecolors()[:, :3]
    classes = csv_classes(kind)
    field = style(kind)["field"]
    expected = np.array([mcolors.to_rgb(classes.get(v, classes.get(""))["colour"]) for v in frame[field]])
    np.testing.assert_allclose(drawn, expected, atol=1e-6)
    counts = frame[field].value_counts()
    legend = legend_texts(ax)
    for value, row in classes.items():
        if value:
            assert f"{row['label_nl']} ({counts.get(value, 0)})" in legend
    assert ax.get_title() == style(kind)["title"]
    matplotlib.pyplot.close(ax.figure)


def test_phase_and_english_maps_show_their_labels(result):
    for language, column in [("nl", "label_nl"), ("en", "label_en")]:
        ax = result.plot(kind="phase", language=language)
        legend = " ".join(legend_texts(ax))
        for value, row in csv_classes("phase").items():
            if value and value in set(result.neighbourhoods["phase"]):
                assert row[column] in legend, (language, value)
        matplotlib.pyplot.close(ax.figure)


def test_map_labels_every_buurt_by_name_with_scale_bar_and_north_arrow(result):
    ax = result.plot(kind="phase")
    texts = {t.get_text() for t in ax.texts}
    assert set(result.neighbourhoods["buurtnaam"]) <= texts
    assert "N" in texts
    assert any(t.endswith(" m") or t.endswith(" km") for t in texts)
    assert any(t.startswith("Bron: warmte ") for t in texts)
    assert "voor 2030" in " ".join(legend_texts(ax))
    matplotlib.pyplot.close(ax.figure)


def test_english_labels(result):
    ax = result.plot(kind="heat_network", language="en")
    assert ax.get_title() == "Heat network suitability"
    assert any(t.startswith("promising (") for t in legend_texts(ax))
    matplotlib.pyplot.close(ax.figure)


def test_aquathermie_map_shows_the_sources(result):
    ax = result.plot(kind="aquathermie")
    legend = legend_texts(ax)
    assert "bronnen: oppervlaktewater (TEO)" in legend and "bronnen: afvalwater (TEA)" in legend
    points = sum(len(c.get_offsets()) for c in ax.collections[1:])
    assert points == len(result.sources)
    matplotlib.pyplot.close(ax.figure)


def test_numeric_column_map_keeps_a_colour_bar(result):
    ax = plot(result.neighbourhoods, column="n_buildings")
    assert len(ax.figure.axes) == 2  # the map and its colour legend
    colours = ax.collections[0].get_facecolors()
    assert len(np.unique(colours.round(3), axis=0)) > 5  # buurten differ in colour
    matplotlib.pyplot.close(ax.figure)


def test_save_map_png_and_pdf_at_print_quality(result, tmp_path):
    png = result.save_map(tmp_path / "map.png", kind="strategy")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width > 2000  # 300 dpi on a 9-inch figure
    # The pHYs chunk says the resolution: 300 dpi is 11,811 pixels per metre.
    phys = data.index(b"pHYs") + 4
    assert int.from_bytes(data[phys:phys + 4], "big") == round(300 / 0.0254)
    pdf = result.save_map(tmp_path / "map.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match=r"\.png or \.pdf"):
        result.save_map(tmp_path / "map.svg")


def test_unknown_kind_names_the_choices(result):
    with pytest.raises(ValueError, match="heat_network, aquathermie, strategy, phase"):
        result.plot(kind="colour")


def test_cli_map_is_written_next_to_the_geopackage(cli, town, tmp_path):
    out = tmp_path / "town.gpkg"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--output", out, "--map", "--map-kind", "phase", "--language", "en"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    png = tmp_path / "town.png"
    assert f"wrote {png}" in r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["town.gpkg", "town.png"]  # nothing else left beside


def test_cli_map_failure_keeps_the_geopackage(cli, town, tmp_path):
    out = tmp_path / "town.gpkg"
    env = dict(os.environ, WARMTE_PYTHON=str(tmp_path / "no-python"))
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--output", out, "--map", "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 3  # an output failure: the GeoPackage is kept
    assert "map could not be drawn" in r.stderr and "WARMTE_PYTHON" in r.stderr
    assert out.exists() and not (tmp_path / "town.png").exists()
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--output", out, "--map", "--map-kind", "colour"], capture_output=True, text=True)
    kinds = list(warmte._core.buurt_map_kinds())
    assert r.returncode == 2 and ", ".join(kinds[:-1]) + " or " + kinds[-1] in r.stderr


def test_geopackage_provenance(cli, town, tmp_path):
    out = tmp_path / "town.gpkg"
    heat = Path(town["buildings"].split(":")[0]).with_name("heat_demand.tif")
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--grid", f"heat={heat}", "--output", out, "--quiet"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    metadata = pyogrio.read_info(out, layer="neighbourhoods")["dataset_metadata"]
    assert metadata["WARMTE_VERSION"] == warmte.__version__
    run = datetime.datetime.strptime(metadata["WARMTE_RUN_DATE"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    assert abs((datetime.datetime.now(datetime.UTC) - run).total_seconds()) < 300
    assert "[output]\nlanguage = 'nl'" in metadata["WARMTE_CONFIG"]
    size = os.path.getsize(town["buildings"].split(":")[0])
    lines = metadata["WARMTE_INPUTS"].splitlines()
    assert any(line.startswith("buildings: ") and f"({size} bytes, modified " in line for line in lines)
    assert f"grid heat: {heat} ({heat.stat().st_size} bytes, modified " in metadata["WARMTE_INPUTS"]


def test_maps_module_on_a_geopackage_pdf_column_and_its_language(cli, town, tmp_path):
    import sys

    out = tmp_path / "en.gpkg"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--language", "en", "--output", out, "--quiet"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    from warmte.maps import gpkg_language

    assert gpkg_language(out) == "en"
    pdf = tmp_path / "density.pdf"
    r = subprocess.run([sys.executable, "-m", "warmte.maps", out, pdf, "--column", "heat_density_gj_ha", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    png = tmp_path / "phase.png"
    r = subprocess.run([sys.executable, "-m", "warmte.maps", out, png, "--kind", "phase", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"
    r = subprocess.run([sys.executable, "-m", "warmte.maps", out, tmp_path / "x.png", "--column", "no_such_field"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "no field 'no_such_field'" in r.stderr and "heat_density_gj_ha" in r.stderr
