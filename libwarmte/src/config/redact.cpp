#include "warmte/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace warmte {

const std::vector<SecretName>& secret_names() {
    static const std::vector<SecretName> names = {
        {"password", SecretPlace::both, false, "libpq (PG:), GDAL's MySQL:, a URL query"},
        {"pwd", SecretPlace::both, false, "ODBC: and MSSQL: connection strings"},
        {"passwd", SecretPlace::both, false, "older spelling of password in connection strings"},
        {"accountkey", SecretPlace::keyword, false, "Azure storage connection string"},
        {"sharedaccesssignature", SecretPlace::keyword, false, "Azure storage connection string"},
        {"aws_secret_access_key", SecretPlace::keyword, false, "AWS credentials written as key=value"},
        {"aws_session_token", SecretPlace::keyword, false, "AWS credentials written as key=value"},
        {"token", SecretPlace::query, false, "API tokens in URLs (PDOK keys, tile services)"},
        {"key", SecretPlace::query, false, "API keys in URLs"},
        {"apikey", SecretPlace::query, false, "API keys in URLs"},
        {"api_key", SecretPlace::query, false, "API keys in URLs"},
        {"access_token", SecretPlace::query, false, "OAuth 2 bearer token in a URL"},
        {"client_secret", SecretPlace::query, false, "OAuth 2 client secret in a URL"},
        {"sig", SecretPlace::query, false, "Azure SAS token: its signature"},
        {"sv", SecretPlace::query, false, "Azure SAS token: marks the URL as signed"},
        {"se", SecretPlace::query, false, "Azure SAS token: marks the URL as signed"},
        {"signature", SecretPlace::query, false, "signed URLs (AWS query authentication v2, CDNs)"},
        {"awsaccesskeyid", SecretPlace::query, false, "AWS query authentication v2"},
        {"x-amz-", SecretPlace::query, true, "AWS presigned URLs (X-Amz-Signature, -Credential, -Security-Token)"},
        {"x-goog-", SecretPlace::query, true, "Google Cloud Storage signed URLs"},
    };
    return names;
}

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Length of `c` at text[i], written plainly (1) or, when `encoded`, as %XX (3); 0 when absent.
std::size_t char_at(std::string_view text, std::size_t i, char c, bool encoded) {
    if (!encoded) return i < text.size() && text[i] == c ? 1 : 0;
    if (i + 3 <= text.size() && text[i] == '%') {
        int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
        if (hi >= 0 && lo >= 0 && static_cast<char>(hi * 16 + lo) == c) return 3;
    }
    return 0;
}

// The percent-decoded, lower-cased form of a query parameter's name.
std::string decoded_name(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '%' && i + 2 < name.size() && hex_value(name[i + 1]) >= 0 && hex_value(name[i + 2]) >= 0) {
            out.push_back(lower(static_cast<char>(hex_value(name[i + 1]) * 16 + hex_value(name[i + 2]))));
            i += 2;
        } else {
            out.push_back(lower(name[i]));
        }
    }
    return out;
}

bool is_secret(std::string_view lowered, SecretPlace place) {
    return std::any_of(secret_names().begin(), secret_names().end(), [&](const SecretName& s) {
        if (s.place != place && s.place != SecretPlace::both) return false;
        return s.prefix ? lowered.size() > s.name.size() && lowered.substr(0, s.name.size()) == s.name
                        : lowered == s.name;
    });
}

// Which grammar the connection string around text[i] follows: its driver prefix decides what
// ends an unquoted value (libpq: white space; GDAL's MySQL: a comma; ODBC: a semicolon). A
// source quoted in a message ("input 'PG:...': has no layer") also ends at its closing quote.
enum class Grammar { libpq, mysql, odbc, unknown };

struct Context {
    Grammar grammar = Grammar::unknown;
    char enclosing = 0;  // the quote before the driver prefix, if any
};

