"""The heat network in the streets (issue 33, docs/streets.md): the route heuristic against the exact
Steiner tree of a MILP (HiGHS), and the routed layers of a run with roads checked for the invariants
the issue names: every joining building connected to its source, pipes only on roads but for service
pipes, diameters never growing downstream, demand conserved per cluster; bad roads recorded."""

import subprocess
from collections import defaultdict, deque

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString

import warmte
from warmte import _core

# --- the heuristic against the optimum -------------------------------------------------------------


def road_like_grid(rng, w, h, gap_share=0.15):
    """A w x h street grid of blocks 40-120 m, with some street pieces missing (gaps)."""
    xs = np.cumsum(np.r_[0, rng.uniform(40, 120, w - 1)])
    ys = np.cumsum(np.r_[0, rng.uniform(40, 120, h - 1)])
    node = lambda i, j: j * w + i  # noqa: E731
    u, v, length = [], [], []
    for j in range(h):
        for i in range(w):
            if i + 1 < w and rng.random() > gap_share:
                u.append(node(i, j)), v.append(node(i + 1, j)), length.append(xs[i + 1] - xs[i])
            if j + 1 < h and rng.random() > gap_share:
                u.append(node(i, j)), v.append(node(i, j + 1)), length.append(ys[j + 1] - ys[j])
    return w * h, np.array(u), np.array(v), np.array(length)


def reachable(n, u, v, root):
    adj = defaultdict(list)
    for a, b in zip(u, v):
        adj[a].append(b), adj[b].append(a)
    seen, todo = {root}, deque([root])
    while todo:
        a = todo.popleft()
        for b in adj[a]:
            if b not in seen:
                seen.add(b), todo.append(b)
    return sorted(seen)


