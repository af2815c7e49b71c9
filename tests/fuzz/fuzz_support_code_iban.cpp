// What people type: support codes read over the phone, IBANs from a form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/connectivity.hpp"
#include "server/bursary/iban.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto code = common::normalize_support_code(text)) {
        // A canonical code stays as it is.
        if (common::normalize_support_code(*code) != code) __builtin_trap();
    }
    if (auto iban = server::normalize_iban(text)) {
        auto again = server::normalize_iban(*iban);
        if (!again || *again != *iban) __builtin_trap();
    }
    (void)common::sanitize_detail(text);
    return 0;
}
