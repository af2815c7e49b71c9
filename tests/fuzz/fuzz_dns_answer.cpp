// DNS answers and names, as a family's box (or anyone on its Wi-Fi) sends them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "agent/probe/linux/dns_answer.hpp"
#include "agent/probe/linux/dns_query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet::agent::linux_probe;
    const std::span<const unsigned char> bytes(data, size);
    // As received, and as res_nquery-style callers report a longer length.
    (void)addresses_from_answer(bytes, static_cast<int>(size));
    (void)addresses_from_answer(bytes, static_cast<int>(size) + 100);
    (void)a_query(std::string_view(reinterpret_cast<const char*>(data), size), 1);
    return 0;
}
