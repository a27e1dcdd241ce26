#include "warmte/other_supply.hpp"

#include "warmte/planar.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <tuple>

namespace warmte {

namespace {

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// What each residual-heat source has to give, GJ/yr: its heat when it is given and of a class an
// MT network can use, else 0 (recorded).
std::vector<double> residual_heat_left(const VectorLayer& residual, const Config& config, DataQuality& quality) {
    const SupplyParameters& p = config.supply;
    const auto* heat = residual.numbers.count(config.source_fields.residual_heat)
                           ? &residual.numbers.at(config.source_fields.residual_heat)
                           : nullptr;
    const TextColumn* temperature = residual.text_column(config.source_fields.residual_temperature);
    std::vector<double> left(residual.size(), 0.0);
    for (std::size_t s = 0; s < residual.size(); ++s) {
        const double gj = heat ? heat->values[s] : std::nan("");
        if (!(gj > 0)) {
            quality.record({"residual_heat", residual.feature_ids[s], "no_heat",
                            "field '" + config.source_fields.residual_heat + "' is missing or not positive; source left out"});
            continue;
        }
        if (temperature && temperature->present[s]) {
            const std::string t = upper(temperature->values[s]);
            bool ok = false;
            for (const std::string& c : p.residual_heat_classes) ok = ok || upper(c) == t;
            if (!ok) {
                quality.record({"residual_heat", residual.feature_ids[s], "temperature_too_low_for_s2",
                                "temperature class '" + temperature->values[s] + "' is not one of supply.residual_heat_classes"});
                continue;
            }
        } else {
            quality.count("residual_heat", "temperature_class_missing_assumed_mt");
        }
        left[s] = gj;
    }
    return left;
}

// Residual heat (`left` per source) to buurten nearest first, each buurt whole or not at all
// (Vesta s2GeenMT), into `out`'s residual-heat fields.
void allocate_residual_heat(const VectorLayer& residual, std::vector<double> left, const SupplyBuurten& to,
                            OtherSupply& out) {
    const GeometryArray& buurten = to.geometry;
    const BuurtCosting& costing = to.costing;
    const Config& config = to.config;
    const CostKentallen& k = to.k;
    const std::size_t nb = buurten.size();
    // What an MT network takes from its source: the source share of heat, tap water and losses.
    std::vector<double> need(nb, 0.0);
    for (std::size_t b = 0; b < nb; ++b) {
        const DwellingGroup& g = costing.group[b];
        need[b] = dwelling_equivalents(g, config.costs) *
                  (g.space_heat_target_gj + g.hot_water_gj + k("losses_mt_per_connection")) * k("source_heat_share");
    }
    std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
    for (std::size_t s = 0; s < residual.size(); ++s) {
        if (!(left[s] > 0)) continue;
        for (std::size_t b = 0; b < nb; ++b) {
            if (!(need[b] > 0)) continue;
            const double d = planar::polygon_distance(residual.geometry, s, buurten, b);
            if (d <= config.supply.residual_heat_max_reach_m) pairs.emplace_back(d, s, b);
        }
    }
    std::sort(pairs.begin(), pairs.end());
    for (auto [d, s, b] : pairs) {
        if (out.residual_heat_distance_m[b] || left[s] < need[b]) continue;
        left[s] -= need[b];
        out.residual_heat_distance_m[b] = d;
        out.residual_heat_gj[b] = need[b];
        const auto [cx, cy] = centroid(buurten, b);
        std::tie(out.residual_heat_site_x[b], out.residual_heat_site_y[b]) = planar::nearest_vertex(residual.geometry, s, cx, cy);
        out.residual_heat_fid[b] = static_cast<double>(residual.feature_ids[s]);
    }
}

// The distance from each costed buurt's centre to a geothermal contour that touches the buurt.
void geothermal_distances(const VectorLayer& geothermal, const SupplyBuurten& to, OtherSupply& out) {
    const GeometryArray& buurten = to.geometry;
    const BuurtCosting& costing = to.costing;
    const Config& config = to.config;
    for (std::size_t b = 0; b < buurten.size(); ++b) {
        if (!(dwelling_equivalents(costing.group[b], config.costs) > 0)) continue;
        auto [cx, cy] = centroid(buurten, b);
        GeometryArray point;
        point.add_point(cx, cy);
        for (std::size_t g = 0; g < geothermal.size(); ++g) {
            if (planar::polygon_distance(buurten, b, geothermal.geometry, g) > 0) continue;
            // The doublet stands in the contour: the transport runs from its edge to the buurt's centre.
            const double d = planar::polygon_distance(point, 0, geothermal.geometry, g);
            if (out.geothermal_distance_m[b] && d >= *out.geothermal_distance_m[b]) continue;
            out.geothermal_distance_m[b] = d;
            std::tie(out.geothermal_site_x[b], out.geothermal_site_y[b]) =
                d > 0 ? planar::nearest_vertex(geothermal.geometry, g, cx, cy) : std::pair{cx, cy};
        }
    }
}

}  // namespace

OtherSupply other_supply(const VectorLayer* residual, const VectorLayer* geothermal, const SupplyBuurten& to,
                         DataQuality& quality) {
    const std::size_t nb = to.geometry.size();
    OtherSupply out;
    out.residual_heat_distance_m.assign(nb, std::nullopt);
    out.residual_heat_gj.assign(nb, 0.0);
    out.geothermal_distance_m.assign(nb, std::nullopt);
    const double none = std::numeric_limits<double>::quiet_NaN();
    for (auto* site : {&out.residual_heat_site_x, &out.residual_heat_site_y, &out.residual_heat_fid,
                       &out.geothermal_site_x, &out.geothermal_site_y})
        site->assign(nb, none);
    if (residual && !residual->empty())
        allocate_residual_heat(*residual, residual_heat_left(*residual, to.config, quality), to, out);
    if (geothermal && !geothermal->empty()) geothermal_distances(*geothermal, to, out);
    return out;
}

void add_other_supply(BuurtCosting& costing, const OtherSupply& other) {
    for (std::size_t b = 0; b < costing.size(); ++b) {
        costing.supply[b].residual_heat_distance_m = other.residual_heat_distance_m[b];
        costing.supply[b].geothermal_distance_m = other.geothermal_distance_m[b];
    }
}

}  // namespace warmte
