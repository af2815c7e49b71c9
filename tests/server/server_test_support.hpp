#pragma once
// Helpers for the server unit tests: waiting on the store's asynchronous
// writes without sleeping, reading the database directly, building
// enrollments and uploads, and a fixture that drives the API router
// without HTTP.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/protocol/messages.hpp"
#include "common/protocol/support_code.hpp"
#include "common/store/sqlite.hpp"
#include "common/util/crypto.hpp"
#include "server/api/router.hpp"
#include "server/auth/password.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::server::test {

/// The shared temporary directory of tests/support.
using TempDir = clicfleet::testing::TempDir;

/// One asynchronous completion: pass callback() to the store, then get() waits for it.
template <class T>
class Awaited {
  public:
    Completion<T> callback() {
        return [state = state_](Result<T> result) { state->set_value(std::move(result)); };
    }
    Result<T> get() { return future_.get(); }

  private:
    std::shared_ptr<std::promise<Result<T>>> state_ = std::make_shared<std::promise<Result<T>>>();
    std::future<Result<T>> future_ = state_->get_future();
};

inline std::unique_ptr<SqliteFleetStore> open_store(const std::filesystem::path& db,
                                                    StoreOptions options = {}) {
    auto store = SqliteFleetStore::open(db, std::move(options));
    if (!store) throw std::runtime_error("cannot open the store: " + store.error().message);
    return std::move(store).value();
}

inline Result<EnrolledDevice> enroll_and_wait(FleetStore& store, Enrollment enrollment) {
    Awaited<EnrolledDevice> done;
    store.enroll(std::move(enrollment), done.callback());
    return done.get();
}

inline Result<std::uint64_t> store_and_wait(FleetStore& store, ReportUpload upload) {
    Awaited<std::uint64_t> done;
    store.store_reports(std::move(upload), done.callback());
    return done.get();
}

inline Result<bool> create_session_and_wait(FleetStore& store, const std::string& token_hash,
                                            const std::string& username, TimePoint now,
                                            TimePoint expires_at) {
    Awaited<bool> done;
    store.create_session(token_hash, username, now, expires_at, done.callback());
    return done.get();
}

/// Records one handover through the handovers import; true when it was new.
inline Result<bool> record_handover_and_wait(BursaryStore& store, const Handover& h) {
    HandoverRow row{2,
                    h.serial,
                    h.pupil_ref,
                    h.last_name,
                    h.first_name,
                    h.school,
                    h.class_name,
                    *common::CivilDate::parse_iso(h.handed_on),
                    h.kind};
    Awaited<ImportOutcome> done;
    store.import_handovers({row}, false, Actor{"test", std::nullopt}, common::SystemClock().now(),
                           done.callback());
    auto outcome = done.get();
    if (!outcome) return outcome.error();
    if (!outcome->problems.empty()) {
        return common::make_error(common::Errc::invalid, outcome->problems.front().reason);
    }
    return handover_counts(*outcome).created > 0;
}

inline Result<MaintenanceReport> maintain_and_wait(FleetStore& store, TimePoint now,
                                                   MaintenancePolicy policy = {}) {
    Awaited<MaintenanceReport> done;
    store.run_maintenance(now, policy, done.callback());
    return done.get();
}

/// The laptop `serial` handed to pupil `ref` on `date` at `school`.
inline Handover handover_of(const std::string& serial, const std::string& ref,
                            const std::string& first, const std::string& last,
                            const std::string& school, const std::string& date = "2026-09-01") {
    Handover h;
    h.serial = serial;
    h.pupil_ref = ref;
    h.first_name = first;
    h.last_name = last;
    h.school = school;
    h.class_name = "CE2 A";
    h.handed_on = date;
    h.kind = "initial";
    return h;
}

/// A read-write connection to `db` (created if missing), or an exception.
inline Database open_database(const std::filesystem::path& db) {
    auto conn = Database::open(db, Database::Mode::read_write);
    if (!conn) throw std::runtime_error("cannot open the database: " + conn.error().message);
    return std::move(conn).value();
}

