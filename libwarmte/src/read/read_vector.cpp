// Reading polygon layers through GDAL's Arrow stream: record batches of WKB and attribute
// columns, decoded straight into flat arrays without one OGRFeature per building.
#include "warmte/error.hpp"
#include "warmte/redact.hpp"
#include "read/gdal_handles.hpp"
#include "warmte/io.hpp"

#include <cpl_conv.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <ogr_srs_api.h>

#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cmath>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <type_traits>
#include <set>

namespace warmte::io {

namespace {

// Room reserved after the first batch: for at most this many batches like it (GDAL's batches
// hold 65,536 features: up to 67M features, more than the BAG holds).
constexpr double max_reserve_batches = 1024;

struct StreamReleaser {
    void operator()(ArrowArrayStream* s) const {
        if (s->release) s->release(s);
    }
};
struct SchemaHolder {
    ArrowSchema schema{};
    ~SchemaHolder() {
        if (schema.release) schema.release(&schema);
    }
};
struct ArrayHolder {
    ArrowArray array{};
    ~ArrayHolder() {
        if (array.release) array.release(&array);
    }
};

// Batches fetched from GDAL on a second thread while this one decodes those fetched before:
// GDAL's SQLite scan and our WKB decoding take about as long each (a million buildings: 0.2 s
// and 0.24 s). Only this object's thread touches the stream until it is destroyed; GDAL's
// messages on that thread are captured there and passed on with a failure.
class BatchPrefetch {
public:
    explicit BatchPrefetch(ArrowArrayStream& stream) : stream_(stream), thread_([this] { fetch(); }) {}
    ~BatchPrefetch() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    BatchPrefetch(const BatchPrefetch&) = delete;
    BatchPrefetch& operator=(const BatchPrefetch&) = delete;

    /// The next batch; null at the end. Throws InputError(`where` ...) when GDAL failed.
    std::unique_ptr<ArrayHolder> next(const std::string& where) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (ready_.empty()) {
            if (failed_) throw InputError(where + ": reading failed (" + message_ + "); the file may be damaged");
            return nullptr;
        }
        std::unique_ptr<ArrayHolder> batch = std::move(ready_.front());
        ready_.pop_front();
        changed_.notify_all();
        return batch;
    }

private:
    // Batches fetched ahead at most. Only speed and memory depend on it.
    static constexpr std::size_t ahead = 2;

    void fetch() {
        gdal::ErrorCapture errors;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return ready_.size() < ahead || stopping_; });
                if (stopping_) break;
            }
            auto batch = std::make_unique<ArrayHolder>();
            const bool failed = stream_.get_next(&stream_, &batch->array) != 0;
            const bool end = failed || !batch->array.release || batch->array.length == 0;
            std::lock_guard lock(mutex_);
            if (end) {
                finished_ = true;
                failed_ = failed;
                message_ = errors.message();
                break;
            }
            ready_.push_back(std::move(batch));
            changed_.notify_all();
        }
        changed_.notify_all();
    }

    ArrowArrayStream& stream_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<ArrayHolder>> ready_;
    bool stopping_ = false, finished_ = false, failed_ = false;
    std::string message_;
    std::thread thread_;  // last: started once the members above exist
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "(none)" : out;
}

DatasetSpec split_spec(const std::string& spec, const std::string& layer, const std::string& role) {
    if (spec.empty()) throw InputError("no " + role + " input given; name a file (path or path:layer)");
    if (std::optional<DatasetSpec> found = find_dataset(spec, layer)) return *found;
    auto colon = spec.rfind(':');
    std::string tried = "a file";
    if (colon != std::string::npos && colon > 0) tried += ", FILE:LAYER (no file '" + redact(spec.substr(0, colon)) + "')";
    throw InputError(role + " input '" + redact(spec) + "': file not found; tried it as " + tried +
                     " and as a GDAL dataset name (PG:..., /vsizip/..., OAPIF:..., WFS:..., https://...); check the "
                     "path" + (layer.empty() ? " (use path:layer to name a layer)" : ""));
}

std::vector<std::string> layer_names(GDALDatasetH ds) {
    std::vector<std::string> names;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i)
        names.push_back(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    return names;
}

bool is_valid(const ArrowArray& a, std::int64_t row) {
    if (a.null_count == 0 || !a.buffers[0]) return true;
    std::int64_t k = row + a.offset;
    return (static_cast<const std::uint8_t*>(a.buffers[0])[k >> 3] >> (k & 7)) & 1;
}

