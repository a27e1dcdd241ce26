#include "fixtures.hpp"
#include "geometry/geos_handles.hpp"

#include "warmte/error.hpp"

namespace warmte::test {

GeometryArray polygons(const std::vector<std::string>& wkt) {
    geos::Context ctx;
    GeometryArray out;
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
    for (const std::string& text : wkt) {
        geos::Geometry g = geos::own(ctx, GEOSWKTReader_read_r(ctx.get(), reader, text.c_str()), "reading WKT");
        geos::append_geos(out, ctx, g.get());
    }
    GEOSWKTReader_destroy_r(ctx.get(), reader);
    return out;
}

GeometryArray lines(const std::vector<std::vector<double>>& xy) {
    GeometryArray g;
    for (const auto& line : xy) g.add_line(line);
    return g;
}

VectorLayer layer(const std::vector<std::string>& wkt, const std::string& id_field) {
    VectorLayer l;
    l.source = "test layer";
    l.crs = "EPSG:28992";
    l.geometry = polygons(wkt);
    TextColumn& ids = l.text[id_field];
    for (std::size_t i = 0; i < wkt.size(); ++i) {
        l.feature_ids.push_back(static_cast<std::int64_t>(i) + 1);
        ids.values.push_back(std::string(1, static_cast<char>('A' + i)));
        ids.present.push_back(1);
    }
    return l;
}

}  // namespace warmte::test
