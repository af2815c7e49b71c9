#pragma once
// One simulated laptop for the load generator: it enrolls, then sends
// reports as its mode says (the first with a full inventory if the server
// never saw the laptop, health only otherwise), retries what fails like the
// real agent (the same seqs, after a short backoff), and remembers what the
// server acknowledged so the run can be checked against the database.

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "common/net/load_driver.hpp"
#include "tests/loadgen/load_stats.hpp"
#include "tests/loadgen/report_shapes.hpp"

namespace clicfleet::loadgen {

enum class Mode { steady, storm, backlog, connections };

struct AgentPlan {
    std::string serial;
    std::string enroll_secret;
    Mode mode = Mode::steady;
    common::SteadyTime start;  ///< the first request
    common::SteadyTime end;    ///< steady: no new report after; connections: hold until
    std::chrono::milliseconds interval{900'000};  ///< steady: between reports
    std::uint64_t backlog = 0;  ///< backlog: reports queued before the first upload
    std::uint64_t batch = 100;  ///< reports per upload, as the agent
    std::uint64_t seed = 1;
    /// The server is a stand-in that answers every upload with the same fixed
    /// ack (scripts/bench.sh's nginx): see acknowledged_through().
    bool fixed_answers = false;
    std::optional<FailingRun> failing_run = {};  ///< every report carries such a run
};

/// Through which seq an ack acknowledges an upload whose last report is
/// `sent_last`; nothing when the ack falls short of it. A fixed answer
/// acknowledges what was sent, however high its ack_seq, so that the reports
/// counted are the reports sent.
std::optional<std::uint64_t> acknowledged_through(std::uint64_t ack_seq, std::uint64_t sent_last,
                                                  bool fixed_answers);

class SimulatedAgent final : public common::LoadClient {
  public:
    SimulatedAgent(AgentPlan plan, LoadStats& stats);

    std::optional<common::PlannedRequest> next() override;
    void answered(const common::HttpResponse& response, std::chrono::nanoseconds latency) override;
    void failed(const common::Error& error) override;

    const std::string& device_id() const { return device_id_; }
    /// The first seq this run sent, and the highest the server acknowledged.
    std::uint64_t first_seq() const { return first_seq_; }
    std::uint64_t acked_through() const { return acked_through_; }
    /// Whether the agent did all it was meant to (every report acknowledged).
    bool finished() const { return phase_ == Phase::done && owed_ == 0; }

  private:
    enum class Phase { enroll, report, hold, done };
    common::HttpRequest enroll_request() const;
    common::HttpRequest report_request();
    common::HttpRequest probe_request() const;
    /// After a failure: the same request again, a little later.
    common::SteadyTime retry_time();

    AgentPlan plan_;
    LoadStats& stats_;
    std::mt19937_64 random_;
    Phase phase_ = Phase::enroll;
    std::string device_id_;
    std::string token_;
    std::uint64_t first_seq_ = 1;
    std::uint64_t next_seq_ = 1;       ///< the next seq to create
    std::uint64_t acked_through_ = 0;  ///< the server's ack
    std::uint64_t owed_ = 0;           ///< reports still to create in this mode
    common::SteadyTime next_report_;
    common::SteadyTime not_before_;
    int failures_ = 0;
    bool sent_inventory_ = false;
    std::uint64_t in_flight_last_ = 0;
};

}  // namespace clicfleet::loadgen
