#include "warmte/aquathermie.hpp"

#include "warmte/planar.hpp"
#include "warmte/spatial_index.hpp"

#include <algorithm>
#include <cmath>

namespace warmte {

std::vector<std::uint8_t> wko_suitable(const GeometryArray& buildings, const VectorLayer* wko, const Config& config,
                                       DataQuality& quality) {
    const std::size_t n = buildings.size();
    if (!wko) {
        quality.count("wko", "layer_absent_all_buildings_assumed_suitable", n);
        return std::vector<std::uint8_t>(n, 1);
    }
    const TextColumn& classes = wko->text.at(config.source_fields.wko_class);
    const auto& suitable = config.supply.wko_suitable_classes;
    GeometryArray points;
    for (std::size_t i = 0; i < n; ++i) {
        auto [x, y] = centroid(buildings, i);
        points.add_point(x, y);
    }
    SpatialIndex index(wko->geometry);
    std::vector<std::uint8_t> out(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        index.query(points.bounds(i), [&](std::uint32_t w) {
            if (out[i] || !classes.present[w]) return;
            if (std::find(suitable.begin(), suitable.end(), classes.values[w]) == suitable.end()) return;
            if (planar::polygon_distance(points, i, wko->geometry, w) == 0.0) out[i] = 1;
        });
    }
    return out;
}

std::vector<std::uint8_t> teo_label_ok(const CodedText& labels, const SupplyParameters& p) {
    // Decided once per distinct label, then looked up by code.
    std::vector<std::uint8_t> label_ok;
    for (const std::string& label : labels.dictionary().names())
        label_ok.push_back(std::find(p.teo_labels.begin(), p.teo_labels.end(), label) != p.teo_labels.end());
    std::vector<std::uint8_t> ok(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) ok[i] = label_ok[labels.code(i)];
    return ok;
}

std::vector<double> demand_share(const OverlayResult& overlay, const GeometryArray& buildings,
                                 const std::vector<double>& building_gj, const std::vector<std::uint8_t>& flag,
                                 const std::vector<double>& buurt_gj) {
    std::vector<double> share(buurt_gj.size(), 0.0);
    for (const BuildingPiece& piece : overlay.pieces)
        if (flag[piece.building])
            share[piece.neighbourhood] += building_gj[piece.building] * piece.area_m2 / buildings.area(piece.building);
    for (std::size_t b = 0; b < share.size(); ++b)
        share[b] = buurt_gj[b] > 0 ? share[b] / buurt_gj[b] : std::nan("");
    return share;
}

AquathermieDemand aquathermie_demand(const VectorLayer* wko, const GeometryArray& buildings,
                                     const CodedText& labels, const std::vector<double>& building_gj,
                                     const Config& config, DataQuality& quality) {
    AquathermieDemand d;
    d.wko_suitable = wko_suitable(buildings, wko, config, quality);
    d.label_ok = teo_label_ok(labels, config.supply);
    // TEO (Vesta) serves buildings in a suitable WKO zone with a good enough label; TEA and TED all.
    d.teo_gj.resize(building_gj.size());
    for (std::size_t i = 0; i < d.teo_gj.size(); ++i)
        d.teo_gj[i] = d.wko_suitable[i] && d.label_ok[i] ? building_gj[i] : 0.0;
    return d;
}

MatchingResult match_sources(const SourceSet& sources, const DemandPoints& points,
                             const HeatNetworkIndicators& network, const Config& config, unsigned threads,
                             const Progress& progress) {
    if (config.supply.matching == "all_pairs")
        return match_supply(sources, compute_reach(sources, points, config.supply.max_reach_m, threads, progress),
                            network.heat_demand_gj, network.dwellings, network.dwelling_density_ha, config.supply);
    return match_nearest_first(sources, points, config.supply.max_reach_m,
                               {network.heat_demand_gj, network.dwellings, network.dwelling_density_ha}, config.supply,
                               threads);
}

}  // namespace warmte
