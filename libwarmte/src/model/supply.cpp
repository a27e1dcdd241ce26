#include "warmte/supply.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/units.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/water_overlaps.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>

namespace warmte {

namespace {

constexpr double mj_per_gj = units::mj_per_gj;
constexpr double seconds_per_hour = 3600.0;
constexpr double days_per_year = 365.0;

std::string feature_id(const char* layer, const VectorLayer& l, std::size_t i) {
    return std::string(layer) + ":" + std::to_string(l.feature_ids[i]);
}

const std::vector<double>* numbers(const VectorLayer& l, const std::string& name) {
    auto it = l.numbers.find(name);
    return it == l.numbers.end() ? nullptr : &it->second.values;
}

}  // namespace

const char* source_type_name(SourceType type) {
    switch (type) {
    case SourceType::teo: return "teo";
    case SourceType::tea: return "tea";
    case SourceType::ted: return "ted";
    }
    return "";
}

double stagnant_water_gj(double area_m2, const SupplyParameters& p) { return area_m2 * p.stagnant_yield_gj_m2; }

double flowing_water_gj(double discharge_m3s, const SupplyParameters& p) {
    // f * Q [m3/s] * c [MJ/(m3 K)] * dT [K] * t [h] * 3600 [s/h] -> MJ -> GJ
    return p.flow_fraction * discharge_m3s * p.teo_heat_capacity_mj_m3k * p.teo_delta_t_k * p.teo_hours *
           seconds_per_hour / mj_per_gj;
}

double effluent_gj(double flow_m3_day, double delta_t_k, const SupplyParameters& p) {
    return flow_m3_day * days_per_year * p.effluent_heat_capacity_mj_m3k * delta_t_k / mj_per_gj;
}

SpfTable parse_spf_table(const std::string& text, const std::string& origin) {
    SpfTable rows;
    for (auto& row : parse_csv(text, origin, {"supply_temperature_c", "spf", "source"})) {
        double t = number_in(row, "supply_temperature_c", origin), spf = number_in(row, "spf", origin);
        if (!(spf > 1))
            throw ConfigError(origin + ": line " + row.at("#line") + ": spf " + row.at("spf") +
                              " must be above 1 (a heat pump delivers more than its electricity)");
        rows.emplace_back(t, spf);
    }
    if (rows.empty()) throw ConfigError(origin + ": no rows");
    std::sort(rows.begin(), rows.end());
    return rows;
}

double heat_pump_spf(const SpfTable& rows, double t) {
    if (t <= rows.front().first) return rows.front().second;
    if (t >= rows.back().first) return rows.back().second;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        if (t <= rows[k].first) {
            auto [t0, s0] = rows[k - 1];
            auto [t1, s1] = rows[k];
            return s0 + (s1 - s0) * (t - t0) / (t1 - t0);
        }
    }
    return rows.back().second;
}

double delivered_gj(double source_gj, double spf) { return source_gj * spf / (spf - 1.0); }

void add_buffered_lines(VectorLayer& water, const VectorLayer& lines, const Config& config, DataQuality& quality) {
    const std::string& width_field = config.water_fields.width;
    const std::vector<double>* widths = numbers(lines, width_field);
    // A line's own attributes count (its type, its discharge) even where the polygons lack the field.
    for (const auto& [name, column] : lines.text)
        if (!water.text.count(name)) water.text[name] = TextColumn{std::vector<std::string>(water.size()),
                                                                    std::vector<std::uint8_t>(water.size(), 0)};
    for (const auto& [name, column] : lines.numbers)
        if (!water.numbers.count(name)) water.numbers[name].values.assign(water.size(), std::nan(""));
    geos::Context ctx;
    GEOSContextHandle_t h = ctx.get();
    auto xy = lines.geometry.coordinates();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::int64_t fid = lines.feature_ids[i];
        auto& dropped = water.dropped_not_polygonal;
        dropped.erase(std::remove(dropped.begin(), dropped.end(), fid), dropped.end());
        double width = widths ? (*widths)[i] : std::nan("");
        if (!(width > 0)) {
            quality.record({"water", fid, "line_without_width",
                            "a water line needs a positive '" + width_field + "' (m) to become a polygon; left out"});
            continue;
        }
        // Each part of the line (the first half of its there-and-back ring) buffered by half the width.
        std::vector<GEOSGeometry*> parts;
        lines.geometry.for_each_ring(i, [&](std::size_t begin, std::size_t end, bool) {
            std::size_t n = (end - begin + 1) / 2;
            GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(h, xy.data() + 2 * begin, static_cast<unsigned>(n), 0, 0);
            GEOSGeometry* line = GEOSGeom_createLineString_r(h, seq);
            GEOSBufferParams* params = GEOSBufferParams_create_r(h);
            GEOSBufferParams_setEndCapStyle_r(h, params, GEOSBUF_CAP_FLAT);
            parts.push_back(GEOSBufferWithParams_r(h, line, params, width / 2));
            GEOSBufferParams_destroy_r(h, params);
            GEOSGeom_destroy_r(h, line);
        });
        geos::Geometry all = geos::own(
            ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
            "buffering a water line");
        geos::Geometry merged = geos::own(ctx, GEOSUnaryUnion_r(h, all.get()), "buffering a water line");
        geos::append_geos(water.geometry, ctx, merged.get());
        water.feature_ids.push_back(fid);
        for (auto& [name, column] : water.text) {
            const TextColumn* from = lines.text_column(name);
            column.values.push_back(from ? from->values[i] : "");
            column.present.push_back(from ? from->present[i] : 0);
        }
        for (auto& [name, column] : water.numbers) {
            auto it = lines.numbers.find(name);
            column.values.push_back(it == lines.numbers.end() ? std::nan("") : it->second.values[i]);
        }
    }
}

