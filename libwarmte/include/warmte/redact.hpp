// Secrets in data-source names (a PostGIS password, a token in a URL) never reach an output, a log
// or an error message. Everything that writes or prints a source name, or a message that may hold
// one (GDAL's own errors echo connection strings), passes it through redact() first; Error's
// constructor does so for every exception libwarmte throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace warmte {

/// Where a secret's name is recognised: as a keyword of a connection string ("password=..." in
/// PG:, MySQL:, ODBC: and MSSQL: names) or as a query parameter of a URL ("?token=...").
enum class SecretPlace { keyword, query, both };

/// One name whose value is a secret. `prefix` names a family (X-Amz-Signature, X-Amz-Credential...).
struct SecretName {
    std::string_view name;  // compared without regard to case
    SecretPlace place;
    bool prefix;
    std::string_view why;  // where the name comes from: which driver or service puts a secret there
};

/// The table of secret names: the one place to add a new one.
const std::vector<SecretName>& secret_names();

/// What a redacted secret reads as. Fixed, so two runs from the same source still compare.
inline constexpr std::string_view redacted_text = "***";

/// `text` with the value of every secret replaced by redacted_text: connection-string keywords
/// (plain, quoted with ' or ", ODBC braces, spaces around '='), URL user information
/// (user:secret@host, percent-encoded too) and secret query parameters (also inside a
/// percent-encoded URL such as /vsicurl?url=...). Everything else is kept: driver, host, port,
/// database, schema, table, user and the path of a URL. Works on a bare source name and on free
/// text holding one; redact(redact(x)) == redact(x).
std::string redact(std::string_view text);

/// True when redact() would change `text`.
bool holds_secret(std::string_view text);

}  // namespace warmte
