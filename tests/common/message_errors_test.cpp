// Bad protocol input (SPEC §4, §10): a missing or wrong field is an
// `invalid` error naming the field by its full path.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <string>

#include "common/protocol/messages.hpp"

namespace clicfleet::common {
namespace {

namespace json = boost::json;

/// A valid upload of two reports; tests break one thing in it.
json::value valid_batch() {
    return json::parse(R"({
        "agent_version": "0.1.0",
        "reports": [
            {"seq": 1, "collected_at": "2026-11-29T08:30:00Z", "health": {"uptime_s": 10},
             "inventory_hash": "h1"},
            {"seq": 2, "collected_at": "2026-11-29T08:45:00+01:00", "health": {},
             "inventory_hash": "h1",
             "inventory": {"agent_version": "0.1.0", "os": {"name": "Debian"}}}
        ]
    })");
}

json::object& report(json::value& batch, std::size_t i) {
    return batch.as_object()["reports"].as_array()[i].as_object();
}

/// Decodes `batch` and expects an `invalid` error for `field`.
void expect_invalid(const json::value& batch, const std::string& field) {
    auto decoded = report_batch_from_json(batch);
    ASSERT_FALSE(decoded) << "expected an error for " << field;
    EXPECT_EQ(decoded.error().code, Errc::invalid) << decoded.error().message;
    EXPECT_EQ(decoded.error().field, field) << decoded.error().message;
    EXPECT_FALSE(decoded.error().message.empty());
}

TEST(ReportBatchErrors, TheValidBatchDecodes) {
    auto decoded = report_batch_from_json(valid_batch());
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    EXPECT_EQ(decoded->reports.size(), 2u);
}

TEST(ReportBatchErrors, MissingSeqNamesItsFullPath) {
    auto batch = valid_batch();
    report(batch, 1).erase("seq");
    expect_invalid(batch, "reports[1].seq");
}

TEST(ReportBatchErrors, NullCountsAsMissing) {
    auto batch = valid_batch();
    report(batch, 0)["seq"] = nullptr;
    expect_invalid(batch, "reports[0].seq");
}

TEST(ReportBatchErrors, MissingHealthNamesItsFullPath) {
    auto batch = valid_batch();
    report(batch, 0).erase("health");
    expect_invalid(batch, "reports[0].health");
}

TEST(ReportBatchErrors, MissingTopLevelFieldsAreNamed) {
    auto no_version = valid_batch();
    no_version.as_object().erase("agent_version");
    expect_invalid(no_version, "agent_version");

    auto no_reports = valid_batch();
    no_reports.as_object().erase("reports");
    expect_invalid(no_reports, "reports");
}

TEST(ReportBatchErrors, SeqAsAStringIsInvalid) {
    auto batch = valid_batch();
    report(batch, 0)["seq"] = "1";
    expect_invalid(batch, "reports[0].seq");
}

TEST(ReportBatchErrors, NegativeOrFractionalSeqIsInvalid) {
    for (const json::value& seq : {json::value(-1), json::value(1.5)}) {
        auto batch = valid_batch();
        report(batch, 1)["seq"] = seq;
        expect_invalid(batch, "reports[1].seq");
    }
}

TEST(ReportBatchErrors, SeqZeroIsInvalid) {
    auto batch = valid_batch();
    report(batch, 0)["seq"] = 0;
    expect_invalid(batch, "reports[0].seq");
}

TEST(ReportBatchErrors, SeqPastTheSignedSixtyFourBitRangeIsInvalid) {
    auto batch = valid_batch();
    report(batch, 1)["seq"] = kMaxSeq + 1;
    expect_invalid(batch, "reports[1].seq");

    auto max = valid_batch();
    report(max, 1)["seq"] = kMaxSeq;
    EXPECT_TRUE(report_batch_from_json(max));
}

TEST(ReportBatchErrors, BadCollectedAtIsInvalid) {
    for (const json::value& when : {json::value("yesterday"), json::value("2026-02-30T00:00:00Z"),
                                    json::value("2026-11-29T08:30:00"), json::value(1800000000)}) {
        auto batch = valid_batch();
        report(batch, 1)["collected_at"] = when;
        expect_invalid(batch, "reports[1].collected_at");
    }
}

TEST(ReportBatchErrors, NestedErrorsNameTheirFullPath) {
    auto fs = valid_batch();
    report(fs, 0)["health"].as_object()["filesystems"] = json::parse(R"([{"size_bytes": 1}])");
    expect_invalid(fs, "reports[0].health.filesystems[0].mount_point");

    auto inventory = valid_batch();
    report(inventory, 1)["inventory"].as_object().erase("agent_version");
    expect_invalid(inventory, "reports[1].inventory.agent_version");

    auto battery = valid_batch();
    report(battery, 0)["health"].as_object()["battery_charge_pct"] = 101;
    expect_invalid(battery, "reports[0].health.battery_charge_pct");

    auto os = valid_batch();
    report(os, 1)["inventory"].as_object()["os"] = "Debian";
    expect_invalid(os, "reports[1].inventory.os");
}

TEST(ReportBatchErrors, WrongContainerTypesAreNamed) {
    auto reports = valid_batch();
    reports.as_object()["reports"] = "none";
    expect_invalid(reports, "reports");

    auto item = valid_batch();
    item.as_object()["reports"].as_array()[0] = 5;
    expect_invalid(item, "reports[0]");

    auto health = valid_batch();
    report(health, 0)["health"] = json::array{};
    expect_invalid(health, "reports[0].health");
}

TEST(ReportBatchErrors, NegativeDroppedIsInvalid) {
    auto batch = valid_batch();
    batch.as_object()["dropped"] = -3;
    expect_invalid(batch, "dropped");
}

TEST(ReportBatchErrors, EmptyReportsAreInvalid) {
    auto batch = valid_batch();
    batch.as_object()["reports"] = json::array{};
    expect_invalid(batch, "reports");
}

TEST(ReportBatchErrors, MoreThanTheMaximumReportsAreInvalid) {
    auto batch = valid_batch();
    json::array many;
    for (std::size_t i = 1; i <= kMaxReportsPerBatch + 1; ++i) {
        json::object item = report(batch, 0);
        item["seq"] = i;
        many.push_back(std::move(item));
    }
    batch.as_object()["reports"] = std::move(many);
    expect_invalid(batch, "reports");
}

TEST(ReportBatchErrors, ABodyThatIsNotAnObjectIsInvalid) {
    auto decoded = report_batch_from_json(json::parse("[1, 2]"));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, Errc::invalid);
    EXPECT_EQ(decoded.error().field, "(body)");
}

