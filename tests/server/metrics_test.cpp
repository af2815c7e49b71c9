// /metrics in the Prometheus text format (SPEC §5.4): reports ingested,
// ingest and commit latency, open connections, devices by status, open
// alerts by rule; and the histogram and escaping underneath.

#include <atomic>

#include "server/metrics/metrics.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

/// The value on the line that starts with `series` followed by a space.
std::optional<std::string> sample(const std::string& text, const std::string& series) {
    const std::string prefix = "\n" + series + " ";
    const auto at = ("\n" + text).find(prefix);
    if (at == std::string::npos) return std::nullopt;
    const auto start = at + prefix.size() - 1;
    return text.substr(start, text.find('\n', start) - start);
}

TEST(LatencyHistogram, RendersCumulativeBucketsSumAndCount) {
    LatencyHistogram h({0.01, 0.1, 1});
    h.observe(5ms);
    h.observe(10ms);  // on a bound: counted in it
    h.observe(50ms);
    h.observe(3s);
    std::string out;
    h.render(out, "x_seconds", "help text");
    EXPECT_NE(out.find("# HELP x_seconds help text\n# TYPE x_seconds histogram\n"),
              std::string::npos);
    EXPECT_EQ(sample(out, "x_seconds_bucket{le=\"0.01\"}"), "2");
    EXPECT_EQ(sample(out, "x_seconds_bucket{le=\"0.1\"}"), "3");
    EXPECT_EQ(sample(out, "x_seconds_bucket{le=\"1\"}"), "3");
    EXPECT_EQ(sample(out, "x_seconds_bucket{le=\"+Inf\"}"), "4");
    EXPECT_EQ(sample(out, "x_seconds_count"), "4");
    EXPECT_EQ(sample(out, "x_seconds_sum"), "3.065");
}

TEST(LatencyHistogram, CountsEveryObservationFromManyThreads) {
    LatencyHistogram h({0.001});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&h] {
            for (int i = 0; i < 1000; ++i)
                h.observe(std::chrono::microseconds(i));
        });
    }
    for (auto& t : threads)
        t.join();
    std::string out;
    h.render(out, "y", "y");
    EXPECT_EQ(sample(out, "y_count"), "4000");
    EXPECT_EQ(sample(out, "y_bucket{le=\"0.001\"}"), "4000");
}

TEST(Metrics, EscapesLabelValues) {
    EXPECT_EQ(escape_label(R"(Ecole "Zola")"), R"(Ecole \"Zola\")");
    EXPECT_EQ(escape_label("a\\b\nc"), "a\\\\b\\nc");
}

TEST(Metrics, TheStoreReportsEveryGroupCommit) {
    TempDir dir;
    std::atomic<std::size_t> commits{0}, jobs{0};
    StoreOptions options;
    options.on_commit = [&](std::chrono::nanoseconds elapsed, std::size_t n) {
        EXPECT_GE(elapsed.count(), 0);
        ++commits;
        jobs += n;
    };
    auto store = open_store(dir / "clicfleet.db", options);
    ASSERT_TRUE(
        enroll_and_wait(*store, laptop_enrollment("SN1", "t", common::SystemClock().now())));
    EXPECT_EQ(commits.load(), 1u);
    EXPECT_EQ(jobs.load(), 1u);
}

class MetricsApi : public ApiHarness {};

TEST_F(MetricsApi, CountsReportsLatencyDevicesAndAlerts) {
    metrics_.open_connections = [] { return std::size_t{7}; };
    metrics_.refused_connections = [] { return std::uint64_t{4}; };
    metrics_.requests_refused_busy = 2;
    const Device device = enroll("SN1");
    auto res = call("POST", "/api/v1/agent/report", report_body(1, 3), bearer(device.token));
    ASSERT_EQ(res.status, 200) << res.body;
    res = call("POST", "/api/v1/agent/report", "{not json", bearer(device.token));
    ASSERT_EQ(res.status, 400);

    res = call("GET", "/metrics", {}, bearer(kMetricsToken));
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.content_type, "text/plain; version=0.0.4; charset=utf-8");
    const std::string& text = res.body;
    EXPECT_EQ(sample(text, "clicfleet_reports_ingested_total"), "3");
    EXPECT_EQ(sample(text, "clicfleet_report_uploads_refused_total"), "1");
    EXPECT_EQ(sample(text, "clicfleet_enrollments_total"), "1");
    EXPECT_EQ(sample(text, "clicfleet_ingest_duration_seconds_count"), "2");
    EXPECT_EQ(sample(text, "clicfleet_open_connections"), "7");
    EXPECT_EQ(sample(text, "clicfleet_connections_refused_total"), "4");
    EXPECT_EQ(sample(text, "clicfleet_requests_refused_busy_total"), "2");
    EXPECT_EQ(sample(text, "clicfleet_devices{status=\"online\"}"), "1");
    EXPECT_EQ(sample(text, "clicfleet_devices{status=\"missing\"}"), "0");
    EXPECT_EQ(sample(text, "clicfleet_open_alerts{rule=\"disk_low\"}"), "0");
    EXPECT_EQ(sample(text, "clicfleet_open_alerts{rule=\"duplicate_serial\"}"), "0");
    // Counts only: nothing that names a device or a person.
    EXPECT_EQ(text.find("SN1"), std::string::npos);
    EXPECT_EQ(text.find(device.id), std::string::npos);
}

TEST_F(MetricsApi, OnlyGetIsAllowed) {
    const auto res = call("POST", "/metrics", "x");
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow"), "GET");
}

TEST_F(MetricsApi, NeedTheMetricsTokenAsABearerToken) {
    EXPECT_EQ(call("GET", "/metrics").status, 401);
    EXPECT_EQ(call("GET", "/metrics", {}, bearer("metrics-token-0123456789abcdeX")).status, 401);
    const std::string admin = login();
    EXPECT_EQ(call("GET", "/metrics", {}, bearer(admin)).status, 401);
    EXPECT_EQ(call("GET", "/metrics", {}, bearer(kMetricsToken)).status, 200);
}

}  // namespace
}  // namespace clicfleet::server::test