def exact_steiner(n, u, v, length, root, terminals):
    """The optimal Steiner tree length by the multi-commodity flow MILP (its LP bound is the directed
    cut relaxation's), solved by HiGHS: one unit of flow from the root to each terminal, each only
    along arcs chosen; the arcs chosen cost their length."""
    import highspy

    m, k = len(u), len(terminals)
    tails = np.r_[u, v]  # arc a: tails[a] -> heads[a]; arcs a and a + m are one road
    heads = np.r_[v, u]
    arc_length = np.r_[length, length]
    n_arcs = 2 * m
    n_cols = n_arcs + k * n_arcs  # y per arc, then f per terminal and arc
    rows, cols, vals, lower, upper = [], [], [], [], []
    row = 0
    for t_i, t in enumerate(terminals):
        base = n_arcs + t_i * n_arcs
        # Conservation: inflow - outflow = 1 at t, -1 at the root, 0 elsewhere.
        rows += list(row + heads) + list(row + tails)
        cols += list(base + np.arange(n_arcs)) * 2
        vals += [1.0] * n_arcs + [-1.0] * n_arcs
        rhs = np.zeros(n)
        rhs[t] += 1
        rhs[root] -= 1
        lower += list(rhs)
        upper += list(rhs)
        row += n
        # f_a <= y_a
        rows += list(row + np.arange(n_arcs)) * 2
        cols += list(base + np.arange(n_arcs)) + list(np.arange(n_arcs))
        vals += [1.0] * n_arcs + [-1.0] * n_arcs
        lower += [-highspy.kHighsInf] * n_arcs
        upper += [0.0] * n_arcs
        row += n_arcs
    rows, cols, vals = np.array(rows), np.array(cols), np.array(vals)
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, row
    lp.col_cost_ = np.r_[arc_length, np.zeros(k * n_arcs)]
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_, lp.row_upper_ = np.array(lower), np.array(upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(n_cols + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = vals
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_arcs + [highspy.HighsVarType.kContinuous] * (k * n_arcs)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.passModel(lp)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


def test_the_route_heuristic_is_within_5_percent_of_the_exact_steiner_tree():
    rng = np.random.default_rng(33)
    gaps = []
    for trial in range(60):
        w, h = int(rng.integers(5, 10)), int(rng.integers(5, 9))
        n, u, v, length = road_like_grid(rng, w, h)
        root = int(rng.integers(0, n))
        piece = [a for a in reachable(n, u, v, root) if a != root]
        if len(piece) < 3:
            continue
        k = int(rng.integers(2, min(40, len(piece)) + 1))
        terminals = sorted(int(t) for t in rng.choice(piece, size=k, replace=False))
        edges, ours, unreached = _core.steiner_tree(n, u.tolist(), v.tolist(), length.tolist(), root, terminals)
        assert unreached == []
        assert ours == pytest.approx(length[edges].sum())
        # The edges found form a tree that joins every terminal to the root.
        tree_nodes = reachable(n, u[edges], v[edges], root)
        assert set(terminals) <= set(tree_nodes)
        assert len(edges) == len(tree_nodes) - 1
        best = exact_steiner(n, u, v, length, root, terminals)
        assert ours >= best - 1e-6
        gaps.append(ours / best - 1)
    assert len(gaps) >= 50
    print(f"\nroute heuristic vs exact Steiner tree on {len(gaps)} instances: "
          f"mean gap {100 * np.mean(gaps):.2f} %, worst {100 * max(gaps):.2f} %")
    assert max(gaps) <= 0.05


def test_the_heuristic_reports_terminals_it_cannot_reach():
    # Two pieces: 0-1-2 and 3-4.
    edges, length, unreached = _core.steiner_tree(5, [0, 1, 3], [1, 2, 4], [10.0, 10.0, 5.0], 0, [2, 4])
    assert length == pytest.approx(20)
    assert unreached == [4]
    with pytest.raises(ValueError, match="names a node past"):
        _core.steiner_tree(2, [0], [5], [1.0], 0, [1])


# --- a run with roads ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def routed(town, town_sources):
    from conftest import TOWN

    roads = gpd.read_file(TOWN, layer="wegen")
    r = warmte.analyse(**town, **town_sources, roads=roads, include_buildings=True, progress=False)
    return r, roads


def node(xy):
    return (round(xy[0], 6), round(xy[1], 6))


def test_routed_layers_keep_the_invariants(routed):
    r, roads = routed
    streets, network, clusters = r.layer("streets"), r.layer("network"), r.layer("clusters")
    assert len(clusters) > 0 and len(network) > 0
    assert set(network["kind"]) == {"transport", "distribution", "service"} or \
        set(network["kind"]) == {"distribution", "service"}
    along = network[network["kind"] != "service"]
    # Pipes only on roads, but for service pipes.
    road_union = shapely.union_all(roads.geometry.values)
    assert shapely.covered_by(along.geometry.values, shapely.buffer(road_union, 1e-6)).all()
    from conftest import TOWN

    panden = gpd.read_file(TOWN, layer="panden", fid_as_index=True)
    demand = r.buildings.set_index("identificatie")["heat_demand_gj"]
    for cid, c in clusters.set_index("cluster_id").iterrows():
        pipes = network[network["cluster_id"] == cid]
        road_pipes = pipes[pipes["kind"] != "service"]
        # Orient the tree from where the network starts.
        adj = defaultdict(list)
        for _, p in road_pipes.iterrows():
            a, b = (node(xy) for xy in shapely.get_coordinates(p.geometry)[[0, -1]])
            adj[a].append((b, p)), adj[b].append((a, p))
        start = node((c["start_x"], c["start_y"]))
        seen, todo, parent_dn = {start}, deque([(start, np.inf, np.inf)]), {}
        while todo:
            a, dn_up, peak_up = todo.popleft()
            for b, p in adj[a]:
                if b in seen:
                    continue
                # Never a larger pipe, nor a larger peak, downstream.
                assert p["dn"] <= dn_up and p["peak_kw"] <= peak_up + 1e-9
                seen.add(b)
                todo.append((b, p["dn"], p["peak_kw"]))
        assert len(seen) == len(road_pipes) + 1  # a tree: every pipe reached once
        # Every joining building's service pipe ends on the tree.
        service = pipes[(pipes["kind"] == "service") & pipes["serves"].str.startswith("building")]
        ends = {node(shapely.get_coordinates(g)[-1]) for g in service.geometry}
        assert ends <= seen
        assert len(service) == c["buildings"]
        # Demand conserved: the cluster's demand is its buildings' (service pipes name their feature id).
        fids = service["serves"].str.removeprefix("building ").astype(int)
        idents = panden.loc[fids, "identificatie"]
        assert c["demand_gj"] == pytest.approx(demand.loc[idents].sum(), rel=1e-9)
    # Streets: heat per metre as stated, every street's heat from its buildings.
    assert streets["lhd_gj_m"].to_numpy() == pytest.approx(
        (streets["demand_gj"] / streets["length_m"]).to_numpy())
    assert streets["lhd_mwh_m"].to_numpy() == pytest.approx((streets["lhd_gj_m"] / 3.6).to_numpy())
    nb = r.neighbourhoods
    routed_buurten = nb[nb["network_clusters"] > 0]
    assert (routed_buurten["cost_lengths_from"] == "routed network along the roads (streets)").all()
    per_buurt = clusters.groupby("buurtcode")["trench_m"].sum()
    assert routed_buurten.set_index("buurtcode")["network_trench_m"].to_numpy() == pytest.approx(
        per_buurt.loc[routed_buurten["buurtcode"]].to_numpy())


def test_roads_in_another_crs_give_the_same_streets(routed, town, town_sources):
    r, roads = routed
    wgs = roads.to_crs("EPSG:4326")
    other = warmte.analyse(**town, **town_sources, roads=wgs, progress=False)
    a, b = r.streets, other.streets
    assert len(a) == len(b)
    assert b["length_m"].sum() == pytest.approx(a["length_m"].sum(), rel=1e-6)
    assert b["demand_gj"].sum() == pytest.approx(a["demand_gj"].sum(), rel=1e-9)
    assert len(other.clusters) == len(r.clusters)


def test_bad_roads_are_recorded_and_never_bridged(routed, town, town_sources):
    r, roads = routed
    # The roads around the largest cluster taken away: its buildings have no road within reach.
    hull = r.clusters.sort_values("buildings").iloc[-1].geometry
    cut = roads.geometry.intersects(shapely.buffer(hull, 100))
    gap = roads[~cut]
    bad = gpd.GeoDataFrame(
        {"works_year": [np.nan] * 3},
        geometry=[gap.geometry.iloc[0], LineString([(hull.centroid.x, hull.centroid.y)] * 2),
                  gap.geometry.iloc[1]],
        crs=roads.crs)
    with_bad = gpd.GeoDataFrame(pd_concat([gap, bad]), crs=roads.crs)
    out = warmte.analyse(**town, **town_sources, roads=with_bad, progress=False)
    issues = set(out.data_quality["issue"])
    assert {"duplicate_road", "zero_length_road"} <= issues
    assert "no_road_within_reach" in issues
    assert len(out.clusters) < len(r.clusters) or out.clusters["buildings"].sum() < r.clusters["buildings"].sum()
    # Never a straight pipe: every pipe but the service pipes lies on the roads given.
    along = out.network[out.network["kind"] != "service"]
    road_union = shapely.union_all(with_bad.geometry.values)
    assert shapely.covered_by(along.geometry.values, shapely.buffer(road_union, 1e-6)).all()
    # Service pipes are no longer than the reach, but for a source's own.
    service = out.network[(out.network["kind"] == "service") & out.network["serves"].str.startswith("building")]
    assert (service["length_m"] <= 80 + 1e-6).all()


def pd_concat(frames):
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def test_the_streets_layers_are_written_styled(routed, tmp_path, town, town_sources, cli):
    import sqlite3
    import subprocess

    from conftest import TOWN

    out = tmp_path / "streets.gpkg"
    subprocess.run([cli, "analyse", "--neighbourhoods", f"{TOWN}:buurten", "--buildings", f"{TOWN}:panden",
                    "--water", f"{TOWN}:waterdelen", "--plants", f"{TOWN}:rwzi", "--roads", f"{TOWN}:wegen",
                    "--output", str(out)], check=True, capture_output=True)
    r, _ = routed
    for layer in ["streets", "network", "clusters"]:
        written = gpd.read_file(out, layer=layer)
        assert len(written) == len(getattr(r, layer)), layer
    with sqlite3.connect(out) as db:
        styles = dict(db.execute("select f_table_name, styleQML from layer_styles where useAsDefault"))
    assert "lhd_class" in styles["streets"] and "very_dense" in styles["streets"]
    assert '"dn"' in styles["network"] or "dn" in styles["network"]
    assert "phase" in styles["clusters"]


def test_the_report_draws_the_routes_and_names_the_clusters(routed, tmp_path):
    import json

    from warmte.report import write_report

    r, _ = routed
    index = write_report(r, tmp_path / "report", pdf=False)
    data = json.loads((index.parent / "data.js").read_text(encoding="utf-8").removeprefix("window.WARMTE = ").rstrip(";\n"))
    along = r.network[r.network["kind"] != "service"]
    assert len(data["pipes"]["features"]) == len(along)
    assert {f["properties"]["id"] for f in data["clusters"]["features"]} == set(r.clusters["cluster_id"])
    # Each fact sheet of a routed buurt names its clusters and draws their pipes.
    c = r.clusters.iloc[0]
    sheet = (index.parent / "buurten" / f"{c['buurtcode']}.html").read_text(encoding="utf-8")
    assert c["cluster_id"] in sheet and 'class="pipe"' in sheet
    assert "Warmtenet in de straten" in sheet


def test_routes_do_not_depend_on_threads_or_road_order(routed, town, town_sources):
    r, roads = routed
    one = warmte.analyse(**town, **town_sources, roads=roads.iloc[::-1].reset_index(drop=True), threads=1,
                         progress=False)
    for layer in ["clusters", "network"]:
        a, b = getattr(r, layer), getattr(one, layer)
        assert len(a) == len(b), layer
        # The same pipes and clusters whatever the threads and the order of the roads; feature ids
        # of the roads differ with their order, so compare what does not name them.
        cols = [c for c in a.columns if c not in ("geometry", "street_id")]
        key = ["cluster_id", "kind", "serves", "length_m"] if layer == "network" else ["cluster_id"]
        sa = a.sort_values(key).reset_index(drop=True)
        sb = b.sort_values(key).reset_index(drop=True)
        for c in cols:
            if sa[c].dtype.kind == "f":
                assert sa[c].to_numpy() == pytest.approx(sb[c].to_numpy(), rel=1e-9, nan_ok=True), (layer, c)
            else:
                assert (sa[c].fillna("") == sb[c].fillna("")).all(), (layer, c)
    assert one.streets["demand_gj"].sum() == pytest.approx(r.streets["demand_gj"].sum(), rel=1e-12)


def test_s2_routes_start_at_their_residual_heat_source_and_geothermal_doublet(town, town_sources, tmp_path):
    """S2a clusters start at the residual-heat source allocated to their buurt, S2b clusters at the
    geothermal doublet's place (docs/streets.md §4); the rest keep an energy centre."""
    from conftest import TOWN

    roads = gpd.read_file(TOWN, layer="wegen")
    buurten = gpd.read_file(TOWN, layer="buurten")
    base = warmte.analyse(**town, **town_sources, progress=False).neighbourhoods
    # Residual heat inside the buurt with most demand, enough for that buurt alone; a geothermal
    # contour over another buurt; no water and no buurt WKO, so S2 is those buurten's only network
    # (the waste-water plant, S3t, reaches others).
    target = int(base["heat_demand_gj"].idxmax())
    other = next(b for b in range(len(buurten)) if b != target)
    point = buurten.geometry[target].representative_point()
    need = warmte.analyse(**{k: v for k, v in town.items() if k != "water"}, **town_sources, progress=False,
                          residual_heat=gpd.GeoDataFrame({"heat_gj": [1.0e9], "temperature_class": ["MT"]},
                                                         geometry=[point], crs="EPSG:28992"),
                          config={"costs": {"wko_everywhere": False}}).neighbourhoods.loc[target, "residual_heat_gj"]
    sources = gpd.GeoDataFrame({"heat_gj": [need * 1.01], "temperature_class": ["MT"]}, geometry=[point],
                               crs="EPSG:28992")
    contour = gpd.GeoDataFrame(geometry=[buurten.geometry[other].buffer(-1.0)], crs="EPSG:28992")
    r = warmte.analyse(**{k: v for k, v in town.items() if k != "water"}, **town_sources, roads=roads,
                       residual_heat=sources, geothermal=contour, progress=False,
                       config={"costs": {"wko_everywhere": False}, "network": {"all_buurten": True}})
    nb, clusters = r.neighbourhoods, r.layer("clusters")
    code = nb["buurtcode"]
    assert np.isfinite(nb.loc[target, "cost_national_s2a_eur_weq"])  # available
    at_source = clusters[clusters["buurtcode"] == code[target]]
    assert len(at_source) > 0
    assert (at_source["source_kind"] == "source").all()
    assert at_source["source"].str.startswith("residual heat source").all()
    # The network starts on the roads, within network.max_source_road_m of the source.
    start = np.hypot(at_source["start_x"] - point.x, at_source["start_y"] - point.y)
    assert (start <= 250.0).all()
    on_road = shapely.distance(shapely.points(at_source[["start_x", "start_y"]].to_numpy()),
                               shapely.union_all(roads.geometry.values))
    assert (on_road <= 1e-6).all()
    # The geothermal buurt: its doublet at the buurt's centre (the contour holds it).
    doublet = clusters[clusters["buurtcode"] == code[other]]
    assert len(doublet) > 0 and (doublet["source"] == "geothermal doublet").all()
    # Every other buurt has no S2 source: its waste-water plant (S3t) where allocated, else an energy centre.
    rest = clusters[~clusters["buurtcode"].isin([code[target], code[other]])]
    assert len(rest) > 0
    assert (rest["source"].str.startswith("aquathermie source") | (rest["source_kind"] == "energy_centre")).all()


def test_a_works_layer_links_the_streets_it_runs_along_and_moves_their_cluster_first(routed, town, town_sources,
                                                                                      tmp_path, cli):
    """Planned works (--works: mains along the streets, or areas) give the streets they lie along
    their year, and the clusters on those streets come first (docs/streets.md §6)."""
    from conftest import TOWN

    r, roads = routed
    late = r.clusters[r.clusters["phase"] == r.clusters["phase"].max()].iloc[0]
    streets = r.streets[r.streets["cluster_id"] == late["cluster_id"]]
    assert len(streets) > 0 and late["phase"] > 1
    # A sewer renewal 5 m beside each of the cluster's streets in 2026, and one far from any road.
    sewer = list(shapely.affinity.translate(g, 5, 0) for g in streets.geometry)
    far = shapely.LineString([(0, 0), (100, 0)])
    works = gpd.GeoDataFrame({"works_year": [2026.0] * len(sewer) + [2026.0]}, geometry=sewer + [far], crs=roads.crs)
    out = warmte.analyse(**town, **town_sources, roads=roads, works=works, progress=False)
    linked = out.streets.set_index("street_id").loc[streets["street_id"]]
    assert (linked["works_year"] == 2026).all()
    # Streets the works do not run along keep the roads' own years.
    others = out.streets[~out.streets["street_id"].isin(streets["street_id"])].set_index("street_id")
    before = r.streets.set_index("street_id").loc[others.index]
    pd.testing.assert_series_equal(others["works_year"], before["works_year"])
    moved = out.clusters.set_index("cluster_id").loc[late["cluster_id"]]
    assert moved["phase"] == 1 and moved["phase_from_year"] == 2028
    dq = out.data_quality
    assert list(dq[(dq["layer"] == "works") & (dq["issue"] == "works_along_no_street")]["feature_id"]) == [len(sewer)]
    # Without roads there are no streets to link: said in the log, not dropped unseen.
    alone = warmte.analyse(**town, **town_sources, works=works, progress=False).data_quality
    unused = alone[(alone["layer"] == "works") & (alone["issue"] == "unused_without_roads")]
    assert len(unused) == 1 and str(len(works)) in unused["detail"].iloc[0]
    # The same from a file through the program, and as an area holding those streets.
    path = tmp_path / "works.gpkg"
    area = gpd.GeoDataFrame({"jaar": [2026.0]}, geometry=[shapely.union_all(streets.geometry.values).buffer(20)],
                            crs=roads.crs)
    area.to_file(path, layer="plan")
    (tmp_path / "project.toml").write_text(
        "[inputs]\n" + "".join(f'{k} = "{v}"\n' for k, v in {**town, **town_sources}.items()) +
        f'roads = "{TOWN}:wegen"\nworks = "{path}:plan"\n[fields.works]\nyear = "jaar"\n')
    subprocess.run([cli, "run", str(tmp_path / "project.toml"), "--output", str(tmp_path / "o.gpkg"), "--quiet"],
                   check=True)
    written = pyogrio.read_dataframe(tmp_path / "o.gpkg", layer="clusters", read_geometry=False)
    assert written.set_index("cluster_id").loc[late["cluster_id"], "phase"] == 1
