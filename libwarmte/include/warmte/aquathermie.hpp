// The aquathermie stage (docs/model.md §3.3): the sources, which demand they may serve (WKO zone,
// insulation label), the reach of each source and the nearest-first matching, plus the
// demand-weighted WKO and low-temperature shares per buurt that the aquathermie score reads.
#pragma once

#include "warmte/coded_text.hpp"
#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"
#include "warmte/matching.hpp"
#include "warmte/network.hpp"
#include "warmte/overlay.hpp"
#include "warmte/progress.hpp"
#include "warmte/supply.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

/// What the aquathermie layers (water, plants, mains, WKO) give the buurten.
struct SupplyLayers {
    const VectorLayer* water = nullptr;
    const VectorLayer* plants = nullptr;
    const VectorLayer* mains = nullptr;
    const VectorLayer* wko = nullptr;
};

struct AquathermieResult {
    SourceSet sources;
    MatchingResult matching;
    std::vector<double> wko_share;  // per buurt: share of demand in buildings in a suitable WKO zone
    std::vector<double> lt_share;   // per buurt: share of demand in buildings TEO may serve by label
};

/// Per building: its centroid lies in a WKO polygon of a suitable class. Without a WKO layer every
/// building counts as suitable, and the data-quality log says so.
std::vector<std::uint8_t> wko_suitable(const GeometryArray& buildings, const VectorLayer* wko, const Config& config,
                                       DataQuality& quality);

/// Per building: its label is one TEO may serve (supply.teo_labels).
std::vector<std::uint8_t> teo_label_ok(const CodedText& labels, const SupplyParameters& p);

/// Per buurt, the share of its demand in buildings whose flag is set (building demand split over
/// the buurten by intersected area, like every extensive quantity); NaN without demand.
std::vector<double> demand_share(const OverlayResult& overlay, const GeometryArray& buildings,
                                 const std::vector<double>& building_gj, const std::vector<std::uint8_t>& flag,
                                 const std::vector<double>& buurt_gj);

/// Per building: in a suitable WKO zone, a label TEO may serve, and so the demand TEO may serve.
struct AquathermieDemand {
    std::vector<std::uint8_t> wko_suitable, label_ok;
    std::vector<double> teo_gj;
};
AquathermieDemand aquathermie_demand(const VectorLayer* wko, const GeometryArray& buildings,
                                     const CodedText& labels, const std::vector<double>& building_gj,
                                     const Config& config, DataQuality& quality);

/// The matching of supply.matching (nearest first or all pairs) on demand points made beforehand;
/// `network` gives the demand, dwellings and dwelling density per buurt.
MatchingResult match_sources(const SourceSet& sources, const DemandPoints& points,
                             const HeatNetworkIndicators& network, const Config& config, unsigned threads,
                             const Progress& progress);

}  // namespace warmte
