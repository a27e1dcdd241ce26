// The saved states of phases.hpp: one binary format for the local and the global state.
//
//   "WARMTEST" | kind (8 bytes: "local\0\0\0" / "global\0\0") | format version (u32) |
//   library version (string) | fields ... | checksum (u64)
//
// Every field is written in the order `transfer` lists it, for writing and reading alike (one list,
// so the two cannot drift apart): numbers and trivially copyable structs as their bytes, arrays
// as a u64 count and their elements, strings as a u64 length and their bytes. The checksum is a
// 64-bit FNV-1a over 8-byte words of everything before it. The states are exchanged between the
// steps of one batch on machines of one kind (little-endian, same library version), not archived.
#include "warmte/phases.hpp"

#include "warmte/error.hpp"
#include "warmte/pipeline.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <type_traits>

namespace warmte {

namespace {

constexpr char magic[8] = {'W', 'A', 'R', 'M', 'T', 'E', 'S', 'T'};
// Raise whenever a state's fields change: a state of another format is refused, not misread.
// 3: the buurten's grid capacity; 4: their tenure; 5: source shapes; 6: the S2 sources' sites;
// 7: the grid stations' service in the summary and their part per buurt in the global state.
constexpr std::uint32_t format_version = 7;
constexpr std::size_t buffer_size = 1 << 20;

std::string kind_bytes(const char* kind) {
    std::string k(kind);
    k.resize(8, '\0');
    return k;
}

struct CloseFile {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};

// A file written or read through one buffer. Every value that passes is hashed as it passes
// (in whole 8-byte words where it can), so the writer and the reader hash the same bytes in the
// same pieces; a checkpoint writes the hash so far, or compares it.
class Archive {
public:
    enum Mode { write, read };

    Archive(std::string path, Mode mode) : path_(std::move(path)), mode_(mode), buffer_(buffer_size) {
        const std::string open = mode == write ? temporary() : path_;
        file_.reset(std::fopen(open.c_str(), mode == write ? "wb" : "rb"));
        if (!file_)
            throw InputError(path_ + ": cannot " + (mode == write ? "write" : "read") + " the state file (" +
                             std::strerror(errno) + ")" +
                             (mode == read ? "; run the step that writes it first (or the batch with --force)" : ""));
        if (mode == read) {
            std::error_code e;
            size_ = std::filesystem::file_size(path_, e);
        }
    }
    ~Archive() {
        if (mode_ == write && file_) {  // not closed: an exception left it
            file_.reset();
            std::error_code e;
            std::filesystem::remove(temporary(), e);
        }
    }

    bool writing() const { return mode_ == write; }

    void bytes(void* data, std::size_t n) {
        auto* p = static_cast<char*>(data);
        if (mode_ == write && hashing_) hash(p, n);
        char* const start = p;
        const std::size_t total = n;
        while (n > 0) {
            if (mode_ == write) {
                if (used_ == buffer_.size()) flush();
                const std::size_t k = std::min(n, buffer_.size() - used_);
                std::memcpy(buffer_.data() + used_, p, k);
                used_ += k, p += k, n -= k;
            } else {
                if (used_ == filled_) fill();
                const std::size_t k = std::min(n, filled_ - used_);
                std::memcpy(p, buffer_.data() + used_, k);
                used_ += k, p += k, n -= k;
            }
        }
        if (mode_ == read && hashing_) hash(start, total);
    }

    // A count read back is checked against what is left of the file before anything is allocated.
    std::uint64_t count(std::uint64_t n, std::size_t element_size) {
        bytes(&n, sizeof n);
        if (mode_ == read && element_size > 0 && n > (size_ - std::min(size_, position())) / element_size)
            damaged("an array runs past the end of the file");
        return n;
    }

    // The hash of everything so far: written, or read and compared.
    void checkpoint() {
        std::uint64_t expected = hash_, h = hash_;
        hashing_ = false;
        bytes(&h, sizeof h);
        hashing_ = true;
        if (mode_ == read && h != expected) damaged("its checksum does not match");
    }

