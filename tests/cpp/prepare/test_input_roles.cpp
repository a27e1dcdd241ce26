#include "warmte/config.hpp"
#include "warmte/input_roles.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace warmte;

TEST_CASE("the role table is in Role order and its names are unique", "[input_roles]") {
    const auto& roles = input_roles();
    REQUIRE(roles.size() == role_count);
    std::set<std::string> names, options;
    for (std::size_t k = 0; k < roles.size(); ++k) {
        CHECK(static_cast<std::size_t>(roles[k].role) == k);
        CHECK(&input_role(roles[k].role) == &roles[k]);
        CHECK(names.insert(roles[k].name).second);
        CHECK(options.insert(roles[k].option).second);
        // The CLI option is the name with dashes: --heat-network for heat_network.
        std::string dashed = roles[k].name;
        for (char& c : dashed)
            if (c == '_') c = '-';
        CHECK(std::string(roles[k].option) == "--" + dashed);
        CHECK(find_input_role(roles[k].name) == &roles[k]);
    }
    CHECK(find_input_role("railways") == nullptr);
    CHECK(input_role(Role::neighbourhoods).required);
    CHECK(input_role(Role::buildings).required);
    CHECK_FALSE(input_role(Role::water).required);
    CHECK(input_role(Role::water).lines_with_width);
    CHECK(input_role(Role::heat_network).kind == GeometryKind::line);
    CHECK(input_role(Role::plants).kind == GeometryKind::point);
}

TEST_CASE("every role has its TOML key inputs.<name>, read relative to the project file", "[input_roles]") {
    std::set<std::string> keys;
    for (const ParameterInfo& p : describe(Config{})) keys.insert(p.key);
    for (const InputRole& role : input_roles()) {
        INFO(role.name);
        CHECK(keys.count(std::string("inputs.") + role.name) == 1);
        Config c = parse_config(std::string("[inputs]\n") + role.name + " = \"data/x.gpkg:layer\"\n", "p.toml", "/p");
        CHECK(c.inputs[role.role] == "/p/data/x.gpkg:layer");
    }
}

TEST_CASE("each role asks for the fields the configuration names", "[input_roles]") {
    Config c;
    c.neighbourhood_fields.id = "code";
    c.source_fields.wko_class = "klasse";
    FieldRequest n = input_role(Role::neighbourhoods).fields(c);
    CHECK(n.required_text == std::vector<std::string>{"code"});
    CHECK(n.hints.at("code") == "fields.neighbourhoods.id");
    CHECK(input_role(Role::wko).fields(c).required_text == std::vector<std::string>{"klasse"});
    CHECK(input_role(Role::heat_network).fields(c).optional_numbers.empty());
}

TEST_CASE("output settings live in [output]; the old [inputs] keys still read", "[input_roles]") {
    Config c = parse_config("[output]\npath = \"out.gpkg\"\nmap = true\n", "p.toml", "/p");
    CHECK(c.output.path == "/p/out.gpkg");
    CHECK(c.output.map);
    Config old = parse_config("[inputs]\noutput = \"out.gpkg\"\nbuildings_layer = true\n", "p.toml", "/p");
    CHECK(old.output.path == "/p/out.gpkg");
    CHECK(old.output.buildings_layer);
    CHECK(to_toml(old).find("[output]") != std::string::npos);
    CHECK_THROWS_WITH(parse_config("[inputs]\nrailways = \"r.gpkg\"\n", "p.toml"), Catch::Contains("inputs.railways"));
}
