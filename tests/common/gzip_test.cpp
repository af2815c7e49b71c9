#include "common/util/gzip.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

// The bomb test must show that inflating stays within the limit in memory,
// not only that it reports too_large in the end. Every C++ allocation in
// this binary goes through these replacements, which record the largest
// single request while a test has the meter switched on.
namespace {

std::atomic<bool> g_metering{false};
std::atomic<std::size_t> g_largest_allocation{0};

void* metered_allocate(std::size_t n) {
    if (g_metering.load(std::memory_order_relaxed)) {
        auto largest = g_largest_allocation.load(std::memory_order_relaxed);
        while (n > largest && !g_largest_allocation.compare_exchange_weak(largest, n)) {
        }
    }
    return std::malloc(n == 0 ? 1 : n);
}

}  // namespace

void* operator new(std::size_t n) {
    if (void* p = metered_allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    return ::operator new(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    return metered_allocate(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return metered_allocate(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

namespace clicfleet::common {
namespace {

/// The largest single allocation made while `fn` runs.
template <class Fn>
std::size_t largest_allocation_during(Fn&& fn) {
    g_largest_allocation = 0;
    g_metering = true;
    fn();
    g_metering = false;
    return g_largest_allocation.load();
}

std::string sample_text() {
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "report " + std::to_string(i * 7919 % 1000) + ";";
    return text;
}

TEST(Gzip, RoundTripsText) {
    const std::string text = sample_text();
    const std::string packed = gzip_compress(text);
    EXPECT_LT(packed.size(), text.size());
    auto inflated = gzip_inflate(packed, text.size());
    ASSERT_TRUE(inflated) << inflated.error().message;
    EXPECT_EQ(*inflated, text);
}

TEST(Gzip, RoundTripsEveryByteValue) {
    std::string bytes;
    for (int round = 0; round < 4; ++round) {
        for (int b = 0; b < 256; ++b)
            bytes.push_back(static_cast<char>(b));
    }
    auto inflated = gzip_inflate(gzip_compress(bytes), 1 << 20);
    ASSERT_TRUE(inflated) << inflated.error().message;
    EXPECT_EQ(*inflated, bytes);
}

TEST(Gzip, RoundTripsAnEmptyPayload) {
    auto inflated = gzip_inflate(gzip_compress(""), 0);
    ASSERT_TRUE(inflated) << inflated.error().message;
    EXPECT_EQ(*inflated, "");
}

TEST(Gzip, AcceptsOutputOfExactlyTheLimit) {
    const std::string data(1000, 'x');
    auto inflated = gzip_inflate(gzip_compress(data), 1000);
    ASSERT_TRUE(inflated) << inflated.error().message;
    EXPECT_EQ(inflated->size(), 1000u);
}

TEST(Gzip, RefusesOutputOneBytePastTheLimit) {
    auto inflated = gzip_inflate(gzip_compress(std::string(1001, 'x')), 1000);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::too_large);
}

TEST(Gzip, BombStopsAtTheLimitWithoutInflatingInMemory) {
    const std::string bomb = gzip_compress(std::string(32 << 20, '\0'));
    ASSERT_LT(bomb.size(), 64u << 10) << "a bomb is small on the wire";
    constexpr std::size_t kLimit = 1 << 20;

    bool refused = false;
    const std::size_t largest = largest_allocation_during([&] {
        auto inflated = gzip_inflate(bomb, kLimit);
        refused = !inflated && inflated.error().code == Errc::too_large;
    });
    EXPECT_TRUE(refused);
    EXPECT_GE(largest, kLimit / 2) << "the meter saw the output buffer grow";
    // The output buffer may grow geometrically up to the limit, never to the bomb's size.
    EXPECT_LE(largest, 3 * kLimit);
}

TEST(Gzip, GarbageIsABadRequest) {
    auto inflated = gzip_inflate("this is not gzip at all", 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
}

TEST(Gzip, PlainDeflateWithoutGzipHeaderIsABadRequest) {
    std::string packed = gzip_compress(sample_text());
    packed.erase(0, 10);  // the gzip header
    auto inflated = gzip_inflate(packed, 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
}

TEST(Gzip, TruncatedStreamIsABadRequest) {
    const std::string packed = gzip_compress(sample_text());
    for (const std::size_t keep :
         {std::size_t{5}, packed.size() / 2, packed.size() - 4, packed.size() - 1}) {
        auto inflated = gzip_inflate(packed.substr(0, keep), 1 << 20);
        ASSERT_FALSE(inflated) << "kept " << keep << " of " << packed.size();
        EXPECT_EQ(inflated.error().code, Errc::bad_request) << "kept " << keep;
    }
}

TEST(Gzip, CorruptedChecksumIsABadRequest) {
    std::string packed = gzip_compress(sample_text());
    packed[packed.size() - 6] = static_cast<char>(packed[packed.size() - 6] ^ 0x55);  // the CRC32
    auto inflated = gzip_inflate(packed, 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
}

TEST(Gzip, EmptyInputIsABadRequest) {
    auto inflated = gzip_inflate("", 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
}

}  // namespace
}  // namespace clicfleet::common

namespace clicfleet::common {
namespace {

TEST(Gzip, RefusesBytesAfterTheEndOfTheStream) {
    auto inflated = gzip_inflate(gzip_compress("{}") + "garbage", 1000);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
    EXPECT_EQ(inflated.error().message, "data after the end of the gzip stream");
}

TEST(Gzip, RefusesASecondMemberBehindTheFirst) {
    auto inflated = gzip_inflate(gzip_compress("{}") + gzip_compress("[]"), 1000);
    ASSERT_FALSE(inflated);
    EXPECT_EQ(inflated.error().code, Errc::bad_request);
}

}  // namespace
}  // namespace clicfleet::common
