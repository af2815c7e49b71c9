// Protocol messages (SPEC §4): what one side encodes, the other decodes.

#include "common/protocol/messages.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>

namespace clicfleet::common {
namespace {

AgentSettings settings_every(std::int64_t seconds) {
    AgentSettings settings;
    settings.report_interval_s = seconds;
    return settings;
}

namespace json = boost::json;

/// What the peer sees: the value as text and parsed back.
json::value over_the_wire(const json::value& v) {
    return json::parse(json::serialize(v));
}

TimePoint at(std::int64_t unix_seconds) {
    return from_unix_seconds(unix_seconds);
}

EnrollRequest sample_enroll_request() {
    EnrollRequest req;
    req.enroll_secret = "0123456789abcdef0123456789abcdef";
    req.host.hardware_uuid = "4C4C4544-0042-3510-8052-B4C04F4E3332";
    req.host.serial = "5CG1234XYZ";
    req.host.machine_id = "e3b0c44298fc1c149afbf4c8996fb924";
    req.host.hostname = "pupil-laptop-17";
    req.host.macs = {"a4:bb:6d:01:02:03", "f0:de:f1:aa:bb:cc"};
    req.agent_version = "0.1.0";
    return req;
}

ReportItem sample_item(std::uint64_t seq, bool with_inventory) {
    ReportItem item;
    item.seq = seq;
    item.collected_at = at(1'800'000'000 + static_cast<std::int64_t>(seq) * 900);
    item.health.uptime_s = 3600 * seq;
    item.health.load_1m = 0.25;
    item.health.memory_total_bytes = 8ull << 30;
    item.health.filesystems = {{"/", 250ull << 30, 100ull << 30}};
    item.health.battery_charge_pct = 87;
    item.health.battery_state = "discharging";
    item.health.cpu_use_pct = 7.5;
    item.health.swap_used_bytes = 0;
    item.health.temperature_max_c = 51.5;
    item.health.clock_offset_s = 0.25;
    item.inventory_hash = "abc123";
    if (with_inventory) {
        Inventory inv;
        inv.os.name = "Debian GNU/Linux 12 (bookworm)";
        inv.os.version = "12";
        inv.hardware.model = "Latitude 3440";
        inv.disks = {{"nvme0n1", "PC SN740", 512'110'190'592, false, false}};
        inv.software = {{"geogebra-classic", "6.0.832.0", PackageSource::dpkg}};
        inv.agent_version = "0.1.0";
        item.inventory = inv;
    }
    return item;
}

TEST(EnrollRequestJson, RoundTripsEveryField) {
    const EnrollRequest req = sample_enroll_request();
    auto decoded = enroll_request_from_json(over_the_wire(to_json(req)));
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    EXPECT_EQ(decoded->enroll_secret, req.enroll_secret);
    EXPECT_EQ(decoded->host, req.host);
    EXPECT_EQ(decoded->agent_version, req.agent_version);
}

TEST(EnrollRequestJson, RoundTripsAHostWithOnlySomeIdentity) {
    EnrollRequest req = sample_enroll_request();
    req.host = HostIdentity{};
    req.host.machine_id = "abc";
    auto decoded = enroll_request_from_json(over_the_wire(to_json(req)));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->host, req.host);
    EXPECT_FALSE(decoded->host.hardware_uuid);
    EXPECT_TRUE(decoded->host.macs.empty());
}

TEST(EnrollResponseJson, RoundTripsEveryField) {
    const EnrollResponse res{"2f1c7f1e-3c55-4a8e-9d59-0c1e5d7a9b10", "tok", settings_every(300), 42,
                             249572};
    auto decoded = enroll_response_from_json(over_the_wire(to_json(res)));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->device_id, res.device_id);
    EXPECT_EQ(decoded->device_token, res.device_token);
    EXPECT_EQ(decoded->config.report_interval_s, 300);
    EXPECT_EQ(decoded->next_seq, 42u);
    EXPECT_EQ(decoded->device_number, 249572u);
    EXPECT_EQ(to_json(res).at("device_number").as_string(), "7KQ4");
}

TEST(EnrollResponseJson, DefaultsIntervalAndNextSeqWhenAbsent) {
    auto decoded =
        enroll_response_from_json(json::parse(R"({"device_id": "d", "device_token": "t"})"));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->config.report_interval_s, AgentSettings{}.report_interval_s);
    EXPECT_EQ(decoded->next_seq, 1u);
}

TEST(EnrollResponseJson, RejectsANextSeqOutsideOneToMaxSeq) {
    for (const char* next : {"0", "-1", "9223372036854775808", "\"7\""}) {
        auto decoded = enroll_response_from_json(json::parse(
            std::string(R"({"device_id": "d", "device_token": "t", "next_seq": )") + next + "}"));
        ASSERT_FALSE(decoded) << next;
        EXPECT_EQ(decoded.error().code, Errc::invalid) << next;
        EXPECT_EQ(decoded.error().field, "next_seq") << next;
    }
    auto max = enroll_response_from_json(
        json::parse(R"({"device_id": "d", "device_token": "t", "next_seq": 9223372036854775807})"));
    ASSERT_TRUE(max);
    EXPECT_EQ(max->next_seq, kMaxSeq);
}

TEST(ReportBatchJson, RoundTripsWithoutInventory) {
    ReportBatch batch{"0.1.0", {sample_item(1, false), sample_item(2, false)}, std::nullopt};
    auto decoded = report_batch_from_json(over_the_wire(to_json(batch)));
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    ASSERT_EQ(decoded->reports.size(), 2u);
    EXPECT_EQ(decoded->reports[1].seq, 2u);
    EXPECT_EQ(decoded->reports[1].collected_at, batch.reports[1].collected_at);
    EXPECT_EQ(decoded->reports[0].health.battery_state, "discharging");
    EXPECT_EQ(decoded->reports[0].health.cpu_use_pct, 7.5);
    EXPECT_EQ(decoded->reports[0].health.swap_used_bytes, 0u);
    EXPECT_EQ(decoded->reports[0].health.temperature_max_c, 51.5);
    EXPECT_EQ(decoded->reports[0].health.clock_offset_s, 0.25);
    EXPECT_FALSE(decoded->reports[0].inventory);
    EXPECT_FALSE(decoded->dropped);
    EXPECT_EQ(to_json(*decoded), to_json(batch));
}

TEST(ReportBatchJson, RoundTripsWithInventoryAndDropped) {
    ReportBatch batch{"0.1.0", {sample_item(7, true)}, 12};
    auto decoded = report_batch_from_json(over_the_wire(to_json(batch)));
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    ASSERT_TRUE(decoded->reports[0].inventory);
    EXPECT_EQ(decoded->reports[0].inventory->hardware.model, "Latitude 3440");
    EXPECT_EQ(decoded->reports[0].inventory->disks.at(0).model, "PC SN740");
    EXPECT_EQ(decoded->reports[0].inventory->software, batch.reports[0].inventory->software);
    EXPECT_EQ(decoded->dropped, 12u);
    EXPECT_EQ(to_json(*decoded), to_json(batch));
}

TEST(ReportBatchJson, AcceptsTheMaximumNumberOfReports) {
    ReportBatch batch{"0.1.0", {}, std::nullopt};
    for (std::uint64_t seq = 1; seq <= kMaxReportsPerBatch; ++seq) {
        batch.reports.push_back(sample_item(seq, false));
    }
    auto decoded = report_batch_from_json(to_json(batch));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->reports.size(), kMaxReportsPerBatch);
}

TEST(ReportAckJson, RoundTripsWithAndWithoutConfig) {
    const ReportAck with{41, at(1'800'000'123), settings_every(600), 31};
    auto decoded = report_ack_from_json(over_the_wire(to_json(with)));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->ack_seq, 41u);
    EXPECT_EQ(decoded->server_time, with.server_time);
    ASSERT_TRUE(decoded->config);
    EXPECT_EQ(decoded->config->report_interval_s, 600);
    EXPECT_EQ(decoded->device_number, 31u);

    const ReportAck without{1, at(1'800'000'000), std::nullopt};
    auto plain = report_ack_from_json(over_the_wire(to_json(without)));
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_FALSE(plain->config);
    EXPECT_FALSE(plain->device_number);
}

TEST(ReportAckJson, RefusesADeviceNumberThatIsNone) {
    for (const json::value& bad :
         {json::value("0000"), json::value("7KU4"), json::value("7KQ"), json::value(12)}) {
        json::value v = to_json(ReportAck{1, at(1'800'000'000), std::nullopt});
        v.as_object()["device_number"] = bad;
        auto decoded = report_ack_from_json(v);
        ASSERT_FALSE(decoded) << json::serialize(bad);
        EXPECT_EQ(decoded.error().field, "device_number");
    }
}

TEST(ProtocolJson, IgnoresUnknownFieldsAtEveryLevel) {
    auto v = to_json(ReportBatch{"0.1.0", {sample_item(3, true)}, std::nullopt});
    v.as_object()["future_field"] = json::object{{"x", 1}};
    auto& item = v.as_object()["reports"].as_array()[0].as_object();
    item["priority"] = "high";
    item["health"].as_object()["gpu_temp_c"] = 71;
    item["inventory"].as_object()["os"].as_object()["codename"] = "bookworm";
    auto decoded = report_batch_from_json(v);
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    EXPECT_EQ(decoded->reports[0].seq, 3u);

    auto enroll = to_json(sample_enroll_request());
    enroll.as_object()["host"].as_object()["tpm"] = true;
    EXPECT_TRUE(enroll_request_from_json(enroll));
}

TEST(ParseJson, MalformedTextIsABadRequest) {
    for (const char* text : {"", "{", "{\"a\":}", "[1,2", "nul", "{\"a\":1}}"}) {
        auto parsed = parse_json(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, Errc::bad_request) << text;
    }
}

TEST(ParseJson, AcceptsWellFormedText) {
    auto parsed = parse_json(R"({"a": [1, 2.5, "x", null, true]})");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->is_object());
}

TEST(ErrorBody, RoundTripsMessageAndField) {
    const Error error = make_error(Errc::invalid, "must be 1 or more", "reports[1].seq");
    const std::string body = error_body(error);
    const auto v = json::parse(body);
    EXPECT_EQ(v.at("error").at("code").as_string(), "invalid");
    const Error back = error_from_body(Errc::invalid, body);
    EXPECT_EQ(back.code, Errc::invalid);
    EXPECT_EQ(back.message, error.message);
    EXPECT_EQ(back.field, error.field);
}

TEST(ErrorBody, RoundTripsEveryBadFieldAndDescribesThemAll) {
    const Error error =
        invalid_fields({{"received_on", "is in the future"}, {"iban", "IBAN is not valid"}});
    EXPECT_EQ(error.message, "2 fields are wrong: received_on, iban");
    EXPECT_EQ(error.field, "received_on");
    const Error back = error_from_body(Errc::invalid, error_body(error));
    ASSERT_EQ(back.problems.size(), 2u);
    EXPECT_EQ(back.problems[1].field, "iban");
    EXPECT_EQ(back.problems[1].message, "IBAN is not valid");
    EXPECT_EQ(describe(back),
              "2 fields are wrong: received_on, iban\n  received_on: is in the future\n  iban: "
              "IBAN is not valid");
    // One problem is an ordinary error.
    const Error one = invalid_fields({{"isp", "must not be empty"}});
    EXPECT_EQ(describe(one), "must not be empty (isp)");
    EXPECT_FALSE(json::parse(error_body(one)).at("error").as_object().contains("problems"));
}

TEST(ErrorBody, LeavesOutAnEmptyField) {
    const auto v = json::parse(error_body(make_error(Errc::not_found, "no such endpoint")));
    EXPECT_FALSE(v.at("error").as_object().contains("field"));
    EXPECT_EQ(v.at("error").at("code").as_string(), "not_found");
}

TEST(ErrorFromBody, FallsBackToTheRawText) {
    const Error e = error_from_body(Errc::unavailable, "<html>Bad Gateway</html>");
    EXPECT_EQ(e.code, Errc::unavailable);
    EXPECT_EQ(e.message, "<html>Bad Gateway</html>");
    EXPECT_EQ(error_from_body(Errc::internal, std::string(1000, 'x')).message.size(), 200u);
}

TEST(AgentSettingsCodec, RoundTripsEverySetting) {
    AgentSettings settings;
    settings.report_interval_s = 600;
    settings.queue_max_reports = 5000;
    settings.queue_max_bytes = 8u << 20;
    settings.portal_urls = std::vector<std::string>{"https://portail.example.fr/"};
    settings.public_resolver = "9.9.9.9";
    auto decoded = agent_settings_from_json(to_json(settings), "config");
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, settings);
}

TEST(AgentSettingsCodec, AbsentSettingsStayAbsent) {
    auto decoded = agent_settings_from_json(boost::json::object{}, "config");
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, AgentSettings{});
}

TEST(AgentSettingsCodec, OutOfRangeSettingsAreNamed) {
    for (const auto& [body, field] : std::vector<std::pair<const char*, const char*>>{
             {R"({"queue_max_reports": 1})", "config.queue_max_reports"},
             {R"({"queue_max_bytes": 10})", "config.queue_max_bytes"},
             {R"({"portal_urls": [""]})", "config.portal_urls"},
             {R"({"portal_urls": "https://x/"})", "config.portal_urls"},
             {R"({"portal_urls": ["ftp://x/"]})", "config.portal_urls"},
             {R"({"public_resolver": "dns.example.fr"})", "config.public_resolver"},
             {R"({"report_interval_s": 5})", "config.report_interval_s"}}) {
        auto decoded = agent_settings_from_json(boost::json::parse(body), "config");
        ASSERT_FALSE(decoded) << body;
        EXPECT_EQ(decoded.error().field, field) << body;
    }
}

}  // namespace
}  // namespace clicfleet::common
