#include "server/metrics/metrics.hpp"

#include <cstdio>

namespace clicfleet::server {

namespace {

/// 1 ms to 10 s: an upload is acknowledged in milliseconds unless the disk stalls.
const std::vector<double> kLatencyBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                            0.25,  0.5,    1,     2.5,  5,     10};

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

void header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t value) {
    header(out, name, help, "counter");
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

LatencyHistogram::LatencyHistogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void LatencyHistogram::observe(std::chrono::nanoseconds elapsed) {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    std::size_t i = 0;
    while (i < bounds_.size() && seconds > bounds_[i])
        ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(elapsed.count(), 0)),
                      std::memory_order_relaxed);
}

void LatencyHistogram::render(std::string& out, std::string_view name,
                              std::string_view help) const {
    header(out, name, help, "histogram");
    // Buckets are cumulative in the exposition format.
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        const std::string le = i < bounds_.size() ? number(bounds_[i]) : "+Inf";
        out.append(name).append("_bucket{le=\"").append(le).append("\"} ");
        out.append(std::to_string(cumulative)).append("\n");
    }
    const double sum = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
    out.append(name).append("_sum ").append(number(sum)).append("\n");
    out.append(name).append("_count ").append(std::to_string(cumulative)).append("\n");
}

ServerMetrics::ServerMetrics() : ingest(kLatencyBounds), commit(kLatencyBounds) {}

std::string ServerMetrics::render(const std::vector<LabelledGauge>& gauges) const {
    std::string out;
    counter(out, "clicfleet_reports_ingested_total",
            "Report items acknowledged to agents (resends included).", reports_ingested.load());
    counter(out, "clicfleet_report_uploads_refused_total", "Report uploads answered with an error.",
            uploads_refused.load());
    counter(out, "clicfleet_enrollments_total", "Enrollments and re-enrollments committed.",
            enrollments.load());
    counter(out, "clicfleet_requests_refused_busy_total",
            "Requests answered 503 at once because a worker queue was full.",
            requests_refused_busy.load());
    counter(out, "clicfleet_connections_refused_total",
            "Connections closed at once: the server's or one address's limit was reached.",
            refused_connections ? refused_connections() : 0);
    ingest.render(out, "clicfleet_ingest_duration_seconds",
                  "From taking a report upload to sending its acknowledgement.");
    commit.render(out, "clicfleet_commit_duration_seconds",
                  "One group commit of the single writer, BEGIN to durable COMMIT.");
    header(out, "clicfleet_open_connections", "HTTPS connections open now.", "gauge");
    out.append("clicfleet_open_connections ")
        .append(std::to_string(open_connections ? open_connections() : 0))
        .append("\n");
    header(out, "clicfleet_database_damaged",
           "1 once SQLite has said the database is damaged: restore it from a backup.", "gauge");
    out.append("clicfleet_database_damaged ")
        .append(database_damaged && database_damaged() ? "1" : "0")
        .append("\n");
    if (const auto not_after = certificate_not_after.load(); not_after != 0) {
        header(out, "clicfleet_tls_certificate_expiry_timestamp_seconds",
               "When the server's TLS certificate runs out (Unix time); renew it before "
               "(clicfleet-server cert renew).",
               "gauge");
        out.append("clicfleet_tls_certificate_expiry_timestamp_seconds ")
            .append(std::to_string(not_after))
            .append("\n");
    }
    for (const auto& gauge : gauges) {
        header(out, gauge.name, gauge.help, "gauge");
        for (const auto& [key, value] : gauge.values) {
            out.append(gauge.name).append("{").append(gauge.label).append("=\"");
            out.append(escape_label(key)).append("\"} ").append(std::to_string(value));
            out.append("\n");
        }
    }
    return out;
}

std::string escape_label(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace clicfleet::server
