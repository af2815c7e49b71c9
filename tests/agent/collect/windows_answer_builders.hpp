#pragma once
// Windows' answers built as Windows lays them out, for the tests of the
// parsers and of WindowsMachine: SMBIOS structures and the RSMB header
// (DSP0134), `reg export` text, GetLogicalProcessorInformationEx records and
// BATTERY_INFORMATION. Each builder says what it holds.

#include <cstdint>
#include <string>
#include <vector>

#include "agent/collect/windows/answers.hpp"

namespace clicfleet::testing::windows_answers {

/// One structure: its type, the formatted bytes after the 4-byte header,
/// and its strings (numbered from 1 in the order given).
inline std::string structure(std::uint8_t type, const std::vector<std::uint8_t>& body,
                             const std::vector<std::string>& strings) {
    std::string out;
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(4 + body.size()));
    out += std::string("\x12\x00", 2);  // handle
    for (const auto b : body)
        out.push_back(static_cast<char>(b));
    for (const auto& s : strings) {
        out += s;
        out.push_back('\0');
    }
    if (strings.empty()) out.push_back('\0');
    out.push_back('\0');
    return out;
}

/// BIOS: vendor 1, version 2, start segment, release date 3, ROM size.
inline std::string bios(const std::string& version, const std::string& date) {
    return structure(0, {1, 2, 0x00, 0xe0, 3, 0x0f}, {"LENOVO", version, date});
}

inline const std::vector<std::uint8_t> kUuidBytes = {
    0xe8, 0xc2, 0xf1, 0xa3, 0x4d, 0x2b, 0xb2, 0x11, 0xa8, 0x5c, 0xc5, 0xd2, 0xf1, 0xe0, 0xb7, 0xa4};

/// System: manufacturer 1, product 2, version 3, serial 4, the UUID, wake-up type.
inline std::string system_info(const std::string& vendor, const std::string& product,
                               const std::string& serial,
                               const std::vector<std::uint8_t>& uuid = kUuidBytes) {
    std::vector<std::uint8_t> body = {1, 2, 3, 4};
    body.insert(body.end(), uuid.begin(), uuid.end());
    body.push_back(6);
    return structure(1, body, {vendor, product, "ThinkPad E14", serial});
}

inline std::string chassis(std::uint8_t type) {
    return structure(3, {1, type, 0, 0}, {"LENOVO"});
}

inline std::string end_of_table() {
    return structure(127, {}, {});
}

/// The RSMB answer: calling method, major, minor, DMI revision, length, table.
inline std::string raw(const std::string& table, std::uint8_t major = 3, std::uint8_t minor = 2) {
    std::string out = {0, static_cast<char>(major), static_cast<char>(minor), 0};
    const auto n = static_cast<std::uint32_t>(table.size());
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    return out + table;
}

/// UTF-8 text as `reg export` writes it: UTF-16LE after a BOM, CRLF lines.
inline std::string as_reg_export(const std::string& utf8) {
    std::string out = "\xff\xfe";
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<std::uint8_t>(utf8[i]);
        std::uint32_t code = c;
        std::size_t n = 1;
        if (c >= 0xe0) {
            code = (c & 0x0f) << 12 | (utf8[i + 1] & 0x3f) << 6 | (utf8[i + 2] & 0x3f);
            n = 3;
        } else if (c >= 0xc0) {
            code = (c & 0x1f) << 6 | (utf8[i + 1] & 0x3f);
            n = 2;
        }
        if (code == '\n') {
            out += std::string("\r\0", 2);
        }
        out.push_back(static_cast<char>(code & 0xff));
        out.push_back(static_cast<char>(code >> 8));
        i += n;
    }
    return out;
}

/// One RelationProcessorCore record of GetLogicalProcessorInformationEx.
inline std::string core(std::uint64_t mask) {
    std::string r(48, '\0');
    r[0] = 0;   // RelationProcessorCore
    r[4] = 48;  // Size
    r[30] = 1;  // GroupCount
    for (int i = 0; i < 8; ++i)
        r[static_cast<std::size_t>(32 + i)] = static_cast<char>((mask >> (8 * i)) & 0xff);
    return r;
}

/// Another relation (a cache, here) the count must step over.
inline std::string cache() {
    std::string r(56, '\0');
    r[0] = 2;
    r[4] = 56;
    return r;
}

/// A BATTERY_INFORMATION answer.
inline std::string battery(std::uint32_t capabilities, std::uint32_t design, std::uint32_t full,
                           std::uint32_t cycles) {
    std::string b(agent::windows::kBatteryInformationBytes, '\0');
    const auto put = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            b[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    };
    put(0, capabilities);
    b[4] = 1;  // rechargeable
    b.replace(8, 4, "LION");
    put(12, design);
    put(16, full);
    put(32, cycles);
    return b;
}

}  // namespace clicfleet::testing::windows_answers
