#include "test_paths.hpp"

#include "warmte/error.hpp"
#include "warmte/io.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace warmte;
namespace fs = std::filesystem;

namespace {
const std::string town = std::string(WARMTE_TESTDATA_DIR) + "/town/town.gpkg";
}

TEST_CASE("read_inputs reads every named role, the grids and the tables", "[inputs]") {
    Config c;
    c.inputs[Role::neighbourhoods] = town + ":buurten";
    c.inputs[Role::buildings] = town + ":panden";
    c.inputs[Role::plants] = town + ":rwzi";
    c.inputs.grids.push_back({"cbs", town + ":vierkant100m"});
    Inputs in = io::read_inputs(c);
    CHECK(in.get(Role::neighbourhoods)->size() == 12);
    CHECK(in.get(Role::plants)->geometry.kind(0) == GeometryKind::point);
    CHECK(in.get(Role::water) == nullptr);
    CHECK(in.vector_grids.size() == 1);
    REQUIRE(in.tables);
    CHECK(heat_pump_spf(in.tables->spf, 50) == Approx(3.2));
    c.inputs[Role::buildings].clear();
    CHECK_THROWS_WITH(io::read_inputs(c), Catch::Contains("--buildings") && Catch::Contains("inputs.buildings"));
}

TEST_CASE("table files and project files: read by io, errors name the file and the key", "[inputs]") {
    fs::path dir = fs::temp_directory_path() / ("warmte_test_inputs_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "spf.csv") << "supply_temperature_c,spf,source\n40,4.0,test\n60,3.0,test\n";
    std::ofstream(dir / "p.toml") << "[supply]\nspf_table = \"spf.csv\"\nsupply_temperature_c = 50\n";
    Config c = io::load_config_file(dir / "p.toml");
    CHECK(c.supply.spf_table == (dir / "spf.csv").string());  // relative to the project file
    CHECK(heat_pump_spf(io::read_parameter_tables(c).spf, c.supply.supply_temperature_c) == Approx(3.5));
    c.demand.label_table = (dir / "missing.csv").string();
    CHECK_THROWS_WITH(io::read_parameter_tables(c), Catch::Contains("missing.csv") && Catch::Contains("demand.label_table"));
    CHECK_THROWS_WITH(io::load_config_file(dir / "none.toml"), Catch::Contains("none.toml"));
    fs::remove_all(dir);
}
