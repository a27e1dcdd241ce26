"""The cost model from Python: the verdict by cost, the costs layer, recost and its properties."""

import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import warmte

VARIANTS = ["s1a", "s1b", "s2a", "s2b", "s3c", "s3e", "s3t", "s4a"]
STRATEGY = {"s1a": "S1", "s1b": "S1", "s2a": "S2", "s2b": "S2", "s3c": "S3", "s3e": "S3", "s3t": "S3", "s4a": "S4"}


@pytest.fixture(scope="module")
def result(town, town_sources):
    return warmte.analyse(**town, **town_sources, progress=False)


def national(frame):
    return frame[[f"cost_national_{v}_eur_weq" for v in VARIANTS]]


def test_the_verdict_is_the_cheapest_variant(result):
    nb = result.neighbourhoods
    costs = national(nb)
    costed = nb["cheapest_variant"] != ""
    assert costed.sum() == len(nb)  # every town buurt has buildings
    for i, b in nb.iterrows():
        eligible = costs.loc[i].dropna()
        if b["phase"] == "before_2030":
            eligible = eligible.drop("cost_national_s4a_eur_weq", errors="ignore")
        assert b["cheapest_variant"] == eligible.idxmin().split("_")[2], b["buurtcode"]
        assert b["strategy"] == STRATEGY[b["cheapest_variant"]]
        assert b["strategy_rule"].startswith("lowest national costs")
        if b["runner_up_variant"]:
            assert STRATEGY[b["runner_up_variant"]] != b["strategy"]
            gap = costs.loc[i, f"cost_national_{b['runner_up_variant']}_eur_weq"] - eligible.min()
            assert b["cost_gap_eur_weq"] == pytest.approx(gap)
        # A near tie: any other available variant within 100 EUR or 10 % of the chosen one (green gas
        # set aside too), or a flip in one of the sets G03-G07 (docs/costs.md §2).
        chosen = eligible.min()
        others = costs.loc[i].dropna().drop(f"cost_national_{b['cheapest_variant']}_eur_weq")
        close = others[(others - chosen < 100) | (others - chosen < 0.1 * chosen)].sort_values()
        assert b["close_alternatives"] == ", ".join(c.split("_")[2] for c in close.index), b["buurtcode"]
        g_flip = b["choice_flips_in"] in ("low_prices", "high_prices", "optimistic_savings", "process_min",
                                          "process_max")
        if not close.empty or g_flip:
            assert b["near_tie"] == 1, b["buurtcode"]
    # s2a and s2b need inputs the town run does not give: never available, and the buurt says why
    assert nb["cost_national_s2a_eur_weq"].isna().all()
    assert nb["cost_not_available"].str.contains("s2a: no residual-heat source").all()
    # a buurt without allocated surface water has no s3e
    assert nb.loc[nb["teo_gj"] == 0, "cost_national_s3e_eur_weq"].isna().all()
    assert nb.loc[nb["teo_gj"] > 0, "cost_national_s3e_eur_weq"].notna().all()
    # a buurt WKO (s3c) needs no source input: costed in every buurt; where it is the runner-up, the
    # explanation says its ground water is not checked (beside a network on a source, or as the only one)
    assert nb["cost_national_s3c_eur_weq"].notna().all()
    wko = nb["runner_up_variant"] == "s3c"
    assert wko.any()
    said = nb["explanation_en"].str.contains("S3c assumes ground water", regex=False)
    only = nb["explanation_en"].str.contains("The only collective heat network costed here", regex=False)
    assert (said | only)[wko].all()
    assert (said & wko).any()
    assert not nb.loc[~wko & (nb["cheapest_variant"] != "s3c"), "explanation_en"].str.contains("S3c assumes").any()
    assert nb["choice_robust"].between(0, 9).all()
    assert (nb.loc[nb["choice_robust"] == 9, "choice_flips_in"] == "").all()
    assert (nb.loc[nb["choice_robust"] < 9, "choice_flips_in"] != "").all()