TEST(EnrollRequestErrors, MissingFieldsAreNamed) {
    const auto valid = json::parse(R"({"enroll_secret": "s", "agent_version": "0.1.0",
                                       "host": {"serial": "X1", "macs": []}})");
    ASSERT_TRUE(enroll_request_from_json(valid));
    for (const char* field : {"enroll_secret", "host", "agent_version"}) {
        auto v = valid;
        v.as_object().erase(field);
        auto decoded = enroll_request_from_json(v);
        ASSERT_FALSE(decoded) << field;
        EXPECT_EQ(decoded.error().code, Errc::invalid);
        EXPECT_EQ(decoded.error().field, field);
    }
}

TEST(EnrollRequestErrors, WrongHostTypesAreNamed) {
    const auto bad_host = json::parse(R"({"enroll_secret": "s", "agent_version": "1",
                                          "host": "laptop"})");
    auto decoded = enroll_request_from_json(bad_host);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "host");

    const auto bad_macs = json::parse(R"({"enroll_secret": "s", "agent_version": "1",
                                          "host": {"macs": ["aa:bb", 7]}})");
    decoded = enroll_request_from_json(bad_macs);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, Errc::invalid);
    EXPECT_EQ(decoded.error().field, "host.macs");

    const auto bad_serial = json::parse(R"({"enroll_secret": "s", "agent_version": "1",
                                            "host": {"serial": 12345}})");
    decoded = enroll_request_from_json(bad_serial);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "host.serial");
}

TEST(ReportAckErrors, BadServerTimeAndIntervalAreNamed) {
    auto decoded = report_ack_from_json(json::parse(R"({"ack_seq": 1, "server_time": "now"})"));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "server_time");

    decoded = report_ack_from_json(json::parse(
        R"({"ack_seq": 1, "server_time": "2026-01-01T00:00:00Z",
            "config": {"report_interval_s": 5}})"));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, Errc::invalid);
    EXPECT_EQ(decoded.error().field, "config.report_interval_s");
}

}  // namespace
}  // namespace clicfleet::common
