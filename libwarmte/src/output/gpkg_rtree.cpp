#include "output/gpkg_rtree.hpp"

#include "output/gpkg_rows.hpp"
#include "read/gdal_handles.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace warmte::io {

namespace {

// SQLite's rtree module: at most 51 cells per node; a two-dimensional cell is an 8-byte id and
// four 4-byte coordinates; a node starts with its depth (root only) and its cell count.
constexpr std::size_t max_cells = 51;
constexpr std::size_t cell_bytes = 8 + 4 * 4;
constexpr std::size_t header_bytes = 4;

struct FloatBox {
    float min_x, max_x, min_y, max_y;
};

// As SQLite's rtree module stores a double coordinate (rtreeValueDown/Up): the float nearest,
// and where that lies on the wrong side, the float nearest to the value moved by 1e-7 of itself;
// so the index holds the very boxes GDAL's trigger would have put in.
constexpr double round_away = 1.0000001, round_towards = 0.9999999;
float down(double x) {
    const float f = static_cast<float>(x);
    return static_cast<double>(f) > x ? static_cast<float>(x * (x < 0 ? round_away : round_towards)) : f;
}
float up(double x) {
    const float f = static_cast<float>(x);
    return static_cast<double>(f) < x ? static_cast<float>(x * (x < 0 ? round_towards : round_away)) : f;
}

void put_u16(std::vector<std::uint8_t>& out, std::size_t at, unsigned v) {
    out[at] = static_cast<std::uint8_t>(v >> 8);
    out[at + 1] = static_cast<std::uint8_t>(v);
}
void put_i64(std::vector<std::uint8_t>& out, std::size_t at, std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int k = 0; k < 8; ++k) out[at + k] = static_cast<std::uint8_t>(u >> (56 - 8 * k));
}
void put_f32(std::vector<std::uint8_t>& out, std::size_t at, float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    for (int k = 0; k < 4; ++k) out[at + k] = static_cast<std::uint8_t>(u >> (24 - 8 * k));
}

// One level of the tree: items (id, box) grouped sort-tile-recursive into runs of at most
// max_cells; returns the groups as index lists into `boxes`.
std::vector<std::vector<std::size_t>> tile(const std::vector<FloatBox>& boxes) {
    const std::size_t n = boxes.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    auto cx = [&](std::size_t i) { return static_cast<double>(boxes[i].min_x) + boxes[i].max_x; };
    auto cy = [&](std::size_t i) { return static_cast<double>(boxes[i].min_y) + boxes[i].max_y; };
    // Ties by index: the same tree for the same boxes, whatever the sort does with equal keys.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cx(a) != cx(b) ? cx(a) < cx(b) : a < b; });
    const std::size_t nodes = (n + max_cells - 1) / max_cells;
    const auto slabs = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t per_slab = slabs * max_cells;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t s = 0; s < n; s += per_slab) {
        auto first = order.begin() + static_cast<std::ptrdiff_t>(s);
        auto last = order.begin() + static_cast<std::ptrdiff_t>(std::min(n, s + per_slab));
        std::sort(first, last, [&](std::size_t a, std::size_t b) { return cy(a) != cy(b) ? cy(a) < cy(b) : a < b; });
        for (auto g = first; g < last; g += static_cast<std::ptrdiff_t>(std::min<std::size_t>(max_cells, last - g)))
            groups.emplace_back(g, g + static_cast<std::ptrdiff_t>(std::min<std::size_t>(max_cells, last - g)));
    }
    return groups;
}

FloatBox cover(const std::vector<FloatBox>& boxes, const std::vector<std::size_t>& members) {
    FloatBox b = boxes[members.front()];
    for (std::size_t i : members) {
        b.min_x = std::min(b.min_x, boxes[i].min_x);
        b.max_x = std::max(b.max_x, boxes[i].max_x);
        b.min_y = std::min(b.min_y, boxes[i].min_y);
        b.max_y = std::max(b.max_y, boxes[i].max_y);
    }
    return b;
}

std::string literal(const std::string& text) {
    std::string out = "'";
    for (char ch : text) out += ch == '\'' ? std::string("''") : std::string(1, ch);
    return out + "'";
}

}  // namespace

