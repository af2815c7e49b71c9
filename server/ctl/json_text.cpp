// Fields of the admin API's JSON answers as display text.

#include "server/ctl/json_text.hpp"

#include <fmt/format.h>

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

const json::value* field(const json::value& object, std::string_view key) {
    const auto* o = object.if_object();
    return o ? o->if_contains(key) : nullptr;
}

}  // namespace

std::optional<std::string> optional_text(const json::value& object, std::string_view key) {
    const auto* v = field(object, key);
    if (!v) return std::nullopt;
    if (v->is_string()) {
        if (v->as_string().empty()) return std::nullopt;
        return std::string(v->as_string());
    }
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    if (v->is_double()) return fmt::format("{}", v->as_double());
    if (v->is_bool()) return v->as_bool() ? "true" : "false";
    return std::nullopt;
}

std::string text_of(const json::value& object, std::string_view key) {
    return optional_text(object, key).value_or(std::string(kNone));
}

std::optional<double> number_of(const json::value& object, std::string_view key) {
    const auto* v = field(object, key);
    if (!v || !v->is_number()) return std::nullopt;
    return v->to_number<double>();
}

const json::value* object_of(const json::value& object, std::string_view key) {
    const auto* v = field(object, key);
    return v && v->is_object() ? v : nullptr;
}

const json::array* array_of(const json::value& object, std::string_view key) {
    const auto* v = field(object, key);
    return v ? v->if_array() : nullptr;
}

}  // namespace clicfleet::ctl
