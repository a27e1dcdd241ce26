#include "warmte/explain.hpp"

#include "warmte/costs.hpp"
#include "warmte/number_text.hpp"
#include "warmte/styles.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <future>
#include <map>
#include <string_view>
#include <unordered_map>

namespace warmte {

namespace {

// The sentences in both languages; %s are filled in the order written.
struct Phrases {
    const char* demand;           // heat demand GJ, density GJ/ha, meaning
    const char* demand_water;     // heat demand GJ (a water buurt: no density)
    const char* dense;            // heat_network_class -> meaning
    const char* possible;
    const char* sparse;
    const char* supply;           // distance m, GJ, coverage %
    const char* no_supply;        // note
    const char* network;          // distance m
    const char* aquathermie;      // what aquathermie is
    const char* cheapest;         // label, EUR/WEQ
    const char* cheapest_allowed; // label, EUR/WEQ (a cheaper variant was set aside)
    const char* set_aside;        // label, EUR/WEQ
    const char* runner_up;        // label, gap EUR/WEQ
    const char* near_tie_two;     // the runner-up is close
    const char* near_tie;         // the other close variants with their gaps
    const char* no_source;
    const char* wko_only;         // the buurt WKO (S3c) is the only network costed
    const char* wko_unchecked;    // S3c is chosen or runner-up beside a network on a source
    const char* strategy;         // label (no costs)
    const char* robust;
    const char* robust_allowed;
    const char* depends;          // set, label, count
    const char* phase;            // phase label, reason
    const char* grid_congested;   // year
    const char* grid_congested_no_year;
    const char* grid_reinforce;   // extra kW, new stations
    const char* grid_fits;        // extra kW
    const char* grid_hybrid;      // % less extra peak
};

const Phrases english = {
    "Heat demand is %s GJ a year, %s GJ per hectare of land: %s.",
    "Heat demand is %s GJ a year; the buurt is mostly water, so no density is given.",
    "dense enough for a heat network",
    "a heat network can work where buildings stand close together",
    "too sparse for a collective heat network",
    "Aquathermie sources at on average %s m give this buurt %s GJ a year, %s %% of its demand.",
    "No aquathermie source in reach gives heat to this buurt (%s).",
    "The existing heat network is %s m away.",
    "Aquathermie is heat taken from surface water, waste water or drinking water with a heat pump, stored in "
    "the ground in summer for the winter.",
    "The cheapest alternative is %s, at %s EUR per dwelling equivalent a year more than a gas boiler.",
    "The cheapest alternative that may be chosen is %s, at %s EUR per dwelling equivalent a year more than a gas "
    "boiler.",
    "%s costs less (%s EUR a year more than a gas boiler), but green gas is not advised for buurten that start "
    "before 2030 (ECW).",
    "The runner-up, %s, costs %s EUR a year more.",
    "The two are a near tie.",
    "Close to it, a near tie: %s.",
    "No collective heat network is costed here: a network needs a source, and none reaches this buurt (give "
    "--residual-heat, --geothermal, or water and plants for aquathermie with --water and --plants).",
    "The only collective heat network costed here is an LT network on a buurt WKO (S3c): it needs no source "
    "nearby, but ground water fit for an open WKO store, which is not checked here (see the WKO tool); a network "
    "on another source needs --residual-heat, --geothermal, or water and plants with --water and --plants.",
    "S3c assumes ground water fit for an open WKO store, which is not checked here (see the WKO tool).",
    "The strategy is %s.",
    "The choice is robust: it holds in every cost sensitivity set.",
    "Among the variants that may be chosen, the choice is robust: it holds in every cost sensitivity set.",
    "The choice depends on the assumptions: with '%s' the cheapest becomes %s; it holds in %s sensitivity sets.",
    "Phase: %s (%s).",
    "The electricity grid here is congested until %s; all-electric can start after reinforcement.",
    "The electricity grid here is congested, and no year is given for when that lifts.",
    "All-electric adds %s kW to the grid's peak here, which needs %s new stations of 630 kVA.",
    "The electricity grid here has room for the %s kW all-electric adds to its peak.",
    "A hybrid heat pump (S4a) needs %s %% less extra peak.",
};

const Phrases dutch = {
    "De warmtevraag is %s GJ per jaar, %s GJ per hectare land: %s.",
    "De warmtevraag is %s GJ per jaar; de buurt is vooral water, dus zonder dichtheid.",
    "dicht genoeg voor een warmtenet",
    "een warmtenet kan waar de gebouwen dicht opeen staan",
    "te dun bebouwd voor een collectief warmtenet",
    "Aquathermiebronnen op gemiddeld %s m geven deze buurt %s GJ per jaar, %s %% van de vraag.",
    "Geen aquathermiebron binnen bereik levert warmte aan deze buurt (%s).",
    "Het bestaande warmtenet ligt op %s m.",
    "Aquathermie is warmte uit oppervlaktewater, afvalwater of drinkwater, gewonnen met een warmtepomp en "
    "in de zomer in de bodem opgeslagen voor de winter.",
    "Het goedkoopste alternatief is %s, %s euro per woningequivalent per jaar duurder dan een cv-ketel.",
    "Het goedkoopste alternatief dat gekozen mag worden is %s, %s euro per woningequivalent per jaar duurder dan "
    "een cv-ketel.",
    "%s kost minder (%s euro per jaar meer dan een cv-ketel), maar groen gas wordt niet aangeraden voor buurten "
    "die voor 2030 beginnen (ECW).",
    "De tweede, %s, kost %s euro per jaar meer.",
    "Die twee liggen nipt bij elkaar.",
    "Nipt daarachter: %s.",
    "Hier is geen collectief warmtenet doorgerekend: een warmtenet heeft een bron nodig, en geen bron bereikt deze "
    "buurt (geef --residual-heat, --geothermal, of water en rwzi's voor aquathermie met --water en --plants).",
    "Het enige collectieve warmtenet dat hier is doorgerekend, is een LT-net op een buurt-WKO (S3c): dat heeft "
    "geen bron in de buurt nodig, wel grondwater dat geschikt is voor een open WKO, en dat wordt hier niet "
    "gecontroleerd (zie de WKO-tool); een net op een andere bron vraagt --residual-heat, --geothermal, of water "
    "en rwzi's met --water en --plants.",
    "S3c gaat uit van grondwater dat geschikt is voor een open WKO, en dat wordt hier niet gecontroleerd (zie de "
    "WKO-tool).",
    "De strategie is %s.",
    "De keuze is robuust: ze blijft in elke kostengevoeligheidsset staan.",
    "Binnen de varianten die gekozen mogen worden is de keuze robuust: ze blijft in elke kostengevoeligheidsset "
    "staan.",
    "De keuze hangt af van de aannames: met '%s' wordt %s het goedkoopst; ze blijft in %s gevoeligheidssets staan.",
    "Fase: %s (%s).",
    "Het elektriciteitsnet is hier vol tot %s; all-electric kan beginnen na netverzwaring.",
    "Het elektriciteitsnet is hier vol, en er is geen jaar gegeven waarin dat verandert.",
    "All-electric voegt hier %s kW toe aan de piek van het net; daarvoor zijn %s nieuwe stations van 630 kVA nodig.",
    "Het elektriciteitsnet heeft hier ruimte voor de %s kW die all-electric aan de piek toevoegt.",
    "Een hybride warmtepomp (S4a) vraagt %s %% minder extra piek.",
};

// The reasons the model writes into aquathermie_note and phase_reason are English; the Dutch
// explanation says them in Dutch, fragment by fragment, with decimal commas.
constexpr std::pair<std::string_view, std::string_view> dutch_fragments[] = {
    {"below project size: ", "onder de projectomvang: "},
    {" dwellings/ha < ", " woningen/ha < "},
    {" (network)", " (warmtenet)"},
    {" dwellings < ", " woningen < "},
    {"no dwelling density (water buurt or no land)", "geen woningdichtheid (waterbuurt of geen land)"},
    {"no aquathermie source given", "geen aquathermiebron opgegeven"},
    {"no aquathermie left for it within reach (nearest-first sharing)",
     "geen aquathermie meer over binnen bereik (dichtstbijzijnde eerst verdeeld)"},
    {"linked works in ", "werk-met-werk in "},
    {" and score ", " en score "},
    {"the electricity grid is congested until ", "het elektriciteitsnet is vol tot "},
    {"; all-electric can start after reinforcement (was: ", "; all-electric kan beginnen na netverzwaring (was: "},
};

// The Startanalyse's sensitivity sets (choice_flips_in holds their ids) as people read them.
struct SetWords {
    std::string_view id, en, nl;
};
constexpr SetWords set_words[] = {
    {"low_prices", "low prices (G03)", "lage prijzen (G03)"},
    {"high_prices", "high prices (G04)", "hoge prijzen (G04)"},
    {"optimistic_savings", "optimistic savings (G05)", "optimistische besparing (G05)"},
    {"process_min", "minimal process costs (G06)", "minimale proceskosten (G06)"},
    {"process_max", "maximal process costs (G07)", "maximale proceskosten (G07)"},
    {"band_min", "every cost at its minimum", "alle kosten op hun minimum"},
    {"band_max", "every cost at its maximum", "alle kosten op hun maximum"},
    {"much_cost_reduction", "much cost reduction", "veel kostendaling"},
    {"little_cost_reduction", "little cost reduction", "weinig kostendaling"},
};

std::string_view set_in_words(std::string_view id, const std::string& language) {
    for (const SetWords& w : set_words)
        if (w.id == id) return language == "nl" ? w.nl : w.en;
    return id;
}

std::string in_dutch(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t at = 0; at < text.size();) {
        bool replaced = false;
        for (const auto& [en, nl] : dutch_fragments)
            if (text.substr(at, en.size()) == en) {
                out.append(nl);
                at += en.size();
                replaced = true;
                break;
            }
        if (replaced) continue;
        const char c = text[at];
        // A decimal point between digits is a comma in Dutch.
        const bool decimal = c == '.' && at > 0 && at + 1 < text.size() &&
                             std::isdigit(static_cast<unsigned char>(text[at - 1])) &&
                             std::isdigit(static_cast<unsigned char>(text[at + 1]));
        out.push_back(decimal ? ',' : c);
        ++at;
    }
    return out;
}

// Appends `pattern` to `out` with its %s filled in the order given (and %% as %), the text
// between them in whole runs.
void fill(std::string& out, const char* pattern, std::initializer_list<std::string_view> values) {
    auto value = values.begin();
    const char* p = pattern;
    while (const char* mark = std::strchr(p, '%')) {
        out.append(p, mark);
        if (mark[1] == 's') {
            if (value != values.end()) out += *value++;
            p = mark + 2;
        } else if (mark[1] == '%') {
            out += '%';
            p = mark + 2;
        } else {
            out += '%';
            p = mark + 1;
        }
    }
    out += p;
}

// The layer's columns by name, looked up once per table rather than once per field and row
// (13,333 buurten x two languages x twenty fields in a country's rescore).
using ColumnsByName = std::unordered_map<std::string_view, const Column*>;

ColumnsByName columns_by_name(const Table& t, const Table* overrides) {
    ColumnsByName out;
    if (overrides)
        for (const Column& c : overrides->columns) out.emplace(c.name, &c);
    for (const Column& c : t.columns) out.emplace(c.name, &c);  // emplace keeps an override
    return out;
}

// Legend labels of one style by value (map_classes.csv), so words match the map.
using Labels = std::map<std::string, std::string, std::less<>>;

const Labels& class_labels(const std::string& style, const std::string& language) {
    static const std::map<std::pair<std::string, std::string>, Labels> labels = [] {
        std::map<std::pair<std::string, std::string>, Labels> out;
        for (const std::string& l : supported_languages())
            for (const MapStyle& s : map_styles(l))
                for (const MapClass& c : s.classes) out[{l, s.id}][c.value] = c.label;
        return out;
    }();
    static const Labels none;
    auto it = labels.find({language, style});
    return it == labels.end() ? none : it->second;
}

std::string_view label_of(const Labels& labels, std::string_view value) {
    auto it = labels.find(value);
    return it == labels.end() ? std::string_view() : std::string_view(it->second);
}

// One field of the layer (absent: NaN or empty).
class Field {
public:
    Field(const ColumnsByName& columns, std::string_view name) {
        auto it = columns.find(name);
        column_ = it == columns.end() ? nullptr : it->second;
    }
    double number(std::size_t row) const {
        return column_ && column_->type != ColumnType::text ? column_->numbers[row] : std::nan("");
    }
    std::string_view text(std::size_t row) const {
        return column_ && column_->type == ColumnType::text && column_->present[row] ? std::string_view(column_->text[row])
                                                                                    : std::string_view();
    }

private:
    const Column* column_;
};

// The fields a sentence reads and the legends it names, resolved once for the whole table.
struct Fields {
    Fields(const ColumnsByName& c, const std::string& language)
        : density(c, "heat_density_gj_ha"), network_class(c, "heat_network_class"), demand(c, "heat_demand_gj"),
          teo(c, "teo_gj"), tea(c, "tea_gj"), ted(c, "ted_gj"), source_distance(c, "dist_aquathermie_source_m"),
          coverage(c, "aquathermie_coverage"), note(c, "aquathermie_note"), network_distance(c, "dist_heat_network_m"),
          cheapest(c, "cheapest_variant"), strategy(c, "strategy"), runner_up(c, "runner_up_variant"),
          gap(c, "cost_gap_eur_weq"), near_tie(c, "near_tie"), close(c, "close_alternatives"),
          flips_in(c, "choice_flips_in"),
          flips_to(c, "choice_flips_to"), robust(c, "choice_robust"), phase(c, "phase"), phase_reason(c, "phase_reason"),
          grid_status(c, "grid_status"), grid_year(c, "grid_available_year"), grid_extra(c, "grid_extra_peak_kw"),
          grid_stations(c, "grid_new_stations"), grid_hybrid(c, "grid_peak_s4a_kw"),
          variant_labels(class_labels("cheapest_variant", language)), strategy_labels(class_labels("strategy", language)),
          phase_labels(class_labels("phase", language)) {
        for (const VariantInfo& v : cost_variants())
            national.emplace(v.id, Field(c, std::string("cost_national_") + v.id + "_eur_weq"));
    }
    double national_cost(std::string_view variant, std::size_t row) const {
        auto it = national.find(variant);
        return it == national.end() ? std::nan("") : it->second.number(row);
    }
    Field density, network_class, demand, teo, tea, ted, source_distance, coverage, note, network_distance, cheapest,
        strategy, runner_up, gap, near_tie, close, flips_in, flips_to, robust, phase, phase_reason, grid_status, grid_year,
        grid_extra, grid_stations, grid_hybrid;
    const Labels &variant_labels, &strategy_labels, &phase_labels;
    std::map<std::string, Field, std::less<>> national;  // cost_national_<variant>_eur_weq by variant
};

// One buurt's explanation, sentence after sentence straight into `out`; one member per part of
// the verdict (demand and supply, the choice by cost, the grid, the phase).
class Explanation {
public:
    Explanation(const Fields& fields, std::size_t at, const std::string& in)
        : f(fields), row(at), language(in), p(in == "nl" ? dutch : english) {
        out.reserve(640);  // most explanations are 300-600 characters
    }

