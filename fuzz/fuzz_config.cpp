// libFuzzer target: the TOML configuration (project files and --config). Besides "no crash":
// whatever parses describes itself, and its effective TOML (written into every output for
// provenance) parses back to the same effective TOML.
#include "warmte/config.hpp"
#include "warmte/error.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace warmte;
    const std::string text(reinterpret_cast<const char*>(data), size);
    Config config;
    try {
        config = parse_config(text, "fuzz.toml", "/fuzz");
    } catch (const Error&) {
        return 0;  // a ConfigError naming the key or line: the expected outcome
    }
    (void)describe(config);
    const std::string effective = to_toml(config);
    try {
        if (to_toml(parse_config(effective, "effective.toml", "/fuzz")) != effective) std::abort();
    } catch (const Error&) {
        std::abort();  // the provenance TOML of an accepted configuration must read back
    }
    return 0;
}
