// clicfleet-dbbench: times the admin API's reads on a fleet database (made by
// clicfleet-fleetgen) through the server's own store, against the SPEC §9
// target of 100 ms: the fleet summary, the first page of the device list with
// and without filters, a device's detail and its history. Warm cache: each
// query runs once untimed, then --runs times.
//
// With --check it also verifies the store against the raw tables (counts by
// status and school, every list page sequence covering each device exactly
// once, in order) and exits non-zero on a mismatch: the small-scale ctest.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/store/sqlite.hpp"
#include "common/util/text.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "tests/bench/fleet_db_common.hpp"

namespace clicfleet::bench {
namespace {

namespace fs = std::filesystem;
using common::Database;
using common::Statement;
using server::DeviceFilter;
using server::DevicePageRequest;
using server::DeviceSort;
using server::SqliteFleetStore;

constexpr std::int64_t kDay = 86400;

struct Options {
    std::string db;
    int runs = 20;
    bool check = false;
    std::optional<std::int64_t> now;
    double target_ms = 100;
    std::string text = "martin";
    std::optional<std::string> school;
    int history_days = 14;
};

template <class T>
T value_or_throw(common::Result<T> result, const std::string& what) {
    if (!result) throw std::runtime_error(what + ": " + common::describe(result.error()));
    return std::move(result).value();
}

Statement prepare(Database& db, const std::string& sql) {
    return value_or_throw(db.prepare(sql), sql);
}

/// The first column of the first row of `sql`, as text; nothing without a row.
std::optional<std::string> scalar(Database& db, const std::string& sql) {
    auto stmt = prepare(db, sql);
    if (!value_or_throw(stmt.step(), sql) || stmt.column_is_null(0)) return std::nullopt;
    return stmt.column_text(0);
}

// ---------------------------------------------------------------- timing

struct Timing {
    std::string name;
    std::vector<double> ms;  ///< sorted
    std::size_t rows = 0;
    double min() const { return ms.front(); }
    double median() const {
        const std::size_t n = ms.size();
        return n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    }
    double p95() const {
        const auto rank =
            static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(ms.size())));
        return ms[std::max<std::size_t>(rank, 1) - 1];
    }
};

/// Runs `query` once to warm the caches, then `runs` times; it returns the rows it read.
Timing time_query(const std::string& name, int runs, const std::function<std::size_t()>& query) {
    Timing t{name, {}, query()};
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        t.rows = query();
        t.ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(t.ms.begin(), t.ms.end());
    return t;
}

// ---------------------------------------------------------------- the check

/// One laptop of the fleet as the raw tables say, independently of the
/// store's views and queries.
struct Expected {
    std::string id;
    std::optional<std::string> serial, hostname, school, first_name, last_name;
    std::optional<std::int64_t> last_seen;
    std::string status;
    bool open_alert = false;
};

class Checker {
  public:
    Checker(SqliteFleetStore& store, Database& raw, common::TimePoint now)
        : store_(store), raw_(raw), now_(now) {}

    int run(const std::string& school, const std::string& text);

  private:
    void load();
    void fail(const std::string& what) {
        ++failures_;
        std::cout << "MISMATCH: " << what << "\n";
    }
    std::string key_of(const Expected& e, DeviceSort sort) const {
        switch (sort) {
            case DeviceSort::hostname:
                return e.hostname.value_or("");
            case DeviceSort::id:
                return e.id;
            case DeviceSort::serial:
            // The orders that reports change are not walked here: the check
            // pages the fleet as it is, in the orders that never move.
            case DeviceSort::last_seen:
            case DeviceSort::status:
            case DeviceSort::open_alerts:
                break;
        }
        return e.serial.value_or("");
    }
    /// Pages through the list; checks each device comes once, in order, and
    /// that together they are exactly `expected`.
    void check_paging(const std::string& what, const DeviceFilter& filter, DeviceSort sort,
                      bool descending, const std::function<bool(const Expected&)>& expected);
    void check_summary();
    void check_device();

    SqliteFleetStore& store_;
    Database& raw_;
    common::TimePoint now_;
    std::map<std::string, Expected> fleet_;
    int failures_ = 0;
    std::size_t pages_ = 0;
};

