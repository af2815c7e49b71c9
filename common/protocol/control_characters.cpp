#include "common/protocol/control_characters.hpp"

#include "common/util/text.hpp"

namespace clicfleet::common {

namespace json = boost::json;

namespace {

/// `inner` (a path below `step`, or empty for the value itself) joined under `step`.
std::string under(std::string step, const std::string& inner) {
    if (!inner.empty() && inner.front() != '[') step += '.';
    return step + inner;
}

/// The path below `value` of its first control character; "" for `value`
/// itself. Paths are built on the way back only, for the one value found:
/// reports with thousands of clean strings cost no allocation here.
std::optional<std::string> find_in(const json::value& value) {
    if (const auto* s = value.if_string()) {
        if (has_control_character(*s)) return std::string();
        return std::nullopt;
    }
    if (const auto* a = value.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (auto found = find_in((*a)[i])) return under("[" + std::to_string(i) + "]", *found);
        }
        return std::nullopt;
    }
    if (const auto* o = value.if_object()) {
        for (const auto& [key, member] : *o) {
            if (has_control_character(key)) return std::string("(a key)");
            if (auto found = find_in(member)) return under(std::string(key), *found);
        }
    }
    return std::nullopt;
}

}  // namespace

void replace_control_characters(json::value& value) {
    if (auto* s = value.if_string()) {
        if (has_control_character(*s)) *s = without_control_characters(*s);
    } else if (auto* a = value.if_array()) {
        for (auto& item : *a)
            replace_control_characters(item);
    } else if (auto* o = value.if_object()) {
        bool renamed = false;
        for (auto& [key, member] : *o) {
            replace_control_characters(member);
            renamed = renamed || has_control_character(key);
        }
        if (!renamed) return;
        json::object cleaned;
        for (auto& [key, member] : *o)
            cleaned[without_control_characters(key)] = std::move(member);
        *o = std::move(cleaned);
    }
}

std::optional<std::string> control_character_path(const json::value& value) {
    auto found = find_in(value);
    if (found && found->empty()) return std::string("(body)");
    return found;
}

}  // namespace clicfleet::common