def test_without_source_inputs_a_buurt_wko_is_the_collective_runner_up(town):
    """Issue 34: without water, residual heat or geothermal every buurt had S1 and no runner-up. A
    buurt WKO (s3c) needs no source input: every buurt has a gas-free runner-up of another strategy,
    and the explanation says what the WKO assumes and which inputs would price other networks. With
    costs.wko_everywhere off the old message returns: no network costed, and what to give."""
    r = warmte.analyse(town["neighbourhoods"], town["buildings"], progress=False)
    nb = r.neighbourhoods
    assert nb["cost_national_s3c_eur_weq"].notna().all()
    for column in ("s2a", "s2b", "s3e", "s3t"):
        assert nb[f"cost_national_{column}_eur_weq"].isna().all()
    # Before 2030 green gas is set aside: there the runner-up was missing and is now the buurt WKO.
    early = nb["phase"] == "before_2030"
    assert early.any()
    assert (nb.loc[early, "runner_up_variant"] == "s3c").all()
    assert (nb["runner_up_variant"].fillna("") != "").all()
    assert nb["explanation_en"].str.contains("buurt WKO (S3c)", regex=False).all()
    assert nb["explanation_en"].str.contains("--residual-heat, --geothermal", regex=False).all()
    without = r.recost(costs={"wko_everywhere": False})
    assert without["cost_national_s3c_eur_weq"].isna().all()
    assert (without.loc[early, "runner_up_variant"].fillna("") == "").all()
    assert without["explanation_en"].str.contains("No collective heat network is costed here", regex=False).all()


def test_the_costs_layer_adds_up_to_the_fields(result):
    nb = result.neighbourhoods.set_index("buurtcode")
    costs = result.costs
    assert set(costs.columns) >= {"buurtcode", "variant", "strategy", "perspective", "component", "eur_yr", "eur_weq_yr"}
    sums = costs.groupby(["buurtcode", "variant", "perspective"])["eur_weq_yr"].sum()
    for code, b in nb.iterrows():
        ref = sums[(code, "ref", "national")]
        assert ref == pytest.approx(b["cost_reference_eur_weq"])
        for v in VARIANTS:
            if np.isnan(b[f"cost_national_{v}_eur_weq"]):
                assert (code, v, "national") not in sums.index
                continue
            assert sums[(code, v, "national")] - ref == pytest.approx(b[f"cost_national_{v}_eur_weq"])
            assert sums[(code, v, "enduser")] == pytest.approx(b[f"cost_enduser_{v}_eur_dw"])
    # a pivot table as a municipality would make one
    pivot = costs[costs.perspective == "national"].pivot_table(index="variant", columns="component",
                                                               values="eur_yr", aggfunc="sum")
    assert {"installation", "energy", "insulation"} <= set(pivot.columns)


def test_recost_with_defaults_equals_the_run(result):
    again = result.recost(costs_table=True)
    base = result.neighbourhoods
    cost_fields = [c for c in base.columns if c.startswith("cost_") or c in
                   ("cheapest_variant", "runner_up_variant", "near_tie", "choice_robust", "choice_flips_in", "strategy")]
    assert len(cost_fields) > 25
    pd.testing.assert_frame_equal(again[cost_fields], base[cost_fields])
    pd.testing.assert_frame_equal(again.attrs["costs"], result.costs)
    assert "costs" not in result.recost().attrs  # only when asked: pandas copies attrs with every operation


def test_recost_properties(result):
    base = result.neighbourhoods
    dear = result.recost(prices={"electricity_eur_gj": 40.0})
    # dearer electricity never makes the air heat pump cheaper relative to the hybrid
    gap_base = base["cost_national_s1a_eur_weq"] - base["cost_national_s4a_eur_weq"]
    gap_dear = dear["cost_national_s1a_eur_weq"] - dear["cost_national_s4a_eur_weq"]
    assert (gap_dear > gap_base).all()
    # the reference burns gas only: its costs do not move
    np.testing.assert_allclose(dear["cost_reference_eur_weq"], base["cost_reference_eur_weq"])
    # the end-user heat price link moves end-user costs of networks only, never the national costs
    linked = result.recost(prices={"heat_price_link": "green_gas"})
    pd.testing.assert_frame_equal(national(linked), national(base))
    has_lt = base["cost_enduser_s3t_eur_dw"].notna()
    assert (linked.loc[has_lt, "cost_enduser_s3t_eur_dw"] > base.loc[has_lt, "cost_enduser_s3t_eur_dw"]).all()
    np.testing.assert_allclose(linked["cost_enduser_s1a_eur_dw"], base["cost_enduser_s1a_eur_dw"])
    # every range at its minimum is cheaper for every variant
    low = result.recost(costs={"min_max_slider": 0.0})
    assert ((national(low) <= national(base) + 1e-9) | national(base).isna()).all().all()
    with pytest.raises(warmte.ConfigError, match="heat_price_link"):
        result.recost(prices={"heat_price_link": "hydrogen"})


