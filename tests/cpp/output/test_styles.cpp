#include "fixtures.hpp"

#include "warmte/error.hpp"
#include "read/gdal_handles.hpp"
#include "warmte/io.hpp"
#include "warmte/styles.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace warmte;
namespace fs = std::filesystem;

namespace {

Table neighbourhoods() {
    Table t;
    t.name = "neighbourhoods";
    t.geometry = test::polygons({"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))"});
    t.columns = {text_column("buurtcode", {"BU1", "BU2"}, ""), text_column("buurtnaam", {"Oost", "West"}, ""),
                 text_column("heat_network_class", {"promising", "possible"}, "")};
    return t;
}

Table lines(const std::string& name, const std::string& column, std::vector<double> values) {
    Table t;
    t.name = name;
    // Styles read only the kinds and the values; the shapes do not matter here.
    for (double end : {1.0, 2.0}) {
        const double line[] = {0, 0, end, end};
        t.geometry.add_line(line);
    }
    t.columns = {real_column(column, std::move(values), "")};
    return t;
}

const LayerStyle& find(const std::vector<LayerStyle>& styles, const std::string& layer, const std::string& name) {
    auto it = std::find_if(styles.begin(), styles.end(),
                           [&](const LayerStyle& s) { return s.layer == layer && s.name == name; });
    REQUIRE(it != styles.end());
    return *it;
}

}  // namespace

TEST_CASE("map styles in Dutch and English share values and colours", "[styles]") {
    std::vector<MapStyle> nl = map_styles("nl"), en = map_styles("en");
    REQUIRE(nl.size() == en.size());
    auto heat_network = std::find_if(nl.begin(), nl.end(), [](const MapStyle& s) { return s.id == "heat_network"; });
    REQUIRE(heat_network != nl.end());
    CHECK(heat_network->field == "heat_network_class");
    CHECK(heat_network->is_default);
    REQUIRE(heat_network->classes.size() == 4);
    CHECK(heat_network->classes[0].value == "promising");
    CHECK(heat_network->classes[0].label == "kansrijk");
    CHECK(heat_network->classes[2].label == "niet kansrijk");
    CHECK(heat_network->classes[3].value.empty());  // every other value
    const MapStyle& english = en[heat_network - nl.begin()];
    CHECK(english.classes[0].label == "promising");
    CHECK(english.classes[0].colour == heat_network->classes[0].colour);
    CHECK(english.title == "Heat network suitability");
    CHECK_THROWS_WITH(map_styles("de"), Catch::Contains("'de'") && Catch::Contains("\"nl\" or \"en\""));
    // The buurt maps are the neighbourhoods layer's styles, the default one first.
    CHECK(buurt_map_kinds() == std::vector<std::string>{"heat_network", "aquathermie", "strategy", "phase",
                                                        "cheapest_variant", "cost_gap", "grid_status"});
}

TEST_CASE("QGIS styles: one default per layer, classes, colours and buurt labels", "[styles]") {
    Table buurten = neighbourhoods();
    Config config;
    std::vector<LayerStyle> styles = qgis_styles({&buurten}, config);
    // Only the layers present get styles: the seven neighbourhood styles.
    REQUIRE(styles.size() == 7);
    CHECK(std::count_if(styles.begin(), styles.end(), [](const LayerStyle& s) { return s.is_default; }) == 1);
    const LayerStyle& heat = find(styles, "neighbourhoods", "Kansrijkheid warmtenet");
    CHECK(heat.is_default);
    CHECK(heat.qml.find("type=\"categorizedSymbol\" attr=\"heat_network_class\"") != std::string::npos);
    CHECK(heat.qml.find("value=\"promising\" label=\"kansrijk\"") != std::string::npos);
    CHECK(heat.qml.find("v=\"26,152,80,255\"") != std::string::npos);  // #1a9850
    CHECK(heat.qml.find("labelsEnabled=\"1\"") != std::string::npos);
    CHECK(heat.qml.find("fieldName=\"buurtnaam\"") != std::string::npos);
    const LayerStyle& phase = find(styles, "neighbourhoods", "Fasering");
    CHECK_FALSE(phase.is_default);
    CHECK(phase.qml.find("value=\"2030_2040\" label=\"2030 tot 2040\"") != std::string::npos);
    // The verdict by cost: a colour per variant, and the lead over the runner-up by class.
    const LayerStyle& cheapest = find(styles, "neighbourhoods", "Laagste nationale kosten (variant)");
    CHECK(cheapest.qml.find("attr=\"cheapest_variant\"") != std::string::npos);
    CHECK(cheapest.qml.find("value=\"s3e\" label=\"S3e LT-warmtenet op TEO met WKO\"") != std::string::npos);
    const LayerStyle& gap = find(styles, "neighbourhoods", "Voorsprong op de tweede strategie");
    CHECK(gap.qml.find("attr=\"cost_gap_class\"") != std::string::npos);
    CHECK(gap.qml.find("value=\"near_tie\"") != std::string::npos);
    // Whether the grid carries all-electric (issue 35).
    const LayerStyle& grid = find(styles, "neighbourhoods", "Netcapaciteit voor all-electric");
    CHECK(grid.qml.find("attr=\"grid_status\"") != std::string::npos);
    CHECK(grid.qml.find("value=\"congested\" label=\"net vol (congestie)\"") != std::string::npos);

    config.output.language = "en";
    std::vector<LayerStyle> english = qgis_styles({&buurten}, config);
    CHECK(find(english, "neighbourhoods", "Phasing").qml.find("label=\"2030 to 2040\"") != std::string::npos);
}

