// Unit conversions used across the model, named once.
#pragma once

namespace warmte::units {

inline constexpr double gj_per_mwh = 3.6;
inline constexpr double m2_per_ha = 10'000.0;
inline constexpr double mj_per_gj = 1'000.0;

}  // namespace warmte::units