def test_rescore_keeps_costs_between_calls_and_drops_them_when_prices_change(town, town_sources):
    """The result keeps its costs for rescores (weights move no cost); a recost at other prices
    must not leave those prices' costs behind for the next rescore."""
    result = warmte.analyse(**town, **town_sources, progress=False)
    fresh = warmte.analyse(**town, **town_sources, progress=False)
    weights = {"heat_network": {"heat_density": 0.9}}
    first = result.rescore(weights=weights)
    dear = result.recost(prices={"electricity_eur_gj": 40.0})
    again = result.rescore(weights=weights)
    cost_fields = [c for c in first.columns if c.startswith("cost_") or c in
                   ("cheapest_variant", "runner_up_variant", "choice_robust", "choice_flips_in", "strategy")]
    pd.testing.assert_frame_equal(again[cost_fields], first[cost_fields])
    pd.testing.assert_frame_equal(again[cost_fields], fresh.rescore(weights=weights)[cost_fields])
    assert not np.allclose(dear["cost_national_s1a_eur_weq"], first["cost_national_s1a_eur_weq"], equal_nan=True)
    pd.testing.assert_frame_equal(result.recost(prices={"electricity_eur_gj": 40.0})[cost_fields],
                                  fresh.recost(prices={"electricity_eur_gj": 40.0})[cost_fields])


def test_the_rules_decision_keeps_the_rule_set(town, town_sources):
    ruled = warmte.analyse(**town, **town_sources, progress=False, config={"strategy": {"decision": "rules"}})
    nb = ruled.neighbourhoods
    assert (nb["strategy"] == nb["strategy_by_rules"]).all()
    assert nb["cheapest_variant"].str.len().gt(0).all()  # the costs are still shown


def test_costs_do_not_depend_on_threads(town, town_sources):
    one = warmte.analyse(**town, **town_sources, progress=False, threads=1).neighbourhoods
    two = warmte.analyse(**town, **town_sources, progress=False, threads=2).neighbourhoods
    fields = [c for c in one.columns if c.startswith("cost_")] + ["cheapest_variant", "choice_robust"]
    pd.testing.assert_frame_equal(one[fields], two[fields])


def street_grid(bounds, spacing):
    """Streets every `spacing` metres both ways over the extent: no building is farther than spacing / 2."""
    import shapely

    x0, y0, x1, y1 = bounds
    lines = [shapely.LineString([(x, y0), (x, y1)]) for x in np.arange(x0, x1 + spacing, spacing)]
    lines += [shapely.LineString([(x0, y), (x1, y)]) for y in np.arange(y0, y1 + spacing, spacing)]
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=lines, crs="EPSG:28992")


