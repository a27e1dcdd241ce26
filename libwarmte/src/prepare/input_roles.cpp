#include "warmte/input_roles.hpp"

#include "warmte/error.hpp"

namespace warmte {

namespace {

FieldRequest neighbourhood_fields(const Config& config) {
    const auto& f = config.neighbourhood_fields;
    FieldRequest r;
    r.required_text = {f.id};
    r.optional_text = {f.name, f.municipality, f.water_flag};
    r.optional_numbers = {f.gas_main_renewal_year, f.sewer_works_year, f.renovation_year,
                          f.dwellings_measured, f.gas_m3_per_dwelling, f.district_heating_share,
                          f.owner_share, f.social_share, f.private_share};
    r.hints[f.id] = "fields.neighbourhoods.id";
    return r;
}

FieldRequest building_fields(const Config& config) {
    const BuildingFields& f = config.building_fields;
    FieldRequest r;
    r.optional_text = {f.id, f.status, f.use};
    r.optional_text.insert(r.optional_text.end(), f.history.begin(), f.history.end());
    r.optional_numbers = {f.year, f.floor_area, f.dwellings, f.storeys, f.roof_height, f.ground_height,
                          f.floor_area_min, f.floor_area_max};
    r.optional_numbers.insert(r.optional_numbers.end(), f.year_alternates.begin(), f.year_alternates.end());
    return r;
}

FieldRequest address_fields(const Config& config) {
    const AddressFields& f = config.address_fields;
    FieldRequest r;
    r.optional_text = f.building_id;
    r.optional_text.insert(r.optional_text.end(), {f.use, f.status});
    r.optional_numbers = {f.floor_area};
    return r;
}

FieldRequest height_fields(const Config& config) {
    const BuildingFields& f = config.building_fields;
    FieldRequest r;
    r.required_text = {config.height_fields.id};
    r.hints[config.height_fields.id] = "fields.heights.id";
    r.optional_numbers = {f.storeys, f.roof_height, f.ground_height};
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

FieldRequest station_fields(const Config& config) {
    const GridCapacityFields& f = config.grid_capacity_fields;
    FieldRequest r;
    // The capacity is required per feature, not per layer: a station without one is refused by
    // name (grid_capacity), which a missing field would not do.
    r.optional_numbers = {f.station_capacity, f.station_peak, f.station_headroom};
    return r;
}

FieldRequest works_fields(const Config& config) {
    FieldRequest r;
    // Required per feature, not per layer: a works feature without a year is recorded by name.
    r.optional_numbers = {config.works_fields.year};
    return r;
}

FieldRequest congestion_fields(const Config& config) {
    const GridCapacityFields& f = config.grid_capacity_fields;
    FieldRequest r;
    r.required_text = {f.congestion_status};
    r.hints[f.congestion_status] = "fields.grid_congestion.status";
    r.optional_numbers = {f.congestion_year};
    return r;
}

FieldRequest no_fields(const Config&) { return {}; }

FieldRequest road_fields(const Config& c) {
    FieldRequest r;
    r.optional_numbers = {c.road_fields.works_year};
    return r;
}

}  // namespace

const std::vector<InputRole>& input_roles() {
    using K = GeometryKind;
    using B = BatchRead;
    // role, name, option, label, kind, required, repaired, lines with width, centroids, batch read, fields, help
    static const std::vector<InputRole> table = {
        {Role::neighbourhoods, "neighbourhoods", "--neighbourhoods", "neighbourhoods", K::polygon, true, true, false, false,
         B::near, neighbourhood_fields, "neighbourhood polygons (CBS buurten)"},
        {Role::buildings, "buildings", "--buildings", "buildings", K::polygon, true, true, false, false, B::near, building_fields,
         "building footprints (BAG panden)"},
        {Role::addresses, "addresses", "--addresses", "addresses", K::point, false, false, false, true, B::near, address_fields,
         "BAG verblijfsobjecten (points, or polygons by their centroid): dwellings and floor area per use per pand"},
        {Role::heights, "heights", "--heights", "heights", K::polygon, false, false, false, false, B::near, height_fields,
         "3DBAG panden (identificatie, b3_bouwlagen, b3_h_dak_70p, b3_h_maaiveld), joined to the buildings by id"},
        {Role::water, "water", "--water", "water", K::polygon, false, true, true, false, B::distance, water_fields,
         "surface water (BGT/TOP10NL waterdeel); lines with a width are buffered"},
        {Role::heat_network, "heat_network", "--heat-network", "heat network", K::line, false, false, false, false, B::distance, no_fields,
         "existing heat-network lines (adds dist_heat_network_m)"},
        {Role::plants, "plants", "--plants", "plants", K::point, false, false, false, false, B::whole, plant_fields,
         "waste-water treatment plants (points with a flow): TEA sources"},
        {Role::mains, "mains", "--mains", "mains", K::line, false, false, false, false, B::whole, mains_fields,
         "drinking-water mains (lines with a flow): TED sources"},
        {Role::wko, "wko", "--wko", "wko", K::polygon, false, true, false, false, B::near, wko_fields,
         "WKO suitability polygons; without it every building counts as suitable"},
        {Role::roads, "roads", "--roads", "roads", K::line, false, false, false, false, B::distance, road_fields,
         "road centre lines (NWB wegvakken, BGT centrelines, OSM; optional works_year): the streets' heat densities, "
         "heat-network clusters and routes, and the pipe lengths of the costs"},
        {Role::residual_heat, "residual_heat", "--residual-heat", "residual heat", K::point, false, false, false, false,
         B::whole, residual_heat_fields, "residual-heat sources (points with heat_gj per year and a temperature class): S2a"},
        {Role::geothermal, "geothermal", "--geothermal", "geothermal", K::polygon, false, true, false, false, B::whole, no_fields,
         "geothermal contours (polygons where a doublet is possible): S2b"},
        {Role::grid_stations, "grid_stations", "--grid-stations", "grid stations", K::point, false, false, false, false,
         B::distance, station_fields,
         "electricity stations (points: each building served by the nearest; or service-area polygons) with "
         "capacity_kva and, where known, peak_kw or headroom_kw: the grid headroom for all-electric",
         true},
        {Role::grid_congestion, "grid_congestion", "--grid-congestion", "grid congestion", K::point, false, false, false,
         false, B::near, congestion_fields,
         "the grid operators' congestion map (areas, or postcode points) with a status (red/orange/green) and the "
         "year the constraint is expected to lift",
         true},
        {Role::works, "works", "--works", "works", K::line, false, false, false, false, B::distance, works_fields,
         "planned works (gas-main, sewer or road renewals: lines along the streets, or areas) with works_year: "
         "the streets they lie along are linked works for the phases (with --roads)",
         true},
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
