#include "tests/postgres/pg_test_database.hpp"

#include <cstdlib>
#include <random>

#include "common/util/files.hpp"

namespace clicfleet::server::test {

std::string postgres_url() {
    const char* file = std::getenv("CLICFLEET_TEST_POSTGRES_URL_FILE");
    if (!file) return {};
    auto text = common::read_file(file);
    return text ? common::trim(*text) : std::string();
}

common::Result<PgConnection> connect_in_schema(const std::string& schema) {
    auto db = PgConnection::connect(postgres_url(), std::chrono::seconds(10));
    if (!db) return db.error();
    // The name is made by the tests (letters, digits, '_'), never from outside.
    if (auto s =
            db->exec("CREATE SCHEMA IF NOT EXISTS " + schema + "; SET search_path TO " + schema);
        !s) {
        return s.error();
    }
    return db;
}

std::string fresh_schema_name(const std::string& prefix) {
    std::random_device seed;
    return prefix + "_" + std::to_string(seed()) + std::to_string(seed());
}

}  // namespace clicfleet::server::test
