import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import warmte
from warmte.maps import plot


@pytest.fixture(scope="module")
def result(town):
    return warmte.analyse(**town, progress=False)


def test_save_map_writes_a_png(result, tmp_path):
    path = result.save_map(tmp_path / "map.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000  # a real 200 dpi map, not an empty canvas


def test_map_labels_every_buurt_and_has_a_legend(result):
    ax = plot(result.neighbourhoods, "n_buildings")
    labels = {t.get_text() for t in ax.texts}
    assert set(result.neighbourhoods["buurtcode"]) <= labels
    assert "N" in labels and any(t.endswith("m") for t in labels)  # north arrow, scale bar
    assert len(ax.figure.axes) == 2  # the map and its colour legend
    colours = ax.collections[0].get_facecolors()
    assert len(np.unique(colours.round(3), axis=0)) > 5  # buurten differ in colour
