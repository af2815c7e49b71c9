#pragma once
// Why an alert is open, in the words IT reads: French first, the city's
// language (SPEC §7), and English. The store keeps both sentences; the API
// answers both (`detail_fr`, `detail`), and the console and clicfleetctl show
// the one of their reader.

#include <cstdint>
#include <optional>
#include <string>

namespace clicfleet::server {

struct AlertFinding {
    std::string fr;
    std::string en;
};

/// A rule's answer: a finding when its alert should be open, nothing when not.
using Finding = std::optional<AlertFinding>;

/// An amount in a finding: "1.4 GiB" in English, "1,4 Gio" in French; binary
/// units, one decimal from a gibibyte up, whole mebibytes below.
std::string format_bytes(std::uint64_t bytes, bool french);

}  // namespace clicfleet::server