    // Writing: the rename into place. Reading (`whole`): nothing may follow.
    void close(bool whole = true) {
        if (mode_ == write) {
            flush();
            if (std::fflush(file_.get()) != 0)
                throw OutputError(path_ + ": could not write the state file (" + std::strerror(errno) +
                                  "); is the disk full?");
            if (std::fclose(file_.release()) != 0)
                throw OutputError(path_ + ": could not close the state file (" + std::strerror(errno) + ")");
            std::error_code e;
            std::filesystem::rename(temporary(), path_, e);
            if (e) throw OutputError(path_ + ": could not rename the state file into place (" + e.message() + ")");
        } else if (whole && position() != size_) {
            damaged("it has bytes after its end");
        }
    }

    [[noreturn]] void damaged(const std::string& why) const {
        throw InputError(path_ + ": is not a usable state file: " + why +
                         "; it was cut short, damaged or written by another version: run the batch again with --force");
    }

private:
    std::string temporary() const { return path_ + ".writing"; }
    std::uint64_t position() const { return consumed_ + used_; }

    void hash(const char* p, std::size_t n) {
        constexpr std::uint64_t prime = 0x100000001b3ULL;
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            hash_ = (hash_ ^ w) * prime;
        }
        for (; i < n; ++i) hash_ = (hash_ ^ static_cast<unsigned char>(p[i])) * prime;
    }
    void flush() {
        if (used_ > 0 && std::fwrite(buffer_.data(), 1, used_, file_.get()) != used_)
            throw OutputError(path_ + ": could not write the state file (" + std::strerror(errno) + "); is the disk full?");
        used_ = 0;
    }
    void fill() {
        consumed_ += filled_;
        const std::uint64_t left = size_ - std::min(size_, consumed_);
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), left));
        filled_ = want > 0 ? std::fread(buffer_.data(), 1, want, file_.get()) : 0;
        used_ = 0;
        if (filled_ == 0) damaged("it ends too early");
    }

    std::string path_;
    Mode mode_;
    std::unique_ptr<std::FILE, CloseFile> file_;
    std::vector<char> buffer_;
    std::size_t used_ = 0, filled_ = 0;
    std::uint64_t consumed_ = 0, size_ = 0;
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
    bool hashing_ = true;
};

// --- the fields, both ways ----------------------------------------------------------------------

// What may be written as its bytes: numbers, enums and the structs of numbers without padding
// (padding would write whatever the memory held, and two saves of one state would differ).
template <class T>
constexpr bool raw = std::is_arithmetic_v<T> || std::is_enum_v<T>;
template <>
constexpr bool raw<DwellingGroup> = sizeof(DwellingGroup) == 11 * sizeof(double);
template <>
constexpr bool raw<NetworkLengths> = sizeof(NetworkLengths) == 3 * sizeof(double);
template <>
constexpr bool raw<CellDemand> = sizeof(CellDemand) == 3 * 8;
template <>
constexpr bool raw<Allocation> = sizeof(Allocation) == 2 * 4 + 2 * 8;
template <>
constexpr bool raw<GridCapacity> = sizeof(GridCapacity) == 6 * sizeof(double);
template <>
constexpr bool raw<TenureShares> = sizeof(TenureShares) == 3 * sizeof(double);
template <>
constexpr bool raw<StationServed> = sizeof(StationServed) == 3 * 8;
template <>
constexpr bool raw<StationHeadroom> = sizeof(StationHeadroom) == 2 * 8;
static_assert(raw<DwellingGroup> && raw<NetworkLengths> && raw<CellDemand> && raw<Allocation> && raw<GridCapacity> &&
                  raw<TenureShares> && raw<StationServed> && raw<StationHeadroom>,
              "a struct saved as its bytes has padding or changed: save it field by field");

template <class T>
    requires raw<T>
void transfer(Archive& a, T& v) {
    a.bytes(&v, sizeof v);
}

void transfer(Archive& a, std::string& s) {
    std::uint64_t n = a.count(s.size(), 1);
    if (!a.writing()) s.resize(n);
    a.bytes(s.data(), n);
}

template <class T, class Alloc>
    requires raw<T>
