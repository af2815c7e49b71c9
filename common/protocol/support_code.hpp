#pragma once
// The support code a family reads over the phone (SPEC §3.3): the verdict,
// the laptop's device number and a check character, e.g. "D2-7KQ4-X".
//
//   D2    the verdict: the first failing step's code, or OK
//   7KQ4  the device number the server handed out at enrollment, in Crockford
//         base32 (0123456789ABCDEFGHJKMNPQRSTVWXYZ): 1 to 1,048,575;
//         0000 for a laptop never enrolled
//   X     a check character over the six before it
//
// The check is the Horner evaluation, in GF(32) (x^5 + x^2 + 1), of the
// symbols at x; the check symbol brings it to zero. Any one character changed
// and any two neighbours swapped (the check character included) change the
// value, so such a misreading is always caught; so are twin errors (AA → BB)
// and swaps across one character. The verdict's letter counts as its place in
// the alphabet (A = 0), its digit as its value. docs/support-desk.md has the
// format for people.
//
// Before this format, codes were the verdict and 4 random characters with no
// check ("D2-7KQ4", legacy): the server still finds the runs that carry one.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::common {

/// The Crockford base32 alphabet: no I, L, O or U.
inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The characters of a device number.
inline constexpr std::size_t kDeviceNumberChars = 4;

/// The highest device number: 32^4 - 1. Number 0 means "not enrolled".
inline constexpr std::uint32_t kMaxDeviceNumber = 32 * 32 * 32 * 32 - 1;

/// The lowest 5 × `chars` bits of `bits` in Crockford base32, most
/// significant first.
std::string crockford_base32(std::uint64_t bits, std::size_t chars);

/// A fresh run id: 20 random bits, 4 characters.
std::string new_run_id();

/// Whether `verdict` is "OK" or a step code ("D2": a step letter of
/// kProbeStepLetters and a digit from 1 to 9).
bool is_verdict(std::string_view verdict);

/// 7KQ4 → 249,572 (case, O for 0 and I or L for 1 forgiven); nothing when it is
/// not 4 Crockford characters.
std::optional<std::uint32_t> parse_device_number(std::string_view text);

/// 7,796 → "7KQ4"; 0 → "0000".
std::string format_device_number(std::uint32_t number);

struct SupportCode {
    std::string verdict;              ///< "OK" or a step code
    std::uint32_t device_number = 0;  ///< 0: the laptop was not enrolled

    bool operator==(const SupportCode&) const = default;
};

/// "D2-7KQ4-X". `code.verdict` must satisfy is_verdict.
std::string format_support_code(const SupportCode& code);

/// What a person typed or heard, read as a support code. Case, spaces and
/// dashes do not matter; in the device number and the check O reads as 0 and
/// I, L as 1 (Crockford), and so do the verdict's digit and the 0 of "0K".
/// The verdict's letter is taken as typed, since L and I are both step letters.
struct SupportCodeReading {
    enum class Kind {
        current,  ///< a code of today's format whose check character matches
        misread,  ///< today's shape, but the check character does not match
        legacy,   ///< the verdict and a 4-character run id, before the check existed
    };
    Kind kind = Kind::current;
    std::string text;  ///< canonical: "D2-7KQ4-X", or "D2-7KQ4" for a legacy code
    SupportCode code;  ///< the verdict, and the device number unless legacy
};

/// Nothing when the text has not the shape of a support code.
std::optional<SupportCodeReading> read_support_code(std::string_view text);

}  // namespace clicfleet::common
