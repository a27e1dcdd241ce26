// The pieces of the extension module warmte._core, one bind_<area> function each.
#pragma once

#include <pybind11/pybind11.h>

namespace warmte::python {

void bind_errors(pybind11::module_& m);
void bind_analysis(pybind11::module_& m);
void bind_batch(pybind11::module_& m);

}  // namespace warmte::python