void transfer(Archive& a, std::vector<T, Alloc>& v) {
    const std::uint64_t n = a.count(v.size(), sizeof(T));
    if (!a.writing()) v.resize(n);
    a.bytes(v.data(), n * sizeof(T));
}

template <class T>
    requires(!raw<T>)
void transfer(Archive& a, std::vector<T>& v) {
    const std::uint64_t n = a.count(v.size(), 1);
    if (!a.writing()) v.resize(n);
    for (T& x : v) transfer(a, x);
}

void transfer(Archive& a, std::optional<double>& v) {
    std::uint8_t has = v.has_value();
    double x = v.value_or(0.0);
    transfer(a, has);
    transfer(a, x);
    if (!a.writing()) v = has ? std::optional<double>(x) : std::nullopt;
}

void transfer(Archive& a, DhPiece& p) {
    transfer(a, p.neighbourhood);
    transfer(a, p.kx);
    transfer(a, p.ky);
    transfer(a, p.gj);
}

void transfer(Archive& a, SupplyAvailability& s) {
    transfer(a, s.residual_heat_distance_m);
    transfer(a, s.geothermal_distance_m);
    transfer(a, s.teo_gj);
    transfer(a, s.teo_distance_m);
    transfer(a, s.tea_gj);
    transfer(a, s.tea_distance_m);
    transfer(a, s.collective_spf);
}

template <class A, class B>
void transfer(Archive& a, std::pair<A, B>& p) {
    transfer(a, p.first);
    transfer(a, p.second);
}

void transfer(Archive& a, GeometryArray& g) {
    g.visit_buffers([&](auto& buffer) { transfer(a, buffer); });
    if (!a.writing() && !g.consistent()) a.damaged("a geometry's offsets do not fit its coordinates");
}

void transfer(Archive& a, Column& c) {
    transfer(a, c.name);
    transfer(a, c.type);
    transfer(a, c.text);
    transfer(a, c.numbers);
    transfer(a, c.present);
    transfer(a, c.description);
}

void transfer(Archive& a, Table& t) {
    transfer(a, t.name);
    transfer(a, t.has_geometry);
    transfer(a, t.geometry);
    transfer(a, t.columns);
}

void transfer(Archive& a, QualityRecord& r) {
    transfer(a, r.layer);
    transfer(a, r.feature_id);
    transfer(a, r.issue);
    transfer(a, r.detail);
}

// The log replayed: its records, then what was only counted.
void transfer(Archive& a, DataQuality& q) {
    std::vector<QualityRecord> records = q.records();
    std::vector<std::pair<std::pair<std::string, std::string>, std::uint64_t>> counts;
    for (const auto& [key, n] : q.counts()) counts.push_back({key, n});
    transfer(a, records);
    transfer(a, counts);
    if (a.writing()) return;
    q = DataQuality{};
    for (QualityRecord& r : records) q.record(std::move(r));
    for (const auto& [key, n] : counts)
        if (n > q.count_of(key.first, key.second)) q.count(key.first, key.second, n - q.count_of(key.first, key.second));
}

void transfer(Archive& a, DemandPoints& p) {
    transfer(a, p.shapes);
    transfer(a, p.neighbourhood);
    transfer(a, p.teo_gj);
    transfer(a, p.other_gj);
}

void transfer(Archive& a, LocalSummary& s) {
    transfer(a, s.cells);
    transfer(a, s.points);
    transfer(a, s.buurt);
    transfer(a, s.demand_gj);
    transfer(a, s.dwellings);
    transfer(a, s.dwelling_density_ha);
    transfer(a, s.group);
    std::uint64_t buildings = s.buildings;
    transfer(a, buildings);
    s.buildings = static_cast<std::size_t>(buildings);
    transfer(a, s.stations.served);
    transfer(a, s.stations.headroom);
}

// The structs of arrays through their own field lists (rows.hpp).
template <class Soa>
    requires requires(Soa& x) { x.for_each_column([](auto&) {}); }
void transfer(Archive& a, Soa& x) {
    x.for_each_column([&](auto& column) { transfer(a, column); });
}

