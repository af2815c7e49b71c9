#include "common/protocol/messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include <algorithm>

#include "common/protocol/json_fields.hpp"
#include "common/protocol/support_code.hpp"

namespace clicfleet::common {

namespace json = boost::json;

namespace {

/// "device_number": "7KQ4" (support_code.hpp).
void put_device_number(json::object& o, const std::optional<std::uint32_t>& number) {
    if (number) o["device_number"] = format_device_number(*number);
}

/// The optional "device_number" of an answer: 4 Crockford characters, not 0000.
Result<std::optional<std::uint32_t>> device_number_from(const json::value& v) {
    const auto* text = v.as_object().if_contains("device_number");
    if (!text || text->is_null()) return std::optional<std::uint32_t>{};
    const auto number = text->is_string() ? parse_device_number(text->as_string()) : std::nullopt;
    if (!number || *number == 0) {
        return make_error(Errc::invalid, "must be 4 Crockford base32 characters, not 0000",
                          "device_number");
    }
    return std::optional<std::uint32_t>{*number};
}

}  // namespace

json::value to_json(const HostIdentity& host) {
    json::object o;
    put_optional(o, "hardware_uuid", host.hardware_uuid);
    put_optional(o, "serial", host.serial);
    put_optional(o, "machine_id", host.machine_id);
    put_optional(o, "hostname", host.hostname);
    json::array macs;
    for (const auto& mac : host.macs)
        macs.emplace_back(mac);
    o["macs"] = std::move(macs);
    return o;
}

json::value to_json(const AgentSettings& settings) {
    json::object o{{"report_interval_s", settings.report_interval_s}};
    put_optional(o, "queue_max_reports", settings.queue_max_reports);
    put_optional(o, "queue_max_bytes", settings.queue_max_bytes);
    if (settings.portal_urls) {
        json::array urls;
        for (const auto& url : *settings.portal_urls)
            urls.emplace_back(url);
        o["portal_urls"] = std::move(urls);
    }
    put_optional(o, "public_resolver", settings.public_resolver);
    return o;
}

json::value to_json(const EnrollRequest& request) {
    return json::object{{"enroll_secret", request.enroll_secret},
                        {"host", to_json(request.host)},
                        {"agent_version", request.agent_version}};
}

json::value to_json(const EnrollResponse& response) {
    json::object o{{"device_id", response.device_id},
                   {"device_token", response.device_token},
                   {"config", to_json(response.config)},
                   {"next_seq", response.next_seq}};
    put_device_number(o, response.device_number);
    return o;
}

json::value to_json(const ReportItem& item) {
    json::object o;
    o["seq"] = item.seq;
    o["collected_at"] = format_rfc3339(item.collected_at);
    o["health"] = to_json(item.health);
    o["inventory_hash"] = item.inventory_hash;
    if (item.inventory) o["inventory"] = to_json(*item.inventory);
    if (item.connectivity) o["connectivity"] = to_json(*item.connectivity);
    return o;
}

json::value to_json(const ReportBatch& batch) {
    json::object o;
    o["agent_version"] = batch.agent_version;
    json::array reports;
    reports.reserve(batch.reports.size());
    for (const auto& item : batch.reports)
        reports.push_back(to_json(item));
    o["reports"] = std::move(reports);
    put_optional(o, "dropped", batch.dropped);
    return o;
}

json::value to_json(const ReportAck& ack) {
    json::object o;
    o["ack_seq"] = ack.ack_seq;
    o["server_time"] = format_rfc3339(ack.server_time);
    if (ack.config) o["config"] = to_json(*ack.config);
    put_device_number(o, ack.device_number);
    return o;
}

Result<HostIdentity> host_identity_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    HostIdentity host;
    r.optional("hardware_uuid", host.hardware_uuid);
    r.optional("serial", host.serial);
    r.optional("machine_id", host.machine_id);
    r.optional("hostname", host.hostname);
    r.optional_strings("macs", host.macs);
    if (!r.ok()) return r.error();
    return host;
}

