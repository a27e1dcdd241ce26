// The output schemas: which columns each layer has, in which order, with which description.
// The stages compute typed structs; only this module turns them into the layers the GeoPackage,
// Python and the styles read.
#pragma once

#include "warmte/tenure.hpp"
#include "warmte/uncertainty.hpp"

#include "warmte/aquathermie.hpp"
#include "warmte/config.hpp"
#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "warmte/other_supply.hpp"
#include "warmte/data_quality.hpp"
#include "warmte/demand.hpp"
#include "warmte/grid_stats.hpp"
#include "warmte/heat_grid.hpp"
#include "warmte/layer.hpp"
#include "warmte/measured.hpp"
#include "warmte/network.hpp"
#include "warmte/overlay.hpp"
#include "warmte/score.hpp"
#include "warmte/table.hpp"

#include <vector>

namespace warmte {

/// Per-buurt model results that the neighbourhoods layer shows, before the scores.
struct NeighbourhoodIndicators {
    const OverlayResult& overlay;
    const HeatNetworkIndicators& network;
    const std::vector<double>* dist_heat_network_m;  // null without a heat-network layer
    const AquathermieResult& aquathermie;
};

/// The electricity grid per buurt (issue 35): S1's extra peak, the headroom and new stations the
/// stations layer gives (else the kental's stations, est.), their space, the reinforcement cost,
/// the status (fits / reinforce / congested), the year a congestion lifts, and where it came from.
std::vector<Column> grid_capacity_columns(const BuurtCosting& in, const CostVerdict& v, const Config& config,
                                          const CostKentallen& k);

/// What each household pays a month by tenure, low and high:
/// cost_enduser_<variant|ref>_<tenure>_eur_month[_low|_high].
std::vector<Column> household_columns(const HouseholdCosts& h);
/// The affordability test: woonlastenneutraal_<tenure>, households_cost_rises, corporation_dwellings.
void add_affordability_columns(Table& t, const Affordability& a);

/// How sure the choice is over the uncertainty draws: choice_confidence, runner_up_share and
/// choice_certainty (robust / uncertain).
void add_uncertainty_columns(Table& t, const ChoiceUncertainty& u);

/// The neighbourhoods layer's first fields: the geometry and the fields passed through (id, name,
/// municipality).
Table neighbourhood_base(const VectorLayer& buurten, const Config& config);
/// The neighbourhoods layer: `base` (neighbourhood_base) with the overlay, network and aquathermie
/// indicators after it.
Table neighbourhood_table(Table base, const NeighbourhoodIndicators& indicators);
/// Appends the residual heat allocated to each buurt and its distance.
void add_residual_heat_columns(Table& table, const OtherSupply& other);
/// Appends the measured use and its comparison (issue 13): cbs_dwellings, measured_heat_gj,
/// modelled_residential_gj, demand_vs_measured; with demand.calibrate = "measured" also
/// calibration_factor and calibration.
void add_measured_columns(Table& table, const MeasuredUse& measured, const MeasuredComparison& comparison,
                          const Config& config);
/// Appends the score fields (scores, classes, parts, driver, strategy, phase), taking them from
/// `scores` (a rescore's, made for them: copying their sentences was a tenth of a rescore).
void add_score_columns(Table& table, Scores&& scores);
/// The cost fields that follow from the costs alone: per variant national EUR/WEQ/yr, end-user
/// EUR/dwelling/yr and EUR/t CO2 (empty where not available) and the lengths used. The same for
/// every choice, so a rescore takes them from its CostMemo.
std::vector<Column> variant_cost_columns(const BuurtCosting& inputs, const std::vector<CostResult>& costs,
                                         unsigned threads = 1);
/// Appends the cost fields: variant_cost_columns (`costed`, when given, is a copy of them made
/// before), then the cheapest and runner-up variants, gap, near tie and robustness.
void add_cost_columns(Table& table, const BuurtCosting& inputs, const CostVerdict& verdict,
                      const std::vector<Column>* costed = nullptr);
/// The costs layer: one row per buurt, variant (and the reference), perspective and component;
/// `ids` is the neighbourhoods layer's id column.
Table cost_table(const Column& ids, const CostVerdict& verdict);
/// Appends the sensitivity fields (class probabilities, rank range).
void add_sensitivity_columns(Table& table, const Sensitivity& s);
/// Appends each grid's fields: NAME_count/_sum/_mean/_min/_max/_nodata of a raster, NAME_<column>
/// of a polygon grid; to `buildings` (when not null) NAME_mean/_sum of rasters sampled per building.
void add_grid_columns(Table& neighbourhoods, Table* buildings, const std::vector<GridSummary>& grids);

/// The buildings layer: type, label, floor area, dwellings and demand per building; in_dh_area
/// is 0 until set_in_dh_area (the DH areas are the whole study area's).
Table building_table(const VectorLayer& buildings, const DemandResult& demand, const OverlayResult& overlay,
                     const VectorLayer& buurten, const Config& config);
/// Sets in_dh_area of the buildings layer: a row's heat-grid cell (kx, ky; `has_cell` 0 for a
/// building without demand) in one of the grid's DH potential areas.
void set_in_dh_area(Table& buildings, const std::vector<std::int64_t>& kx, const std::vector<std::int64_t>& ky,
                    const std::vector<std::uint8_t>& has_cell, const HeatGrid& grid);
/// The sources layer: potential, allocation and the buurten served, per source.
Table source_table(const SourceSet& sources, const std::vector<double>& allocated,
                   const std::vector<std::vector<std::string>>& served);
/// The sources and allocation layers of a matching (empty tables without sources).
void add_allocation_tables(Table& sources, Table& allocation, const AquathermieResult& aquathermie,
                           const VectorLayer& buurten, const Config& config);
/// The data-quality layer: every record, plus one summary row per counted-only issue.
Table quality_table(const DataQuality& quality);

}  // namespace warmte