    std::string text() && {
        demand_and_supply();
        choice();
        grid();
        phase();
        return std::move(out);
    }

private:
    const Fields& f;
    const std::size_t row;
    const std::string& language;
    const Phrases& p;
    std::string out;

    std::string number(double x) const { return grouped_number(x, language); }  // 215.298 / 215,298
    void say(const char* pattern, std::initializer_list<std::string_view> values = {}) {
        if (!out.empty()) out += ' ';
        fill(out, pattern, values);
    }

    void demand_and_supply() {
        const double density = f.density.number(row);
        const std::string_view hn = f.network_class.text(row);
        if (std::isnan(density)) {
            say(p.demand_water, {number(f.demand.number(row))});
        } else {
            const char* meaning = hn == "promising" ? p.dense : hn == "possible" ? p.possible : p.sparse;
            say(p.demand, {number(f.demand.number(row)), number(density), meaning});
        }
        const double aquathermie = f.teo.number(row) + f.tea.number(row) + f.ted.number(row);
        if (aquathermie > 0) {
            say(p.supply, {number(f.source_distance.number(row)), number(aquathermie),
                           number(100 * f.coverage.number(row))});
        } else {
            const std::string_view note = f.note.text(row);
            const std::string said = language == "nl" ? in_dutch(note) : std::string(note);
            say(p.no_supply, {note.empty() ? "-" : std::string_view(said)});
        }
        const double network = f.network_distance.number(row);
        if (!std::isnan(network)) say(p.network, {number(network)});
    }