TEST_CASE("allocation lines: four equal classes up to a round maximum", "[styles]") {
    // Largest allocation 47,278.08 GJ: the top bound rounds up to 50,000, so the classes are
    // 0-12,500-25,000-37,500-50,000 with widths from 0.4 to 2.4 mm.
    Table allocation = lines("allocation", "allocated_gj", {47278.08, 900});
    Config config;
    std::string qml = qgis_styles({&allocation}, config).at(0).qml;
    CHECK(qml.find("type=\"graduatedSymbol\" attr=\"allocated_gj\"") != std::string::npos);
    CHECK(qml.find("lower=\"37500\" upper=\"50000\" label=\"37.500 - 50.000\"") != std::string::npos);
    CHECK(qml.find("lower=\"0\" upper=\"12500\"") != std::string::npos);
    CHECK(qml.find("v=\"2.400000\"") != std::string::npos);
    config.output.language = "en";
    CHECK(qgis_styles({&allocation}, config).at(0).qml.find("label=\"12,500 - 25,000\"") != std::string::npos);
}

TEST_CASE("source markers are sized by potential up to a round maximum", "[styles]") {
    Table sources;
    sources.name = "sources";
    sources.geometry.add_point(0, 0);
    sources.geometry.add_point(5, 5);
    sources.columns = {text_column("source_type", {"teo", "tea"}, ""),
                       real_column("potential_delivered_gj", {183346.8, 47278.08}, "")};
    std::string qml = qgis_styles({&sources}, Config{}).at(0).qml;
    CHECK(qml.find("class=\"SimpleMarker\"") != std::string::npos);
    // Size from the field through QGIS's size-scale transformer, up to 183,346.8 rounded up to 200,000.
    CHECK(qml.find("name=\"field\" value=\"potential_delivered_gj\"") != std::string::npos);
    CHECK(qml.find("name=\"maxValue\" value=\"200000\"") != std::string::npos);
    CHECK(qml.find("<source-symbol>") != std::string::npos);
    for (const char* size_class : {"value=\"50000\" label=\"50.000\"", "value=\"100000\" label=\"100.000\"",
                                   "value=\"200000\" label=\"200.000\""})
        CHECK(qml.find(size_class) != std::string::npos);
    CHECK(qml.find("label=\"afvalwater (TEA)\"") != std::string::npos);
}

TEST_CASE("the heat-density ramp runs through the model's thresholds", "[styles]") {
    Config config;
    std::string qml = heat_grid_qml(config);
    CHECK(qml.find("type=\"singlebandpseudocolor\"") != std::string::npos);
    for (const char* stop : {"value=\"0\"", "value=\"500\"", "value=\"1200\"", "value=\"2400\""})
        CHECK(qml.find(stop) != std::string::npos);
    CHECK(qml.find("1.200 GJ/ha (drempel warmtenetgebied)") != std::string::npos);
    config.grid.dh_min_density_gj_ha = 1000;
    CHECK(heat_grid_qml(config).find("value=\"2000\"") != std::string::npos);
}

TEST_CASE("styles land in the GeoPackage's layer_styles table as QGIS reads it", "[styles][io]") {
    fs::path dir = fs::temp_directory_path() / ("warmte_test_styles_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path out = dir / "styled.gpkg";
    Table buurten = neighbourhoods();
    Table quality;
    quality.name = "data_quality";
    quality.has_geometry = false;
    quality.columns = {text_column("issue", {"repaired_invalid_geometry"}, "")};
    Config config;
    std::vector<const Table*> tables = {&buurten, &quality};
    io::write_geopackage(out.string(), tables, "EPSG:28992", {{"WARMTE_VERSION", "test"}},
                         qgis_styles(tables, config));

    gdal::Dataset ds(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    OGRLayerH styles = GDALDatasetGetLayerByName(ds.get(), "layer_styles");
    REQUIRE(styles);
    CHECK(OGR_L_GetFeatureCount(styles, TRUE) == 8);  // seven for the buurten, one for data quality
    OGR_L_SetAttributeFilter(styles, "useAsDefault = 1");
    std::vector<std::pair<std::string, std::string>> defaults;  // table, geometry column
    while (gdal::Feature f{OGR_L_GetNextFeature(styles)})
        defaults.emplace_back(OGR_F_GetFieldAsString(f.get(), OGR_F_GetFieldIndex(f.get(), "f_table_name")),
                              OGR_F_GetFieldAsString(f.get(), OGR_F_GetFieldIndex(f.get(), "f_geometry_column")));
    std::sort(defaults.begin(), defaults.end());
    REQUIRE(defaults.size() == 2);
    CHECK(defaults[0] == std::pair<std::string, std::string>{"data_quality", ""});
    CHECK(defaults[1] == std::pair<std::string, std::string>{"neighbourhoods", "geom"});
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "neighbourhoods");
    CHECK(std::string(GDALGetMetadataItem(layer, "DESCRIPTION", nullptr)) == "Kansrijkheid warmtenet");
    ds.reset();
    fs::remove_all(dir);
}
