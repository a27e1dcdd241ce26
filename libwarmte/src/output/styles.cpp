#include "warmte/styles.hpp"

#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/map_tables.hpp"
#include "warmte/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

namespace warmte {

namespace {

// Cartography of the QGIS styles in millimetres and points, as QGIS measures them; the
// matplotlib maps take their own equivalents in warmte.maps.
constexpr double outline_width_mm = 0.26;
constexpr double label_size_pt = 8;
constexpr double label_buffer_mm = 0.8;
constexpr double marker_min_mm = 2;
constexpr double marker_max_mm = 12;
constexpr double line_min_mm = 0.4;
constexpr double line_max_mm = 2.4;
constexpr int graduated_classes = 4;
// The darkest colour of the heat-density ramp sits at this multiple of the heat-network threshold.
constexpr double ramp_top_factor = 2;

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        default: out.push_back(c);
        }
    }
    return out;
}

// "#rrggbb" -> "r,g,b,255", the colour notation of QGIS symbol properties.
std::string qgis_colour(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() != 7 || std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b) != 3)
        throw ConfigError("map_classes.csv: colour '" + hex + "' is not #rrggbb");
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ",255";
}

// A number with a thousands separator in the language's convention (12.500 / 12,500).
std::string readable_number(double x, const std::string& language) {
    const std::string plain = whole_number(x);
    std::string out;
    char separator = language == "nl" ? '.' : ',';
    std::size_t first = plain[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > first && (plain.size() - i) % 3 == 0) out.push_back(separator);
        out.push_back(plain[i]);
    }
    return out;
}

// The smallest of 1, 2, 2.5, 5 x 10^k at or above x, so class bounds read as round numbers.
double round_ceiling(double x) {
    if (!(x > 0)) return 1;
    double power = std::pow(10.0, std::floor(std::log10(x)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * power >= x * (1 - 1e-12)) return step * power;
    return 10 * power;
}

double column_max(const Table& table, const std::string& name) {
    const Column* c = table.find(name);
    double best = 0;
    if (c)
        for (double v : c->numbers)
            if (std::isfinite(v)) best = std::max(best, v);
    return best;
}

void property(std::ostringstream& xml, const std::string& key, const std::string& value) {
    xml << "            <prop k=\"" << key << "\" v=\"" << escaped(value) << "\"/>\n";
}

// A marker size read from a field: the area grows with the value from 0 up to `max_value`
// (QGIS's size-scale transformer, which its legend can draw size classes from).
struct MarkerSize {
    std::string field;
    double max_value = 0;
};

std::string size_property(const MarkerSize& size) {
    std::ostringstream xml;
    xml << std::setprecision(15)
        << "          <data_defined_properties>\n"
        << "            <Option type=\"Map\">\n"
        << "              <Option type=\"QString\" name=\"name\" value=\"\"/>\n"
        << "              <Option type=\"Map\" name=\"properties\">\n"
        << "                <Option type=\"Map\" name=\"size\">\n"
        << "                  <Option type=\"bool\" name=\"active\" value=\"true\"/>\n"
        << "                  <Option type=\"QString\" name=\"field\" value=\"" << escaped(size.field) << "\"/>\n"
        << "                  <Option type=\"Map\" name=\"transformer\">\n"
        << "                    <Option type=\"Map\" name=\"d\">\n"
        << "                      <Option type=\"double\" name=\"exponent\" value=\"0.5\"/>\n"
        << "                      <Option type=\"double\" name=\"maxSize\" value=\"" << marker_max_mm << "\"/>\n"
        << "                      <Option type=\"double\" name=\"maxValue\" value=\"" << size.max_value << "\"/>\n"
        << "                      <Option type=\"double\" name=\"minSize\" value=\"" << marker_min_mm << "\"/>\n"
        << "                      <Option type=\"double\" name=\"minValue\" value=\"0\"/>\n"
        << "                      <Option type=\"double\" name=\"nullSize\" value=\"" << marker_min_mm << "\"/>\n"
        << "                      <Option type=\"int\" name=\"scaleType\" value=\"1\"/>\n"  // area
        << "                    </Option>\n"
        << "                    <Option type=\"int\" name=\"t\" value=\"1\"/>\n"  // size scale
        << "                  </Option>\n"
        << "                  <Option type=\"int\" name=\"type\" value=\"2\"/>\n"  // field based
        << "                </Option>\n"
        << "              </Option>\n"
        << "              <Option type=\"QString\" name=\"type\" value=\"collection\"/>\n"
        << "            </Option>\n"
        << "          </data_defined_properties>\n";
    return xml.str();
}

std::string symbol(const std::string& name, GeometryKind kind, const std::string& colour, double line_width_mm,
                   const MarkerSize* size = nullptr) {
    std::ostringstream xml;
    const char* type = kind == GeometryKind::polygon ? "fill" : kind == GeometryKind::line ? "line" : "marker";
    xml << "      <symbol type=\"" << type << "\" name=\"" << name
        << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
    const char* layer_class = kind == GeometryKind::polygon ? "SimpleFill"
                              : kind == GeometryKind::line  ? "SimpleLine"
                                                            : "SimpleMarker";
    xml << "        <layer class=\"" << layer_class << "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    if (kind == GeometryKind::polygon) {
        property(xml, "color", qgis_colour(colour));
        property(xml, "style", "solid");
        property(xml, "outline_color", "90,90,90,255");
        property(xml, "outline_style", "solid");
        property(xml, "outline_width", std::to_string(outline_width_mm));
        property(xml, "outline_width_unit", "MM");
        property(xml, "joinstyle", "bevel");
    } else if (kind == GeometryKind::line) {
        property(xml, "line_color", qgis_colour(colour));
        property(xml, "line_style", "solid");
        property(xml, "line_width", std::to_string(line_width_mm));
        property(xml, "line_width_unit", "MM");
        property(xml, "capstyle", "round");
        property(xml, "joinstyle", "round");
    } else {
        property(xml, "name", "circle");
        property(xml, "color", qgis_colour(colour));
        property(xml, "outline_color", "30,30,30,255");  // dark rim: the markers sit on class fills
        property(xml, "outline_style", "solid");
        property(xml, "outline_width", std::to_string(outline_width_mm));
        property(xml, "outline_width_unit", "MM");
        property(xml, "size", std::to_string(marker_min_mm));
        property(xml, "size_unit", "MM");
        property(xml, "scale_method", "diameter");
    }
    if (size) xml << size_property(*size);
    xml << "        </layer>\n      </symbol>\n";
    return xml.str();
}

