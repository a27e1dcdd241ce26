// The input roles by name (their table, with options, keys and fields, is input_roles.hpp).
#pragma once

#include <cstddef>

namespace warmte {

/// The kinds of input layer, in the order of the role table (and of --help).
enum class Role : std::size_t {
    neighbourhoods,
    buildings,
    addresses,
    heights,
    water,
    heat_network,
    plants,
    mains,
    wko,
    roads,
    residual_heat,
    geothermal,
    grid_stations,
    grid_congestion,
    works
};
inline constexpr std::size_t role_count = 15;

}  // namespace warmte