RTreePages pack_rtree(const std::vector<std::int64_t>& ids, const std::vector<Box>& boxes, std::size_t node_bytes) {
    RTreePages pages;
    std::vector<FloatBox> level(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i)
        level[i] = {down(boxes[i].min_x), up(boxes[i].max_x), down(boxes[i].min_y), up(boxes[i].max_y)};
    std::vector<std::int64_t> level_ids = ids;  // entry ids on the leaves, node numbers above
    std::int64_t next_node = 2;                 // node 1 is the root, numbered last
    unsigned depth = 0;
    auto node = [&](const std::vector<std::size_t>& members, std::int64_t number, bool root) {
        std::vector<std::uint8_t> data(node_bytes, 0);
        if (root) put_u16(data, 0, depth);
        put_u16(data, 2, static_cast<unsigned>(members.size()));
        std::size_t at = header_bytes;
        for (std::size_t i : members) {
            put_i64(data, at, level_ids[i]);
            put_f32(data, at + 8, level[i].min_x);
            put_f32(data, at + 12, level[i].max_x);
            put_f32(data, at + 16, level[i].min_y);
            put_f32(data, at + 20, level[i].max_y);
            at += cell_bytes;
            if (depth == 0) pages.rowid.emplace_back(level_ids[i], number);
            else pages.parent.emplace_back(level_ids[i], number);
        }
        pages.nodes.emplace_back(number, std::move(data));
    };
    while (level.size() > max_cells) {
        std::vector<FloatBox> up_level;
        std::vector<std::int64_t> up_ids;
        for (const std::vector<std::size_t>& members : tile(level)) {
            const std::int64_t number = next_node++;
            node(members, number, false);
            up_level.push_back(cover(level, members));
            up_ids.push_back(number);
        }
        level = std::move(up_level);
        level_ids = std::move(up_ids);
        ++depth;
    }
    std::vector<std::size_t> all(level.size());
    std::iota(all.begin(), all.end(), 0);
    node(all, 1, true);
    return pages;
}