    void choice() {
        const std::string_view cheapest = f.cheapest.text(row);
        const std::string_view strategy = f.strategy.text(row);
        if (strategy == "S3" || cheapest.starts_with("s3")) say(p.aquathermie);
        if (!cheapest.empty()) choice_by_cost(cheapest);
        else if (!strategy.empty()) say(p.strategy, {label_of(f.strategy_labels, strategy)});
    }

    void choice_by_cost(std::string_view cheapest) {
        const double chosen = f.national_cost(cheapest, row);
        // Green gas set aside although cheaper (a buurt that starts before 2030, ECW): said so.
        const double hybrid = f.national_cost("s4a", row);
        const bool set_aside = cheapest != "s4a" && f.phase.text(row) == "before_2030" && hybrid < chosen;
        say(set_aside ? p.cheapest_allowed : p.cheapest, {label_of(f.variant_labels, cheapest), number(chosen)});
        if (set_aside) say(p.set_aside, {label_of(f.variant_labels, "s4a"), number(hybrid)});
        const std::string_view runner = f.runner_up.text(row);
        if (!runner.empty()) say(p.runner_up, {label_of(f.variant_labels, runner), number(f.gap.number(row))});
        // Every other variant within the near-tie margins, with how much more it costs.
        std::string close;
        bool runner_close = false;
        const std::string_view ids = f.close.text(row);
        for (std::size_t at = 0; at < ids.size();) {
            const std::size_t end = std::min(ids.find(", ", at), ids.size());
            const std::string_view id = ids.substr(at, end - at);
            at = end + 2;
            if (set_aside && id == "s4a") continue;
            if (id == runner) {  // said already: only that it is close
                runner_close = true;
                continue;
            }
            if (!close.empty()) close += "; ";
            const double more = f.national_cost(id, row) - chosen;
            close.append(label_of(f.variant_labels, id)).append(" (").append(more < 0 ? "" : "+").append(number(more))
                .append(language == "nl" ? " euro)" : " EUR)");
        }
        if (runner_close) say(p.near_tie_two);
        if (!close.empty()) say(p.near_tie, {close});
        const std::string_view flips = f.flips_in.text(row);
        if (flips.empty()) say(set_aside ? p.robust_allowed : p.robust);
        else
            say(p.depends, {set_in_words(flips, language), label_of(f.variant_labels, f.flips_to.text(row)),
                            number(f.robust.number(row))});
        // The networks that need a source input; S3c, a buurt WKO, needs none (costs.wko_everywhere).
        bool on_source = false;
        for (const char* id : {"s2a", "s2b", "s3e", "s3t"}) on_source = on_source || !std::isnan(f.national_cost(id, row));
        if (!on_source) say(std::isnan(f.national_cost("s3c", row)) ? p.no_source : p.wko_only);
        else if (cheapest == "s3c" || f.runner_up.text(row) == "s3c") say(p.wko_unchecked);
    }

