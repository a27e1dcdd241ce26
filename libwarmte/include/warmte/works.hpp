// Linked works from a works layer (issue 33, docs/streets.md §6): where a gas main, sewer or road
// is renewed anyway, laying a heat network costs less trenching and disturbs the street once. A
// municipality's or grid operator's plan gives them as lines along the streets (the mains) or as
// areas (a project); each street they lie along takes their year.
#pragma once

#include "warmte/config.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/geometry_array.hpp"
#include "warmte/layer.hpp"

#include <vector>

namespace warmte {

/// Per street of `streets` (lines) the earliest year of the works features lying along it: within
/// network.works_near_m of at least network.works_min_share of its length (a main under the
/// street; an area holding it); NaN where none does. Works features without a year, and those
/// along no street, are recorded in `quality`; a layer without the year field is an InputError.
std::vector<double> works_year_of_streets(const GeometryArray& streets, const VectorLayer& works, const Config& config,
                                          DataQuality& quality);

}  // namespace warmte