def test_roads_residual_heat_and_geothermal(town, town_sources, result):
    import geopandas as gpd
    import shapely

    buurten = gpd.read_file(town["neighbourhoods"].rsplit(":", 1)[0], layer="buurten")
    roads = street_grid(buurten.total_bounds, 60.0)
    base = result.neighbourhoods
    # residual heat beside the buurt with the most demand, enough for exactly that buurt's MT network
    target = base["heat_demand_gj"].idxmax()
    point = buurten.geometry[target].representative_point()
    sources = gpd.GeoDataFrame({"heat_gj": [1.0e6], "temperature_class": ["MT"]}, geometry=[point], crs="EPSG:28992")
    contour = gpd.GeoDataFrame(geometry=[buurten.geometry[0].buffer(-1.0)], crs="EPSG:28992")
    r = warmte.analyse(**town, **town_sources, roads=roads, residual_heat=sources, geothermal=contour, progress=False)
    nb = r.neighbourhoods
    # Buurten whose heat network is cheapest or runner-up take their lengths from the routes
    # (test_streets.py); the others from the road pieces.
    routed = nb["network_clusters"] > 0
    assert (nb.loc[routed, "cost_lengths_from"] == "routed network along the roads (streets)").all()
    assert (nb.loc[~routed, "cost_lengths_from"] == "roads").all() and (~routed).any()
    assert (nb["cost_service_m"] <= 30.0 + 1e-6).all()  # at most half the street spacing
    road_length = roads.geometry.length.sum()
    assert nb["cost_distribution_m"].sum() <= road_length
    assert (nb.loc[~routed, "cost_distribution_m"] <= nb.loc[~routed, "n_buildings"] * 100 + 1e-6).all()
    # a big source serves buurten nearest first, each whole, never more than it has
    assert nb["residual_heat_gj"].sum() <= 1.0e6
    served = nb["cost_national_s2a_eur_weq"].notna()
    assert served[target]
    assert (nb.loc[served, "residual_heat_gj"] > 0).all() and (nb.loc[~served, "residual_heat_gj"] == 0).all()
    assert nb.loc[target, "dist_residual_heat_m"] == 0
    # geothermal only where the contour lies
    s2b = nb["cost_national_s2b_eur_weq"].notna()
    assert s2b[0] and s2b.sum() == 1
    # a small source serves only the nearest buurt it can cover whole
    need = nb.loc[target, "residual_heat_gj"]
    small = sources.assign(heat_gj=need * 1.01)
    one = warmte.analyse(**town, **town_sources, residual_heat=small, progress=False).neighbourhoods
    assert one["cost_national_s2a_eur_weq"].notna().sum() == 1
    assert one["cost_national_s2a_eur_weq"].notna()[target]
    # an LT source is no MT supply, and the data-quality layer says why
    lt = warmte.analyse(**town, **town_sources, residual_heat=sources.assign(temperature_class=["LT"]), progress=False)
    assert lt.neighbourhoods["cost_national_s2a_eur_weq"].isna().all()
    assert "temperature_too_low_for_s2" in set(lt.data_quality["issue"])


def test_help_config_lists_the_kentallen_and_our_estimates(cli):
    import subprocess

    out = subprocess.run([cli, "--help-config"], capture_output=True, text=True, check=True).stdout
    assert "cost kentallen (libwarmte/data/cost_kentallen.csv" in out
    assert "air_hp_fixed                       = 4652..6843" in out
    lines = out.splitlines()
    pipe_om = lines.index(next(line for line in lines if line.startswith("pipe_om_share ")))
    assert "source: (est.)" in lines[pipe_om + 1]  # our own estimate says so
    assert sum("(est.)" in line for line in lines) >= 5


def test_uncertainty_from_python_and_cli(result, cli, town, tmp_path):
    """Result.uncertainty and --uncertainty N: the share of Latin-hypercube draws in which the chosen
    variant is the cheapest, the runner-up's share, robust from 80 %; seeded, so the CLI's equals Python's."""
    u = result.uncertainty(samples=200)
    conf = u["choice_confidence"]
    assert conf.between(0, 1).all()
    assert (u["choice_certainty"] == conf.map(lambda c: "robust" if c >= 0.8 else "uncertain")).all()
    assert ((conf + u["runner_up_share"].fillna(0)) <= 1 + 1e-12).all()
    assert (conf == 1).any() and (conf < 1).any()  # the town has clear choices and close ones
    pd.testing.assert_series_equal(result.uncertainty(samples=200)["choice_confidence"], conf)  # seeded
    # The ranges are the uncertainty.* keys: without the demand drawn the shares are shares still.
    steady = result.uncertainty(samples=200, demand_spread=0.0)["choice_confidence"]
    assert steady.between(0, 1).all() and len(steady) == len(conf)
    out = tmp_path / "u.gpkg"
    r = subprocess.run([cli, "analyse", "--neighbourhoods", town["neighbourhoods"], "--buildings", town["buildings"],
                        "--water", town["water"], "--plants", f"{town['water'].split(':')[0]}:rwzi",
                        "--heat-network", f"{town['water'].split(':')[0]}:warmtenet",
                        "--uncertainty", "200", "--output", out, "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    written = gpd.read_file(out, layer="neighbourhoods")
    np.testing.assert_array_equal(written["choice_confidence"].to_numpy(), conf.to_numpy())
