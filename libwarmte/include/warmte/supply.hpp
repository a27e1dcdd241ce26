// Aquathermie supply (docs/model.md §3.3): surface water (TEO), waste water (TEA) and drinking
// water mains (TED) as sources, each with its heat at the source and delivered after the heat
// pump. Pure functions of attributes and parameters; the matching to buurten is in matching.hpp.
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace warmte {

enum class SourceType : std::uint8_t { teo, tea, ted };
const char* source_type_name(SourceType type);  // "teo", "tea", "ted"

struct SourceSet {
    GeometryArray shapes;                  // polygons, lines and points, each with its kind
    std::vector<SourceType> type;
    std::vector<std::string> id;          // "<layer>:<feature id>"
    std::vector<std::string> water_kind;  // "stagnant" / "flowing" for TEO, empty otherwise
    std::vector<double> area_m2;          // TEO
    std::vector<double> flow;             // m3/s for TEO, m3/day for TEA and TED; NaN when unknown
    std::vector<double> source_gj;        // heat taken from the water, GJ/yr
    std::vector<double> delivered_gj;     // after the heat pump, GJ/yr

    std::size_t size() const { return type.size(); }
};

/// Heat at the source, GJ/yr, by the formulas of docs/model.md §3.3.
double stagnant_water_gj(double area_m2, const SupplyParameters& p);
double flowing_water_gj(double discharge_m3s, const SupplyParameters& p);
double effluent_gj(double flow_m3_day, double delta_t_k, const SupplyParameters& p);

/// Seasonal performance factor by supply temperature: (temperature C, SPF) rows, ascending.
using SpfTable = std::vector<std::pair<double, double>>;
/// Parses supply_temperature_c,spf,source rows; ConfigError naming `origin` and the line.
SpfTable parse_spf_table(const std::string& text, const std::string& origin);
/// SPF at `supply_temperature_c`, linear between the rows, the end rows outside them.
double heat_pump_spf(const SpfTable& table, double supply_temperature_c);
/// Heat delivered to the network from heat at the source: the heat pump adds its electricity.
double delivered_gj(double source_gj, double spf);

/// Buffers water lines by half their width (flat ends) and appends them to `water` with their
/// attributes; the input may be in any CRS as long as both layers share it. Lines without a
/// usable width are recorded and left out. Their fids leave water's dropped_not_polygonal list.
void add_buffered_lines(VectorLayer& water, const VectorLayer& lines, const Config& config, DataQuality& quality);

/// Sources from the optional layers (any may be null). Water below the minimum size is left out
/// and counted; water without a type is stagnant; a bad discharge or flow falls back (area rule
/// for water, no source for plants and mains) and is recorded.
SourceSet build_sources(const VectorLayer* water, const VectorLayer* plants, const VectorLayer* mains,
                        const Config& config, const SpfTable& spf, DataQuality& quality);

}  // namespace warmte