template <class Offset>
std::string_view binary_at(const ArrowArray& a, std::int64_t row) {
    const Offset* offsets = static_cast<const Offset*>(a.buffers[1]);
    const char* data = static_cast<const char*>(a.buffers[2]);
    std::int64_t k = row + a.offset;
    return {data + offsets[k], static_cast<std::size_t>(offsets[k + 1] - offsets[k])};
}

// A GDAL geometry as little-endian ISO WKB.
std::string iso_wkb(OGRGeometryH g) {
    std::string out(static_cast<std::size_t>(OGR_G_WkbSizeEx(g)), '\0');
    OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

// GDAL 3.6's generic Arrow stream (FlatGeobuf, Shapefile, GeoJSON: every driver without one of
// its own) restarts the geometry offsets at 0 after a NULL geometry without marking it null, so
// the rows after it would read earlier rows' geometries. Such a batch is detected by offsets that
// go down, and takes its geometries from the feature API instead (see GeometryByFid).
template <class Offset>
bool offsets_increase(const ArrowArray& a) {
    const Offset* offsets = static_cast<const Offset*>(a.buffers[1]);
    for (std::int64_t k = a.offset; k < a.offset + a.length; ++k)
        if (offsets[k + 1] < offsets[k]) return false;
    return true;
}

// The ISO WKB of a feature read by its id through a second handle on the dataset (the first one
// is busy streaming). Opened on first use.
class GeometryByFid {
public:
    GeometryByFid(std::string path, std::string layer) : path_(std::move(path)), layer_(std::move(layer)) {}
    std::string operator()(std::int64_t fid) {
        if (!ds_) {
            ds_.reset(GDALOpenEx(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
            if (ds_) layer_handle_ = GDALDatasetGetLayerByName(ds_.get(), layer_.c_str());
            if (!layer_handle_) throw InputError(path_ + ": cannot be opened a second time to read its geometries");
        }
        OGRFeatureH f = OGR_L_GetFeature(layer_handle_, fid);
        std::string wkb;
        if (f) {
            if (OGRGeometryH g = OGR_F_GetGeometryRef(f); g && !OGR_G_IsEmpty(g)) wkb = iso_wkb(g);
            OGR_F_Destroy(f);
        }
        return wkb;
    }

private:
    std::string path_, layer_;
    gdal::Dataset ds_;
    OGRLayerH layer_handle_ = nullptr;
};

// A number from a primitive Arrow column, or NaN when the format is not numeric.
double number_at(const ArrowArray& a, const char* format, std::int64_t row) {
    std::int64_t k = row + a.offset;
    const void* v = a.buffers[1];
    switch (format[0]) {
    case 'c': return static_cast<const std::int8_t*>(v)[k];
    case 'C': return static_cast<const std::uint8_t*>(v)[k];
    case 's': return static_cast<const std::int16_t*>(v)[k];
    case 'S': return static_cast<const std::uint16_t*>(v)[k];
    case 'i': return static_cast<const std::int32_t*>(v)[k];
    case 'I': return static_cast<const std::uint32_t*>(v)[k];
    case 'l': return static_cast<double>(static_cast<const std::int64_t*>(v)[k]);
    case 'L': return static_cast<double>(static_cast<const std::uint64_t*>(v)[k]);
    case 'f': return static_cast<const float*>(v)[k];
    case 'g': return static_cast<const double*>(v)[k];
    case 'b': return (static_cast<const std::uint8_t*>(v)[k >> 3] >> (k & 7)) & 1;
    default: return std::numeric_limits<double>::quiet_NaN();
    }
}

std::string format_number(double x, const char* format) {
    if (std::strchr("cCsSiIlL", format[0])) return std::to_string(static_cast<long long>(x));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", x);
    return buf;
}

std::string text_at(const ArrowArray& a, const char* format, std::int64_t row) {
    if (!std::strcmp(format, "u")) return std::string(binary_at<std::int32_t>(a, row));
    if (!std::strcmp(format, "U")) return std::string(binary_at<std::int64_t>(a, row));
    return format_number(number_at(a, format, row), format);
}

// A number written as text (" 1930 " in a CSV or GeoJSON): surrounding spaces are allowed, and
// one decimal comma when there is no point ("120,5" from a Dutch spreadsheet); anything else
// makes it missing. strtod would stop at the comma and read 120.
double parse_number(const std::string& text) {
    std::string s = text;
    if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1) s[s.find(',')] = '.';
    const char* begin = s.c_str();
    while (std::isspace(static_cast<unsigned char>(*begin))) ++begin;
    char* end = nullptr;
    double x = std::strtod(begin, &end);
    if (end == begin) return std::numeric_limits<double>::quiet_NaN();
    while (std::isspace(static_cast<unsigned char>(*end))) ++end;
    return *end == '\0' ? x : std::numeric_limits<double>::quiet_NaN();
}

// ISO WKB type codes of curved geometries (CircularString ... MultiSurface), Z/M/EWKB flags masked.
bool is_curved_wkb(std::string_view wkb) {
    if (wkb.size() < 5) return false;
    std::uint32_t type = 0;
    std::memcpy(&type, wkb.data() + 1, 4);
    if (wkb[0] == 0) type = __builtin_bswap32(type);
    type &= 0x0fffffff;
    type %= 1000;
    return type >= 8 && type <= 12;
}

// A curved geometry as GDAL linearises it (arcs into segments), as WKB; empty when it cannot.
std::string linearised_wkb(std::string_view wkb) {
    OGRGeometryH curved = nullptr;
    if (OGR_G_CreateFromWkbEx(wkb.data(), nullptr, &curved, wkb.size()) != OGRERR_NONE || !curved) return {};
    OGRGeometryH linear = OGR_G_GetLinearGeometry(curved, 0, nullptr);
    OGR_G_DestroyGeometry(curved);
    if (!linear) return {};
    std::string out = iso_wkb(linear);
    OGR_G_DestroyGeometry(linear);
    return out;
}

}  // namespace

VectorLayer read_polygons(const std::string& spec, const std::string& role, const FieldRequest& fields,
                          const ReadWindow* window) {
    FeatureSelection select;
    select.window = window;
    return read_features(spec, role, fields, select);
}

namespace {

// Restricts `layer` to the features meeting the window: its box is taken into the layer's CRS (or
// the one assumed for layers without one), widened to hold the whole transformed box, so the
// layer's spatial index (GeoPackage R-tree, FlatGeobuf's packed tree) does the selecting.
void set_window(OGRLayerH layer, OGRSpatialReferenceH declared, const ReadWindow& window, const std::string& where) {
    gdal::SpatialReference from(OSRNewSpatialReference(nullptr));
    gdal::SpatialReference to(declared ? OSRClone(declared) : OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(from.get(), window.crs.c_str()) != OGRERR_NONE)
        throw ConfigError("analysis.crs '" + window.crs + "' is not a CRS PROJ knows");
    if (!declared && (window.assume_crs.empty() || OSRSetFromUserInput(to.get(), window.assume_crs.c_str()) != OGRERR_NONE))
        return;  // no CRS to take the window into: the whole layer is read (and checked later)
    OSRSetAxisMappingStrategy(from.get(), OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(to.get(), OAMS_TRADITIONAL_GIS_ORDER);
    Box b = window.box;
    if (!OSRIsSame(from.get(), to.get())) {
        OGRCoordinateTransformationH t = OCTNewCoordinateTransformation(from.get(), to.get());
        if (!t) throw InputError(where + ": its CRS cannot be reached from the analysis CRS to select a partition");
        constexpr int densify_points = 21;  // GDAL's advice for OCTTransformBounds
        const bool ok = OCTTransformBounds(t, b.min_x, b.min_y, b.max_x, b.max_y, &b.min_x, &b.min_y, &b.max_x, &b.max_y,
                                           densify_points);
        OCTDestroyCoordinateTransformation(t);
        if (!ok) throw InputError(where + ": the partition's window cannot be taken into its CRS");
    }
    OGR_L_SetSpatialFilterRect(layer, b.min_x, b.min_y, b.max_x, b.max_y);
}

// An input's layer opened: the dataset, the layer (named, or the only one), how messages show
// the source (never a password) and GDAL's messages while opening.
struct OpenedLayer {
    DatasetSpec src;
    gdal::Dataset ds;
    OGRLayerH layer = nullptr;
    std::string shown;
};

OpenedLayer open_layer(const std::string& spec, const std::string& role, const std::string& layer_name) {
    gdal::initialise();
    OpenedLayer o{split_spec(spec, layer_name, role), gdal::Dataset(nullptr), nullptr, ""};
    const DatasetSpec& src = o.src;
    gdal::ErrorCapture errors;
    o.ds.reset(GDALOpenEx(src.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    o.shown = redact(src.path);  // what messages and the output name: never a password
    const std::string& shown = o.shown;
    if (!o.ds)
        throw InputError(role + " input '" + shown + "': cannot be opened as vector data" +
                         (src.file ? "" : " (read as a GDAL dataset name" +
                                              (src.layer.empty() ? std::string() : ", layer '" + src.layer + "'") + ")") +
                         " (" + (errors.message().empty() ? "unknown format" : errors.message()) +
                         "); use a GeoPackage, Shapefile, GeoJSON, FlatGeobuf, a PostGIS connection (PG:...) or "
                         "another source GDAL reads");
    if (!src.layer.empty()) {
        o.layer = GDALDatasetGetLayerByName(o.ds.get(), src.layer.c_str());
        if (!o.layer)
            throw InputError(role + " input '" + shown + "': has no layer '" + src.layer +
                             "'; its layers are: " + join(layer_names(o.ds.get())));
    } else {
        int count = GDALDatasetGetLayerCount(o.ds.get());
        if (count == 0) throw InputError(role + " input '" + shown + "': has no layers");
        if (count > 1)
            throw InputError(role + " input '" + shown + "': has " + std::to_string(count) + " layers (" +
                             join(layer_names(o.ds.get())) + "); name one as " +
                             (src.file ? shown + ":LAYER or " : std::string()) + "with --layer ROLE=LAYER");
        o.layer = GDALDatasetGetLayer(o.ds.get(), 0);
    }
    return o;
}

// The fields a read fills: GDAL finds fields without regard to case, so each requested name is
// read from the field's own spelling (actual name -> the requested names it fills). All other
// fields are ignored so the stream carries less.
struct FieldSelection {
    std::multimap<std::string, std::string> text, numbers;
};

FieldSelection select_fields(OGRLayerH layer, const FieldRequest& fields, const std::string& where) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::string> available;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        available.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    FieldSelection out;
    std::set<std::string> wanted;
    auto want = [&](const std::string& f, std::multimap<std::string, std::string>& names) {
        int index = OGR_FD_GetFieldIndex(defn, f.c_str());
        if (index < 0) return false;
        std::string actual = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, index));
        for (auto [it, end] = names.equal_range(actual); it != end; ++it)
            if (it->second == f) return true;
        wanted.insert(actual);
        names.emplace(actual, f);
        return true;
    };
    for (const std::string& f : fields.required_text) {
        if (!want(f, out.text)) {
            auto hint = fields.hints.find(f);
            throw InputError(where + ": has no field '" + f + "' (fields: " + join(available) + "); " +
                             (hint != fields.hints.end() ? "set " + hint->second + " in the configuration"
                                                         : "rename the field") +
                             " to the field that holds it");
        }
    }
    for (const std::string& f : fields.optional_text) want(f, out.text);
    for (const std::string& f : fields.optional_numbers) want(f, out.numbers);
    if (fields.all_numbers) {
        for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
            OGRFieldType t = OGR_Fld_GetType(fd);
            if ((t == OFTInteger || t == OFTInteger64 || t == OFTReal) && OGR_Fld_GetSubType(fd) != OFSTBoolean)
                want(OGR_Fld_GetNameRef(fd), out.numbers);
        }
    }
    std::vector<std::string> ignored_storage;
    for (const std::string& f : available)
        if (!wanted.count(f)) ignored_storage.push_back(f);
    ignored_storage.push_back("OGR_STYLE");
    std::vector<const char*> ignored;
    for (auto& f : ignored_storage) ignored.push_back(f.c_str());
    ignored.push_back(nullptr);
    OGR_L_SetIgnoredFields(layer, ignored.data());
    return out;
}

// The layer's CRS as it declares it (nullptr for none: a GeoPackage's srs_id 0 and -1,
// "Undefined geographic/Cartesian SRS", declare no CRS at all), and as WKT into `wkt_out`.
OGRSpatialReferenceH declared_crs(OGRLayerH layer, std::string& wkt_out) {
    OGRSpatialReferenceH declared = OGR_L_GetSpatialRef(layer);
    if (declared && OSRGetName(declared) && std::string(OSRGetName(declared)).rfind("Undefined", 0) == 0)
        declared = nullptr;
    if (declared) {
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        if (OSRExportToWktEx(declared, &wkt, options) == OGRERR_NONE && wkt) wkt_out = wkt;
        CPLFree(wkt);
    }
    return declared;
}

// Where each wanted thing is among the stream's columns.
struct StreamColumns {
    int fid = -1, geometry = -1;
    std::vector<std::pair<int, std::string>> text, numbers;  // column, requested name
};

StreamColumns stream_columns(const ArrowSchema& schema, OGRLayerH layer, const FieldSelection& selection) {
    std::string fid_name = OGR_L_GetFIDColumn(layer);
    if (fid_name.empty()) fid_name = "OGC_FID";
    std::string geometry_name = OGR_L_GetGeometryColumn(layer);
    if (geometry_name.empty()) geometry_name = "wkb_geometry";
    StreamColumns out;
    for (std::int64_t c = 0; c < schema.n_children; ++c) {
        const std::string name = schema.children[c]->name ? schema.children[c]->name : "";
        if (name == fid_name) out.fid = static_cast<int>(c);
        else if (name == geometry_name) out.geometry = static_cast<int>(c);
        else {
            for (auto [it, end] = selection.text.equal_range(name); it != end; ++it)
                out.text.push_back({static_cast<int>(c), it->second});
            for (auto [it, end] = selection.numbers.equal_range(name); it != end; ++it)
                out.numbers.push_back({static_cast<int>(c), it->second});
        }
    }
    return out;
}

// A layer's Arrow stream, with the fid, and its schema (InputError naming `where` when GDAL
// cannot give them).
struct OpenedStream {
    OpenedStream(OGRLayerH layer, const std::string& where) {
        gdal::ErrorCapture errors;
        const char* options[] = {"INCLUDE_FID=YES", nullptr};
        if (!OGR_L_GetArrowStream(layer, &stream, const_cast<char**>(options)))
            throw InputError(where + ": cannot be read (" + errors.message() + ")");
        owner.reset(&stream);
        if (stream.get_schema(&stream, &schema.schema) != 0)
            throw InputError(where + ": cannot be read (" + errors.message() + ")");
    }
    OpenedStream(const OpenedStream&) = delete;
    OpenedStream& operator=(const OpenedStream&) = delete;
    ArrowArrayStream stream{};
    std::unique_ptr<ArrowArrayStream, StreamReleaser> owner;
    SchemaHolder schema;
};

// The features of a stream's batches into a VectorLayer: geometry by kind (curves linearised),
// the fields asked for, the features left out listed by why.
class FeatureDecoder {
public:
    FeatureDecoder(VectorLayer& out, const ArrowSchema& schema, const StreamColumns& columns, GeometryKind kind,
                   GeometryByFid& by_fid, std::string where)
        : out_(out), schema_(schema), columns_(columns), kind_(kind), by_fid_(by_fid), where_(std::move(where)) {
        for (auto& [c, name] : columns.text) text_.emplace_back(c, &out.text[name]);
        for (auto& [c, name] : columns.numbers) numbers_.emplace_back(c, &out.numbers[name].values);
    }

    void batch(const ArrowArray& batch) {
        const ArrowArray& geometry = *batch.children[columns_.geometry];
        large_ = !std::strcmp(schema_.children[columns_.geometry]->format, "Z");
        offsets_broken_ = large_ ? !offsets_increase<std::int64_t>(geometry) : !offsets_increase<std::int32_t>(geometry);
        for (std::int64_t row = 0; row < batch.length; ++row, ++row_number_) {
            std::int64_t fid = row_number_;
            if (columns_.fid >= 0)
                fid = static_cast<std::int64_t>(number_at(*batch.children[columns_.fid],
                                                          schema_.children[columns_.fid]->format, row));
            const WkbContent content = decode(geometry, row, fid);
            if (content == WkbContent::empty) {
                out_.dropped_empty.push_back(fid);
            } else if (content == WkbContent::not_polygonal) {
                out_.dropped_not_polygonal.push_back(fid);
            } else {
                out_.feature_ids.push_back(fid);
                attributes(batch, row);
            }
        }
    }

    // Room for the whole layer once the first batch shows its shapes: growing the arrays by
    // doubling copied them and touched fresh pages twice (a third of reading a million buildings).
    void reserve(GIntBig expected) {
        if (reserved_ || !(expected > row_number_) || row_number_ == 0) return;
        reserved_ = true;
        // The count is the file's word (gpkg_ogr_contents, a header): a lying one must not make
        // us ask for terabytes, so it counts for at most `max_reserve_batches` first batches.
        const double batches =
            std::min(static_cast<double>(expected) / static_cast<double>(row_number_), max_reserve_batches);
        const double scale = 1.02 * batches;
        auto room = [&](std::size_t held) { return static_cast<std::size_t>(scale * static_cast<double>(held)) + 16; };
        GeometryArray& g = out_.geometry;
        g.reserve(room(g.size()), room(g.polygon_total()), room(g.ring_total()), room(g.point_total()));
        out_.feature_ids.reserve(room(out_.feature_ids.size()));
        for (auto& [c, col] : text_) {
            col->values.reserve(room(col->values.size()));
            col->present.reserve(room(col->present.size()));
        }
        for (auto& [c, values] : numbers_) values->reserve(room(values->size()));
    }

private:
    WkbContent decode(const ArrowArray& geometry, std::int64_t row, std::int64_t fid) {
        std::string refetched;
        if (offsets_broken_) refetched = by_fid_(fid);
        if (!(offsets_broken_ ? !refetched.empty() : is_valid(geometry, row))) return WkbContent::empty;
        const std::string_view wkb = offsets_broken_ ? std::string_view(refetched)
                                     : large_        ? binary_at<std::int64_t>(geometry, row)
                                                     : binary_at<std::int32_t>(geometry, row);
        WkbContent content =
            decode_wkb({reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size()}, out_.geometry, where_, kind_, fid);
        if (content == WkbContent::not_polygonal && is_curved_wkb(wkb)) {
            // CurvePolygon, MultiSurface, ... as some GIS exports write them: arcs into segments.
            const std::string linear = linearised_wkb(wkb);
            if (!linear.empty()) {
                content = decode_wkb({reinterpret_cast<const std::uint8_t*>(linear.data()), linear.size()},
                                     out_.geometry, where_, kind_, fid);
                if (content == WkbContent::polygonal) out_.linearised.push_back(fid);
            }
        }
        return content;
    }

    void attributes(const ArrowArray& batch, std::int64_t row) {
        for (auto& [c, col] : text_) {
            const ArrowArray& a = *batch.children[c];
            const bool present = is_valid(a, row);
            col->values.push_back(present ? text_at(a, schema_.children[c]->format, row) : "");
            col->present.push_back(present);
        }
        for (auto& [c, values] : numbers_) {
            const ArrowArray& a = *batch.children[c];
            const char* format = schema_.children[c]->format;
            double x = std::numeric_limits<double>::quiet_NaN();
            if (is_valid(a, row))
                x = (!std::strcmp(format, "u") || !std::strcmp(format, "U")) ? parse_number(text_at(a, format, row))
                                                                           : number_at(a, format, row);
            values->push_back(x);
        }
    }

    VectorLayer& out_;
    const ArrowSchema& schema_;
    const StreamColumns& columns_;
    GeometryKind kind_;
    GeometryByFid& by_fid_;
    std::string where_;
    std::vector<std::pair<int, TextColumn*>> text_;  // the columns each batch column fills, looked up once
    std::vector<std::pair<int, std::vector<double>*>> numbers_;
    std::int64_t row_number_ = 0;
    bool large_ = false, offsets_broken_ = false, reserved_ = false;
};

}  // namespace