void Checker::load() {
    struct Holder {
        std::string handed_on;
        std::int64_t id;
        std::string first, last;
        std::optional<std::string> school;
    };
    std::map<std::string, Holder> holder;  // by serial: the latest handover
    auto h = prepare(raw_,
                     "SELECT h.serial, h.handed_on, h.id, p.first_name, p.last_name, s.name "
                     "FROM handovers h JOIN pupils p ON p.ref = h.pupil_ref "
                     "LEFT JOIN schools s ON s.id = p.school_id");
    while (value_or_throw(h.step(), "handovers")) {
        Holder next{h.column_text(1), h.column_int(2), h.column_text(3), h.column_text(4),
                    h.column_optional_text(5)};
        auto [it, added] = holder.try_emplace(h.column_text(0), next);
        if (!added &&
            std::tie(next.handed_on, next.id) > std::tie(it->second.handed_on, it->second.id))
            it->second = next;
    }
    std::set<std::string> alerted;
    auto a = prepare(raw_, "SELECT device_id FROM alerts WHERE resolved_at IS NULL");
    while (value_or_throw(a.step(), "alerts"))
        alerted.insert(a.column_text(0));
    std::set<std::string> enrolled_serials;
    auto d = prepare(raw_, "SELECT id, serial, hostname, last_seen_at FROM devices");
    const server::StatusThresholds thresholds;
    while (value_or_throw(d.step(), "devices")) {
        Expected e;
        e.id = d.column_text(0);
        e.serial = d.column_optional_text(1);
        e.hostname = d.column_optional_text(2);
        if (!d.column_is_null(3)) e.last_seen = d.column_int(3);
        e.status = server::device_status(
            e.last_seen ? std::optional(common::from_unix_seconds(*e.last_seen)) : std::nullopt,
            now_, thresholds);
        e.open_alert = alerted.count(e.id) > 0;
        if (e.serial) {
            enrolled_serials.insert(*e.serial);
            if (auto it = holder.find(*e.serial); it != holder.end()) {
                e.school = it->second.school;
                e.first_name = it->second.first;
                e.last_name = it->second.last;
            }
        }
        fleet_[e.id] = e;
    }
    for (const auto& [serial, who] : holder) {
        if (enrolled_serials.count(serial)) continue;
        Expected e;
        e.id = "serial:" + serial;
        e.serial = serial;
        e.status = "never_seen";
        e.school = who.school;
        e.first_name = who.first;
        e.last_name = who.last;
        fleet_[e.id] = e;
    }
}

void Checker::check_paging(const std::string& what, const DeviceFilter& filter, DeviceSort sort,
                           bool descending, const std::function<bool(const Expected&)>& expected) {
    DevicePageRequest request;
    request.filter = filter;
    request.sort = sort;
    request.descending = descending;
    request.limit = 7;  // many pages, and a last one that is not full
    std::vector<std::string> ids;
    for (std::size_t page = 0;; ++page) {
        auto result = value_or_throw(store_.list_devices(request, now_, {}), what);
        ++pages_;
        for (const auto& row : result.devices)
            ids.push_back(row.id);
        if (!result.next) break;
        if (result.devices.size() != request.limit)
            fail(what + ": a page that is not full has a next");
        request.after = result.next;
        if (page > fleet_.size()) {
            fail(what + ": paging does not end");
            return;
        }
    }
    std::set<std::string> seen;
    std::optional<std::pair<std::string, std::string>> previous;
    for (const auto& id : ids) {
        if (!seen.insert(id).second) fail(what + ": " + id + " listed twice");
        const auto it = fleet_.find(id);
        if (it == fleet_.end()) {
            fail(what + ": " + id + " is not in the fleet");
            continue;
        }
        if (!expected(it->second)) fail(what + ": " + id + " does not match the filter");
        const std::pair current{key_of(it->second, sort), id};
        if (previous && (descending ? current > *previous : current < *previous))
            fail(what + ": " + id + " out of order");
        previous = current;
    }
    std::size_t want = 0;
    for (const auto& [id, e] : fleet_) {
        if (!expected(e)) continue;
        ++want;
        if (!seen.count(id)) fail(what + ": " + id + " never listed");
    }
    std::cout << fmt::format("check: {:<40} {:>7} devices listed, {:>7} expected\n", what,
                             seen.size(), want);
}