std::string labeling(const std::string& field) {
    std::ostringstream xml;
    xml << "  <labeling type=\"simple\">\n"
        << "    <settings calloutType=\"simple\">\n"
        << "      <text-style fieldName=\"" << escaped(field) << "\" isExpression=\"0\" fontSize=\"" << label_size_pt
        << "\" fontSizeUnit=\"Point\" textColor=\"30,30,30,255\" textOpacity=\"1\" fontWeight=\"50\" fontItalic=\"0\""
        << " namedStyle=\"Regular\" fontFamily=\"Sans Serif\" multilineHeight=\"1\" blendMode=\"0\">\n"
        << "        <text-buffer bufferDraw=\"1\" bufferSize=\"" << label_buffer_mm
        << "\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.8\" bufferNoFill=\"1\""
        << " bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/>\n"
        << "      </text-style>\n"
        << "      <text-format wrapChar=\"\" multilineAlign=\"1\" autoWrapLength=\"16\" useMaxLineLengthForAutoWrap=\"1\"/>\n"
        << "      <placement placement=\"1\" centroidInside=\"1\" centroidWhole=\"0\" fitInPolygonOnly=\"0\"/>\n"
        << "      <rendering obstacle=\"1\" drawLabels=\"1\" scaleVisibility=\"0\" upsidedownLabels=\"0\"/>\n"
        << "    </settings>\n"
        << "  </labeling>\n";
    return xml.str();
}

std::string document(const std::string& categories, const std::string& body, bool labels) {
    std::ostringstream xml;
    xml << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis version=\"3.22.16\" styleCategories=\"" << categories << "\" labelsEnabled=\"" << (labels ? 1 : 0)
        << "\">\n"
        << body << "</qgis>\n";
    return xml.str();
}

// Size classes of the legend: a quarter, half and all of the round maximum.
std::string size_legend(const MapStyle& style, const MarkerSize& size, const std::string& language) {
    std::ostringstream xml;
    xml << std::setprecision(15) << "    <data-defined-size-legend type=\"separated\" valign=\"bottom\" title=\""
        << escaped(style.title) << "\">\n"
        << symbol("source", GeometryKind::point, "#ffffff", line_min_mm) << "      <classes>\n";
    for (double share : {0.25, 0.5, 1.0})
        xml << "        <class value=\"" << share * size.max_value << "\" label=\""
            << readable_number(share * size.max_value, language) << "\"/>\n";
    xml << "      </classes>\n    </data-defined-size-legend>\n";
    return xml.str();
}

