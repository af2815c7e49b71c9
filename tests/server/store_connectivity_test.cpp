// SqliteFleetStore keeps the probe ladder run of each report once (SPEC §3.3),
// findable by support code.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "server/store/sqlite_fleet_store.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

common::ConnectivityRun sample_run(const std::string& run_id) {
    common::ConnectivityRun run;
    run.run_id = run_id;
    run.started_at = common::from_unix_seconds(1'800'000'000);
    run.verdict = "D2";
    run.support_code = run.verdict + "-" + run_id;
    run.steps = {{"L", "pass", {}, 0.4, {}, 70, {}, {}, {}, {}},
                 {"D", "fail", "D2", 812.0, 640.0, {}, 0, 3, {}, "system resolver failed"}};
    return run;
}

/// One text column of the single row a query returns.
std::string query_text(const std::filesystem::path& db, const std::string& sql) {
    auto conn = common::Database::open(db, common::Database::Mode::read_only);
    if (!conn) throw std::runtime_error(conn.error().message);
    auto stmt = conn->prepare(sql);
    if (!stmt) throw std::runtime_error(stmt.error().message);
    auto row = stmt->step();
    if (!row || !*row) throw std::runtime_error("no row for " + sql);
    return stmt->column_text(0);
}

class StoreConnectivity : public ::testing::Test {
  protected:
    StoreConnectivity() {
        auto enrolled = test::enroll_and_wait(
            *store_, test::laptop_enrollment("SN1", "token-1", clock_.now(), "dev-1"));
        if (!enrolled) throw std::runtime_error(enrolled.error().message);
    }
    std::filesystem::path db() const { return dir_ / "clicfleet.db"; }
    std::int64_t runs() const {
        return test::query_int(db(), "SELECT count(*) FROM connectivity_runs");
    }
    Result<std::uint64_t> upload(std::vector<common::ReportItem> items) {
        return test::store_and_wait(*store_,
                                    test::upload_of("dev-1", std::move(items), clock_.now()));
    }
    common::ReportItem item(std::uint64_t seq, const std::string& run_id) {
        auto i = test::report_item(seq, clock_.now());
        i.connectivity = sample_run(run_id);
        return i;
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_ = test::open_store(db());
};

TEST_F(StoreConnectivity, StoresARunOnceEvenWhenTheReportIsSentAgain) {
    ASSERT_TRUE(upload({item(1, "7KQ4")}));
    ASSERT_TRUE(upload({item(1, "7KQ4")}));  // a resend after a lost ack
    EXPECT_EQ(runs(), 1);
    EXPECT_EQ(query_text(db(),
                         "SELECT device_id || ' ' || seq || ' ' || run_id || ' ' || "
                         "verdict FROM connectivity_runs WHERE support_code = 'D2-7KQ4'"),
              "dev-1 1 7KQ4 D2");
    EXPECT_EQ(test::query_int(db(), "SELECT started_at FROM connectivity_runs"), 1'800'000'000);
    const auto steps =
        boost::json::parse(query_text(db(), "SELECT steps_json FROM connectivity_runs"));
    ASSERT_EQ(steps.as_array().size(), 2u);
    EXPECT_EQ(steps.at(1).at("code").as_string(), "D2");
}

TEST_F(StoreConnectivity, KeepsARunWhoseIdRepeatsOnALaterReport) {
    // 20 random bits repeat on one device within months: both runs stay.
    ASSERT_TRUE(upload({item(1, "7KQ4"), item(2, "7KQ4")}));
    EXPECT_EQ(runs(), 2);
}

TEST_F(StoreConnectivity, AReportWithoutARunStoresNone) {
    ASSERT_TRUE(upload({test::report_item(1, clock_.now())}));
    EXPECT_EQ(runs(), 0);
}

}  // namespace
}  // namespace clicfleet::server
