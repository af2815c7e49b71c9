// What agents send (enroll, report with its connectivity runs), and what the
// server answers them, through the same decoders the two sides use.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/connectivity.hpp"
#include "common/protocol/control_characters.hpp"
#include "common/protocol/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet::common;
    auto json = parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!json) return 0;
    (void)control_character_path(*json);
    (void)enroll_request_from_json(*json);
    (void)enroll_response_from_json(*json);
    (void)report_ack_from_json(*json);
    (void)connectivity_run_from_json(*json, "run");
    if (auto batch = report_batch_from_json(*json)) {
        // What decodes must encode and decode again to the same.
        auto again = report_batch_from_json(to_json(*batch));
        if (!again) __builtin_trap();
    }
    replace_control_characters(*json);
    if (control_character_path(*json)) __builtin_trap();
    return 0;
}
