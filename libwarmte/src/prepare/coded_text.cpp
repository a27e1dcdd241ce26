#include "warmte/coded_text.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace warmte {

TextCodes::Code TextCodes::code_of(const std::string& value) {
    if (auto found = find(value)) return *found;
    if (names_.size() > std::numeric_limits<Code>::max())
        throw std::length_error("more than 65,536 distinct values in a coded text column ('" + value + "')");
    names_.push_back(value);
    const auto code = static_cast<Code>(names_.size() - 1);
    index_.emplace(value, code);
    return code;
}

std::optional<TextCodes::Code> TextCodes::find(const std::string& value) const {
    auto it = index_.find(value);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

CodedText::CodedText(std::initializer_list<std::string> values) {
    for (const std::string& v : values) push_back(v);
}

CodedText::CodedText(const std::vector<std::string>& values) {
    for (const std::string& v : values) push_back(v);
}

CodedText::CodedText(TextCodes codes, std::size_t n) : codes_(std::move(codes)), rows_(n, 0) {}

CodedLists::CodedLists(std::initializer_list<std::vector<std::string>> rows) {
    for (const auto& row : rows) push_back(row);
}

bool CodedLists::contains(std::size_t i, const std::string& value) const {
    const std::optional<Code> code = codes_.find(value);
    if (!code) return false;
    const auto row = codes(i);
    return std::find(row.begin(), row.end(), *code) != row.end();
}

std::vector<std::string> CodedLists::values(std::size_t i) const {
    std::vector<std::string> out;
    for (Code c : codes(i)) out.push_back(codes_.name(c));
    return out;
}

void CodedLists::push_back(std::span<const Code> row) {
    if (values_.size() + row.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("more than 2^32 values in a coded list column");
    values_.insert(values_.end(), row.begin(), row.end());
    offsets_.push_back(static_cast<std::uint32_t>(values_.size()));
}

void CodedLists::push_back(const std::vector<std::string>& row) {
    std::vector<Code> coded;
    for (const std::string& v : row) coded.push_back(code_of(v));
    push_back(coded);
}

void CodedLists::assign(std::size_t n, const std::vector<std::string>& row) {
    offsets_.assign(1, 0);
    values_.clear();
    for (std::size_t i = 0; i < n; ++i) push_back(row);
}

void CodedLists::reserve(std::size_t rows, std::size_t values) {
    offsets_.reserve(rows + 1);
    values_.reserve(values);
}

}  // namespace warmte
