// Placeholders, chassis types and SMBIOS tables (SMBIOS 3.x, DSP0134).

#include "agent/collect/firmware.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "common/util/text.hpp"

namespace clicfleet::agent {

namespace {

// Lower case. Values firmware vendors leave in SMBIOS when nobody filled it in;
// thousands of machines share each, so they identify nothing.
constexpr std::array<std::string_view, 16> kPlaceholders = {
    "to be filled by o.e.m.",
    "to be filled by o.e.m",
    "default string",
    "system serial number",
    "system product name",
    // ASUS boards leave the vendor and version as placeholders too.
    "system manufacturer",
    "system version",
    "chassis serial number",
    "0123456789",
    "123456789",
    "none",
    "not specified",
    "not applicable",
    "n/a",
    "o.e.m.",
    // The AMI Aptio default product UUID.
    "03000200-0400-0500-0006-000700080009",
};

std::string_view trim_blanks(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// One SMBIOS structure: its formatted part and its strings.
struct Structure {
    std::uint8_t type = 0;
    std::string_view formatted;  ///< header included
    std::string_view strings;    ///< the string-set, without its final NUL

    std::optional<std::uint8_t> byte(std::size_t offset) const {
        if (offset >= formatted.size()) return std::nullopt;
        return static_cast<std::uint8_t>(formatted[offset]);
    }

    /// The string a byte at `offset` points to (1-based), trimmed; nothing
    /// for 0, a missing string, or a placeholder.
    std::optional<std::string> text(std::size_t offset) const {
        const auto index = byte(offset);
        if (!index || *index == 0) return std::nullopt;
        std::string_view rest = strings;
        for (int i = 1; i < *index; ++i) {
            const auto end = rest.find('\0');
            if (end == std::string_view::npos) return std::nullopt;
            rest.remove_prefix(end + 1);
        }
        const auto value = trim_blanks(rest.substr(0, rest.find('\0')));
        if (value.empty() || is_bogus_identity_value(value)) return std::nullopt;
        return std::string(value);
    }
};

/// Calls `on` with each structure up to the end-of-table one (type 127) or
/// the first that does not fit.
template <class On>
void for_each_structure(std::string_view table, On on) {
    while (table.size() >= 4) {
        const auto length = static_cast<std::uint8_t>(table[1]);
        if (length < 4 || length > table.size()) return;
        // The string-set ends with two NULs (one right after the formatted
        // part when the structure has no string).
        const auto end = table.find(std::string_view("\0\0", 2), length);
        if (end == std::string_view::npos) return;
        Structure s{static_cast<std::uint8_t>(table[0]), table.substr(0, length),
                    table.substr(length, end - length)};
        if (s.type == 127) return;
        on(s);
        table.remove_prefix(end + 2);
    }
}

/// SMBIOS's UUID, as Linux's product_uuid shows it.
std::optional<std::string> uuid_of(const Structure& system, int major, int minor) {
    if (system.formatted.size() < 0x18) return std::nullopt;
    std::array<std::uint8_t, 16> b{};
    for (std::size_t i = 0; i < 16; ++i)
        b[i] = static_cast<std::uint8_t>(system.formatted[8 + i]);
    // From 2.6 on, time_low, time_mid and time_hi_and_version are little-endian.
    if (major > 2 || (major == 2 && minor >= 6)) {
        std::reverse(b.begin(), b.begin() + 4);
        std::reverse(b.begin() + 4, b.begin() + 6);
        std::reverse(b.begin() + 6, b.begin() + 8);
    }
    char text[37];
    std::snprintf(text, sizeof text,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    if (is_bogus_identity_value(text)) return std::nullopt;
    return std::string(text);
}

}  // namespace

bool is_repeated_filler(std::string_view value) {
    std::string digits;
    for (const char c : value) {
        if (c != '-' && c != ' ') digits.push_back(c);
    }
    if (digits.empty()) return true;
    const char first = digits.front();
    if (first != '0' && first != 'f') return false;
    return std::all_of(digits.begin(), digits.end(), [first](char c) { return c == first; });
}

bool is_bogus_identity_value(std::string_view value) {
    const auto lower = common::ascii_lower(trim_blanks(value));
    if (is_repeated_filler(lower)) return true;
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), lower) != kPlaceholders.end();
}

std::string chassis_name(std::uint64_t smbios_chassis_type) {
    // SMBIOS 3.x, table "System Enclosure or Chassis Types".
    switch (smbios_chassis_type) {
        case 2:
            return "unknown";
        case 3:   // Desktop
        case 4:   // Low Profile Desktop
        case 5:   // Pizza Box
        case 6:   // Mini Tower
        case 7:   // Tower
        case 13:  // All in One: the usual library or classroom PC
        case 15:  // Space-saving
        case 16:  // Lunch Box
        case 35:  // Mini PC
            return "desktop";
        case 8:   // Portable
        case 9:   // Laptop
        case 10:  // Notebook
        case 14:  // Sub Notebook
            return "laptop";
        case 30:
            return "tablet";
        case 31:
            return "convertible";
        case 32:
            return "detachable";
        case 17:  // Main Server Chassis
        case 23:  // Rack Mount Chassis
        case 28:  // Blade
            return "server";
        default:
            return "other";
    }
}

common::HardwareInfo hardware_from_smbios(std::string_view table, int major, int minor) {
    common::HardwareInfo hardware;
    for_each_structure(table, [&](const Structure& s) {
        switch (s.type) {
            case 0:  // BIOS Information
                if (!hardware.bios_version) hardware.bios_version = s.text(0x05);
                if (!hardware.bios_date) hardware.bios_date = s.text(0x08);
                break;
            case 1:  // System Information
                if (!hardware.vendor) hardware.vendor = s.text(0x04);
                if (!hardware.model) hardware.model = s.text(0x05);
                if (!hardware.serial) hardware.serial = s.text(0x07);
                if (!hardware.uuid) hardware.uuid = uuid_of(s, major, minor);
                break;
            case 3:  // System Enclosure or Chassis
                if (!hardware.chassis) {
                    if (const auto type = s.byte(0x05))
                        hardware.chassis = chassis_name(*type & 0x7f);
                }
                break;
            default:
                break;
        }
    });
    return hardware;
}

std::optional<common::HardwareInfo> hardware_from_raw_smbios(std::string_view raw) {
    if (raw.size() < 8) return std::nullopt;
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(raw[i]); };
    const std::uint32_t length =
        byte(4) | byte(5) << 8 | byte(6) << 16 | static_cast<std::uint32_t>(byte(7)) << 24;
    if (length > raw.size() - 8) return std::nullopt;
    return hardware_from_smbios(raw.substr(8, length), byte(1), byte(2));
}

}  // namespace clicfleet::agent
