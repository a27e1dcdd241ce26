#include "describe.hpp"

#include "warmte/config.hpp"
#include "warmte/criteria.hpp"
#include "warmte/exit_status.hpp"
#include "warmte/input_roles.hpp"
#include "warmte/pipeline.hpp"
#include "warmte/styles.hpp"

#include <cstdio>
#include <string_view>

namespace warmte::cli {
namespace {

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

// One JSON object per row, written by `fields(row)` as "key": value pairs.
template <class Rows, class Fields>
std::string array(const Rows& rows, Fields fields) {
    std::string out = "[";
    bool first = true;
    for (const auto& row : rows) {
        out += (first ? "\n    {" : ",\n    {") + fields(row) + "}";
        first = false;
    }
    return out + "\n  ]";
}

const char* kind_name(GeometryKind kind) {
    return kind == GeometryKind::polygon ? "polygon" : kind == GeometryKind::line ? "line" : "point";
}

std::string pair(std::string_view key, const std::string& json_value) { return json_string(key) + ": " + json_value; }

std::string strings(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + json_string(values[k]);
    return out + "]";
}

}  // namespace

std::string describe_json(const std::vector<OptionInfo>& options) {
    std::string out = "{\n";
    out += "  " + pair("version", json_string(version())) + ",\n";
    out += "  " + pair("roles", array(input_roles(), [](const InputRole& r) {
                           return pair("name", json_string(r.name)) + ", " + pair("option", json_string(r.option)) + ", " +
                                  pair("required", r.required ? "true" : "false") + ", " +
                                  pair("kind", json_string(kind_name(r.kind))) + ", " + pair("label", json_string(r.label)) + ", " +
                                  pair("lines_with_width", r.lines_with_width ? "true" : "false") + ", " +
                                  pair("centroids", r.centroids ? "true" : "false") + ", " +
                                  pair("or_polygons", r.or_polygons ? "true" : "false") + ", " +
                                  pair("help", json_string(r.help));
                       })) + ",\n";
    out += "  " + pair("options", array(options, [](const OptionInfo& o) {
                           return pair("name", json_string(o.name)) + ", " + pair("value", json_string(o.value)) + ", " +
                                  pair("repeatable", o.repeatable ? "true" : "false") + ", " +
                                  pair("help", json_string(o.help));
                       })) + ",\n";
    out += "  " + pair("parameters", array(describe(Config{}), [](const ParameterInfo& p) {
                           return pair("key", json_string(p.key)) + ", " + pair("default", json_string(p.value)) + ", " +
                                  pair("unit", json_string(p.unit)) + ", " + pair("source", json_string(p.source)) + ", " +
                                  pair("description", json_string(p.description));
                       })) + ",\n";
    out += "  " + pair("criteria", array(criteria(), [](const CriterionInfo& c) {
                           return pair("score", json_string(score_name(c.score))) + ", " + pair("name", json_string(c.name)) +
                                  ", " + pair("label", json_string(c.label)) + ", " + pair("unit", json_string(c.unit)) + ", " +
                                  pair("source", json_string(c.source)) + ", " + pair("weight", number(c.weight)) + ", " +
                                  pair("zero", number(c.zero)) + ", " + pair("one", number(c.one));
                       })) + ",\n";
    out += "  " + pair("languages", strings(supported_languages())) + ",\n";
    out += "  " + pair("map_kinds", strings(buurt_map_kinds())) + ",\n";
    out += "  " + pair("exit_statuses", array(exit_statuses(), [](const ExitStatus& e) {
                           return pair("code", std::to_string(e.code)) + ", " + pair("meaning", json_string(e.meaning));
                       })) + "\n";
    return out + "}\n";
}

}  // namespace warmte::cli
