#pragma once
// The agent's persistent report queue (SPEC §3.4), SQLite in the state dir.
// Every report is queued before it is sent and leaves only once the server
// acknowledged it; the queue survives crashes and reboots. It is bounded by
// count and bytes: when full the oldest reports go first, and the running
// total of dropped reports is sent to the server, so loss is never silent.
//
// The queue also hands out the report sequence numbers, in the same
// transaction that stores the report: a seq is never reused for other
// content, whatever crashes when.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/protocol/messages.hpp"
#include "common/store/sqlite.hpp"

namespace clicfleet::agent {

struct QueueLimits {
    std::size_t max_reports = 20'000;     ///< ~7 months of 15-minute reports
    std::size_t max_bytes = 64ull << 20;  ///< as stored (JSON)
};

struct QueuedReport {
    std::uint64_t seq = 0;
    std::string json;  ///< the ReportItem as sent
};

struct QueueStatus {
    std::size_t reports = 0;
    std::size_t bytes = 0;
    std::uint64_t dropped_total = 0;
    std::uint64_t next_seq = 1;
    std::optional<std::uint64_t> oldest_seq;
};

class ReportQueue {
  public:
    static common::Result<ReportQueue> open(const std::filesystem::path& file, QueueLimits limits);

    /// Gives `item` the next seq, stores it durably and returns the seq.
    /// Drops the oldest reports if the queue is now over its limits.
    common::Result<std::uint64_t> push(common::ReportItem item);

    /// The oldest reports, up to `max_reports` and about `max_bytes` (at least one).
    common::Result<std::vector<QueuedReport>> oldest(std::size_t max_reports,
                                                     std::size_t max_bytes);

    /// The server has committed every report up to `ack_seq`: forget them.
    common::Status acknowledge(std::uint64_t ack_seq);

    /// A report the server will never accept (it answered 4xx): removed and
    /// counted as dropped, so it does not hold up the reports behind it.
    common::Status discard(std::uint64_t seq);

    /// After an enrollment of the same device: never go below the server's next seq.
    common::Status resume_at(std::uint64_t server_next_seq);

    /// After an enrollment as another device (a copied state dir): what is
    /// queued belongs to the other device and is discarded, counts start over.
    common::Status start_over(std::uint64_t server_next_seq);

    /// Hash of the newest inventory in the queue or acknowledged: the agent
    /// sends the full inventory only when its hash differs from this.
    common::Result<std::optional<std::string>> inventory_hash_sent();

    common::Result<QueueStatus> status();

    /// The status of the queue in `file`, read without writing anything:
    /// for `status` while the daemon runs. A missing file is an empty queue.
    static common::Result<QueueStatus> peek(const std::filesystem::path& file);
    common::Status set_limits(QueueLimits limits);

  private:
    ReportQueue(common::Database db, QueueLimits limits) : db_(std::move(db)), limits_(limits) {}
    common::Status drop_oldest_over_limits();
    common::Result<std::int64_t> counter(const char* name);
    common::Status set_counter(const char* name, std::int64_t value);

    common::Database db_;
    QueueLimits limits_;
};

}  // namespace clicfleet::agent