std::string categorized(const MapStyle& style, GeometryKind kind, const MarkerSize* size, const std::string& language) {
    std::ostringstream xml;
    xml << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << escaped(style.field)
        << "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n    <categories>\n";
    for (std::size_t k = 0; k < style.classes.size(); ++k)
        xml << "      <category render=\"true\" symbol=\"" << k << "\" value=\"" << escaped(style.classes[k].value)
            << "\" label=\"" << escaped(style.classes[k].label) << "\"/>\n";
    xml << "    </categories>\n    <symbols>\n";
    for (std::size_t k = 0; k < style.classes.size(); ++k)
        xml << symbol(std::to_string(k), kind, style.classes[k].colour, line_min_mm, size);
    xml << "    </symbols>\n";
    if (size) {
        // The legend draws size classes from the source symbol and the common size property.
        xml << "    <source-symbol>\n" << symbol("0", kind, "#999999", line_min_mm, size) << "    </source-symbol>\n"
            << size_legend(style, *size, language);
    }
    xml << "  </renderer-v2>\n";
    return xml.str();
}

std::string graduated_width(const MapStyle& style, GeometryKind kind, double max_value, const std::string& language) {
    double top = round_ceiling(max_value);
    if (style.classes.empty())
        throw ConfigError("map_classes.csv: style '" + style.id + "' needs one class row for its line colour");
    const std::string& colour = style.classes.front().colour;
    std::ostringstream ranges, symbols;
    ranges << std::setprecision(15);
    for (int k = 0; k < graduated_classes; ++k) {
        double lower = top * k / graduated_classes, upper = top * (k + 1) / graduated_classes;
        double width = line_min_mm + (line_max_mm - line_min_mm) * k / (graduated_classes - 1);
        ranges << "      <range render=\"true\" symbol=\"" << k << "\" lower=\"" << lower << "\" upper=\"" << upper
               << "\" label=\"" << readable_number(lower, language) << " - " << readable_number(upper, language)
               << "\"/>\n";
        symbols << symbol(std::to_string(k), kind, colour, width);
    }
    std::ostringstream xml;
    xml << "  <renderer-v2 type=\"graduatedSymbol\" attr=\"" << escaped(style.field)
        << "\" graduatedMethod=\"GraduatedColor\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n"
        << "    <ranges>\n" << ranges.str() << "    </ranges>\n"
        << "    <symbols>\n" << symbols.str() << "    </symbols>\n"
        << "    <classificationMethod id=\"EqualInterval\"/>\n"
        << "  </renderer-v2>\n";
    return xml.str();
}

std::string label_field(const Table& table, const Config& config) {
    for (const std::string& name : {config.neighbourhood_fields.name, config.neighbourhood_fields.id})
        if (table.find(name)) return name;
    return {};
}

}  // namespace

std::vector<MapStyle> map_styles(const std::string& language) {
    if (!is_supported_language(language))
        throw ConfigError("language '" + language + "' is not supported; use \"nl\" or \"en\"");
    const std::string title_column = "title_" + language, label_column = "label_" + language;
    std::vector<MapStyle> styles;
    for (auto& row : parse_csv(builtin::map_styles_csv, "map_styles.csv",
                               {"style", "layer", "field", "size_field", "renderer", "is_default", "title_nl", "title_en"}))
        styles.push_back({row.at("style"), row.at("layer"), row.at("field"), row.at("size_field"), row.at("renderer"),
                          row.at("is_default") == "1", row.at(title_column), {}});
    for (auto& row :
         parse_csv(builtin::map_classes_csv, "map_classes.csv", {"style", "value", "colour", "label_nl", "label_en"})) {
        auto style = std::find_if(styles.begin(), styles.end(), [&](const MapStyle& s) { return s.id == row.at("style"); });
        if (style == styles.end())
            throw ConfigError("map_classes.csv, line " + row.at("#line") + ": style '" + row.at("style") +
                              "' is not in map_styles.csv");
        qgis_colour(row.at("colour"));  // checks the notation
        style->classes.push_back({row.at("value"), row.at("colour"), row.at(label_column)});
    }
    return styles;
}

