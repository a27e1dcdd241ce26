// libFuzzer target: the CSV parameter tables (demand figures, labels, SPF, cost kentallen,
// insulation, practice factors, PBL's local practice factors) a user may pass instead of the
// built-in ones. The first byte picks the table the
// rest replaces; the others stay built in.
#include "warmte/csv.hpp"
#include "warmte/error.hpp"
#include "warmte/parameter_tables.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace warmte;
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    TableTexts texts = builtin_table_texts();
    std::string* tables[] = {&texts.residential, &texts.non_residential, &texts.labels,   &texts.spf,
                             &texts.cost_kentallen, &texts.insulation,  &texts.practice, &texts.local_practice};
    *tables[data[0] % std::size(tables)] = text;
    try {
        (void)parse_parameter_tables(texts);
    } catch (const Error&) {
        // a ConfigError naming the table and line: the expected outcome
    }
    try {
        (void)parse_csv(text, "fuzz.csv", {});
    } catch (const Error&) {
    }
    return 0;
}