void Checker::check_summary() {
    const auto summary = value_or_throw(store_.fleet_summary(now_, {}), "fleet_summary");
    std::map<std::string, std::int64_t> by_status, by_school;
    for (const char* s : {"online", "offline", "stale", "missing", "never_seen"})
        by_status[s] = 0;
    for (const auto& [id, e] : fleet_) {
        ++by_status[e.status];
        ++by_school[e.school.value_or("unknown")];
    }
    std::int64_t sum = 0;
    for (const auto& [status, n] : summary.by_status)
        sum += n;
    if (sum != summary.total)
        fail(fmt::format("by status sums to {}, total is {}", sum, summary.total));
    if (summary.total != static_cast<std::int64_t>(fleet_.size()))
        fail(fmt::format("summary total {}, the fleet has {}", summary.total, fleet_.size()));
    if (summary.by_status != by_status) fail("counts by status differ from the raw tables");
    if (summary.by_school != by_school) fail("counts by school differ from the raw tables");
    std::string line;
    for (const auto& [status, n] : summary.by_status)
        line += fmt::format(" {} {}", status, n);
    std::cout << fmt::format("check: summary total {} =", summary.total) << line << "\n";
}

void Checker::check_device() {
    for (const auto& [id, e] : fleet_) {
        if (id.rfind("serial:", 0) == 0) {
            auto d = value_or_throw(store_.device(id), "device");
            if (!d || d->enrolled) fail("device " + id + ": a never-enrolled laptop expected");
            break;
        }
    }
    const auto enrolled = std::find_if(fleet_.begin(), fleet_.end(), [](const auto& entry) {
        return entry.first.rfind("serial:", 0) != 0;
    });
    if (enrolled == fleet_.end()) return;
    const std::string id = enrolled->first;
    auto d = value_or_throw(store_.device(id), "device");
    if (!d || d->summary.id != id || !d->enrolled) fail("device " + id + " not found");
    server::HistoryRequest request{id, now_ - std::chrono::days(14),
                                   now_ + std::chrono::seconds(1)};
    const auto history = value_or_throw(store_.device_history(request), "device_history");
    auto count = prepare(raw_,
                         "SELECT count(*) FROM reports WHERE device_id = ?1 AND "
                         "collected_at >= ?2 AND collected_at < ?3");
    count.bind(1, id)
        .bind(2, common::to_unix_seconds(request.from))
        .bind(3, common::to_unix_seconds(request.to));
    (void)value_or_throw(count.step(), "count");
    const auto want = std::min<std::int64_t>(count.column_int(0), 5000);
    if (static_cast<std::int64_t>(history.samples.size()) != want)
        fail(fmt::format("history of {}: {} samples, the table has {}", id, history.samples.size(),
                         want));
    std::cout << fmt::format("check: history of one device: {} samples, {} days\n",
                             history.samples.size(), history.days.size());
}

