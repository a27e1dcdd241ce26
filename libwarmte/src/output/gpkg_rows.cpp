#include "output/gpkg_rows.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <future>
#include <limits>
#include <memory>

namespace warmte::io {

namespace {

// GeoPackage binary header flags (GeoPackage 1.3 §2.1.3.1.1): bit 0 little-endian, bits 1-3 the
// envelope kind (1: min_x, max_x, min_y, max_y), bit 4 an empty geometry.
constexpr std::uint8_t little_endian = 0x01, xy_envelope = 0x02, empty_geometry = 0x10;
// ISO WKB geometry types.
constexpr std::uint32_t wkb_line = 2, wkb_polygon = 3, wkb_multi_offset = 3;
// Rows per INSERT statement (only speed depends on it), within SQLite's parameter limit (32,766
// since SQLite 3.32; 999 before it, which we keep to).
constexpr std::size_t rows_per_statement = 64;
constexpr int max_parameters = 999;
// Rows whose geometry is encoded ahead while the rows before them are inserted (only speed depends on it).
constexpr std::size_t rows_per_stretch = 16384;

// Little-endian whatever the machine: byte by byte.
void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int k = 0; k < bytes; ++k) out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) { put_le(out, v, 4); }
void put64(std::vector<std::uint8_t>& out, double d) { put_le(out, std::bit_cast<std::uint64_t>(d), 8); }
// The type of a little-endian WKB geometry (encode_wkb writes no other).
std::uint32_t wkb_type(const std::vector<std::uint8_t>& wkb) {
    return std::uint32_t{wkb[1]} | std::uint32_t{wkb[2]} << 8 | std::uint32_t{wkb[3]} << 16 | std::uint32_t{wkb[4]} << 24;
}

// A prepared statement, finalised however the function is left.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) { sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr); }
    ~Statement() { sqlite3_finalize(st_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return st_; }

private:
    sqlite3_stmt* st_ = nullptr;
};

// Binds row `row` of the table's columns to the parameters from `index` on: null where a text is
// absent or a number NaN, as the feature path wrote them.
void bind_fields(sqlite3_stmt* st, const Table& table, std::size_t row, int index) {
    for (const Column& c : table.columns) {
        if (c.type == ColumnType::text) {
            if (c.present[row]) sqlite3_bind_text(st, index, c.text[row].data(), static_cast<int>(c.text[row].size()), SQLITE_STATIC);
            else sqlite3_bind_null(st, index);
        } else if (std::isnan(c.numbers[row])) {
            sqlite3_bind_null(st, index);
        } else if (c.type == ColumnType::integer) {
            sqlite3_bind_int64(st, index, static_cast<sqlite3_int64>(std::llround(c.numbers[row])));
        } else {
            sqlite3_bind_double(st, index, c.numbers[row]);
        }
        ++index;
    }
}

std::int32_t srs_id_of(sqlite3* db, const std::string& table) {
    Statement st(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
    if (!st.get()) return 0;
    sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(st.get()) == SQLITE_ROW ? sqlite3_column_int(st.get(), 0) : 0;
}

// The layer's extent (null when every geometry is empty) and feature count, as GDAL records them.
bool record_extent_and_count(sqlite3* db, const Table& table) {
    Box extent{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
               -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    bool any = false;
    if (table.has_geometry)
        for (std::size_t r = 0; r < table.geometry.size(); ++r) {
            if (table.geometry.vertex_count(r) == 0) continue;
            const Box b = table.geometry.bounds(r);
            extent = {std::min(extent.min_x, b.min_x), std::min(extent.min_y, b.min_y), std::max(extent.max_x, b.max_x),
                      std::max(extent.max_y, b.max_y)};
            any = true;
        }
    if (any) {
        Statement st(db, "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE lower(table_name) = lower(?)");
        if (!st.get()) return false;
        const double v[4] = {extent.min_x, extent.min_y, extent.max_x, extent.max_y};
        for (int k = 0; k < 4; ++k) sqlite3_bind_double(st.get(), k + 1, v[k]);
        sqlite3_bind_text(st.get(), 5, table.name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) != SQLITE_DONE) return false;
    }
    Statement count(db, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)");
    if (!count.get()) return true;  // a GeoPackage without gpkg_ogr_contents: nothing to keep
    sqlite3_bind_int64(count.get(), 1, static_cast<sqlite3_int64>(table.rows()));
    sqlite3_bind_text(count.get(), 2, table.name.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(count.get()) == SQLITE_DONE;
}

// The triggers on a table (name, SQL): GDAL's feature count ones, which would update
// gpkg_ogr_contents once per row. Set aside while the rows go in, made again after.
std::vector<std::pair<std::string, std::string>> triggers_on(sqlite3* db, const std::string& table) {
    std::vector<std::pair<std::string, std::string>> out;
    Statement st(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = lower(?) ORDER BY name");
    if (!st.get()) return out;
    sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st.get()) == SQLITE_ROW)
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0)),
                         reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1)));
    return out;
}

bool execute(sqlite3* db, const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; }

}  // namespace

