// The agent protocol (SPEC §4): enrollment and report upload.

#include <boost/json/serialize.hpp>

#include <cctype>

#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "server/api/api_context.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;

namespace {

common::Status check_length(const std::optional<std::string>& value, std::size_t max,
                            const char* field) {
    if (value && value->size() > max) {
        return make_error(Errc::invalid, "longer than " + std::to_string(max) + " characters",
                          field);
    }
    return {};
}

common::Status check_agent_version(const std::string& version) {
    if (version.empty()) return make_error(Errc::invalid, "must not be empty", "agent_version");
    return check_length(version, 64, "agent_version");
}

/// "aa:bb:cc:dd:ee:ff", as the collector writes it.
bool is_mac_address(const std::string& mac) {
    if (mac.size() != 17) return false;
    for (std::size_t i = 0; i < mac.size(); ++i) {
        const bool ok =
            i % 3 == 2 ? mac[i] == ':' : std::isxdigit(static_cast<unsigned char>(mac[i])) != 0;
        if (!ok) return false;
    }
    return true;
}

common::Status check_enroll_request(const common::EnrollRequest& req) {
    const auto& host = req.host;
    for (auto s : {check_agent_version(req.agent_version),
                   check_length(host.hardware_uuid, 64, "host.hardware_uuid"),
                   check_length(host.serial, 128, "host.serial"),
                   check_length(host.machine_id, 64, "host.machine_id"),
                   check_length(host.hostname, 255, "host.hostname")}) {
        if (!s) return s;
    }
    if (host.macs.size() > 64)
        return make_error(Errc::invalid, "at most 64 addresses", "host.macs");
    for (std::size_t i = 0; i < host.macs.size(); ++i) {
        if (!is_mac_address(host.macs[i])) {
            return make_error(Errc::invalid, "not a MAC address (aa:bb:cc:dd:ee:ff)",
                              "host.macs[" + std::to_string(i) + "]");
        }
    }
    return {};
}

/// A random RFC 4122 version-4 UUID: device ids reveal nothing about the hardware.
std::string new_device_id() {
    std::string bytes = common::random_bytes(16);
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
    const std::string hex = common::hex_encode(bytes);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

common::AgentSettings agent_settings(const ApiContext& ctx) {
    return ctx.config.agent_settings();
}

}  // namespace

void enroll_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                     common::Respond respond) {
    // Every try counts, right or wrong secret: guessing it is slowed too.
    if (const auto wait = ctx.enroll_rate.take(request.remote_address); wait.count() > 0) {
        return respond(slow_down_response("enrollments from this address", wait));
    }
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto req = common::enroll_request_from_json(*body);
    if (!req) return respond(error_response(req.error()));
    if (!common::constant_time_equal(req->enroll_secret, ctx.enroll_secret)) {
        return respond(
            error_response(make_error(Errc::unauthorized, "wrong enroll secret", "enroll_secret")));
    }
    if (auto s = check_enroll_request(*req); !s) return respond(error_response(s.error()));
    // Stored and compared in one form: "ABC" and "abc" are the same id.
    req->host = canonical_identity(std::move(req->host));
    auto key = hardware_key(req->host);
    if (!key) {
        return respond(error_response(
            make_error(Errc::invalid,
                       "no hardware identity: need a UUID, serial, MAC or machine-id", "host")));
    }

    std::string token = common::random_hex(32);
    Enrollment enrollment{
        *key,           req->host, req->agent_version, new_device_id(), common::sha256_hex(token),
        ctx.clock.now()};
    ctx.store.enroll(std::move(enrollment), [&ctx, token = std::move(token),
                                             respond](common::Result<EnrolledDevice> enrolled) {
        if (!enrolled) return respond(error_response(enrolled.error()));
        ctx.metrics.enrollments.fetch_add(1, std::memory_order_relaxed);
        common::EnrollResponse response{enrolled->device_id, token, agent_settings(ctx),
                                        enrolled->last_seq + 1, enrolled->device_number};
        respond(json_response(200, common::to_json(response)));
    });
}

void report_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                     common::Respond plain_respond) {
    // Every answer is counted and timed; only acknowledgements count as ingested.
    const auto taken = std::chrono::steady_clock::now();
    auto respond = [&metrics = ctx.metrics, taken,
                    plain_respond = std::move(plain_respond)](common::HttpResponse res) {
        if (res.status != 200) metrics.uploads_refused.fetch_add(1, std::memory_order_relaxed);
        metrics.ingest.observe(std::chrono::steady_clock::now() - taken);
        plain_respond(std::move(res));
    };
    auto device = authenticate_device(ctx, request);
    if (!device) return respond(error_response(device.error()));
    auto body = read_json_upload(ctx, request);
    if (!body) return respond(error_response(body.error()));
    auto batch = common::report_batch_from_json(*body);
    if (!batch) return respond(error_response(batch.error()));
    if (auto s = check_agent_version(batch->agent_version); !s) {
        return respond(error_response(s.error()));
    }
    for (std::size_t i = 0; i < batch->reports.size(); ++i) {
        if (batch->reports[i].inventory_hash.size() > 128) {
            return respond(
                error_response(make_error(Errc::invalid, "longer than 128 characters",
                                          "reports[" + std::to_string(i) + "].inventory_hash")));
        }
    }

    const std::size_t items = batch->reports.size();
    ReportUpload upload{device->device_id, std::move(batch).value(), ctx.clock.now(),
                        ctx.config.school_networks.is_outside(request.remote_address)};
    // The ack is sent only once the reports are committed (SPEC §4).
    ctx.store.store_reports(std::move(upload), [&ctx, items, number = device->device_number,
                                                respond](common::Result<std::uint64_t> acked) {
        if (!acked) return respond(error_response(acked.error()));
        ctx.metrics.reports_ingested.fetch_add(items, std::memory_order_relaxed);
        common::ReportAck ack{*acked, ctx.clock.now(), agent_settings(ctx), number};
        respond(json_response(200, common::to_json(ack)));
    });
}

}  // namespace clicfleet::server
