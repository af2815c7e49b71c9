// The alert list table.

#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

void print_alert_list(const boost::json::array& alerts, std::ostream& out) {
    if (alerts.empty()) {
        out << "no alerts\n";
        return;
    }
    TextTable table(
        {"ID", "RULE", "STATE", "DEVICE", "HOSTNAME", "SERIAL", "OPENED", "RESOLVED", "DETAIL"});
    for (const auto& a : alerts) {
        table.add_row({text_of(a, "id"), text_of(a, "rule"), text_of(a, "state"),
                       text_of(a, "device_id"), text_of(a, "hostname"), text_of(a, "serial"),
                       text_of(a, "opened_at"), text_of(a, "resolved_at"), text_of(a, "detail")});
    }
    table.print(out);
}

}  // namespace clicfleet::ctl
