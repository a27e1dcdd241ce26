#include "warmte/explain.hpp"

#include "warmte/styles.hpp"

#include <cmath>
#include <cstdio>
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
    const char* runner_up;        // label, gap EUR/WEQ
    const char* near_tie;
    const char* strategy;         // label (no costs)
    const char* robust;
    const char* depends;          // set, label, count
    const char* phase;            // phase label, reason
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
    "The runner-up, %s, costs %s EUR a year more.",
    "The two are a near tie.",
    "The strategy is %s.",
    "The choice is robust: it holds in every cost sensitivity set.",
    "The choice depends on the assumptions: with '%s' the cheapest becomes %s; it holds in %s sensitivity sets.",
    "Phase: %s (%s).",
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
    "De tweede, %s, kost %s euro per jaar meer.",
    "Die twee liggen nipt bij elkaar.",
    "De strategie is %s.",
    "De keuze is robuust: ze blijft in elke kostengevoeligheidsset staan.",
    "De keuze hangt af van de aannames: met '%s' wordt %s het goedkoopst; ze blijft in %s gevoeligheidssets staan.",
    "Fase: %s (%s).",
};

std::string whole(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
}

std::string fill(const char* pattern, std::initializer_list<std::string> values) {
    std::string out;
    auto value = values.begin();
    for (const char* p = pattern; *p; ++p) {
        if (p[0] == '%' && p[1] == 's') {
            if (value != values.end()) out += *value++;
            ++p;
        } else if (p[0] == '%' && p[1] == '%') {
            out += '%';
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
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

class Row {
public:
    Row(const ColumnsByName& columns, std::size_t row) : columns_(columns), row_(row) {}
    double number(std::string_view name) const {
        const Column* c = find(name);
        return c && c->type != ColumnType::text ? c->numbers[row_] : std::nan("");
    }
    std::string text(std::string_view name) const {
        const Column* c = find(name);
        return c && c->type == ColumnType::text && c->present[row_] ? c->text[row_] : "";
    }

private:
    const Column* find(std::string_view name) const {
        auto it = columns_.find(name);
        return it == columns_.end() ? nullptr : it->second;
    }
    const ColumnsByName& columns_;
    std::size_t row_;
};

// Legend labels by style and value (map_classes.csv), so words match the map.
const std::string& class_label(const std::string& style, const std::string& value, const std::string& language) {
    static const std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> labels = [] {
        std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> out;
        for (const std::string& l : supported_languages())
            for (const MapStyle& s : map_styles(l))
                for (const MapClass& c : s.classes) out[l][{s.id, c.value}] = c.label;
        return out;
    }();
    static const std::string none;
    auto& by = labels.at(language);
    auto it = by.find({style, value});
    return it == by.end() ? none : it->second;
}

std::string explain_row(const ColumnsByName& columns, std::size_t row, const std::string& language) {
    const Phrases& p = language == "nl" ? dutch : english;
    const Row r(columns, row);
    std::string out;
    auto say = [&](const std::string& sentence) { out += (out.empty() ? "" : " ") + sentence; };

    const double density = r.number("heat_density_gj_ha");
    const std::string hn = r.text("heat_network_class");
    if (std::isnan(density)) {
        say(fill(p.demand_water, {whole(r.number("heat_demand_gj"))}));
    } else {
        const char* meaning = hn == "promising" ? p.dense : hn == "possible" ? p.possible : p.sparse;
        say(fill(p.demand, {whole(r.number("heat_demand_gj")), whole(density), meaning}));
    }
    const double aquathermie = r.number("teo_gj") + r.number("tea_gj") + r.number("ted_gj");
    if (aquathermie > 0) {
        say(fill(p.supply, {whole(r.number("dist_aquathermie_source_m")), whole(aquathermie),
                            whole(100 * r.number("aquathermie_coverage"))}));
    } else {
        std::string note = r.text("aquathermie_note");
        say(fill(p.no_supply, {note.empty() ? "-" : note}));
    }
    const double network = r.number("dist_heat_network_m");
    if (!std::isnan(network)) say(fill(p.network, {whole(network)}));

    const std::string cheapest = r.text("cheapest_variant");
    const std::string strategy = r.text("strategy");
    if (strategy == "S3" || cheapest.rfind("s3", 0) == 0) say(p.aquathermie);
    if (!cheapest.empty()) {
        say(fill(p.cheapest, {class_label("cheapest_variant", cheapest, language),
                              whole(r.number("cost_national_" + cheapest + "_eur_weq"))}));
        const std::string runner = r.text("runner_up_variant");
        if (!runner.empty()) {
            say(fill(p.runner_up, {class_label("cheapest_variant", runner, language), whole(r.number("cost_gap_eur_weq"))}));
            if (r.number("near_tie") == 1) say(p.near_tie);
        }
        const std::string flips = r.text("choice_flips_in");
        if (flips.empty()) say(p.robust);
        else
            say(fill(p.depends, {flips, class_label("cheapest_variant", r.text("choice_flips_to"), language),
                                 whole(r.number("choice_robust"))}));
    } else if (!strategy.empty()) {
        say(fill(p.strategy, {class_label("strategy", strategy, language)}));
    }
    const std::string phase = r.text("phase");
    if (!phase.empty()) say(fill(p.phase, {class_label("phase", phase, language), r.text("phase_reason")}));
    return out;
}

}  // namespace

std::string explain_buurt(const Table& t, std::size_t row, const std::string& language) {
    return explain_row(columns_by_name(t, nullptr), row, language);
}

std::vector<Column> explanation_columns(const Table& t, const Table* overrides) {
    const ColumnsByName columns = columns_by_name(t, overrides);
    std::vector<Column> out;
    for (const char* language : {"nl", "en"}) {
        std::vector<std::string> values;
        values.reserve(t.rows());
        for (std::size_t row = 0; row < t.rows(); ++row) values.push_back(explain_row(columns, row, language));
        out.push_back(text_column(std::string("explanation_") + language, std::move(values),
                                  std::string("the verdict in words (") + language + "), built from this layer's fields"));
    }
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
