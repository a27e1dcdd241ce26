// What the run repaired, dropped, filtered or assumed, per feature and in counts, so nothing
// disappears without a trace.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace warmte {

struct QualityRecord {
    std::string layer;        // input role: neighbourhoods, buildings, water
    std::int64_t feature_id;  // feature id in the source
    std::string issue;        // short key, e.g. "repaired_invalid_geometry"
    std::string detail;       // GEOS reason, the value found, the fallback used
};

class DataQuality {
public:
    /// Records one feature-level issue (counted too).
    void record(QualityRecord r);
    /// Counts an issue without a per-feature record (for bulk filters such as BAG status).
    void count(const std::string& layer, const std::string& issue, std::size_t n = 1);
    /// Appends everything of `other`, keeping order.
    void merge(const DataQuality& other);

    std::size_t count_of(const std::string& layer, const std::string& issue) const;
    const std::vector<QualityRecord>& records() const { return records_; }
    /// (layer, issue) -> number of features, sorted by key.
    const std::map<std::pair<std::string, std::string>, std::size_t>& counts() const { return counts_; }
    /// One line per (layer, issue) for the CLI's summary.
    std::vector<std::string> summary_lines() const;

private:
    std::vector<QualityRecord> records_;
    std::map<std::pair<std::string, std::string>, std::size_t> counts_;
};

}  // namespace warmte
