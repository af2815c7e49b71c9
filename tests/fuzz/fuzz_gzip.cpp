// gzip bodies inflate within their limit, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/util/gzip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet::common;
    constexpr std::size_t kLimit = 64 * 1024;
    auto inflated =
        gzip_inflate(std::string_view(reinterpret_cast<const char*>(data), size), kLimit);
    if (inflated && inflated->size() > kLimit) __builtin_trap();
    if (inflated) {
        auto again = gzip_inflate(gzip_compress(*inflated), kLimit);
        if (!again || *again != *inflated) __builtin_trap();
    }
    return 0;
}