void transfer_rest(Archive& a, LocalState& s) {
    transfer(a, s.neighbourhoods);
    transfer(a, s.overlay);
    transfer(a, s.network);
    transfer(a, s.dh);
    transfer(a, s.has_heat_network);
    transfer(a, s.dist_heat_network_m);
    transfer(a, s.wko_share);
    transfer(a, s.lt_share);
    transfer(a, s.linked_works_year);
    transfer(a, s.costing);
    transfer(a, s.measured_columns);
    transfer(a, s.grid_columns);
    transfer(a, s.buildings);
    transfer(a, s.building_kx);
    transfer(a, s.building_ky);
    transfer(a, s.building_has_cell);
    transfer(a, s.quality);
    transfer(a, s.grid_quality);
    transfer(a, s.input_sources);
    transfer(a, s.grid_names);
    transfer(a, s.timings);
}

// The per-buurt fields through the struct's own list (rows.hpp), then the rest.
template <class Soa>
void transfer_members(Archive& a, Soa& x) {
    Soa::for_each_member([&](auto member) { transfer(a, x.*member); });
}

void transfer(Archive& a, MatchingResult& m) {
    transfer_members(a, m);
    transfer(a, m.source_allocated_gj);
    transfer(a, m.allocations);
}

void transfer(Archive& a, GlobalState& g) {
    HeatGrid& grid = g.grid;
    transfer(a, grid.west);
    transfer(a, grid.north);
    transfer(a, grid.cell_size_m);
    transfer(a, grid.columns);
    transfer(a, grid.rows);
    transfer(a, grid.density_gj_ha);
    transfer(a, grid.in_dh_area);
    transfer(a, g.matching);
    transfer(a, g.source_type);
    transfer(a, g.source_shapes);
    transfer(a, g.source_id);
    transfer_members(a, g.other);
    transfer(a, g.residual_heat);
    transfer(a, g.stations);
    transfer(a, g.quality);
    transfer(a, g.timings);
}

// The header: what the file is and which library wrote it.
void header(Archive& a, const char* kind) {
    char m[8];
    std::memcpy(m, magic, 8);
    std::string k = kind_bytes(kind);
    std::uint32_t format = format_version;
    std::string library = version();
    a.bytes(m, 8);
    if (!a.writing() && std::memcmp(m, magic, 8) != 0) a.damaged("it does not start as a libwarmte state");
    a.bytes(k.data(), 8);
    if (!a.writing() && k != kind_bytes(kind)) a.damaged(std::string("it is not a ") + kind + " state");
    transfer(a, format);
    if (!a.writing() && format != format_version)
        a.damaged("it has format " + std::to_string(format) + ", this library reads " + std::to_string(format_version));
    transfer(a, library);
    if (!a.writing() && library != version()) a.damaged("libwarmte " + library + " wrote it, this is " + version());
}

// The local state: the header, the summary (all step 2 reads, with its own checksum), the rest.
void transfer_local(Archive& a, LocalState& s, bool summary_only = false) {
    header(a, "local");
    transfer(a, s.partition);
    transfer(a, s.summary);
    a.checkpoint();
    if (summary_only) return;
    transfer_rest(a, s);
    a.checkpoint();
}

}  // namespace

void save_state(const LocalState& state, const std::string& path) {
    Archive a(path, Archive::write);
    transfer_local(a, const_cast<LocalState&>(state));  // written, not changed: one field list serves both ways
    a.close();
}

void save_state(const GlobalState& state, const std::string& path) {
    Archive a(path, Archive::write);
    header(a, "global");
    transfer(a, const_cast<GlobalState&>(state));
    a.checkpoint();
    a.close();
}

LocalState load_local_state(const std::string& path) {
    Archive a(path, Archive::read);
    LocalState s;
    transfer_local(a, s);
    a.close();
    return s;
}

LocalSummary load_summary(const std::string& path) {
    Archive a(path, Archive::read);
    LocalState s;
    transfer_local(a, s, true);
    a.close(false);
    return std::move(s.summary);
}

GlobalState load_global_state(const std::string& path) {
    Archive a(path, Archive::read);
    GlobalState g;
    header(a, "global");
    transfer(a, g);
    a.checkpoint();
    a.close();
    return g;
}

}  // namespace warmte