std::vector<std::string> buurt_map_kinds() {
    std::vector<std::string> kinds;
    for (const MapStyle& style : map_styles("nl"))
        if (style.layer == "neighbourhoods") kinds.insert(style.is_default ? kinds.begin() : kinds.end(), style.id);
    return kinds;
}

std::vector<LayerStyle> qgis_styles(const std::vector<const Table*>& tables, const Config& config) {
    std::vector<LayerStyle> out;
    for (const MapStyle& style : map_styles(config.output.language)) {
        auto table_it = std::find_if(tables.begin(), tables.end(), [&](const Table* t) { return t->name == style.layer; });
        if (table_it == tables.end()) continue;
        const Table& table = **table_it;
        GeometryKind kind = table.rows() > 0 ? table.kind(0) : GeometryKind::polygon;
        std::string body, categories = "Symbology|Labeling";
        bool labels = false;
        if (style.renderer == "categorized" || style.renderer == "sized") {
            std::optional<MarkerSize> size;
            if (style.renderer == "sized") size = MarkerSize{style.size_field, round_ceiling(column_max(table, style.size_field))};
            body = categorized(style, kind, size ? &*size : nullptr, config.output.language);
            if (kind == GeometryKind::polygon && style.layer == "neighbourhoods") {
                std::string field = label_field(table, config);
                labels = !field.empty();
                if (labels) body += labeling(field);
            }
        } else if (style.renderer == "graduated_width") {
            body = graduated_width(style, kind, column_max(table, style.field), config.output.language);
        } else if (style.renderer == "table") {
            categories = "AttributeTable";
            body = "  <attributetableconfig sortExpression=\"&quot;" + escaped(style.field) + "&quot;\" sortOrder=\"0\"/>\n";
        } else {
            throw ConfigError("map_styles.csv: style '" + style.id + "' has unknown renderer '" + style.renderer + "'");
        }
        out.push_back({style.layer, style.title, document(categories, body, labels), style.title, style.is_default});
    }
    return out;
}

std::string heat_grid_qml(const Config& config) {
    std::vector<MapStyle> styles = map_styles(config.output.language);
    auto style = std::find_if(styles.begin(), styles.end(), [](const MapStyle& s) { return s.renderer == "raster"; });
    if (style == styles.end()) throw ConfigError("map_styles.csv: no raster style for the heat-density grid");
    const double low = config.score.strategy_low_density_gj_ha, high = config.grid.dh_min_density_gj_ha;
    const std::map<std::string, double> stops = {{"0", 0}, {"low", low}, {"high", high}, {"top", ramp_top_factor * high}};
    std::ostringstream items;
    items << std::setprecision(15);
    double top = 0;
    for (const MapClass& c : style->classes) {
        auto stop = stops.find(c.value);
        if (stop == stops.end())
            throw ConfigError("map_classes.csv: heat_density class '" + c.value + "' is none of 0, low, high, top");
        top = std::max(top, stop->second);
        items << "            <item alpha=\"255\" value=\"" << stop->second << "\" color=\"" << c.colour << "\" label=\""
              << readable_number(stop->second, config.output.language) << " GJ/ha (" << escaped(c.label) << ")\"/>\n";
    }
    std::ostringstream body;
    body << std::setprecision(15) << "  <pipe>\n"
         << "    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\""
         << " classificationMin=\"0\" classificationMax=\"" << top << "\" nodataColor=\"\">\n"
         << "      <rasterTransparency>\n"
         << "        <singleValuePixelList>\n"
         << "          <pixelListEntry min=\"0\" max=\"0\" percentTransparent=\"100\"/>\n"
         << "        </singleValuePixelList>\n"
         << "      </rasterTransparency>\n"
         << "      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent></minMaxOrigin>\n"
         << "      <rastershader>\n"
         << "        <colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"1\" clip=\"0\""
         << " minimumValue=\"0\" maximumValue=\"" << top << "\" labelPrecision=\"0\">\n"
         << items.str()
         << "        </colorrampshader>\n"
         << "      </rastershader>\n"
         << "    </rasterrenderer>\n"
         << "  </pipe>\n"
         << "  <layerTitle>" << escaped(style->title) << "</layerTitle>\n";
    return document("Symbology", body.str(), false);
}

}  // namespace warmte