std::string quoted(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::vector<std::uint8_t> gpkg_geometry_blob(const GeometryArray& geometry, std::size_t row, std::int32_t srs_id) {
    const GeometryKind kind = geometry.kind(row);
    const bool empty = geometry.vertex_count(row) == 0;
    std::vector<std::uint8_t> wkb = encode_wkb(geometry, row);
    const std::uint32_t type = wkb_type(wkb);
    // One part of a polygon or line layer is written as a Multi* of one, as GDAL forced it.
    const bool wrap = (kind == GeometryKind::polygon && type == wkb_polygon) || (kind == GeometryKind::line && type == wkb_line);
    const bool envelope = !empty && !(kind == GeometryKind::point && geometry.polygon_count(row) == 1);
    std::vector<std::uint8_t> out = {'G', 'P', 0,
                                     static_cast<std::uint8_t>(little_endian | (envelope ? xy_envelope : 0) |
                                                               (empty ? empty_geometry : 0))};
    out.reserve(8 + (envelope ? 32 : 0) + (wrap ? 9 : 0) + wkb.size());
    put32(out, static_cast<std::uint32_t>(srs_id));
    if (envelope) {
        const Box b = geometry.bounds(row);
        for (double v : {b.min_x, b.max_x, b.min_y, b.max_y}) put64(out, v);
    }
    if (wrap) {
        out.push_back(1);
        put32(out, type + wkb_multi_offset);
        put32(out, 1);
    }
    out.insert(out.end(), wkb.begin(), wkb.end());
    return out;
}

bool insert_many(sqlite3* db, const std::string& head, int width, std::size_t rows, const BindRow& bind, std::string& error) {
    const std::size_t per_statement = std::max<std::size_t>(1, std::min<std::size_t>(rows_per_statement, max_parameters / width));
    auto statement_for = [&](std::size_t n) {
        std::string one = "(?";
        for (int k = 1; k < width; ++k) one += ", ?";
        one += ")";
        std::string sql = head + " VALUES " + one;
        for (std::size_t r = 1; r < n; ++r) sql += ", " + one;
        return std::make_unique<Statement>(db, sql);
    };
    std::unique_ptr<Statement> full = statement_for(per_statement), tail;
    for (std::size_t begin = 0; begin < rows; begin += per_statement) {
        const std::size_t n = std::min(per_statement, rows - begin);
        if (n < per_statement) tail = statement_for(n);
        sqlite3_stmt* st = (n == per_statement ? full : tail)->get();
        if (!st) {
            error = sqlite3_errmsg(db);
            return false;
        }
        for (std::size_t k = 0; k < n; ++k) bind(st, begin + k, static_cast<int>(k) * width + 1);
        if (sqlite3_step(st) != SQLITE_DONE) {
            error = "rows " + std::to_string(begin + 1) + "-" + std::to_string(begin + n) + ": " + sqlite3_errmsg(db);
            return false;
        }
        sqlite3_reset(st);
    }
    return true;
}

bool insert_rows(GDALDatasetH ds, const Table& table, const std::string& geometry_column, std::string& error) {
    auto* db = static_cast<sqlite3*>(GDALGetInternalHandle(ds, "SQLITE_HANDLE"));
    if (!db) {
        error = "no SQLite connection to the GeoPackage";
        return false;
    }
    const std::int32_t srs = table.has_geometry ? srs_id_of(db, table.name) : 0;
    const auto triggers = triggers_on(db, table.name);
    for (const auto& trigger : triggers)
        if (!execute(db, "DROP TRIGGER " + quoted(trigger.first))) {
            error = sqlite3_errmsg(db);
            return false;
        }
    // Per row the fid, the geometry (spatial layers) and the fields.
    std::string names = "\"fid\"";
    if (table.has_geometry) names += ", " + quoted(geometry_column);
    for (const Column& c : table.columns) names += ", " + quoted(c.name);
    const int width = 1 + (table.has_geometry ? 1 : 0) + static_cast<int>(table.columns.size());
    // The geometry blobs of the next rows are encoded on a second thread while SQLite inserts
    // these (encoding was a fifth of the rows' time), in one buffer per stretch of rows.
    struct Blobs {
        std::vector<std::uint8_t> bytes;
        std::vector<std::size_t> offset = {0};
    };
    auto encode = [&](std::size_t begin, std::size_t end) {
        Blobs b;
        for (std::size_t row = begin; row < end; ++row) {
            const std::vector<std::uint8_t> blob = gpkg_geometry_blob(table.geometry, row, srs);
            b.bytes.insert(b.bytes.end(), blob.begin(), blob.end());
            b.offset.push_back(b.bytes.size());
        }
        return b;
    };
    const std::string head = "INSERT INTO " + quoted(table.name) + " (" + names + ")";
    const std::size_t rows = table.rows();
    std::future<Blobs> next;
    if (table.has_geometry && rows > 0) next = std::async(std::launch::async, encode, 0, std::min(rows, rows_per_stretch));
    for (std::size_t begin = 0; begin < rows; begin += rows_per_stretch) {
        const std::size_t end = std::min(rows, begin + rows_per_stretch);
        Blobs blobs;
        if (table.has_geometry) {
            blobs = next.get();
            if (end < rows) next = std::async(std::launch::async, encode, end, std::min(rows, end + rows_per_stretch));
        }
        const bool ok = insert_many(db, head, width, end - begin,
                                    [&](sqlite3_stmt* st, std::size_t k, int index) {
                                        sqlite3_bind_int64(st, index++, static_cast<sqlite3_int64>(begin + k) + 1);
                                        if (table.has_geometry)
                                            sqlite3_bind_blob(st, index++, blobs.bytes.data() + blobs.offset[k],
                                                              static_cast<int>(blobs.offset[k + 1] - blobs.offset[k]), SQLITE_STATIC);
                                        bind_fields(st, table, begin + k, index);
                                    },
                                    error);
        if (!ok) {
            if (next.valid()) next.wait();
            error = "from row " + std::to_string(begin + 1) + ": " + error;
            return false;
        }
    }
    for (const auto& trigger : triggers)
        if (!execute(db, trigger.second)) {
            error = "restoring trigger " + trigger.first + ": " + sqlite3_errmsg(db);
            return false;
        }
    if (!record_extent_and_count(db, table)) {
        error = std::string("recording the extent: ") + sqlite3_errmsg(db);
        return false;
    }
    return true;
}

}  // namespace warmte::io
