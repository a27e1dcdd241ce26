#include <catch2/catch.hpp>

#include "warmte/error.hpp"
#include "warmte/redact.hpp"

using namespace warmte;

namespace {

struct Case {
    std::string source;
    std::string expected;
};

}  // namespace

TEST_CASE("redact hides the secret and keeps where the data came from") {
    const std::vector<Case> cases = {
        // libpq keywords, plain and quoted, spaces around '=', any case
        {"PG:host=db.example.nl port=5432 dbname=bag user=gis password=SECRET",
         "PG:host=db.example.nl port=5432 dbname=bag user=gis password=***"},
        {"PG:dbname=bag password='SE CR\\'ET' user=gis", "PG:dbname=bag password='***' user=gis"},
        {"PG:dbname=bag PASSWORD = SECRET user=gis", "PG:dbname=bag PASSWORD = *** user=gis"},
        {"PG:\"dbname='bag' password='SECRET'\"", "PG:\"dbname='bag' password='***'\""},
        // libpq: an unquoted value runs to white space, commas and semicolons included
        {"PG:dbname=bag password=SE,CR;ET host=h", "PG:dbname=bag password=*** host=h"},
        // 'password' as a table name or a schema is no secret
        {"PG:dbname=bag password=SECRET tables=password", "PG:dbname=bag password=*** tables=password"},
        {"PG:dbname=password user=password", "PG:dbname=password user=password"},
        // the secret equal to the database name: the database stays
        {"PG:dbname=bag user=bag password=bag", "PG:dbname=bag user=bag password=***"},
        // several secrets in one string
        {"PG:password=ONE dbname=bag pwd=TWO", "PG:password=*** dbname=bag pwd=***"},
        // GDAL's MySQL: commas; ODBC and MSSQL: semicolons and braces
        {"MySQL:bag,user=gis,password=SE CRET,host=db", "MySQL:bag,user=gis,password=***,host=db"},
        {"ODBC:DSN=bag;UID=gis;PWD={SE;C}}RET};Tables=pand", "ODBC:DSN=bag;UID=gis;PWD={***};Tables=pand"},
        // a driver prefix inside a secret decides nothing; a quoted value keeps its quotes
        {"PG:password=MySQL:z password=b,c", "PG:password=*** password=***"},
        {"PG:password='a'b c", "PG:password='***'b c"},
        {"MSSQL:server=.\\sql;database=bag;uid=gis;pwd=SECRET;tables=pand",
         "MSSQL:server=.\\sql;database=bag;uid=gis;pwd=***;tables=pand"},
        // URLs: user:password@ (percent-encoded too), secret query parameters, any case
        {"/vsicurl/https://gis:S%40CRET@data.example.nl/bag.gpkg", "/vsicurl/https://gis:***@data.example.nl/bag.gpkg"},
        {"PG:postgresql://gis:SECRET@db:5432/bag", "PG:postgresql://gis:***@db:5432/bag"},
        {"WFS:https://service.pdok.nl/wfs?request=GetCapabilities&token=SECRET&x=1",
         "WFS:https://service.pdok.nl/wfs?request=GetCapabilities&token=***&x=1"},
        {"OAPIF:https://api.example.nl/ogc?apikey=SE%2BCRET%3D%3D", "OAPIF:https://api.example.nl/ogc?apikey=***"},
        {"/vsicurl/https://b.blob.core.windows.net/c/bag.gpkg?sv=2022-11-02&se=2026-12-31&sp=r&sig=SECRET",
         "/vsicurl/https://b.blob.core.windows.net/c/bag.gpkg?sv=***&se=***&sp=r&sig=***"},
        {"/vsicurl/https://s3.example.com/b/bag.gpkg?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=SECRET&v=2",
         "/vsicurl/https://s3.example.com/b/bag.gpkg?X-Amz-Credential=***&X-Amz-Signature=***&v=2"},
        {"https://x/?AWSAccessKeyId=AKIA&Signature=SECRET&access_token=T0K&Key=K3Y",
         "https://x/?AWSAccessKeyId=***&Signature=***&access_token=***&Key=***"},
        // a URL inside a URL, percent-encoded: its separators are %3F, %26, %3D
        {"/vsicurl?url=https%3A%2F%2Fgis%3ASECRET%40h%2Fb.gpkg%3Ftoken%3DSECRET%26a%3Db&use_head=no",
         "/vsicurl?url=https%3A%2F%2Fgis%3A***%40h%2Fb.gpkg%3Ftoken%3D***%26a%3Db&use_head=no"},
        // a message around a source keeps its words
        {"buildings input 'PG:host=h dbname=bag password=SECRET': has no layer 'pand'",
         "buildings input 'PG:host=h dbname=bag password=***': has no layer 'pand'"},
        // nothing to hide
        {"town.gpkg:panden", "town.gpkg:panden"},
        {"https://service.pdok.nl/lv/bag/wfs/v2_0?request=GetCapabilities",
         "https://service.pdok.nl/lv/bag/wfs/v2_0?request=GetCapabilities"},
        {"C:\\data\\key=value.gpkg", "C:\\data\\key=value.gpkg"},
    };
    for (const Case& c : cases) {
        INFO(c.source);
        CHECK(redact(c.source) == c.expected);
        CHECK(redact(redact(c.source)) == redact(c.source));  // stable: runs from one source compare
        CHECK(holds_secret(c.source) == (c.source != c.expected));
    }
}

TEST_CASE("redact: a message naming a redacted source is unchanged by a second redaction") {
    std::string message = "buildings input '" + redact("PG:dbname=bag password='a b'") + "': has no layer";
    CHECK(message == "buildings input 'PG:dbname=bag password='***'': has no layer");
    CHECK(redact(message) == message);
    message = "input '" + redact("MySQL:bag,password=x y,host=h") + "': cannot be opened";
    CHECK(redact(message) == message);
}

TEST_CASE("every error libwarmte throws is redacted") {
    try {
        throw InputError("buildings input 'PG:dbname=bag password=SECRET': has no layer 'x'");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "buildings input 'PG:dbname=bag password=***': has no layer 'x'");
    }
}

TEST_CASE("the secret names are one table, lower case") {
    for (const SecretName& s : secret_names()) {
        for (char c : s.name) CHECK(c == static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        CHECK(!s.why.empty());
    }
}