int Checker::run(const std::string& school, const std::string& text) {
    load();
    auto fk = prepare(raw_, "PRAGMA foreign_key_check");
    if (value_or_throw(fk.step(), "foreign_key_check")) fail("foreign key violations");
    // The trigger-kept holder table against a computation from scratch.
    auto drift = prepare(raw_,
                         "SELECT count(*) FROM (SELECT * FROM (SELECT * FROM current_holder EXCEPT "
                         "SELECT * FROM holder_of_serial) UNION ALL SELECT * FROM (SELECT * FROM "
                         "holder_of_serial EXCEPT SELECT * FROM current_holder))");
    value_or_throw(drift.step(), "current_holder check");
    if (drift.column_int(0) != 0) {
        fail(fmt::format("current_holder differs from holder_of_serial in {} rows",
                         drift.column_int(0)));
    }
    check_summary();
    for (const DeviceSort sort : {DeviceSort::serial, DeviceSort::hostname, DeviceSort::id}) {
        for (const bool descending : {false, true}) {
            const char* names[] = {"serial", "hostname", "id"};
            check_paging(fmt::format("all, by {}{}", names[static_cast<int>(sort)],
                                     descending ? " desc" : ""),
                         {}, sort, descending, [](const Expected&) { return true; });
        }
    }
    for (const char* status : {"online", "offline", "stale", "missing", "never_seen"}) {
        DeviceFilter f;
        f.status = status;
        check_paging(fmt::format("status={}", status), f, DeviceSort::serial, false,
                     [&](const Expected& e) { return e.status == status; });
    }
    DeviceFilter by_school;
    by_school.school = school;
    check_paging("school=" + school, by_school, DeviceSort::serial, false,
                 [&](const Expected& e) { return e.school == school; });
    DeviceFilter by_text;
    by_text.text = text;
    const std::string needle = common::ascii_lower(text);
    check_paging("text=" + text, by_text, DeviceSort::serial, false, [&](const Expected& e) {
        const auto has = [&](const std::optional<std::string>& s) {
            return s && common::ascii_lower(*s).find(needle) != std::string::npos;
        };
        const bool named = e.first_name && e.last_name;
        return has(e.serial) || has(e.hostname) ||
               (named && (has(*e.first_name + " " + *e.last_name) ||
                          has(*e.last_name + " " + *e.first_name)));
    });
    DeviceFilter by_alert;
    by_alert.alert = "any";
    check_paging("alert=any", by_alert, DeviceSort::serial, false,
                 [](const Expected& e) { return e.open_alert; });
    check_device();
    std::cout << fmt::format("check: {} pages read; {}\n", pages_,
                             failures_ ? fmt::format("{} MISMATCH(ES)", failures_) : "all ok");
    return failures_ ? 1 : 0;
}

// ---------------------------------------------------------------- the benchmark

