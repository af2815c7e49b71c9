// Faults under the store (issue 11): a full disk or a failing drive during
// ingest and during an import. Nothing acknowledged is lost, nothing is
// half-written, the client is told to come back, and once the fault is gone
// the same request goes through.

#include <gtest/gtest.h>

#include "tests/server/server_test_support.hpp"
#include "tests/support/faulty_vfs.hpp"

namespace clicfleet::server {
namespace {

using clicfleet::testing::FaultyVfs;
using test::bearer;
using test::body_of;
using test::query_int;

/// Registered before the harness opens the store, so every connection uses it.
struct WithFaultyVfs {
    FaultyVfs vfs;
};

class StoreFaults : public WithFaultyVfs, public test::ApiHarness {
  protected:
    std::int64_t stored(const std::string& table) {
        return query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM " + table);
    }
    common::HttpResponse report(const Device& device, std::uint64_t seq) {
        return call("POST", "/api/v1/agent/report", report_body(seq, 1), bearer(device.token));
    }
    common::HttpResponse import_handovers(const std::string& token) {
        auto headers = bearer(token);
        headers.emplace_back("Content-Type", "text/csv");
        return call("POST", "/api/v1/imports/handovers",
                    "serial;pupil_ref;last_name;first_name;school;class;handover_date;kind\r\n"
                    "SN1;P1;Martin;Léa;École Jaurès;CE2 A;15/09/2026;initial\r\n"
                    "SN2;P2;Petit;Noé;École Jaurès;CE2 B;16/09/2026;initial\r\n",
                    headers);
    }
};

TEST_F(StoreFaults, ADiskFullDuringIngestIsA503AndTheResendIsStoredOnceSpaceIsBack) {
    const Device device = enroll("SN-FULL");
    ASSERT_EQ(report(device, 1).status, 200);

    vfs.inject(FaultyVfs::Fault::disk_full);
    const auto refused = report(device, 2);
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_TRUE(refused.header("Retry-After"));
    EXPECT_NE(refused.body.find("full"), std::string::npos) << refused.body;
    EXPECT_GT(vfs.failed_writes(), 0);

    vfs.inject(FaultyVfs::Fault::none);
    EXPECT_EQ(stored("reports"), 1) << "a refused report was stored";
    const auto resent = report(device, 2);
    ASSERT_EQ(resent.status, 200) << resent.body;
    EXPECT_EQ(body_of(resent).at("ack_seq").as_int64(), 2);
    EXPECT_EQ(stored("reports"), 2);
}

TEST_F(StoreFaults, AnIoErrorInTheWriterLosesNothingAcknowledged) {
    const Device device = enroll("SN-IO");
    ASSERT_EQ(report(device, 1).status, 200);
    vfs.inject(FaultyVfs::Fault::io_error);
    EXPECT_GE(report(device, 2).status, 500);
    vfs.inject(FaultyVfs::Fault::none);
    EXPECT_EQ(stored("reports"), 1);
    ASSERT_EQ(report(device, 2).status, 200);
    ASSERT_EQ(report(device, 3).status, 200);
    EXPECT_EQ(stored("reports"), 3);
}

TEST_F(StoreFaults, ADiskFullDuringAnImportImportsNothingThenAllOfIt) {
    const std::string token = login_as("bea", "bursary");
    vfs.inject(FaultyVfs::Fault::disk_full);
    const auto refused = import_handovers(token);
    EXPECT_EQ(refused.status, 503) << refused.body;
    vfs.inject(FaultyVfs::Fault::none);
    EXPECT_EQ(stored("handovers"), 0);
    EXPECT_EQ(stored("pupils"), 0);
    const auto imported = import_handovers(token);
    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(stored("handovers"), 2);
}

}  // namespace
}  // namespace clicfleet::server
