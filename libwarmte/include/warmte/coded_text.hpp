// Text with few distinct values over many rows, such as a country's energy labels or its
// buildings' BAG uses: each distinct value is kept once and each row holds small codes into that
// list. Ten million buildings then take two bytes a value instead of a std::string (32 bytes and
// often an allocation) or a vector of them (a further 24 bytes and an allocation each).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace warmte {

/// The list of distinct values and their codes (in the order first seen).
class TextCodes {
public:
    using Code = std::uint16_t;
    /// The code of `value`, added when new. Throws std::length_error past 65,536 distinct values.
    Code code_of(const std::string& value);
    /// The code of `value` when it is in the list.
    std::optional<Code> find(const std::string& value) const;
    const std::string& name(Code code) const { return names_[code]; }
    const std::vector<std::string>& names() const { return names_; }

private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, Code> index_;
};

/// One value per row.
class CodedText {
public:
    using Code = TextCodes::Code;
    CodedText() = default;
    /// The rows' values (tests and small inputs).
    CodedText(std::initializer_list<std::string> values);
    explicit CodedText(const std::vector<std::string>& values);
    /// `n` rows of `codes`' first value; set them with set().
    CodedText(TextCodes codes, std::size_t n);

    std::size_t size() const { return rows_.size(); }
    const std::string& operator[](std::size_t i) const { return codes_.name(rows_[i]); }
    Code code(std::size_t i) const { return rows_[i]; }
    void set(std::size_t i, Code code) { rows_[i] = code; }
    void push_back(const std::string& value) { rows_.push_back(codes_.code_of(value)); }
    /// The distinct values and their codes.
    const TextCodes& dictionary() const { return codes_; }

private:
    TextCodes codes_;
    std::vector<Code> rows_;
};

/// A list of values per row (possibly empty), stored as one run of codes with row offsets.
class CodedLists {
public:
    using Code = TextCodes::Code;
    CodedLists() = default;
    /// The rows' lists (tests and small inputs).
    CodedLists(std::initializer_list<std::vector<std::string>> rows);

    std::size_t size() const { return offsets_.size() - 1; }
    /// Where row i's values lie in the run of all values: [first(i), first(i) + count(i)).
    std::size_t first(std::size_t i) const { return offsets_[i]; }
    std::size_t count(std::size_t i) const { return offsets_[i + 1] - offsets_[i]; }
    std::span<const Code> codes(std::size_t i) const {
        return std::span<const Code>(values_).subspan(offsets_[i], count(i));
    }
    const std::string& at(std::size_t i, std::size_t k) const { return codes_.name(values_[offsets_[i] + k]); }
    bool contains(std::size_t i, const std::string& value) const;
    std::vector<std::string> values(std::size_t i) const;

    /// The code of `value`, added to the list of names when new (before appending rows with it).
    Code code_of(const std::string& value) { return codes_.code_of(value); }
    /// The distinct values and their codes.
    const TextCodes& dictionary() const { return codes_; }
    /// Appends a row.
    void push_back(std::span<const Code> row);
    void push_back(const std::vector<std::string>& row);
    /// `n` rows of `row` each.
    void assign(std::size_t n, const std::vector<std::string>& row);
    void reserve(std::size_t rows, std::size_t values);

private:
    TextCodes codes_;
    std::vector<std::uint32_t> offsets_{0};
    std::vector<Code> values_;
};

}  // namespace warmte
