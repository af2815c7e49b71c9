#pragma once
// Why an alert is open, in the words IT reads: French first, the city's
// language (SPEC §7), and English. The store keeps both sentences; the API
// answers both (`detail_fr`, `detail`), and the console and clicfleetctl show
// the one of their reader.

#include <optional>
#include <string>

namespace clicfleet::server {

struct AlertFinding {
    std::string fr;
    std::string en;
};

/// A rule's answer: a finding when its alert should be open, nothing when not.
using Finding = std::optional<AlertFinding>;

}  // namespace clicfleet::server
