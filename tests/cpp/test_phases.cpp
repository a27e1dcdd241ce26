// The phase contract (issue 30): local_phase per partition, global_phase on their summaries and
// finish per partition give the single run's tables, through the saved states too.
#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "warmte/phases.hpp"
#include "warmte/prepare.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

using namespace warmte;

namespace {

constexpr double origin_x = 150000, origin_y = 450000;

std::string square(double x, double y, double w, double h) {
    auto p = [](double a, double b) { return std::to_string(origin_x + a) + " " + std::to_string(origin_y + b); };
    return "POLYGON((" + p(x, y) + ", " + p(x + w, y) + ", " + p(x + w, y + h) + ", " + p(x, y + h) + ", " + p(x, y) + "))";
}

// Four buurten of 200 x 200 m in a row (A, B | C, D: two partitions), a row of touching flats
// across the B|C border (their dwelling type looks across it), a pond in B and a canal in D,
// a residual-heat source beside D, and a heat-network line in A.
Inputs world() {
    Inputs in;
    in[Role::neighbourhoods] =
        test::layer({square(0, 0, 200, 200), square(200, 0, 200, 200), square(400, 0, 200, 200), square(600, 0, 200, 200)});
    std::vector<std::string> shapes;
    for (int k = 0; k < 8; ++k) shapes.push_back(square(340 + 15 * k, 50, 15, 12));  // flats from B into C
    for (int k = 0; k < 6; ++k) shapes.push_back(square(30 + 25 * k, 150, 10, 10));   // houses in A
    for (int k = 0; k < 6; ++k) shapes.push_back(square(620 + 25 * k, 120, 10, 10));  // houses in D
    shapes.push_back(square(395, 150, 20, 20));                                        // one on the border
    VectorLayer b = test::layer(shapes, "identificatie");
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const bool flat = i < 8;
        b.numbers["bouwjaar"].values.push_back(flat ? 1965 : 1930 + 5.0 * static_cast<double>(i));
        b.numbers["oppervlakte"].values.push_back(flat ? 2400 : 120);
        b.numbers["aantal_verblijfsobjecten"].values.push_back(flat ? 30 : 1);
        b.text["gebruiksdoel"].values.push_back("woonfunctie");
        b.text["gebruiksdoel"].present.push_back(1);
    }
    in[Role::buildings] = b;
    in[Role::water] = test::layer({square(250, 120, 60, 50), square(700, 0, 20, 200)}, "id");
    VectorLayer residual = test::layer({square(820, 80, 10, 10)}, "id");
    residual.numbers["warmte_gj"].values = {50'000};
    in[Role::residual_heat] = residual;
    VectorLayer lines;
    lines.source = "heat network";
    lines.crs = "EPSG:28992";
    const double line[] = {origin_x + 10, origin_y + 10, origin_x + 190, origin_y + 10};
    lines.geometry.add_line(line);
    lines.feature_ids = {1};
    in[Role::heat_network] = lines;
    return in;
}

Config config() {
    Config c;
    c.output.buildings_layer = true;
    c.source_fields.residual_heat = "warmte_gj";
    c.supply.teo_min_dwellings = 20;  // the flats are enough for a project
    c.grid.cell_size_m = 50;
    c.grid.dh_min_density_gj_ha = 300;  // the flats' cells are DH areas
    c.grid.dh_min_area_demand_gj = 0;
    return c;
}

// The partition of `own` buurten, reading everything (the halo covers the whole world).
Inputs partition(const std::vector<std::uint8_t>& own, const std::string& id) {
    Inputs in = world();
    PartitionScope scope;
    scope.id = id;
    scope.own = own;
    scope.global_index = {0, 1, 2, 3};
    scope.windows = {{origin_x - 5000, origin_y - 5000, origin_x + 5000, origin_y + 5000}};
    scope.distance_windows = scope.windows;
    in.partition = scope;
    return in;
}

// The rows of two partitions' tables one after the other.
void check_same_rows(const Table& whole, const std::vector<const Table*>& parts) {
    std::size_t rows = 0;
    for (const Table* p : parts) rows += p->rows();
    REQUIRE(rows == whole.rows());
    for (const Column& c : whole.columns) {
        INFO("field " << c.name);
        std::size_t r = 0;
        for (const Table* p : parts) {
            const Column* pc = p->find(c.name);
            REQUIRE(pc);
            for (std::size_t k = 0; k < p->rows(); ++k, ++r) {
                if (c.type == ColumnType::text) {
                    CHECK(pc->text[k] == c.text[r]);
                } else if (std::isnan(c.numbers[r])) {
                    CHECK(std::isnan(pc->numbers[k]));
                } else {
                    CHECK(pc->numbers[k] == c.numbers[r]);  // the same sums in the same order: the same bits
                }
            }
        }
    }
    for (const Table* p : parts) CHECK(p->columns.size() == whole.columns.size());
}

std::filesystem::path scratch(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / "warmte_test_phases";
    std::filesystem::create_directories(dir);
    return dir / name;
}

}  // namespace

