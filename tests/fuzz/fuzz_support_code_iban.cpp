// What people type: support codes read over the phone, IBANs from a form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/connectivity.hpp"
#include "common/protocol/support_code.hpp"
#include "server/bursary/iban.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto code = common::read_support_code(text)) {
        // A canonical code reads back as itself, with the same verdict.
        auto again = common::read_support_code(code->text);
        if (!again || again->text != code->text || again->kind != code->kind) __builtin_trap();
        if (code->kind == common::SupportCodeReading::Kind::current &&
            common::format_support_code(code->code) != code->text) {
            __builtin_trap();
        }
    }
    if (auto iban = server::normalize_iban(text)) {
        auto again = server::normalize_iban(*iban);
        if (!again || *again != *iban) __builtin_trap();
    }
    (void)common::sanitize_detail(text);
    return 0;
}