/// The single integer a query returns, read on a connection of its own.
/// Runs `sql` on a read-only connection of its own and reads its first row.
template <class Read>
auto query_first_row(const std::filesystem::path& db, const std::string& sql, Read read) {
    auto conn = Database::open(db, Database::Mode::read_only);
    if (!conn) throw std::runtime_error("cannot open the database: " + conn.error().message);
    auto stmt = conn->prepare(sql);
    if (!stmt) throw std::runtime_error("cannot prepare " + sql + ": " + stmt.error().message);
    auto row = stmt->step();
    if (!row || !*row) throw std::runtime_error("no result for " + sql);
    return read(*stmt);
}

inline std::int64_t query_int(const std::filesystem::path& db, const std::string& sql) {
    return query_first_row(db, sql, [](Statement& s) { return s.column_int(0); });
}

inline std::string query_text(const std::filesystem::path& db, const std::string& sql) {
    return query_first_row(db, sql, [](Statement& s) { return s.column_text(0); });
}

/// An enrollment of the laptop with this serial number, holding `token`.
inline Enrollment laptop_enrollment(const std::string& serial, const std::string& token,
                                    TimePoint at, const std::string& new_id = {}) {
    common::HostIdentity host;
    host.serial = serial;
    host.hostname = "host-" + serial;
    host.macs = {"a4:bb:6d:00:00:01"};
    return Enrollment{
        *hardware_key(host),       host, "0.1.0", new_id.empty() ? "dev-" + serial : new_id,
        common::sha256_hex(token), at};
}

inline common::ReportItem report_item(std::uint64_t seq, TimePoint collected_at) {
    common::ReportItem item;
    item.seq = seq;
    item.collected_at = collected_at;
    item.health.uptime_s = seq * 100;
    item.inventory_hash = "hash-1";
    return item;
}

inline ReportUpload upload_of(const std::string& device_id, std::vector<common::ReportItem> items,
                              TimePoint received_at,
                              std::optional<std::uint64_t> dropped = std::nullopt) {
    return ReportUpload{device_id, common::ReportBatch{"0.1.0", std::move(items), dropped},
                        received_at, false};
}

namespace json = boost::json;

inline constexpr const char* kEnrollSecret = "enroll-secret-0123456789abcdef";
inline constexpr const char* kMetricsToken = "metrics-token-0123456789abcdef";

inline json::value body_of(const common::HttpResponse& res) {
    return json::parse(res.body);
}

/// The `code` of a SPEC §4 error body.
inline std::string error_code(const common::HttpResponse& res) {
    return std::string(body_of(res).at("error").at("code").as_string());
}

/// The `field` of a SPEC §4 error body, empty when there is none.
inline std::string error_field(const common::HttpResponse& res) {
    const auto body = body_of(res);
    const auto& e = body.at("error").as_object();
    return e.contains("field") ? std::string(e.at("field").as_string()) : "";
}

inline common::HttpHeaders bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

/// An ApiRouter over a real store in a temp dir, a manual clock and a worker
/// pool: call() hands it one request and waits for the answer.
class ApiHarness : public ::testing::Test {
  protected:
    ApiHarness() {
        config_.password_iterations = 1000;
        config_.max_inflated_body_bytes = 64 * 1024;
        config_.report_interval_s = 600;
    }

    common::HttpResponse call(std::string method, std::string target, std::string body = {},
                              common::HttpHeaders headers = {}) {
        auto promise = std::make_shared<std::promise<common::HttpResponse>>();
        auto answer = promise->get_future();
        router_.handle(common::HttpRequest{std::move(method), std::move(target), std::move(headers),
                                           std::move(body), "127.0.0.1"},
                       [promise](common::HttpResponse res) { promise->set_value(std::move(res)); });
        // A guard against a handler that never answers, not a wait for time to pass.
        if (answer.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
            throw std::runtime_error("no response");
        }
        return answer.get();
    }

