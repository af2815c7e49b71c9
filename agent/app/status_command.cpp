#include "agent/app/status_command.hpp"

#include <fmt/format.h>

#include <ostream>

#include "agent/queue/report_queue.hpp"
#include "agent/state/agent_state.hpp"

namespace clicfleet::agent {

namespace {

void line(std::ostream& out, const char* label, const std::string& value) {
    out << fmt::format("{:<13}{}\n", label, value);
}

/// The queue's length and the running total of reports it had to drop.
void print_queue(const StateDir& state_dir, std::ostream& out) {
    auto status = ReportQueue::peek(state_dir.queue_file());
    if (!status) {
        line(out, "queue:", "unreadable: " + common::describe(status.error()));
        return;
    }
    line(out, "queue:",
         status->reports == 0
             ? std::string("empty")
             : fmt::format("{} report(s) waiting ({:.1f} KiB), oldest seq {}", status->reports,
                           static_cast<double>(status->bytes) / 1024.0,
                           status->oldest_seq.value_or(0)));
    line(out, "dropped:", std::to_string(status->dropped_total) + " report(s)");
}

}  // namespace

int print_status(const StateDir& state_dir, std::ostream& out) {
    auto state = state_dir.load();
    if (!state) {
        line(out, "enrolled:", "no (" + common::describe(state.error()) + ")");
        return 1;
    }
    line(out, "enrolled:", "yes, device " + state->device_id + " with " + state->server_url);
    line(out, "last report:",
         state->last_ack_at
             ? fmt::format("seq {} acknowledged at {}", state->last_acked_seq, *state->last_ack_at)
             : std::string("none acknowledged yet"));
    print_queue(state_dir, out);
    line(out, "last error:",
         state->last_error ? *state->last_error_at + " " + *state->last_error : "none");
    return 0;
}

}  // namespace clicfleet::agent