Context context_before(std::string_view text, std::size_t i) {
    static const std::array<std::pair<std::string_view, Grammar>, 5> prefixes = {{
        {"pg:", Grammar::libpq}, {"postgresql:", Grammar::libpq}, {"mysql:", Grammar::mysql},
        {"odbc:", Grammar::odbc}, {"mssql:", Grammar::odbc},
    }};
    std::optional<std::pair<std::size_t, Grammar>> last;
    for (auto [prefix, grammar] : prefixes) {
        for (std::size_t at = 0; at + prefix.size() <= i; ++at) {
            bool same = true;
            for (std::size_t k = 0; k < prefix.size() && same; ++k) same = lower(text[at + k]) == prefix[k];
            if (same && (!last || at > last->first)) last = {at, grammar};
        }
    }
    if (!last) return {};
    const char before = last->first > 0 ? text[last->first - 1] : 0;
    return {last->second, before == '\'' || before == '"' ? before : char{0}};
}

bool ends_unquoted(char c, const Context& context) {
    if (c == '\n' || c == '\r' || (context.enclosing && c == context.enclosing)) return true;
    switch (context.grammar) {
    case Grammar::libpq: return is_space(c);
    case Grammar::mysql: return c == ',';
    case Grammar::odbc: return c == ';';
    case Grammar::unknown: return is_space(c) || c == ';' || c == ',';
    }
    return true;
}

// End of the value that starts at text[i] (after "key="), by the grammar's quoting rules.
std::size_t value_end(std::string_view text, std::size_t i, const Context& context) {
    const Grammar g = context.grammar;
    const std::size_t n = text.size();
    if (i >= n) return n;
    // Already redacted: the marker and nothing of a secret after it.
    if (text.substr(i, redacted_text.size()) == redacted_text) {
        std::size_t after = i + redacted_text.size();
        if (after == n || ends_unquoted(text[after], context) || text[after] == '\'' || text[after] == '"' ||
            is_space(text[after]))
            return after;
    }
    if (text[i] == '\'' || text[i] == '"') {  // libpq: backslash escapes; others: to the closing quote
        const char quote = text[i];
        for (std::size_t k = i + 1; k < n; ++k) {
            if (text[k] == '\\' && g != Grammar::odbc) ++k;
            else if (text[k] == quote) return k + 1;
        }
        return n;
    }
    if (text[i] == '{') {  // ODBC: braces, "}}" for a brace inside
        for (std::size_t k = i + 1; k < n; ++k) {
            if (text[k] != '}') continue;
            if (k + 1 < n && text[k + 1] == '}') ++k;
            else return k + 1;
        }
        return n;
    }
    std::size_t k = i;
    while (k < n && !ends_unquoted(text[k], context)) {
        if (text[k] == '\\' && g == Grammar::libpq && k + 1 < n) ++k;
        ++k;
    }
    return k;
}

bool keyword_boundary(std::string_view text, std::size_t i) {
    if (i == 0) return true;
    char c = text[i - 1];
    return is_space(c) || c == ';' || c == ',' || c == ':' || c == '\'' || c == '"' || c == '{' || c == '(';
}

// "password = value" at text[i]: the end of the key (before '=') and where the value starts.
struct Keyword {
    std::size_t value_begin;
};

std::optional<Keyword> keyword_at(std::string_view text, std::size_t i) {
    if (!keyword_boundary(text, i) || !std::isalpha(static_cast<unsigned char>(text[i]))) return std::nullopt;
    std::size_t k = i;
    while (k < text.size() && (std::isalnum(static_cast<unsigned char>(text[k])) || text[k] == '_')) ++k;
    std::string name;
    for (std::size_t c = i; c < k; ++c) name.push_back(lower(text[c]));
    if (!is_secret(name, SecretPlace::keyword)) return std::nullopt;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
    if (k >= text.size() || text[k] != '=') return std::nullopt;
    ++k;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
    return Keyword{k};
}

