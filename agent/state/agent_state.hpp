#pragma once
// What the agent keeps in its state directory between runs:
//   state.json  enrollment (server, device id, hardware identity) and the
//               settings the server last sent
//   token       the device token (mode 0600)
//   ca.pem      the CA the server is verified against
//   queue.db    reports not yet acknowledged, and the seq counter (ReportQueue)
//   laptop.json what `diagnose` shows any user: the device number, serial
//               and host name (mode 0644; the folder is 0711, so no listing)
//   inbox/      runs `diagnose` leaves for the agent to send (RunInbox, 1733)

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

struct AgentState {
    std::string server_url;
    std::string device_id;
    /// This laptop's number in support codes, as the server gave it.
    std::optional<std::uint32_t> device_number;
    common::HostIdentity identity;         ///< the hardware the enrollment is bound to
    common::AgentSettings settings;        ///< as the server last sent them
    std::optional<double> clock_offset_s;  ///< agent minus server, at the last acknowledgement
    // For `clicfleet-agent status`:
    std::optional<std::string> last_ack_at;  ///< RFC 3339
    std::uint64_t last_acked_seq = 0;
    std::optional<std::string>
        last_error;  ///< what went wrong last, if it has not gone right since
    std::optional<std::string> last_error_at;
};

/// What any user running `diagnose` may read: how the desk finds this laptop.
struct LaptopCard {
    std::optional<std::uint32_t> device_number;
    std::optional<std::string> serial;
    std::optional<std::string> hostname;

    bool operator==(const LaptopCard&) const = default;
};

class StateDir {
  public:
    explicit StateDir(std::filesystem::path root) : root_(std::move(root)) {}

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path state_file() const { return root_ / "state.json"; }
    std::filesystem::path token_file() const { return root_ / "token"; }
    std::filesystem::path ca_file() const { return root_ / "ca.pem"; }
    std::filesystem::path queue_file() const { return root_ / "queue.db"; }
    std::filesystem::path laptop_file() const { return root_ / "laptop.json"; }
    std::filesystem::path inbox_dir() const { return root_ / "inbox"; }
    /// The Windows service's log (rotated beside it: agent.1.log…).
    std::filesystem::path log_file() const { return root_ / "agent.log"; }

    /// Creates the folder (mode 0711: its files are private unless their own
    /// mode says otherwise, and it cannot be listed) and its inbox.
    common::Status prepare() const;

    bool enrolled() const;

    /// The files the agent keeps here, the token first: what `forget` erases
    /// (with the inbox).
    std::vector<std::filesystem::path> own_files() const;

    /// not_found when never enrolled; invalid when the files are damaged.
    common::Result<AgentState> load() const;
    common::Result<std::string> load_token() const;
    /// Readable by any user; not_found before the first enrollment.
    common::Result<LaptopCard> load_card() const;

    /// Saves the state, and laptop.json when what it shows has changed.
    common::Status save(const AgentState& state) const;
    /// Notes a failure for `status`; best effort (the state may be unreadable).
    void record_error(const common::Error& error, common::TimePoint at) const;
    /// Stores a new enrollment: state, token (0600) and a copy of the CA.
    common::Status save_enrollment(const AgentState& state, const std::string& token,
                                   const std::string& ca_pem) const;

  private:
    std::filesystem::path root_;
};

/// Whether two identities describe the same machine: a state dir copied
/// into a master image must not make every laptop one device (SPEC §3.1).
bool same_hardware(const common::HostIdentity& enrolled, const common::HostIdentity& current);

}  // namespace clicfleet::agent
