"""Every notebook in notebooks/ runs top to bottom, and none is committed with outputs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REALDATA

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_four_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["01_quickstart", "02_real_data", "03_weights_and_sensitivity",
                                           "04_custom_data"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path, monkeypatch):
    if path.stem == "02_real_data" and not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent: the real-data notebook has nothing to run on")
    monkeypatch.setenv("WARMTE_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    # The kernel is this interpreter's (the venv's), which imports warmte.
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    if path.stem == "01_quickstart":
        assert (tmp_path / "quickstart.gpkg").stat().st_size > 0
        assert (tmp_path / "quickstart_heat_density.qml").exists()
        assert (tmp_path / "quickstart_phase.png").read_bytes()[:4] == b"\x89PNG"
        assert (tmp_path / "quickstart_strategy.pdf").read_bytes()[:4] == b"%PDF"
    if path.stem == "02_real_data":  # it ran on the data, it did not just say they are absent
        text = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert "absent, nothing to do" not in text and "estimated dwellings" in text
    if path.stem == "04_custom_data":
        text = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert "largest relative difference in demand per buurt: " in text
