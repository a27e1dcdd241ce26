#include "warmte/data_quality.hpp"

#include "warmte/redact.hpp"

namespace warmte {

void DataQuality::record(QualityRecord r) {
    // A detail may quote a source or GDAL's message about it: the data_quality layer is an output.
    r.detail = redact(r.detail);
    ++counts_[{r.layer, r.issue}];
    records_.push_back(std::move(r));
}

void DataQuality::count(const std::string& layer, const std::string& issue, std::size_t n) {
    if (n > 0) counts_[{layer, issue}] += n;
}

void DataQuality::merge(const DataQuality& other) {
    records_.insert(records_.end(), other.records_.begin(), other.records_.end());
    for (auto& [key, n] : other.counts_) counts_[key] += n;
}

std::size_t DataQuality::count_of(const std::string& layer, const std::string& issue) const {
    auto it = counts_.find({layer, issue});
    return it == counts_.end() ? 0 : it->second;
}

std::vector<std::string> DataQuality::summary_lines() const {
    std::vector<std::string> lines;
    for (auto& [key, n] : counts_)
        lines.push_back(key.first + ": " + std::to_string(n) + " " + key.second);
    return lines;
}

}  // namespace warmte
