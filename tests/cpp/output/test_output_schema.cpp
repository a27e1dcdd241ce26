#include "warmte/output_schema.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

using namespace warmte;

TEST_CASE("the output schema: layers, their fields and how the batch merges them", "[schema]") {
    std::set<std::string> layers;
    for (const OutputLayer& l : output_layers()) {
        layers.insert(l.name);
        CHECK(std::set<std::string>{"polygon", "point", "line", "none"}.count(l.geometry));
        CHECK_FALSE(l.title_nl.empty());
        CHECK_FALSE(l.title_en.empty());
    }
    CHECK(layers == std::set<std::string>{"neighbourhoods", "buildings", "sources", "allocation", "streets", "network",
                                          "clusters", "costs", "data_quality", "partitions"});
    CHECK(find_output_layer("neighbourhoods")->merge == LayerMerge::by_buurt);
    CHECK(find_output_layer("buildings")->merge == LayerMerge::by_buurt_id);
    CHECK(find_output_layer("sources")->merge == LayerMerge::global);
    std::set<std::pair<std::string, std::string>> seen;
    for (const OutputField& f : output_fields()) {
        INFO(f.layer << "." << f.field);
        CHECK(seen.insert({f.layer, f.field}).second);  // one row per field
        CHECK_FALSE(f.description.empty());
        CHECK_FALSE(f.title_nl.empty());
        CHECK_FALSE(f.title_en.empty());
        CHECK(f.description.find(',') != 0);  // the free-text column kept whole
    }
    // A description with commas in it is read whole (the last column takes the rest of the line).
    Config config;
    CHECK(find_output_field("neighbourhoods", "buurtcode", config, {})->description == "buurt id, passed through");
}

TEST_CASE("fields by name and by pattern, under the configuration", "[schema]") {
    Config config;
    const std::vector<std::string> grids = {"heat", "cbs"};
    auto row = [&](const std::string& layer, const std::string& name) {
        const OutputField* f = find_output_field(layer, name, config, grids);
        return f ? f->field : std::string("(none)");
    };
    CHECK(row("neighbourhoods", "buurtcode") == "{id}");
    CHECK(row("neighbourhoods", "hn_raw_heat_density") == "hn_raw_{criterion}");
    CHECK(row("neighbourhoods", "cost_national_s3e_eur_weq") == "cost_national_{variant}_eur_weq");
    CHECK(row("neighbourhoods", "cost_s3t_connected_share") == "cost_{variant}_connected_share");
    CHECK(row("neighbourhoods", "heat_count") == "{grid}_count");
    CHECK(row("neighbourhoods", "cbs_aantal_inwoners") == "{grid}_{column}");
    CHECK(row("neighbourhoods", "heat_demand_gj") == "heat_demand_gj");  // its own row, not the grid 'heat'
    CHECK(row("neighbourhoods", "other_count") == "(none)");             // no grid of that name
    CHECK(row("buildings", "identificatie") == "{building_id}");
    CHECK(row("costs", "buurtcode") == "{id}");
    config.neighbourhood_fields.id = "bu_code";  // the pass-through fields follow the configuration
    CHECK(row("neighbourhoods", "bu_code") == "{id}");
    CHECK(row("neighbourhoods", "buurtcode") == "(none)");
}

TEST_CASE("conform describes every column and refuses one without its row", "[schema]") {
    Config config;
    Table t;
    t.name = "neighbourhoods";
    t.columns.push_back(text_column("buurtcode", {"A"}));
    t.columns.push_back(real_column("heat_demand_gj", {1.0}));
    conform(t, config, {});
    CHECK(t.columns[1].description == "space heating + hot tap water, GJ/yr, split by intersected area");
    Table wrong_type = t;
    wrong_type.columns[1] = text_column("heat_demand_gj", {"1"});
    CHECK_THROWS_AS(conform(wrong_type, config, {}), std::logic_error);
    t.columns.push_back(real_column("made_up_gj", {1.0}));
    CHECK_THROWS_WITH(conform(t, config, {}), Catch::Contains("made_up_gj") && Catch::Contains("output_fields.csv"));
    Table unknown;
    unknown.name = "pipes_made_up";
    CHECK_THROWS_WITH(check_schema(unknown, config, {}), Catch::Contains("output_layers.csv"));
}
