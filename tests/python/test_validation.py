"""Modelled against measured heat (python/warmte/validation.py, issue 31): every statistic by hand
on made-up buurten, then the whole way on the town with made-up CBS gas use: Result.validation(),
warmte validate with its plot and table, and the municipality figures."""
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from PIL import Image

import warmte
from warmte.validation import validate

GJ_PER_M3 = 31.65 / 1000 * 1.05  # demand.gas_mj_per_m3 x demand.boiler_efficiency


def made_up():
    """Five buurten of 100+ dwellings and one of 30 (reported apart)."""
    return pd.DataFrame({
        "buurtcode": ["BU1", "BU2", "BU3", "BU4", "BU5", "BU6"],
        "buurtnaam": ["Een", "Twee", "Drie", "Vier", "Vijf", "Klein"],
        "cbs_dwellings": [100, 200, 300, 400, 1000, 30],
        "n_dwellings": [100, 200, 300, 400, 1000, 30],
        "measured_heat_gj": [100.0, 200.0, 300.0, 400.0, 1000.0, 30.0],
        "demand_vs_measured": [1.05, 0.85, 1.15, 0.70, 1.00, 3.0],
        "modelled_residential_gj": [105.0, 170.0, 345.0, 280.0, 1000.0, 90.0],
        "gemeentecode": ["GM1"] * 6,
    })


def test_every_statistic_by_hand():
    v = validate(made_up(), {})
    s = v.summary
    # modelled = ratio x measured: 105, 170, 345, 280, 1000 against 100, 200, 300, 400, 1000.
    assert v.buurten["modelled_gj"].tolist() == pytest.approx([105, 170, 345, 280, 1000, 90])
    assert s["buurten"] == 5 and s["small_buurten"] == 1 and v.buurten["small"].tolist() == [False] * 5 + [True]
    assert s["median_ratio"] == pytest.approx(1.0)  # 0.70, 0.85, 1.00, 1.05, 1.15
    assert s["within_10"] == pytest.approx(2 / 5)  # 1.05 and 1.00
    assert s["within_20"] == pytest.approx(4 / 5)  # all but 0.70
    # MAPE: (5/100 + 30/200 + 45/300 + 120/400 + 0/1000) / 5 = 0.65 / 5 = 13 %
    assert s["mape"] == pytest.approx(13.0)
    # R²: mean measured 400; squares about it 300² + 200² + 100² + 0 + 600² = 500,000; squared
    # differences 5² + 30² + 45² + 120² + 0 = 17,350; 1 - 17,350 / 500,000 = 0.9653.
    assert s["r2"] == pytest.approx(0.9653)
    # With 30 dwellings as the bound the small buurt (ratio 3) counts too: the median of 0.70,
    # 0.85, 1.00, 1.05, 1.15 and 3.0 is (1.00 + 1.05) / 2.
    wider = validate(made_up(), {"demand": {"validation_min_dwellings": 30}})
    assert wider.summary["buurten"] == 6 and wider.summary["median_ratio"] == pytest.approx((1.0 + 1.05) / 2)


def test_municipality_figures_beside_the_model():
    gemeenten = pd.DataFrame({"gemeentecode": ["GM1", "GM2"], "gem_aardgas": [1000.0, 1200.0]})
    m = validate(made_up(), {}, gemeenten).municipalities
    assert m["code"].tolist() == ["GM1"]
    # (105 + 170 + 345 + 280 + 1000 + 90) GJ / 2,030 dwellings against 1,000 m3 x 31.65 MJ x 1.05
    assert m["modelled_gj_per_dwelling"].iloc[0] == pytest.approx(1990 / 2030)
    assert m["measured_gj_per_dwelling"].iloc[0] == pytest.approx(1000 * GJ_PER_M3)
    assert m["ratio"].iloc[0] == pytest.approx(1990 / 2030 / (1000 * GJ_PER_M3))
    with pytest.raises(ValueError, match="gas use per dwelling"):
        validate(made_up(), {}, pd.DataFrame({"gemeentecode": ["GM1"], "gas": [1.0]}))