int run(const Options& o) {
    if (!fs::exists(o.db)) {
        std::cerr << "clicfleet-dbbench: " << o.db << " does not exist\n";
        return 2;
    }
    auto raw = value_or_throw(Database::open(o.db, Database::Mode::read_only), "open " + o.db);
    // Opening the store would migrate an older database in place: tens of GB
    // rewritten at scale, before any timing. That is the server's job, not ours.
    const auto version = std::stoi(scalar(raw, "PRAGMA user_version").value_or("0"));
    if (version != server::latest_schema_version()) {
        std::cerr << fmt::format(
            "clicfleet-dbbench: {} has schema version {}, this build's is {}: make a new one "
            "with clicfleet-fleetgen (or let clicfleet-server migrate a copy)\n",
            o.db, version, server::latest_schema_version());
        return 2;
    }
    auto store = value_or_throw(SqliteFleetStore::open(o.db), "open " + o.db);

    // The generator's "now" is the newest last_seen_at, unless told otherwise.
    const std::int64_t now_s = o.now.value_or(
        std::stoll(scalar(raw, "SELECT max(last_seen_at) FROM devices").value_or("0")));
    const auto now = common::from_unix_seconds(now_s);
    const std::string school =
        o.school.value_or(scalar(raw,
                                 "SELECT s.name FROM schools s JOIN pupils p ON p.school_id = s.id "
                                 "GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1")
                              .value_or(""));
    const std::int64_t devices =
        std::stoll(scalar(raw, "SELECT count(*) FROM devices").value_or("0"));
    // A device in the middle of the id order, handed over, online: a typical detail page.
    const std::string device_id =
        scalar(raw, fmt::format("SELECT id FROM devices WHERE last_seen_at >= {} AND serial IN "
                                "(SELECT serial FROM handovers) ORDER BY id LIMIT 1 OFFSET {}",
                                now_s - 1860, devices * 4 / 10))
            .value_or(scalar(raw, "SELECT id FROM devices LIMIT 1").value_or(""));

    std::uintmax_t bytes = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size = fs::file_size(o.db + suffix, ec);
        if (!ec) bytes += size;
    }
    std::cout << fmt::format("database: {} ({} bytes), {} devices; now = {} ({})\n", o.db,
                             group_digits(static_cast<std::int64_t>(bytes)), group_digits(devices),
                             now_s, common::format_rfc3339(now));
    std::cout << fmt::format("school filter: {}; text search: \"{}\"; detail and history of {}\n",
                             school, o.text, device_id);

    if (o.check) {
        Checker checker(*store, raw, now);
        if (const int failed = checker.run(school, o.text)) return failed;
    }

    const auto list = [&](DeviceFilter filter) {
        return [&store, now, filter] {
            DevicePageRequest request;
            request.filter = filter;
            return value_or_throw(store->list_devices(request, now, {}), "list_devices")
                .devices.size();
        };
    };
    DeviceFilter offline, by_school, by_text, by_alert;
    offline.status = "offline";
    by_school.school = school;
    by_text.text = o.text;
    by_alert.alert = "any";
    DevicePageRequest second;
    second.after =
        value_or_throw(store->list_devices(DevicePageRequest{}, now, {}), "list_devices").next;

    std::vector<Timing> timings;
    const auto add = [&](const std::string& name, const std::function<std::size_t()>& query) {
        timings.push_back(time_query(name, o.runs, query));
        const auto& t = timings.back();
        std::cout << fmt::format("{:<44} {:>6} {:>9.2f} {:>9.2f} {:>9.2f}   < {:g} ms  {}\n",
                                 t.name, t.rows, t.min(), t.median(), t.p95(), o.target_ms,
                                 t.p95() < o.target_ms ? "ok" : "MISSED")
                  << std::flush;
    };
    std::cout << fmt::format("\n{} runs each, after one untimed run (warm cache)\n", o.runs);
    std::cout << fmt::format("{:<44} {:>6} {:>9} {:>9} {:>9}   {}\n", "query", "rows", "min ms",
                             "median ms", "p95 ms", "target");
    add("fleet_summary", [&] {
        const auto s = value_or_throw(store->fleet_summary(now, {}), "fleet_summary");
        return static_cast<std::size_t>(s.total);
    });
    add("list_devices, first page (50, by serial)", list({}));
    add("list_devices, second page (cursor)", [&] {
        return value_or_throw(store->list_devices(second, now, {}), "list_devices").devices.size();
    });
    add("list_devices, status=offline", list(offline));
    add("list_devices, school=<largest school>", list(by_school));
    add(fmt::format("list_devices, text=\"{}\"", o.text), list(by_text));
    add("list_devices, alert=any", list(by_alert));
    add("device(id) detail", [&] {
        return value_or_throw(store->device(device_id), "device").has_value() ? std::size_t{1}
                                                                              : std::size_t{0};
    });
    add(fmt::format("device_history, {} days", o.history_days), [&] {
        server::HistoryRequest request{device_id, now - std::chrono::days(o.history_days),
                                       now + std::chrono::seconds(1)};
        return value_or_throw(store->device_history(request), "device_history").samples.size();
    });
    const auto missed = std::count_if(timings.begin(), timings.end(),
                                      [&](const Timing& t) { return t.p95() >= o.target_ms; });
    std::cout << fmt::format("\n{} of {} queries within {:g} ms at p95; {} MISSED\n",
                             timings.size() - static_cast<std::size_t>(missed), timings.size(),
                             o.target_ms, missed);
    return 0;
}

}  // namespace
}  // namespace clicfleet::bench

int main(int argc, char** argv) {
    clicfleet::bench::Options options;
    std::int64_t now = 0;
    std::string school;
    CLI::App app{"clicfleet-dbbench: times the admin reads on a clicfleet-fleetgen database"};
    app.add_option("--db", options.db, "the database (from clicfleet-fleetgen)")->required();
    app.add_option("--runs", options.runs, "timed runs of each query")->check(CLI::Range(1, 10000));
    app.add_flag("--check", options.check,
                 "verify counts and paging against the raw tables, exit 1 on a mismatch "
                 "(for small databases: it pages through the fleet in pages of 7)");
    auto* now_option =
        app.add_option("--now", now, "Unix seconds (default: the newest last_seen_at)");
    app.add_option("--target-ms", options.target_ms, "the target (SPEC §9: 100 ms)");
    app.add_option("--text", options.text, "the text search");
    auto* school_option =
        app.add_option("--school", school, "the school filter (default: the largest school)");
    app.add_option("--history-days", options.history_days)->check(CLI::Range(1, 3650));
    CLI11_PARSE(app, argc, argv);
    if (*now_option) options.now = now;
    if (*school_option) options.school = school;
    try {
        return clicfleet::bench::run(options);
    } catch (const std::exception& e) {
        std::cerr << "clicfleet-dbbench: " << e.what() << "\n";
        return 1;
    }
}