    std::string enroll_body(const std::string& serial, const std::string& secret = kEnrollSecret) {
        common::EnrollRequest req;
        req.enroll_secret = secret;
        req.host.serial = serial;
        req.host.hostname = "pupil-" + serial;
        req.agent_version = "0.1.0";
        return json::serialize(common::to_json(req));
    }

    struct Device {
        std::string id;
        std::string token;
        std::uint32_t number = 0;  ///< in support codes
    };
    Device enroll(const std::string& serial) {
        const auto res = call("POST", "/api/v1/agent/enroll", enroll_body(serial));
        if (res.status != 200) throw std::runtime_error("enroll failed: " + res.body);
        const auto v = body_of(res);
        const auto number = common::parse_device_number(v.at("device_number").as_string());
        if (!number) throw std::runtime_error("enroll answered no device number: " + res.body);
        return {std::string(v.at("device_id").as_string()),
                std::string(v.at("device_token").as_string()), *number};
    }

    /// An upload of `count` reports from `first_seq` on, collected now.
    std::string report_body(std::uint64_t first_seq, std::uint64_t count) {
        common::ReportBatch batch{"0.1.0", {}, std::nullopt};
        for (std::uint64_t seq = first_seq; seq < first_seq + count; ++seq) {
            batch.reports.push_back(report_item(seq, clock_.now()));
        }
        return json::serialize(common::to_json(batch));
    }

    /// Uploads one report for `device` carrying a probe ladder run with `verdict`.
    /// With `legacy`, the run carries a code from before the check character.
    common::ConnectivityRun report_run(const Device& device, std::uint64_t seq,
                                       const std::string& verdict, const std::string& run_id,
                                       bool legacy = true,
                                       std::string_view origin = common::kRunBySchedule) {
        common::ReportBatch batch{"0.1.0", {report_item(seq, clock_.now())}, std::nullopt};
        common::ConnectivityRun run;
        run.run_id = run_id;
        run.verdict = verdict;
        run.support_code =
            legacy ? verdict + "-" + run_id : common::format_support_code({verdict, device.number});
        run.origin = origin;
        run.started_at = clock_.now();
        common::ProbeStep step;
        step.step = verdict == "OK" ? "D" : verdict.substr(0, 1);
        step.result = verdict == "OK" ? "pass" : "fail";
        if (verdict != "OK") step.code = verdict;
        run.steps.push_back(step);
        batch.reports[0].connectivity = run;
        const auto res = call("POST", "/api/v1/agent/report",
                              json::serialize(common::to_json(batch)), bearer(device.token));
        if (res.status != 200) throw std::runtime_error("report failed: " + res.body);
        return run;
    }
    /// Adds user "alice" and logs her in; returns the API token.
    std::string login() { return login_as("alice", "admin"); }

    /// Adds a user with `role` and logs in; returns the API token.
    std::string login_as(const std::string& name, const std::string& role) {
        if (!store_->add_user({name, role, hash_password("correct horse", 1000)}, clock_.now())) {
            throw std::runtime_error("cannot add user");
        }
        const auto res = call("POST", "/api/v1/login",
                              R"({"username": ")" + name + R"(", "password": "correct horse"})");
        if (res.status != 200) throw std::runtime_error("login failed: " + res.body);
        return std::string(body_of(res).at("token").as_string());
    }

    // Declared so that the router and the workers go first, then the store.
    TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    ServerConfig config_;
    ServerMetrics metrics_;
    std::unique_ptr<SqliteFleetStore> store_ = open_store(dir_ / "clicfleet.db");
    ApiContext ctx_{*store_,
                    *store_,
                    clock_,
                    config_,
                    kEnrollSecret,
                    kMetricsToken,
                    hash_password("decoy", 1000),
                    LoginThrottle(clock_),
                    RateLimiter(clock_, 60, 60),
                    metrics_,
                    dir_ / "initial_admin_password"};
    common::WorkerPool workers_{2, 4096};
    common::WorkerPool password_workers_{1, 64};
    ApiRouter router_{ctx_, WorkerPools{workers_, password_workers_}};
};

}  // namespace clicfleet::server::test
