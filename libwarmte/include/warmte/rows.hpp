// Selecting rows of the struct-of-arrays results (a vector per field, one element per buurt): a
// struct lists its per-row fields once (for_each_column), and both select_rows and the saved
// states (phases.hpp) go through that list.
#pragma once

#include <cstddef>
#include <vector>

namespace warmte {

/// The elements of `v` at `rows`, in that order.
template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<std::size_t>& rows) {
    std::vector<T> out;
    out.reserve(rows.size());
    for (std::size_t r : rows) out.push_back(v[r]);
    return out;
}

/// `x` with only the rows `rows` of each of its per-row fields (x.for_each_column).
template <class Soa>
Soa select_rows(Soa x, const std::vector<std::size_t>& rows) {
    x.for_each_column([&](auto& column) { column = pick(column, rows); });
    return x;
}

/// A struct of arrays with only the rows `rows` of `from`'s per-row fields (Soa::for_each_member;
/// its other fields are left empty).
template <class Soa, class Row>
Soa picked_rows(const Soa& from, const std::vector<Row>& rows) {
    Soa out;
    Soa::for_each_member([&](auto member) {
        auto& to = out.*member;
        to.reserve(rows.size());
        for (Row r : rows) to.push_back((from.*member)[r]);
    });
    return out;
}

}  // namespace warmte