namespace {

// Water drawn more than once (BGT waterdeel with a TOP10NL or OpenStreetMap drawing over it)
// counts once: the polygons whose interiors overlap form a group, and each member counts for
// union / sum of its drawn area and potential, so the group together counts for the area of its
// union. 1 for water that overlaps nothing. Each member stays a source of its own (one source
// of all of them would reach as far as a chain of riverbanks does: at 10M buildings the sharing
// took three times as long). One data-quality row per group, at its largest member.
std::vector<double> overlap_shares(const VectorLayer& water, const Config& config, DataQuality& quality) {
    const unsigned threads = resolve_threads(config.threads);
    const WaterGroups groups = water_groups(water.geometry, threads);
    std::vector<double> share(water.size(), 1.0), union_m2(groups.size(), 0.0), drawn_m2(groups.size(), 0.0);
    parallel_for(groups.size(), threads, Progress{}, "overlapping water", [&](std::size_t g, geos::Context&) {
        const std::span<const std::uint32_t> members = groups.members(g);
        if (members.size() < 2) return;
        for (std::uint32_t m : members) drawn_m2[g] += water.geometry.area(m);
        union_m2[g] = union_area_of(water.geometry, members);
        if (drawn_m2[g] > 0)
            for (std::uint32_t m : members) share[m] = union_m2[g] / drawn_m2[g];
    }, 64);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::span<const std::uint32_t> members = groups.members(g);
        if (members.size() < 2) continue;
        quality.record({"water", water.feature_ids[groups.lead[g]], "overlapping_water_shared",
                        std::to_string(members.size()) + " polygons overlap (" + std::to_string(std::lround(union_m2[g])) +
                            " m2 of water drawn as " + std::to_string(std::lround(drawn_m2[g])) +
                            " m2): each counts for " + std::to_string(share[members[0]]) + " of its area and potential"});
    }
    return share;
}

}  // namespace

SourceSet build_sources(const VectorLayer* water, const VectorLayer* plants, const VectorLayer* mains,
                        const Config& config, const SpfTable& spf_table, DataQuality& quality) {
    const SupplyParameters& p = config.supply;
    const double spf = heat_pump_spf(spf_table, p.supply_temperature_c);
    SourceSet s;
    auto add = [&](const GeometryArray& shapes, std::size_t i, SourceType type, std::string id,
                   std::string water_kind, double area, double flow, double source_gj) {
        s.shapes.append_from(shapes, i);  // with its kind: water polygons, plant points, main lines
        s.type.push_back(type);
        s.id.push_back(std::move(id));
        s.water_kind.push_back(std::move(water_kind));
        s.area_m2.push_back(area);
        s.flow.push_back(flow);
        s.source_gj.push_back(source_gj);
        s.delivered_gj.push_back(delivered_gj(source_gj, spf));
    };
    if (water) {
        const TextColumn* types = water->text_column(config.water_fields.type);
        const std::vector<double>* discharge = numbers(*water, config.water_fields.discharge);
        const std::vector<double> share = overlap_shares(*water, config, quality);
        std::size_t small = 0;
        for (std::size_t i = 0; i < water->size(); ++i) {
            double area = water->geometry.area(i);
            if (area < p.min_water_area_m2) {
                ++small;
                continue;
            }
            bool typed = types && types->present[i] && !types->values[i].empty();
            if (!typed) quality.record({"water", water->feature_ids[i], "water_type_missing", "counted as stagnant"});
            bool flowing = typed && std::find(p.flowing_water_types.begin(), p.flowing_water_types.end(),
                                              types->values[i]) != p.flowing_water_types.end();
            double q = discharge ? (*discharge)[i] : std::nan("");
            if (!std::isnan(q) && !(q >= 0)) {
                quality.record({"water", water->feature_ids[i], "discharge_invalid",
                                "discharge " + std::to_string(q) + " ignored; area rule used"});
                q = std::nan("");
            }
            // Flowing water with a known discharge follows the river model; everything else the area rule.
            double gj = (flowing && !std::isnan(q)) ? flowing_water_gj(q, p) : stagnant_water_gj(area, p);
            add(water->geometry, i, SourceType::teo, feature_id("water", *water, i), flowing ? "flowing" : "stagnant",
                area * share[i], flowing ? q : std::nan(""), gj * share[i]);
        }
        quality.count("water", "below_min_area_ignored", small);
    }
    auto add_flows = [&](const VectorLayer* layer, const char* role, const std::string& field, SourceType type,
                         double delta_t) {
        if (!layer) return;
        const std::vector<double>* flows = numbers(*layer, field);
        if (!flows)
            throw InputError(layer->source + ": has no numeric field '" + field + "' with the flow in m3/day; set fields." +
                             (type == SourceType::tea ? "plants" : "mains") + ".flow in the configuration");
        for (std::size_t i = 0; i < layer->size(); ++i) {
            double q = (*flows)[i];
            if (!(q >= 0)) {
                quality.record({role, layer->feature_ids[i], "flow_invalid",
                                "flow " + (std::isnan(q) ? std::string("missing") : std::to_string(q)) +
                                    ": no potential counted"});
                q = 0;
            }
            add(layer->geometry, i, type, feature_id(role, *layer, i), "", 0.0, q, effluent_gj(q, delta_t, p));
        }
    };
    add_flows(plants, "plants", config.source_fields.plant_flow, SourceType::tea, p.tea_delta_t_k);
    add_flows(mains, "mains", config.source_fields.mains_flow, SourceType::ted, p.ted_delta_t_k);
    return s;
}

}  // namespace warmte
