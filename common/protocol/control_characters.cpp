#include "common/protocol/control_characters.hpp"

#include "common/util/text.hpp"

namespace clicfleet::common {

namespace json = boost::json;

namespace {

std::string member_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::optional<std::string> find_in(const json::value& value, const std::string& path) {
    if (const auto* s = value.if_string()) {
        if (has_control_character(*s)) return path.empty() ? std::string("(body)") : path;
        return std::nullopt;
    }
    if (const auto* a = value.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (auto found = find_in((*a)[i], path + "[" + std::to_string(i) + "]")) return found;
        }
        return std::nullopt;
    }
    if (const auto* o = value.if_object()) {
        for (const auto& [key, member] : *o) {
            if (has_control_character(key)) return member_path(path, "(a key)");
            if (auto found = find_in(member, member_path(path, key))) return found;
        }
    }
    return std::nullopt;
}

bool is_c1_at(std::string_view text, std::size_t i) {
    return i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xc2 &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(text[i + 1]) <= 0x9f;
}

std::string without_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f || is_c1_at(text, i)) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            if (c == 0xc2) ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

void replace_control_characters(json::value& value) {
    if (auto* s = value.if_string()) {
        if (has_control_character(*s)) *s = without_controls(*s);
    } else if (auto* a = value.if_array()) {
        for (auto& item : *a)
            replace_control_characters(item);
    } else if (auto* o = value.if_object()) {
        json::object cleaned;
        bool renamed = false;
        for (auto& [key, member] : *o) {
            replace_control_characters(member);
            renamed = renamed || has_control_character(key);
        }
        if (!renamed) return;
        for (auto& [key, member] : *o)
            cleaned[without_controls(key)] = std::move(member);
        *o = std::move(cleaned);
    }
}

std::optional<std::string> control_character_path(const json::value& value) {
    return find_in(value, "");
}

}  // namespace clicfleet::common
