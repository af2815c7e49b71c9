#include "agent/state/agent_state.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

#include "agent/queue/run_inbox.hpp"
#include "common/protocol/json_fields.hpp"
#include "common/protocol/support_code.hpp"
#include "common/util/files.hpp"

namespace clicfleet::agent {

namespace json = boost::json;
using common::Errc;
using common::make_error;

bool StateDir::enrolled() const {
    std::error_code ec;
    return std::filesystem::exists(state_file(), ec) && std::filesystem::exists(token_file(), ec);
}

common::Result<AgentState> StateDir::load() const {
    if (!enrolled()) {
        return make_error(Errc::not_found,
                          "not enrolled: no enrollment in " + root_.string() +
                              "; run `clicfleet-agent enroll` first",
                          "state-dir");
    }
    auto text = common::read_file(state_file(), 1 << 20);
    if (!text) return text.error();
    auto parsed = common::parse_json(*text);
    const auto damaged = [this](const std::string& why) {
        return make_error(Errc::invalid,
                          state_file().string() + " is damaged (" + why + "); enroll again",
                          "state-dir");
    };
    if (!parsed) return damaged(parsed.error().message);

    common::JsonFieldReader r(*parsed, "");
    AgentState state;
    r.required("server_url", state.server_url);
    r.required("device_id", state.device_id);
    std::optional<std::string> device_number;
    r.optional("device_number", device_number);
    r.object("identity", state.identity, common::host_identity_from_json, true);
    r.object("settings", state.settings, common::agent_settings_from_json, false);
    r.optional("clock_offset_s", state.clock_offset_s);
    std::optional<std::uint64_t> last_acked_seq;
    r.optional("last_ack_at", state.last_ack_at);
    r.optional("last_acked_seq", last_acked_seq);
    r.optional("last_error", state.last_error);
    r.optional("last_error_at", state.last_error_at);
    state.last_acked_seq = last_acked_seq.value_or(0);
    if (!r.ok()) return damaged(r.error().field + ": " + r.error().message);
    if (device_number) {
        state.device_number = common::parse_device_number(*device_number);
        if (!state.device_number) return damaged("device_number: not 4 Crockford characters");
    }
    return state;
}

common::Result<std::string> StateDir::load_token() const {
    auto token = common::read_file(token_file(), 4096);
    if (!token) return token.error();
    std::string trimmed = common::trim(*token);
    if (trimmed.empty()) return make_error(Errc::invalid, token_file().string() + " is empty");
    return trimmed;
}

common::Status StateDir::save(const AgentState& state) const {
    json::object o{{"server_url", state.server_url},
                   {"device_id", state.device_id},
                   {"identity", common::to_json(state.identity)},
                   {"settings", common::to_json(state.settings)}};
    if (state.device_number)
        o["device_number"] = common::format_device_number(*state.device_number);
    common::put_optional(o, "clock_offset_s", state.clock_offset_s);
    common::put_optional(o, "last_ack_at", state.last_ack_at);
    if (state.last_acked_seq > 0) o["last_acked_seq"] = state.last_acked_seq;
    common::put_optional(o, "last_error", state.last_error);
    common::put_optional(o, "last_error_at", state.last_error_at);
    if (auto s = common::write_file_atomic(state_file(), json::serialize(o) + "\n"); !s) return s;
    const LaptopCard card{state.device_number, state.identity.serial, state.identity.hostname};
    if (auto shown = load_card(); shown && *shown == card) return {};
    json::object c;
    if (card.device_number) c["device_number"] = common::format_device_number(*card.device_number);
    common::put_optional(c, "serial", card.serial);
    common::put_optional(c, "hostname", card.hostname);
    return common::write_file_atomic(laptop_file(), json::serialize(c) + "\n",
                                     common::kPublicFileMode);
}

common::Result<LaptopCard> StateDir::load_card() const {
    std::error_code ec;
    if (!std::filesystem::exists(laptop_file(), ec)) {
        return make_error(Errc::not_found, "not enrolled: no " + laptop_file().string(),
                          "state-dir");
    }
    auto text = common::read_file(laptop_file(), 64 * 1024);
    if (!text) return text.error();
    auto parsed = common::parse_json(*text);
    if (!parsed) return make_error(Errc::invalid, laptop_file().string() + " is damaged");
    common::JsonFieldReader r(*parsed, "");
    LaptopCard card;
    std::optional<std::string> number;
    r.optional("device_number", number);
    r.optional("serial", card.serial);
    r.optional("hostname", card.hostname);
    if (!r.ok()) return make_error(Errc::invalid, laptop_file().string() + " is damaged");
    if (number) {
        card.device_number = common::parse_device_number(*number);
        if (!card.device_number) {
            return make_error(Errc::invalid, laptop_file().string() + " is damaged");
        }
    }
    return card;
}

common::Status StateDir::prepare() const {
    if (auto s = common::ensure_private_dir(root_); !s) return s;
    std::error_code ec;
    using std::filesystem::perms;
    std::filesystem::permissions(root_, perms::owner_all | perms::group_exec | perms::others_exec,
                                 ec);
    if (ec) {
        return make_error(Errc::io,
                          "cannot set the mode of " + root_.string() + ": " + ec.message());
    }
    return RunInbox(inbox_dir()).create();
}

std::vector<std::filesystem::path> StateDir::own_files() const {
    const auto queue = queue_file().string();
    return {token_file(), state_file(),   ca_file(),      laptop_file(),
            queue_file(), queue + "-wal", queue + "-shm", queue + "-journal"};
}

common::Status StateDir::save_enrollment(const AgentState& state, const std::string& token,
                                         const std::string& ca_pem) const {
    if (auto s = prepare(); !s) return s;
    if (auto s = common::write_file_atomic(ca_file(), ca_pem, common::kPublicFileMode); !s) {
        return s;
    }
    // The token first: a state.json without its token would look enrolled.
    if (auto s = common::write_file_atomic(token_file(), token + "\n"); !s) return s;
    return save(state);
}

void StateDir::record_error(const common::Error& error, common::TimePoint at) const {
    auto state = load();
    if (!state) return;
    state->last_error = common::describe(error);
    state->last_error_at = common::format_rfc3339(at);
    (void)save(*state);
}

bool same_hardware(const common::HostIdentity& enrolled, const common::HostIdentity& current) {
    if (enrolled.hardware_uuid && current.hardware_uuid) {
        return *enrolled.hardware_uuid == *current.hardware_uuid;
    }
    if (enrolled.serial && current.serial) return *enrolled.serial == *current.serial;
    if (enrolled.hardware_uuid || current.hardware_uuid || enrolled.serial || current.serial) {
        return false;  // firmware identity appeared or vanished: another machine
    }
    // No firmware identity (a VM, a cheap board): the OS install and at
    // least one network card in common. A USB adapter plugged in later adds
    // a MAC without making it another machine.
    const bool shares_a_mac =
        (enrolled.macs.empty() && current.macs.empty()) ||
        std::any_of(enrolled.macs.begin(), enrolled.macs.end(), [&](const std::string& mac) {
            return std::find(current.macs.begin(), current.macs.end(), mac) != current.macs.end();
        });
    return enrolled.machine_id == current.machine_id && shares_a_mac;
}

}  // namespace clicfleet::agent