TEST_CASE("two partitions through the three phases and their saved states give the single run's tables",
          "[phases]") {
    const Config c = config();
    const AnalysisResult whole = run_analysis(world(), c);
    // The world is what this test says it is: the flats lie in a DH area, the pond serves them,
    // D gets the residual heat, A is near the heat network.
    const Table& n = whole.neighbourhoods;
    REQUIRE(n.rows() == 4);
    CHECK(n.find("dh_area_share")->numbers[1] > 0.5);
    CHECK(n.find("teo_gj")->numbers[1] + n.find("teo_gj")->numbers[2] > 0);
    CHECK(n.find("residual_heat_gj")->numbers[3] > 0);
    CHECK(n.find("dist_heat_network_m")->numbers[0] < 200);
    CHECK(whole.sources.rows() == 2);

    Inputs west = partition({1, 1, 0, 0}, "west"), east = partition({0, 0, 1, 1}, "east");
    LocalState w = local_phase(west, c), e = local_phase(east, c);
    CHECK(w.summary.buurt == std::vector<std::uint32_t>{0, 1});
    CHECK(e.summary.buurt == std::vector<std::uint32_t>{2, 3});
    // Saved and loaded: step 3 of a batch finishes what step 1 saved.
    save_state(e, scratch("east.state").string());
    LocalState e_loaded = load_local_state(scratch("east.state").string());
    const LocalSummary e_summary = load_summary(scratch("east.state").string());
    CHECK(e_summary.buurt == e.summary.buurt);
    CHECK(e_summary.cells.size() == e.summary.cells.size());

    Inputs global_inputs = world();
    DataQuality q;
    std::vector<std::string> notes;
    reproject_inputs(global_inputs, c, q, notes);
    repair_inputs(global_inputs, c, q, 1, {});
    put_in_canonical_order(global_inputs, 1);
    const GlobalInputs gi{global_inputs.get(Role::neighbourhoods), global_inputs.get(Role::water), nullptr, nullptr,
                          global_inputs.get(Role::residual_heat), nullptr};
    SupplyLayersOut layers;
    const GlobalState g = global_phase(gi, {&w.summary, &e_summary}, c, builtin_parameter_tables(), &layers);
    save_state(g, scratch("global.state").string());
    const GlobalState g_loaded = load_global_state(scratch("global.state").string());
    CHECK(g_loaded.grid.in_dh_area == g.grid.in_dh_area);
    CHECK(g_loaded.matching.allocations.size() == g.matching.allocations.size());

    const AnalysisResult rw = finish(std::move(w), g, c, builtin_parameter_tables());
    const AnalysisResult re = finish(std::move(e_loaded), g_loaded, c, builtin_parameter_tables());
    check_same_rows(whole.neighbourhoods, {&rw.neighbourhoods, &re.neighbourhoods});
    check_same_rows(whole.buildings, {&rw.buildings, &re.buildings});
    check_same_rows(whole.costs, {&rw.costs, &re.costs});
    check_same_rows(whole.sources, {&layers.sources});
    check_same_rows(whole.allocation, {&layers.allocation});
    CHECK(rw.buildings.find("in_dh_area")->numbers[0] + re.buildings.find("in_dh_area")->numbers[0] >= 1);
}

TEST_CASE("a partition that read too little says so; a damaged state is refused by name", "[phases]") {
    const Config c = config();
    Inputs west = partition({1, 1, 0, 0}, "west");
    west.partition->windows = {{origin_x, origin_y, origin_x + 400, origin_y + 200}};  // the flats' neighbours in C touch the edge
    CHECK_THROWS_AS(local_phase(west, c), HaloTooSmall);
    // The nearest water of the houses in A is the pond in B (x 250-310): read with a wide halo of
    // 20 m around A, to x 260 in the east (the pond's edge in), the first house (x 30-40, y 150-160)
    // finds it 210 m away with 50 m read on its west: the halo needed is said, 20 + 1.1 x 160 m.
    Inputs near = partition({1, 0, 0, 0}, "A");
    near[Role::heat_network].reset();
    near.partition->distance_windows = {{origin_x - 20, origin_y - 20, origin_x + 260, origin_y + 220}};
    near.partition->distance_halo_m = 20;
    try {
        local_phase(near, c);
        FAIL("the water beyond the wide halo was not noticed");
    } catch (const HaloTooSmall& e) {
        INFO(e.what());
        CHECK(e.distance);
        CHECK(e.needed_m == Approx(20 + 1.1 * 160));
    }
    // With no water in the wide halo at all the nearest is not found: read again, wider.
    Inputs dry = partition({1, 0, 0, 0}, "A");
    dry[Role::heat_network].reset();
    dry.partition->distance_windows = {{origin_x - 20, origin_y - 20, origin_x + 220, origin_y + 220}};
    dry.partition->distance_halo_m = 20;
    try {
        local_phase(dry, c);
        FAIL("no water in the wide halo was not noticed");
    } catch (const HaloTooSmall& e) {
        CHECK(e.distance);
        CHECK(e.needed_m == Approx(40));
    }

    Inputs east = partition({0, 0, 1, 1}, "east");
    const std::string path = scratch("damaged.state").string();
    save_state(local_phase(east, c), path);
    CHECK_FALSE(std::filesystem::exists(path + ".writing"));  // written under a temporary name, renamed
    const auto size = std::filesystem::file_size(path);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size / 2));
        char byte = 0;
        f.read(&byte, 1);
        f.seekp(static_cast<std::streamoff>(size / 2));
        byte = static_cast<char>(byte ^ 0x5a);
        f.write(&byte, 1);
    }
    CHECK_THROWS_WITH(load_local_state(path), Catch::Contains("damaged.state") && Catch::Contains("--force"));
    std::filesystem::resize_file(path, size / 3);
    CHECK_THROWS_WITH(load_local_state(path), Catch::Contains("damaged.state"));
    CHECK_THROWS_WITH(load_global_state(path), Catch::Contains("not a global state") || Catch::Contains("damaged"));
    CHECK_THROWS_WITH(load_local_state(scratch("missing.state").string()), Catch::Contains("missing.state"));
}
