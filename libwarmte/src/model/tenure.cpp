#include "warmte/tenure.hpp"

#include "warmte/cost_choice.hpp"
#include "warmte/cost_inputs.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace warmte {

namespace {

constexpr double months_per_year = 12;
constexpr double percent = 100;

// The end-user items a tenant pays directly; the rest is the landlord's. The first letter rules
// out most items before a comparison (a recost splits some 10^6 ledgers).
bool tenant_pays(const char* component) {
    return (component[0] == 'e' && std::strcmp(component, "energy") == 0) ||
           (component[0] == 'f' && std::strcmp(component, "fixed_charges") == 0);
}

struct Split {
    double tenant = 0, landlord = 0;
};

Split split(const VariantCosts& v) {
    Split s;
    for (const CostItem& item : v.enduser_items) (tenant_pays(item.component) ? s.tenant : s.landlord) += item.eur_yr;
    return s;
}

}  // namespace

const char* tenure_name(Tenure t) {
    switch (t) {
        case Tenure::owner: return "owner";
        case Tenure::social: return "social";
        default: return "private";
    }
}

std::vector<TenureShares> tenure_shares(const VectorLayer& buurten, const Config& config) {
    const NeighbourhoodFields& f = config.neighbourhood_fields;
    const TenureParameters& p = config.tenure;
    auto share = [&](const std::string& field, std::size_t b) {
        auto it = buurten.numbers.find(field);
        if (it == buurten.numbers.end()) return std::nan("");
        const double v = it->second.values[b];
        // CBS writes -99997 and friends for suppressed figures.
        return std::isfinite(v) && v >= 0 && v > config.grid.suppressed_at_or_below ? v / percent : std::nan("");
    };
    std::vector<TenureShares> out(buurten.size());
    for (std::size_t b = 0; b < out.size(); ++b) {
        TenureShares s{share(f.owner_share, b), share(f.social_share, b), share(f.private_share, b)};
        if (!(std::isfinite(s.owner) && std::isfinite(s.social) && std::isfinite(s.private_rent)))
            s = {p.default_owner_share, p.default_social_share, p.default_private_share};
        const double total = s.owner + s.social + s.private_rent;
        if (total > 0) s = {s.owner / total, s.social / total, s.private_rent / total};
        out[b] = s;
    }
    return out;
}

namespace {

// What a household of tenure t pays a year, from the tenant's and landlord's parts of its
// variant (`own`) and of the reference; `owner` is the variant's whole end-user cost.
double tenure_cost(const Split& own, const Split& ref, bool is_reference, double owner, Tenure t,
                   const TenureParameters& p) {
    if (t == Tenure::owner) return owner;
    if (is_reference) return own.tenant;
    const double extra = std::max(0.0, own.landlord - ref.landlord);
    const double saving = std::max(0.0, ref.tenant - own.tenant);
    const double rent = t == Tenure::social ? std::min(extra, p.social_rent_increase_share * saving) : extra;
    return own.tenant + rent;
}

}  // namespace

TenureMonthly tenure_monthly(const CostResult& c, const TenureParameters& p) {
    TenureMonthly out;
    for (auto& row : out) row.fill(std::nan(""));
    if (!(c.weq > 0)) return out;
    const double per_month = c.weq * months_per_year;
    const Split ref = split(c.reference);
    for (std::size_t variant = 0; variant <= c.variants.size(); ++variant) {
        const VariantCosts& v = variant == 0 ? c.reference : c.variants[variant - 1];
        const Split own = variant == 0 ? ref : split(v);
        for (std::size_t t = 0; t < tenure_count; ++t)
            out[variant][t] = v.available ? tenure_cost(own, ref, variant == 0, v.enduser_eur_yr,
                                                        static_cast<Tenure>(t), p) / per_month
                                          : std::nan("");
    }
    return out;
}

double tenure_cost_eur_yr(const VariantCosts& v, const VariantCosts& reference, Tenure t, const TenureParameters& p) {
    return tenure_cost(split(v), split(reference), &v == &reference, v.enduser_eur_yr, t, p);
}

HouseholdCosts household_costs(const CostVerdict& verdict, const Config& config) {
    const std::vector<CostResult>& costs = verdict.cost_results();
    // The ends of the kentallen ranges (VerbeterMinMaxSchuif 0 and 1), costed with the verdict.
    const std::vector<TenureMonthly>& low = *verdict.low;
    const std::vector<TenureMonthly>& high = *verdict.high;
    HouseholdCosts out;
    out.monthly.resize(costs.size());
    const TenureParameters& p = config.tenure;
    // Buurt by buurt on the run's threads: a recost makes these again for every buurt (a fifth of
    // its time at 13,333 buurten on one thread).
    parallel_for(costs.size(), resolve_threads(config.threads), {}, "households", [&](std::size_t b, geos::Context&) {
        if (!(costs[b].weq > 0)) return;
        const TenureMonthly value = tenure_monthly(costs[b], p);
        const TenureMonthly& a = low[b];
        const TenureMonthly& z = high[b];
        for (std::size_t variant = 0; variant <= costs[b].variants.size(); ++variant)
            for (std::size_t t = 0; t < tenure_count; ++t)
                out.monthly[b][variant][t] = {value[variant][t], std::min(a[variant][t], z[variant][t]),
                                              std::max(a[variant][t], z[variant][t])};
    }, 64);
    return out;
}

Affordability affordability(const HouseholdCosts& h, const BuurtCosting& in, const std::vector<std::string>& chosen,
                            const TenureParameters& p) {
    const std::size_t n = h.monthly.size();
    const double nan = std::nan("");
    Affordability out;
    out.neutral.assign(n, {nan, nan, nan});
    out.households_rising.assign(n, nan);
    out.corporation_dwellings.assign(n, nan);
    for (std::size_t b = 0; b < n && b < chosen.size(); ++b) {
        if (std::isnan(h.monthly[b][0][0].value)) continue;  // nothing costed
        const TenureShares shares = b < in.tenure.size() ? in.tenure[b] : TenureShares{};
        const double dwellings = in.group[b].dwellings;
        out.corporation_dwellings[b] = dwellings * shares.social;
        std::size_t at = 0;
        for (std::size_t i = 0; i < cost_variants().size(); ++i)
            if (chosen[b] == cost_variants()[i].id) at = i + 1;
        if (at == 0) continue;
        double rising = 0;
        for (std::size_t t = 0; t < tenure_count; ++t) {
            const double rise = h.monthly[b][at][t].value - h.monthly[b][0][t].value;
            out.neutral[b][t] = rise <= 0 ? 1.0 : 0.0;
            if (rise > p.max_rise_eur_month) rising += dwellings * shares.of(static_cast<Tenure>(t));
        }
        out.households_rising[b] = rising;
    }
    return out;
}

}  // namespace warmte