VectorLayer read_features(const std::string& spec, const std::string& role, const FieldRequest& fields,
                          const FeatureSelection& select) {
    const GeometryKind kind = select.kind;
    const ReadWindow* window = select.window;
    OpenedLayer opened = open_layer(spec, role, select.layer);
    OGRLayerH layer = opened.layer;
    gdal::ErrorCapture errors;
    VectorLayer out;
    out.source = opened.shown + ", layer '" + OGR_L_GetName(layer) + "'";
    const std::string where = role + " input " + out.source;
    const FieldSelection selection = select_fields(layer, fields, where);
    for (auto& [actual, f] : selection.text) out.text[f];
    for (auto& [actual, f] : selection.numbers) out.numbers[f];
    OGRSpatialReferenceH declared = declared_crs(layer, out.crs);
    if (window) set_window(layer, declared, *window, where);

    OpenedStream opened_stream(layer, where);
    const ArrowSchema& schema = opened_stream.schema.schema;
    const StreamColumns columns = stream_columns(schema, layer, selection);
    const char* kind_name = kind == GeometryKind::polygon ? "polygons" : kind == GeometryKind::line ? "lines" : "points";
    if (columns.geometry < 0) throw InputError(where + ": has no geometry column; it must hold " + kind_name);

    GeometryByFid by_fid(opened.src.path, OGR_L_GetName(layer));
    FeatureDecoder decoder(out, schema, columns, kind, by_fid, where);
    const GIntBig expected = window ? -1 : OGR_L_GetFeatureCount(layer, FALSE);
    BatchPrefetch prefetch(opened_stream.stream);
    while (const std::unique_ptr<ArrayHolder> fetched = prefetch.next(where)) {
        decoder.batch(fetched->array);
        decoder.reserve(expected);
    }
    if (select.require_kind && out.empty() && !out.dropped_not_polygonal.empty())
        throw InputError(where + ": holds no " + kind_name + " (" + std::to_string(out.dropped_not_polygonal.size()) +
                         " features of another geometry type); name the layer with the " + kind_name);
    return out;
}

