#include "bindings.hpp"

#include "warmte/crs.hpp"
#include "warmte/error.hpp"
#include "warmte/pipeline.hpp"

namespace py = pybind11;

namespace warmte::python {

void bind_errors(py::module_& m) {
    // Registered base first: pybind11 tries the most recently registered translator first,
    // so each subclass is raised as itself.
    static py::exception<Error> error(m, "Error");
    static py::exception<InputError> input_error(m, "InputError", error.ptr());
    static py::exception<GeometryError> geometry_error(m, "GeometryError", error.ptr());
    static py::exception<ConfigError> config_error(m, "ConfigError", error.ptr());
    static py::exception<OutputError> output_error(m, "OutputError", error.ptr());
    static py::exception<Cancelled> cancelled(m, "Cancelled", error.ptr());
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const Cancelled& e) {
            cancelled(e.what());
        } catch (const ConfigError& e) {
            config_error(e.what());
        } catch (const GeometryError& e) {
            geometry_error(e.what());
        } catch (const InputError& e) {
            input_error(e.what());
        } catch (const OutputError& e) {
            output_error(e.what());
        } catch (const Error& e) {
            error(e.what());
        }
    });
}

}  // namespace warmte::python

PYBIND11_MODULE(_core, m) {
    m.doc() = "libwarmte core: the C++ analysis behind the warmte package";
    m.attr("__version__") = warmte::version();
    m.attr("proj_data_dir") = warmte::proj_data_dir();
    warmte::python::bind_errors(m);
    warmte::python::bind_analysis(m);
    warmte::python::bind_batch(m);
}