namespace {

// The packed index of write_spatial_index; false, with nothing changed, where SQLite refuses.
bool write_packed_rtree(GDALDatasetH ds, const std::string& table, const std::string& column,
                        const GeometryArray& geometry) {
    const std::string rtree = "rtree_" + table + "_" + column;
    const std::string t = quoted(table), c = quoted(column), r = quoted(rtree);
    std::vector<std::int64_t> ids;
    std::vector<Box> boxes;
    for (std::size_t i = 0; i < geometry.size(); ++i) {
        if (geometry.vertex_count(i) == 0) continue;  // empty geometries stay out, as GDAL keeps them out
        ids.push_back(static_cast<std::int64_t>(i) + 1);
        boxes.push_back(geometry.bounds(i));
    }
    gdal::ErrorCapture errors;
    auto run = [&](const std::string& sql) {
        CPLErrorReset();
        OGRLayerH result = GDALDatasetExecuteSQL(ds, sql.c_str(), nullptr, nullptr);
        if (result) GDALDatasetReleaseResultSet(ds, result);
        return CPLGetLastErrorType() < CE_Failure;
    };
    // GDAL's connection to the file (its GeoPackage dataset is an SQLite one).
    auto* db = static_cast<sqlite3*>(GDALGetInternalHandle(ds, "SQLITE_HANDLE"));
    if (!db) return false;
    if (GDALDatasetStartTransaction(ds, FALSE) != OGRERR_NONE) return false;
    bool ok = run("CREATE VIRTUAL TABLE " + r + " USING rtree(id, minx, maxx, miny, maxy)");
    // The node size SQLite chose for this file's pages, read back from the empty root.
    std::size_t node_bytes = 0;
    if (ok) {
        OGRLayerH size = GDALDatasetExecuteSQL(ds, ("SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1").c_str(),
                                               nullptr, nullptr);
        if (size) {
            if (OGRFeatureH f = OGR_L_GetNextFeature(size)) {
                node_bytes = static_cast<std::size_t>(OGR_F_GetFieldAsInteger64(f, 0));
                OGR_F_Destroy(f);
            }
            GDALDatasetReleaseResultSet(ds, size);
        }
        ok = node_bytes >= header_bytes + max_cells * cell_bytes;
    }
    if (ok) {
        // The rows go in through prepared statements on GDAL's own connection, inside its
        // transaction: as SQL text GDAL scanned every statement for its keywords, and that was
        // most of the index's time.
        const RTreePages pages = pack_rtree(ids, boxes, node_bytes);
        std::string error;
        auto insert = [&](const std::string& shadow, const BindRow& bind_row, std::size_t rows) {
            return insert_many(db, "INSERT OR REPLACE INTO " + quoted(shadow), 2, rows, bind_row, error);
        };
        // Node 1, the root, is there already (empty): replaced.
        ok = insert(rtree + "_node", [&](sqlite3_stmt* st, std::size_t k, int first) {
            sqlite3_bind_int64(st, first, pages.nodes[k].first);
            sqlite3_bind_blob(st, first + 1, pages.nodes[k].second.data(), static_cast<int>(pages.nodes[k].second.size()), SQLITE_STATIC);
        }, pages.nodes.size());
        // Plain pairs, not structured bindings: the lambda captures them (clang 14, which builds
        // the fuzz targets, cannot capture bindings yet).
        for (const auto& shadow_rows : {std::pair{rtree + "_rowid", &pages.rowid}, std::pair{rtree + "_parent", &pages.parent}}) {
            const auto* rows = shadow_rows.second;
            ok = ok && insert(shadow_rows.first, [rows](sqlite3_stmt* st, std::size_t k, int first) {
                sqlite3_bind_int64(st, first, (*rows)[k].first);
                sqlite3_bind_int64(st, first + 1, (*rows)[k].second);
            }, rows->size());
        }
    }
    // The triggers and the extension row GDAL writes with a spatial index (GeoPackage 1.2 Annex F.3).
    const std::string values = "VALUES (NEW.\"fid\",ST_MinX(NEW." + c + "), ST_MaxX(NEW." + c + "),ST_MinY(NEW." + c +
                               "), ST_MaxY(NEW." + c + "))";
    const std::string triggers[] = {
        "CREATE TRIGGER " + quoted(rtree + "_insert") + " AFTER INSERT ON " + t + " WHEN (new." + c +
            " NOT NULL AND NOT ST_IsEmpty(NEW." + c + ")) BEGIN INSERT OR REPLACE INTO " + r + " " + values + "; END",
        "CREATE TRIGGER " + quoted(rtree + "_update1") + " AFTER UPDATE OF " + c + " ON " + t +
            " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c +
            ")) BEGIN INSERT OR REPLACE INTO " + r + " " + values + "; END",
        "CREATE TRIGGER " + quoted(rtree + "_update2") + " AFTER UPDATE OF " + c + " ON " + t +
            " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c + ")) BEGIN DELETE FROM " +
            r + " WHERE id = OLD.\"fid\"; END",
        "CREATE TRIGGER " + quoted(rtree + "_update3") + " AFTER UPDATE ON " + t + " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." +
            c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c + ")) BEGIN DELETE FROM " + r +
            " WHERE id = OLD.\"fid\"; INSERT OR REPLACE INTO " + r + " " + values + "; END",
        "CREATE TRIGGER " + quoted(rtree + "_update4") + " AFTER UPDATE ON " + t + " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." +
            c + " ISNULL OR ST_IsEmpty(NEW." + c + ")) BEGIN DELETE FROM " + r + " WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END",
        "CREATE TRIGGER " + quoted(rtree + "_delete") + " AFTER DELETE ON " + t + " WHEN old." + c +
            " NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; END",
    };
    for (const std::string& trigger : triggers) ok = ok && run(trigger);
    ok = ok && run("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT "
                   "NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
                   "extension_name))");
    ok = ok && run("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (" +
                   literal(table) + ", " + literal(column) + ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
                   "'write-only')");
    if (!ok) {
        GDALDatasetRollbackTransaction(ds);
        return false;
    }
    return GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
}

}  // namespace

bool write_spatial_index(GDALDatasetH ds, const std::string& table, const std::string& column,
                         const GeometryArray& geometry) {
    if (write_packed_rtree(ds, table, column, geometry)) return true;
    CPLErrorReset();
    const std::string sql = "SELECT CreateSpatialIndex(" + literal(table) + ", " + literal(column) + ")";
    OGRLayerH result = GDALDatasetExecuteSQL(ds, sql.c_str(), nullptr, nullptr);
    if (result) GDALDatasetReleaseResultSet(ds, result);
    return CPLGetLastErrorType() < CE_Failure;
}

}  // namespace warmte::io