namespace {

Result<TimePoint> timestamp_from(const std::string& text, const std::string& field) {
    auto t = parse_rfc3339(text);
    if (!t) return make_error(Errc::invalid, "must be an RFC 3339 timestamp", field);
    return *t;
}

}  // namespace

namespace {

bool is_ip_address(const std::string& text) {
    unsigned char buf[16];
    return inet_pton(AF_INET, text.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

}  // namespace

Result<AgentSettings> agent_settings_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    AgentSettings settings;
    std::optional<std::int64_t> interval;
    std::vector<std::string> portals;
    r.optional("report_interval_s", interval);
    r.optional("queue_max_reports", settings.queue_max_reports);
    r.optional("queue_max_bytes", settings.queue_max_bytes);
    r.optional_strings("portal_urls", portals);
    r.optional("public_resolver", settings.public_resolver);
    if (!r.ok()) return r.error();
    const auto out_of = [&](const char* key, const char* range) {
        return make_error(Errc::invalid, std::string("must be ") + range, r.path_of(key));
    };
    if (interval && (*interval < 10 || *interval > 86400)) {
        return out_of("report_interval_s", "between 10 and 86400 seconds");
    }
    if (settings.queue_max_reports &&
        (*settings.queue_max_reports < 10 || *settings.queue_max_reports > 1'000'000)) {
        return out_of("queue_max_reports", "between 10 and 1000000");
    }
    if (settings.queue_max_bytes &&
        (*settings.queue_max_bytes < (64u << 10) || *settings.queue_max_bytes > (4ull << 30))) {
        return out_of("queue_max_bytes", "between 64 KiB and 4 GiB");
    }
    if (portals.size() > 8) return out_of("portal_urls", "at most 8 URLs");
    for (const auto& url : portals) {
        const bool web = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
        if (!web || url.size() > 2048) {
            return out_of("portal_urls", "http:// or https:// URLs of at most 2048 characters");
        }
    }
    if (settings.public_resolver && !settings.public_resolver->empty() &&
        !is_ip_address(*settings.public_resolver)) {
        return out_of("public_resolver", "an IP address, or empty for none");
    }
    if (interval) settings.report_interval_s = *interval;
    // A null counts as absent, like every other field.
    if (const auto* p = v.get_object().if_contains("portal_urls"); p && !p->is_null()) {
        settings.portal_urls = portals;
    }
    return settings;
}

Result<EnrollRequest> enroll_request_from_json(const json::value& v) {
    JsonFieldReader r(v, "");
    EnrollRequest request;
    r.required("enroll_secret", request.enroll_secret);
    r.object("host", request.host, host_identity_from_json, true);
    r.required("agent_version", request.agent_version);
    if (!r.ok()) return r.error();
    return request;
}

Result<EnrollResponse> enroll_response_from_json(const json::value& v) {
    JsonFieldReader r(v, "");
    EnrollResponse response;
    r.required("device_id", response.device_id);
    r.required("device_token", response.device_token);
    r.object("config", response.config, agent_settings_from_json, false);
    std::optional<std::uint64_t> next_seq;
    r.optional("next_seq", next_seq);
    if (!r.ok()) return r.error();
    auto number = device_number_from(v);
    if (!number) return number.error();
    response.device_number = *number;
    if (next_seq) {
        if (*next_seq == 0 || *next_seq > kMaxSeq) {
            return make_error(Errc::invalid, "must be from 1 to 2^63-1", "next_seq");
        }
        response.next_seq = *next_seq;
    }
    return response;
}

Result<ReportItem> report_item_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    ReportItem item;
    std::string collected_at;
    r.required("seq", item.seq);
    r.required("collected_at", collected_at);
    r.object("health", item.health, health_from_json, true);
    r.required("inventory_hash", item.inventory_hash);
    bool has_inventory = false;
    Inventory inventory;
    r.object("inventory", inventory, inventory_from_json, false, &has_inventory);
    bool has_connectivity = false;
    ConnectivityRun connectivity;
    r.object("connectivity", connectivity, connectivity_run_from_json, false, &has_connectivity);
    if (!r.ok()) return r.error();
    if (item.seq == 0 || item.seq > kMaxSeq) {
        return make_error(Errc::invalid, "must be from 1 to 2^63-1", r.path_of("seq"));
    }
    auto when = timestamp_from(collected_at, r.path_of("collected_at"));
    if (!when) return when.error();
    item.collected_at = *when;
    if (has_inventory) item.inventory = std::move(inventory);
    if (has_connectivity) item.connectivity = std::move(connectivity);
    return item;
}

