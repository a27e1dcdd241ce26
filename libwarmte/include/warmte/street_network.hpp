// The heat network in the streets (issue 33, docs/streets.md): per street its linear heat density,
// clusters of buildings that should join a heat network, a route per cluster along the roads from
// its source, pipe sizes, costs and heat losses per segment, and phases. The local phase builds the
// road graph and the streets (street_state); finish, once the costs say which buurten a heat
// network may serve, forms the clusters and routes them (route_streets).
#pragma once

#include "warmte/config.hpp"
#include "warmte/costs.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"
#include "warmte/road_graph.hpp"
#include "warmte/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warmte {

/// The buildings with heat demand, as the street stage reads them.
struct StreetBuildings {
    std::vector<std::int32_t> home;  // buurt row, -1 outside every buurt
    std::vector<std::int64_t> id;    // feature id of the buildings layer
    std::vector<double> gj, weq, dwellings, peak_kw;
    std::vector<double> x, y;    // where the service pipe starts: the footprint's centroid
    std::vector<double> box;     // min_x, min_y, max_x, max_y per building (the cluster outlines)
    std::size_t size() const { return home.size(); }
};

/// What the local phase leaves for the routes: the graph, each street's heat and buurt.
struct StreetState {
    bool present = false;  // a roads layer was given
    RoadGraph graph;
    StreetBuildings buildings;  // connections of graph.connections are these, in order
    std::vector<double> street_gj;
    std::vector<std::uint32_t> street_buildings;
    std::vector<std::int32_t> street_buurt;  // the buurt with most of the street's heat; -1: none
};

/// The peak of a building in kW for pipe sizing (docs/streets.md §5): Vesta's connection
/// capacity, capacity_per_space_heat x space heat + tap water kW per dwelling equivalent.
struct StreetStateInputs {
    const GeometryArray& roads;
    const std::vector<std::int64_t>& road_ids;
    const std::vector<double>& road_works_year;
    StreetBuildings buildings;
    const VectorLayer* works = nullptr;  // the works layer (works.hpp), when given
};
StreetState street_state(StreetStateInputs in, const Config& config, DataQuality& quality);

/// The simultaneity factor of n connections (Winter et al. 2001): a + b / (1 + (n / c)^d).
double simultaneity(double n, const StreetParameters& p);

/// A pipe class (libwarmte/data/pipe_classes.csv) and the peak it carries at the configured ΔT.
struct PipeClass {
    int dn;
    double capacity_kw, heat_loss_w_m;
};
/// The smallest class that carries `peak_kw` (the largest when none does).
PipeClass pipe_class_for(double peak_kw, const StreetParameters& p);

/// Per buurt what the routes read of the costs (finish fills it).
struct RouteBuurt {
    bool candidate = false;   // cheapest or runner-up S2/S3, or network.all_buurten
    std::string variant;      // the network variant priced (s2a, s2b, s3c, s3e, s3t; empty: none available)
    double margin_eur_weq = std::numeric_limits<double>::quiet_NaN();  // NaN: every building on a dense street joins
    double pipes_eur_weq = 0;  // what the verdict priced the network's pipes at, per WEQ and year
    double curve = 1;         // the variant's learning curve for pipes
    double annuity = 0;       // the network's annuity factor
    std::optional<std::pair<double, double>> site;  // the allocated source, when known
    std::string site_name;
    double works_year = std::numeric_limits<double>::quiet_NaN();  // the buurt's linked works
    double corporation_share = std::numeric_limits<double>::quiet_NaN();
};

struct StreetResult {
    Table streets, network, clusters;
    // Per buurt (NaN where it was not routed).
    std::vector<double> trench_m, cost_eur_weq, cluster_count, joined, service_m;
};

/// Clusters and routes for the candidate buurten; `buurtcode` per buurt row.
StreetResult route_streets(const StreetState& state, const std::vector<RouteBuurt>& buurten,
                           const std::vector<std::string>& buurtcode, const Config& config, const CostKentallen& k,
                           DataQuality& quality);

}  // namespace warmte
