#include "warmte/input_roles.hpp"

#include "warmte/error.hpp"

namespace warmte {

namespace {

FieldRequest neighbourhood_fields(const Config& config) {
    const auto& f = config.neighbourhood_fields;
    FieldRequest r;
    r.required_text = {f.id};
    r.optional_text = {f.name, f.municipality, f.water_flag};
    r.optional_numbers = {f.gas_main_renewal_year, f.sewer_works_year, f.renovation_year};
    r.hints[f.id] = "fields.neighbourhoods.id";
    return r;
}

FieldRequest building_fields(const Config& config) {
    const BuildingFields& f = config.building_fields;
    FieldRequest r;
    r.optional_text = {f.id, f.status, f.use};
    r.optional_numbers = {f.year, f.floor_area, f.dwellings, f.storeys, f.roof_height, f.ground_height};
    return r;
}

FieldRequest water_fields(const Config& config) {
    FieldRequest r;
    r.optional_text = {config.water_fields.type};
    r.optional_numbers = {config.water_fields.discharge, config.water_fields.width};
    return r;
}

FieldRequest plant_fields(const Config& config) {
    FieldRequest r;
    r.optional_numbers = {config.source_fields.plant_flow};
    return r;
}

FieldRequest mains_fields(const Config& config) {
    FieldRequest r;
    r.optional_numbers = {config.source_fields.mains_flow};
    return r;
}

FieldRequest wko_fields(const Config& config) {
    FieldRequest r;
    r.required_text = {config.source_fields.wko_class};
    r.hints[config.source_fields.wko_class] = "fields.wko.class";
    return r;
}

FieldRequest residual_heat_fields(const Config& config) {
    FieldRequest r;
    r.optional_numbers = {config.source_fields.residual_heat};
    r.optional_text = {config.source_fields.residual_temperature};
    return r;
}

FieldRequest no_fields(const Config&) { return {}; }

}  // namespace

const std::vector<InputRole>& input_roles() {
    using K = GeometryKind;
    // role, name, option, label, kind, required, repaired, lines with width, fields, help
    static const std::vector<InputRole> table = {
        {Role::neighbourhoods, "neighbourhoods", "--neighbourhoods", "neighbourhoods", K::polygon, true, true, false,
         neighbourhood_fields, "neighbourhood polygons (CBS buurten)"},
        {Role::buildings, "buildings", "--buildings", "buildings", K::polygon, true, true, false, building_fields,
         "building footprints (BAG panden)"},
        {Role::water, "water", "--water", "water", K::polygon, false, true, true, water_fields,
         "surface water (BGT/TOP10NL waterdeel); lines with a width are buffered"},
        {Role::heat_network, "heat_network", "--heat-network", "heat network", K::line, false, false, false, no_fields,
         "existing heat-network lines (adds dist_heat_network_m)"},
        {Role::plants, "plants", "--plants", "plants", K::point, false, false, false, plant_fields,
         "waste-water treatment plants (points with a flow): TEA sources"},
        {Role::mains, "mains", "--mains", "mains", K::line, false, false, false, mains_fields,
         "drinking-water mains (lines with a flow): TED sources"},
        {Role::wko, "wko", "--wko", "wko", K::polygon, false, true, false, wko_fields,
         "WKO suitability polygons; without it every building counts as suitable"},
        {Role::roads, "roads", "--roads", "roads", K::line, false, false, false, no_fields,
         "road centre lines (NWB wegvakken, OSM): heat-network and service-pipe lengths for the costs"},
        {Role::residual_heat, "residual_heat", "--residual-heat", "residual heat", K::point, false, false, false,
         residual_heat_fields, "residual-heat sources (points with heat_gj per year and a temperature class): S2a"},
        {Role::geothermal, "geothermal", "--geothermal", "geothermal", K::polygon, false, true, false, no_fields,
         "geothermal contours (polygons where a doublet is possible): S2b"},
    };
    return table;
}

const InputRole& input_role(Role role) { return input_roles()[static_cast<std::size_t>(role)]; }

const InputRole* find_input_role(const std::string& name) {
    for (const InputRole& r : input_roles())
        if (name == r.name) return &r;
    return nullptr;
}

}  // namespace warmte