// A URL's "scheme://user:secret@": the range of the secret, when text[i] starts "://".
std::optional<std::pair<std::size_t, std::size_t>> userinfo_secret(std::string_view text, std::size_t i, bool encoded) {
    std::size_t k = i;
    for (char c : {':', '/', '/'}) {
        std::size_t len = char_at(text, k, c, encoded);
        if (len == 0) return std::nullopt;
        k += len;
    }
    const std::size_t authority = k;
    std::size_t end = authority, at = std::string_view::npos;
    while (end < text.size() && !is_space(text[end]) && text[end] != '\'' && text[end] != '"') {
        if (char_at(text, end, '/', encoded) || char_at(text, end, '?', encoded) || char_at(text, end, '#', encoded))
            break;
        if (encoded && (text[end] == '&' || text[end] == '/')) break;
        if (std::size_t len = char_at(text, end, '@', encoded)) {
            at = end;
            end += len;
            continue;
        }
        ++end;
    }
    if (at == std::string_view::npos) return std::nullopt;
    for (std::size_t c = authority; c < at;) {
        if (std::size_t len = char_at(text, c, ':', encoded)) return std::pair{c + len, at};
        ++c;
    }
    return std::nullopt;
}

// A secret query parameter "?name=value" or "&name=value" at text[i] (its separator): the range
// of the value. `encoded` for a URL inside a URL (%3F, %26, %3D).
std::optional<std::pair<std::size_t, std::size_t>> query_secret(std::string_view text, std::size_t i, bool encoded) {
    std::size_t sep = char_at(text, i, '?', encoded);
    if (!sep) sep = char_at(text, i, '&', encoded);
    if (!sep) return std::nullopt;
    const std::size_t name_begin = i + sep;
    std::size_t k = name_begin, eq = 0;
    while (k < text.size() && !is_space(text[k]) && text[k] != '&' && text[k] != '#' && text[k] != '\'' &&
           text[k] != '"') {
        if ((eq = char_at(text, k, '=', encoded))) break;
        if (encoded && char_at(text, k, '&', true)) break;
        ++k;
    }
    if (!eq || k == name_begin || !is_secret(decoded_name(text.substr(name_begin, k - name_begin)), SecretPlace::query))
        return std::nullopt;
    const std::size_t begin = k + eq;
    std::size_t end = begin;
    while (end < text.size() && !is_space(text[end]) && text[end] != '&' && text[end] != '#' && text[end] != '\'' &&
           text[end] != '"' && !(encoded && (char_at(text, end, '&', true) || char_at(text, end, '#', true))))
        ++end;
    return std::pair{begin, end};
}

}  // namespace

// What a secret's value becomes: the marker, inside the quotes or braces it was written in, so a
// second redaction finds the same value end and changes nothing.
std::string replacement(std::string_view value) {
    char open = 0, close = 0;
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
        open = close = value.front();
    else if (value.size() >= 2 && value.front() == '{' && value.back() == '}')
        open = '{', close = '}';
    std::string out;
    if (open) out.push_back(open);
    out.append(redacted_text);
    if (close) out.push_back(close);
    return out;
}

std::string redact(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;  // text before i is in out, secrets replaced
    for (std::size_t at = 0; at < text.size();) {
        std::optional<std::pair<std::size_t, std::size_t>> secret;
        if (auto kw = keyword_at(text, at)) {
            // The driver prefix is looked for in what is already redacted, so a prefix inside a
            // secret (password=MySQL:...) decides nothing, on this pass or the next.
            std::string before = out;
            before.append(text.substr(i, at - i));
            secret = std::pair{kw->value_begin, value_end(text, kw->value_begin, context_before(before, before.size()))};
        } else {
            for (bool encoded : {false, true}) {
                if (!secret) secret = userinfo_secret(text, at, encoded);
                if (!secret) secret = query_secret(text, at, encoded);
            }
        }
        if (!secret) {
            ++at;
            continue;
        }
        auto [begin, end] = *secret;
        const std::string_view value = text.substr(begin, end - begin);
        const std::string marker = replacement(value);
        if (value != marker) {
            out.append(text.substr(i, begin - i)).append(marker);
            i = end;
        }
        at = std::max(end, at + 1);
    }
    out.append(text.substr(i));
    return out;
}

bool holds_secret(std::string_view text) { return redact(text) != text; }

}  // namespace warmte
