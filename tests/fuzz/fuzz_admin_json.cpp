// The admin API's JSON bodies: applications, corrections, cards, cohort
// settings and budget lines, as a browser or a script could send them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/messages.hpp"
#include "server/api/bursary_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet;
    auto json = common::parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!json) return 0;
    const auto today = common::CivilDate::parse("2026-12-05").value();
    (void)server::application_input(*json, today);
    (void)server::application_patch(*json, today);
    (void)server::card_input(*json);
    (void)server::cohort_settings_input(*json, 2026);
    (void)server::budget_line_input(*json);
    return 0;
}