@pytest.fixture(scope="module")
def town_with_gas(town, tmp_path_factory):
    """The town's buurten with made-up CBS figures: 1,100 m3 of gas per dwelling, 10 % on district
    heating in one buurt, CBS's dwelling count equal to the model's."""
    buurten = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")
    plain = warmte.analyse(buurten, town["buildings"], town["water"], progress=False)
    dwellings = plain.neighbourhoods.set_index("buurtcode")["n_dwellings"]
    buurten["woningvoorraad"] = buurten["buurtcode"].map(dwellings).round()
    buurten["gemiddeld_aardgasverbruik_totaal"] = 1100.0
    buurten["percentage_woningen_met_stadsverwarming"] = np.where(buurten["buurtcode"] == "BU09990001", 10.0, np.nan)
    result = warmte.analyse(buurten, town["buildings"], town["water"], progress=False, config={
        "fields": {"neighbourhoods": {"district_heating_share": "percentage_woningen_met_stadsverwarming"}}})
    folder = tmp_path_factory.mktemp("validation")
    return result, result.to_gpkg(folder / "town.gpkg"), buurten


def test_the_town_against_made_up_gas(town_with_gas):
    result, _, buurten = town_with_gas
    v = result.validation()
    nb = result.neighbourhoods.set_index("buurtcode")
    table = v.buurten.set_index("code")
    for code, row in table.iterrows():
        share = 0.10 if code == "BU09990001" else 0.0
        cbs = buurten.set_index("buurtcode").loc[code, "woningvoorraad"]
        assert row["measured_gj"] == pytest.approx(1100 * GJ_PER_M3 * cbs * (1 - share), rel=1e-9)
        assert row["modelled_gj"] == pytest.approx(nb.loc[code, "modelled_residential_gj"] * (1 - share), rel=1e-9)
        assert row["ratio"] == pytest.approx(nb.loc[code, "demand_vs_measured"], rel=1e-12)
        assert row["small"] == (cbs < 50)
    assert v.summary["buurten"] + v.summary["small_buurten"] == len(table) > 0


def test_warmte_validate_writes_the_plot_and_the_table(town_with_gas, cli, tmp_path):
    _, gpkg, _ = town_with_gas
    gemeenten = tmp_path / "gemeenten.csv"
    pd.DataFrame({"gemeentecode": ["GM0999"], "gem_aardgas": [1100.0]}).to_csv(gemeenten, index=False)
    r = subprocess.run([cli, "validate", str(gpkg), "--out", str(tmp_path / "v"), "--municipalities", str(gemeenten),
                        "--language", "en"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "modelled / measured: median" in r.stdout and "MAPE" in r.stdout and "GM0999: modelled" in r.stdout
    table = pd.read_csv(tmp_path / "v" / "validation.csv")
    assert set(table.columns) >= {"code", "modelled_gj", "measured_gj", "ratio", "small"}
    with Image.open(tmp_path / "v" / "validation.png") as png:
        assert png.size[0] > 500 and png.size[1] > 500
        assert len(png.convert("RGB").getcolors(maxcolors=1 << 24)) > 10  # points, lines, text: not blank
    missing = subprocess.run([cli, "validate", str(tmp_path / "nope.gpkg")], capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.gpkg" in missing.stderr


def test_the_report_has_a_validation_page(town_with_gas, tmp_path):
    result, _, _ = town_with_gas
    index = result.to_report(tmp_path / "report", language="en", pdf=False)
    page = (index.parent / "validation.html").read_text()
    assert '<img src="validation.png"' in page and "modelled / measured: median" in page
    assert (index.parent / "validation.png").stat().st_size > 10_000
    assert '"validation":"validation.html"' in (index.parent / "data.js").read_text()
    assert "validation-link" in (index.parent / "app.js").read_text()


def test_the_summary_in_dutch_for_a_dutch_report(town_with_gas, tmp_path):
    result, _, _ = town_with_gas
    lines = result.validation().lines("nl")
    assert lines[0].endswith("apart gehouden)") and "mediaan" in lines[1]
    index = result.to_report(tmp_path / "nl", language="nl", pdf=False)
    page = (index.parent / "validation.html").read_text()
    assert "model / gemeten: mediaan" in page and "median" not in page  # no English in the Dutch page
    assert "0." not in page.split("mediaan", 1)[1].split("</p>", 1)[0]  # a decimal comma
