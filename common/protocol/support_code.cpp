#include "common/protocol/support_code.hpp"

#include <array>
#include <cctype>

#include "common/protocol/connectivity.hpp"
#include "common/util/crypto.hpp"

namespace clicfleet::common {

namespace {

constexpr std::size_t kRunIdChars = 4;

/// A character of a device number or check as heard: O is 0, I and L are 1.
std::optional<std::uint8_t> crockford_value(char c) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const auto at = kCrockfordAlphabet.find(c);
    if (at == std::string_view::npos) return std::nullopt;
    return static_cast<std::uint8_t>(at);
}

/// Multiplication by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1).
std::uint8_t times_x(std::uint8_t v) {
    v = static_cast<std::uint8_t>(v << 1);
    return (v & 0x20) ? static_cast<std::uint8_t>(v ^ 0x25) : v;
}

/// The six checked symbols: the verdict's letter (A = 0) and digit, then the
/// device number's four characters. "OK" is O = 14 and K = 10.
std::array<std::uint8_t, 6> symbols(const SupportCode& code) {
    std::array<std::uint8_t, 6> s{};
    s[0] = static_cast<std::uint8_t>(code.verdict[0] - 'A');
    s[1] = code.verdict == "OK" ? static_cast<std::uint8_t>('K' - 'A')
                                : static_cast<std::uint8_t>(code.verdict[1] - '0');
    for (std::size_t i = 0; i < kDeviceNumberChars; ++i) {
        s[2 + i] = static_cast<std::uint8_t>((code.device_number >> (5 * (3 - i))) & 0x1f);
    }
    return s;
}

/// The check symbol: with it appended, the Horner sum is zero.
std::uint8_t check_symbol(const SupportCode& code) {
    std::uint8_t sum = 0;
    for (const auto s : symbols(code))
        sum = static_cast<std::uint8_t>(times_x(sum) ^ s);
    return times_x(sum);
}

/// "D2", "d2", "DZ"... as the verdict it must be; "0K" is "OK".
std::optional<std::string> read_verdict(std::string_view two) {
    if (two == "OK" || two == "0K") return std::string("OK");
    const auto digit = crockford_value(two[1]);
    if (!digit || *digit > 9) return std::nullopt;
    std::string verdict{two[0], static_cast<char>('0' + *digit)};
    if (!is_verdict(verdict)) return std::nullopt;
    return verdict;
}

}  // namespace

std::string crockford_base32(std::uint64_t bits, std::size_t chars) {
    std::string out(chars, '0');
    for (std::size_t i = chars; i-- > 0;) {
        out[i] = kCrockfordAlphabet[bits & 0x1f];
        bits >>= 5;
    }
    return out;
}

std::string new_run_id() {
    const std::string bytes = random_bytes(3);
    std::uint64_t bits = 0;
    for (char b : bytes)
        bits = (bits << 8) | static_cast<unsigned char>(b);
    return crockford_base32(bits, kRunIdChars);
}

bool is_verdict(std::string_view verdict) {
    if (verdict == "OK") return true;
    return verdict.size() == 2 && kProbeStepLetters.find(verdict[0]) != std::string_view::npos &&
           verdict[1] >= '1' && verdict[1] <= '9';
}

std::optional<std::uint32_t> parse_device_number(std::string_view text) {
    if (text.size() != kDeviceNumberChars) return std::nullopt;
    std::uint32_t number = 0;
    for (char c : text) {
        const auto v = crockford_value(c);
        if (!v) return std::nullopt;
        number = (number << 5) | *v;
    }
    return number;
}

std::string format_device_number(std::uint32_t number) {
    return crockford_base32(number, kDeviceNumberChars);
}

std::string format_support_code(const SupportCode& code) {
    return code.verdict + "-" + format_device_number(code.device_number) + "-" +
           kCrockfordAlphabet[check_symbol(code)];
}

std::optional<SupportCodeReading> read_support_code(std::string_view text) {
    std::string compact;
    for (char c : text) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        if (compact.size() == 3 + kDeviceNumberChars) return std::nullopt;  // too long
        compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (compact.size() != 2 + kRunIdChars && compact.size() != 3 + kDeviceNumberChars) {
        return std::nullopt;
    }
    auto verdict = read_verdict(std::string_view(compact).substr(0, 2));
    auto number = parse_device_number(std::string_view(compact).substr(2, kDeviceNumberChars));
    if (!verdict || !number) return std::nullopt;

    SupportCodeReading reading;
    reading.code = SupportCode{*verdict, *number};
    if (compact.size() == 2 + kRunIdChars) {
        reading.kind = SupportCodeReading::Kind::legacy;
        reading.code.device_number = 0;
        reading.text = *verdict + "-" + format_device_number(*number);
        return reading;
    }
    const auto check = crockford_value(compact.back());
    if (!check) return std::nullopt;
    reading.kind = *check == check_symbol(reading.code) ? SupportCodeReading::Kind::current
                                                        : SupportCodeReading::Kind::misread;
    reading.text =
        *verdict + "-" + format_device_number(*number) + "-" + kCrockfordAlphabet[*check];
    return reading;
}

}  // namespace clicfleet::common