std::vector<std::int64_t> features_without_geometry(const std::string& spec, const std::string& role,
                                                    const std::string& layer_name) {
    OpenedLayer o = open_layer(spec, role, layer_name);
    const std::string where = role + " input " + o.shown + ", layer '" + OGR_L_GetName(o.layer) + "'";
    const FieldSelection none = select_fields(o.layer, FieldRequest{}, where);  // every field ignored
    OpenedStream opened_stream(o.layer, where);
    const ArrowSchema& schema = opened_stream.schema.schema;
    const StreamColumns columns = stream_columns(schema, o.layer, none);
    std::vector<std::int64_t> out;
    if (columns.geometry < 0) return out;
    GeometryArray scratch;
    std::int64_t row_number = 0;
    BatchPrefetch prefetch(opened_stream.stream);
    while (const std::unique_ptr<ArrayHolder> fetched = prefetch.next(where)) {
        const ArrowArray& batch = fetched->array;
        const ArrowArray& geometry = *batch.children[columns.geometry];
        const bool large = !std::strcmp(schema.children[columns.geometry]->format, "Z");
        for (std::int64_t row = 0; row < batch.length; ++row, ++row_number) {
            const std::int64_t fid =
                columns.fid < 0 ? row_number
                                : static_cast<std::int64_t>(number_at(*batch.children[columns.fid],
                                                                      schema.children[columns.fid]->format, row));
            bool empty = !is_valid(geometry, row);
            if (!empty) {
                const std::string_view wkb =
                    large ? binary_at<std::int64_t>(geometry, row) : binary_at<std::int32_t>(geometry, row);
                scratch.clear();
                try {
                    empty = decode_wkb({reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size()}, scratch, where,
                                       GeometryKind::polygon, fid) == WkbContent::empty;
                } catch (const InputError&) {
                    // Malformed: the partition that reads it says so.
                }
            }
            if (empty) out.push_back(fid);
        }
    }
    return out;
}

std::optional<DatasetSpec> find_dataset(const std::string& spec, const std::string& layer) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (spec.empty()) return std::nullopt;
    if (fs::exists(spec, error)) return DatasetSpec{spec, layer, true};
    if (!layer.empty()) {  // the layer named apart: the whole spec is the dataset
        if (is_gdal_dataset_name(spec)) return DatasetSpec{spec, layer, false};
        return std::nullopt;
    }
    auto colon = spec.rfind(':');
    if (colon != std::string::npos && colon > 0 && fs::exists(spec.substr(0, colon), error))
        return DatasetSpec{spec.substr(0, colon), spec.substr(colon + 1), true};
    // "/vsizip/town.zip/town.gpkg:buurten": a trailing ":NAME" without a slash is a layer
    // ("/vsicurl/https://..." keeps its colon: what follows it has slashes).
    if (spec.rfind("/vsi", 0) == 0 && colon != std::string::npos && spec.find('/', colon) == std::string::npos)
        return DatasetSpec{spec.substr(0, colon), spec.substr(colon + 1), false};
    if (is_gdal_dataset_name(spec)) return DatasetSpec{spec, "", false};
    return std::nullopt;
}

}  // namespace warmte::io