Result<ReportBatch> report_batch_from_json(const json::value& v) {
    JsonFieldReader r(v, "");
    ReportBatch batch;
    r.required("agent_version", batch.agent_version);
    r.list("reports", batch.reports, report_item_from_json, true);
    r.optional("dropped", batch.dropped);
    if (!r.ok()) return r.error();
    if (batch.reports.empty()) return make_error(Errc::invalid, "must not be empty", "reports");
    if (batch.reports.size() > kMaxReportsPerBatch) {
        return make_error(Errc::invalid,
                          "at most " + std::to_string(kMaxReportsPerBatch) + " reports per upload",
                          "reports");
    }
    return batch;
}

Result<ReportAck> report_ack_from_json(const json::value& v) {
    JsonFieldReader r(v, "");
    ReportAck ack;
    std::string server_time;
    r.required("ack_seq", ack.ack_seq);
    r.required("server_time", server_time);
    bool has_config = false;
    AgentSettings config;
    r.object("config", config, agent_settings_from_json, false, &has_config);
    if (!r.ok()) return r.error();
    auto when = timestamp_from(server_time, "server_time");
    if (!when) return when.error();
    ack.server_time = *when;
    if (has_config) ack.config = config;
    auto number = device_number_from(v);
    if (!number) return number.error();
    ack.device_number = *number;
    return ack;
}

Result<json::value> parse_json(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return make_error(Errc::bad_request, "malformed JSON: " + ec.message(), "(body)");
    return v;
}

std::string error_body(const Error& error) {
    json::object e{{"code", errc_name(error.code)}, {"message", error.message}};
    if (!error.field.empty()) e["field"] = error.field;
    if (!error.problems.empty()) {
        json::array problems;
        for (const auto& p : error.problems)
            problems.push_back(json::object{{"field", p.field}, {"message", p.message}});
        e["problems"] = std::move(problems);
    }
    return json::serialize(json::object{{"error", std::move(e)}});
}

Error error_from_body(Errc code, std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (!ec && v.is_object()) {
        if (const auto* e = v.get_object().if_contains("error"); e && e->is_object()) {
            const auto& obj = e->get_object();
            Error error{code, {}, {}, {}};
            if (const auto* m = obj.if_contains("message"); m && m->is_string()) {
                error.message = std::string(m->get_string());
            }
            if (const auto* f = obj.if_contains("field"); f && f->is_string()) {
                error.field = std::string(f->get_string());
            }
            const auto* problems = obj.if_contains("problems");
            for (std::size_t i = 0; problems && problems->is_array() &&
                                    i < std::min<std::size_t>(problems->get_array().size(), 100);
                 ++i) {
                const auto& p = problems->get_array()[i];
                const auto* field = p.is_object() ? p.get_object().if_contains("field") : nullptr;
                const auto* text = p.is_object() ? p.get_object().if_contains("message") : nullptr;
                if (field && field->is_string() && text && text->is_string()) {
                    error.problems.push_back(
                        {std::string(field->get_string()), std::string(text->get_string())});
                }
            }
            return error;
        }
    }
    return Error{code, std::string(body.substr(0, 200)), {}, {}};
}

}  // namespace clicfleet::common