    void grid() {
        // The grid, where its data was given and all-electric is in play (the choice or the runner-up).
        const std::string_view cheapest = f.cheapest.text(row), strategy = f.strategy.text(row);
        const std::string_view grid = f.grid_status.text(row);
        const bool electric = strategy == "S1" || cheapest.starts_with("s1") || f.runner_up.text(row).starts_with("s1");
        if (!grid.empty() && electric) {
            const double extra = f.grid_extra.number(row), year = f.grid_year.number(row);
            if (grid == "congested") {
                if (std::isnan(year)) say(p.grid_congested_no_year);
                else say(p.grid_congested, {whole_number(year)});
            } else if (grid == "reinforce") {
                say(p.grid_reinforce, {number(extra), fixed_number(f.grid_stations.number(row), 1)});
            } else {
                say(p.grid_fits, {number(extra)});
            }
            const double hybrid = f.grid_hybrid.number(row);
            if (extra > 0 && hybrid < extra) say(p.grid_hybrid, {number(100 * (1 - hybrid / extra))});
        }
    }

    void phase() {
        const std::string_view phase = f.phase.text(row);
        if (!phase.empty()) {
            const std::string_view reason = f.phase_reason.text(row);
            const std::string said = language == "nl" ? in_dutch(reason) : std::string(reason);
            say(p.phase, {label_of(f.phase_labels, phase), said});
        }
    }
};

std::string explain_row(const Fields& f, std::size_t row, const std::string& language) {
    return Explanation(f, row, language).text();
}

}  // namespace

std::string explain_buurt(const Table& t, std::size_t row, const std::string& language) {
    return explain_row(Fields(columns_by_name(t, nullptr), language), row, language);
}

std::vector<Column> explanation_columns(const Table& t, const Table* overrides) {
    const ColumnsByName columns = columns_by_name(t, overrides);
    auto language_column = [&](const std::string& language) {
        const Fields fields(columns, language);
        std::vector<std::string> values;
        values.reserve(t.rows());
        for (std::size_t row = 0; row < t.rows(); ++row) values.push_back(explain_row(fields, row, language));
        return text_column("explanation_" + language, std::move(values));  // described in output_fields.csv
    };
    // The two languages side by side: a rescore's sentences are half its time on a country.
    auto in_english = std::async(std::launch::async, language_column, std::string("en"));
    std::vector<Column> out;
    out.push_back(language_column("nl"));
    out.push_back(in_english.get());
    return out;
}

void add_explanations(Table& t) {
    for (Column& c : explanation_columns(t, nullptr)) {
        bool replaced = false;
        for (Column& existing : t.columns)
            if (existing.name == c.name) existing = c, replaced = true;
        if (!replaced) t.columns.push_back(std::move(c));
    }
}

}  // namespace warmte
