// Joining other BAG objects to the panden: verblijfsobjecten (one per dwelling, shop, office, ...)
// give each pand its dwellings and floor area per use; 3DBAG gives storeys and heights. Both
// join by pand id, in whichever spelling the source uses (NL.IMBAG.Pand.<16 digits>, the bare
// 16 digits, or a number that lost its leading zero).
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/layer.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warmte {

/// The 16-digit BAG id of a pand id as sources write it: "NL.IMBAG.Pand.0221100000312345",
/// "0221100000312345" and "221100000312345" (a number column) are all "0221100000312345".
/// Text that is no BAG id is returned trimmed.
std::string normalise_pand_id(std::string_view id);

/// The verblijfsobjecten of each pand, as the demand model uses them.
struct BuildingUnits {
    std::vector<std::uint32_t> in_use;       // verblijfsobjecten in use
    std::vector<std::uint32_t> not_in_use;   // joined, but with another status
    std::vector<double> dwellings;           // in use with woonfunctie
    /// Floor area per use, m² (a verblijfsobject with several uses splits its area equally),
    /// sorted by use. When no verblijfsobject of the pand has an area, these are shares of
    /// verblijfsobjecten instead and `area_known` is 0.
    std::vector<std::vector<std::pair<std::string, double>>> use_area;
    std::vector<std::uint8_t> area_known;
    std::string id_field;  // the addresses field that gave the pand id (empty: joined by location)

    bool empty() const { return in_use.empty(); }
};

/// Joins each verblijfsobject to its pand: by id (fields.addresses.building_id against
/// fields.buildings.id), else (id missing or matching no pand) to the pand that contains it. Both
/// cases, those outside every pand, placeholder areas and those not in use are counted in
/// `quality`. `addresses` are points in the buildings' CRS.
BuildingUnits join_addresses(const VectorLayer& buildings, const VectorLayer& addresses, const Config& config,
                             DataQuality& quality);

/// Copies the storeys, roof and ground heights of the heights layer (3DBAG) into the buildings'
/// columns of those names (fields.buildings.*), matched by normalised pand id; a pand without a
/// match keeps what it had. Matches and misses are counted in `quality`.
void join_heights(VectorLayer& buildings, const VectorLayer& heights, const Config& config, DataQuality& quality);

}  // namespace warmte
