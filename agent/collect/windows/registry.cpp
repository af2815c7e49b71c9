#include "agent/collect/windows/registry.hpp"

#include <charconv>

#include "common/util/text.hpp"

namespace clicfleet::agent::windows {

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xc0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xe0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
        out.push_back(static_cast<char>(0xf0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    }
}

/// UTF-16LE bytes to UTF-8; a lone surrogate becomes U+FFFD.
std::string utf16le_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() / 2);
    const auto unit = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i]) |
                                          static_cast<std::uint8_t>(bytes[i + 1]) << 8);
    };
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        std::uint32_t code = unit(i);
        if (code >= 0xd800 && code < 0xdc00 && i + 3 < bytes.size()) {
            const std::uint32_t low = unit(i + 2);
            if (low >= 0xdc00 && low < 0xe000) {
                code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                i += 2;
            } else {
                code = 0xfffd;
            }
        } else if (code >= 0xd800 && code < 0xe000) {
            code = 0xfffd;
        }
        append_utf8(out, code);
    }
    return out;
}

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<std::uint8_t>(text[i]);
        const std::size_t n = c < 0x80         ? 1
                              : (c >> 5) == 6  ? 2
                              : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4
                                               : 0;
        if (n == 0 || i + n > text.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<std::uint8_t>(text[i + k]) & 0xc0) != 0x80) return false;
        }
        i += n;
    }
    return true;
}

/// The file as UTF-8 text.
std::string decode(std::string_view bytes) {
    if (bytes.starts_with("\xff\xfe")) return utf16le_to_utf8(bytes.substr(2));
    if (bytes.starts_with("\xef\xbb\xbf")) bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) return std::string(bytes);
    std::string out;
    for (const char c : bytes)
        append_utf8(out, static_cast<std::uint8_t>(c));
    return out;
}

/// A quoted string at the start of `text` ("a \"b\" \\ c"), without its
/// quotes and escapes; `text` is left after it. Nothing when unterminated.
std::optional<std::string> take_quoted(std::string_view& text) {
    if (!text.starts_with('"')) return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            out.push_back(text[++i]);
        } else if (text[i] == '"') {
            text.remove_prefix(i + 1);
            return out;
        } else {
            out.push_back(text[i]);
        }
    }
    return std::nullopt;
}

/// "0a,00,ff" to bytes; nothing when a pair is not hex.
std::optional<std::string> hex_bytes(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        auto pair = common::trim_spaces(text.substr(0, comma));
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(pair.data(), pair.data() + pair.size(), value, 16);
        if (pair.empty() || ec != std::errc{} || end != pair.data() + pair.size() || value > 0xff) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(value));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::optional<RegistryValue> parse_data(std::string_view data) {
    RegistryValue value;
    if (data.starts_with('"')) {
        value.text = take_quoted(data);
        if (!value.text) return std::nullopt;
        return value;
    }
    const auto number = [&](std::string_view digits) -> std::optional<std::uint64_t> {
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, 16);
        if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) {
            return std::nullopt;
        }
        return n;
    };
    if (data.starts_with("dword:")) {
        value.number = number(common::trim_spaces(data.substr(6)));
        if (!value.number || *value.number > 0xffffffffu) return std::nullopt;
        return value;
    }
    if (data.starts_with("hex(b):")) {  // REG_QWORD, little-endian
        const auto bytes = hex_bytes(data.substr(7));
        if (!bytes || bytes->size() != 8) return std::nullopt;
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = n << 8 | static_cast<std::uint8_t>((*bytes)[static_cast<std::size_t>(i)]);
        value.number = n;
        return value;
    }
    if (data.starts_with("hex(2):")) {  // REG_EXPAND_SZ, UTF-16LE with its NUL
        const auto bytes = hex_bytes(data.substr(7));
        if (!bytes) return std::nullopt;
        std::string text = utf16le_to_utf8(*bytes);
        while (!text.empty() && text.back() == '\0')
            text.pop_back();
        value.text = std::move(text);
        return value;
    }
    return std::nullopt;  // binary, multi-string, deletion: not used
}

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && common::ascii_lower(a) == common::ascii_lower(b);
}

}  // namespace

std::optional<std::string> RegistryKey::text(std::string_view name) const {
    const auto it = values.find(common::ascii_lower(name));
    return it == values.end() ? std::nullopt : it->second.text;
}

std::optional<std::uint64_t> RegistryKey::number(std::string_view name) const {
    const auto it = values.find(common::ascii_lower(name));
    return it == values.end() ? std::nullopt : it->second.number;
}

std::string_view RegistryKey::name() const {
    const auto slash = path.rfind('\\');
    return slash == std::string::npos ? std::string_view(path)
                                      : std::string_view(path).substr(slash + 1);
}

std::vector<RegistryKey> parse_reg_export(std::string_view bytes) {
    const std::string text = decode(bytes);
    std::vector<RegistryKey> keys;
    RegistryKey* current = nullptr;
    std::string pending;  // a value whose hex data goes on over several lines
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        std::string_view line = std::string_view(text).substr(start, end - start);
        start = end + 1;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (!pending.empty()) {
            pending += common::trim_spaces(line);
        } else {
            pending = line;
        }
        if (pending.ends_with('\\')) {
            pending.pop_back();
            if (start > text.size()) pending.clear();
            continue;
        }
        std::string_view entry = pending;
        if (entry.starts_with('[')) {
            current = nullptr;
            if (entry.ends_with(']') && !entry.starts_with("[-")) {
                keys.push_back(RegistryKey{std::string(entry.substr(1, entry.size() - 2)), {}});
                current = &keys.back();
            }
        } else if (current && (entry.starts_with('"') || entry.starts_with("@="))) {
            std::optional<std::string> name = std::string();
            if (entry.starts_with('@')) {
                entry.remove_prefix(1);
            } else {
                name = take_quoted(entry);
            }
            if (name && entry.starts_with('=')) {
                if (auto value = parse_data(entry.substr(1))) {
                    current->values[common::ascii_lower(*name)] = std::move(*value);
                }
            }
        }
        pending.clear();
    }
    return keys;
}

std::vector<const RegistryKey*> subkeys_of(const std::vector<RegistryKey>& keys,
                                           std::string_view parent) {
    std::vector<const RegistryKey*> out;
    for (const auto& key : keys) {
        const std::string_view path = key.path;
        if (path.size() > parent.size() + 1 && path[parent.size()] == '\\' &&
            iequal(path.substr(0, parent.size()), parent) &&
            path.find('\\', parent.size() + 1) == std::string_view::npos) {
            out.push_back(&key);
        }
    }
    return out;
}

const RegistryKey* find_key(const std::vector<RegistryKey>& keys, std::string_view path) {
    for (const auto& key : keys) {
        if (iequal(key.path, path)) return &key;
    }
    return nullptr;
}

}  // namespace clicfleet::agent::windows
