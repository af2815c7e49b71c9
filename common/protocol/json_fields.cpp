#include "common/protocol/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace clicfleet::common {

namespace json = boost::json;

JsonFieldReader::JsonFieldReader(const json::value& value, std::string path)
    : path_(std::move(path)) {
    if (value.is_object()) {
        object_ = &value.get_object();
    } else {
        fail(Errc::invalid, "must be an object", path_.empty() ? "(body)" : path_);
    }
}

std::string JsonFieldReader::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFieldReader::fail(Errc code, std::string message, std::string field) {
    if (!error_) error_ = make_error(code, std::move(message), std::move(field));
}

const json::value* JsonFieldReader::find(std::string_view key, bool required) {
    if (error_) return nullptr;
    const auto* v = object_->if_contains(key);
    if (v && v->is_null()) v = nullptr;
    if (!v && required) fail(Errc::invalid, "required field is missing", path_of(key));
    return v;
}

void JsonFieldReader::only(std::initializer_list<std::string_view> known) {
    if (error_) return;
    for (const auto& field : *object_) {
        if (std::find(known.begin(), known.end(), field.key()) == known.end()) {
            return fail(Errc::invalid, "unknown field", path_of(field.key()));
        }
    }
}

void JsonFieldReader::required(std::string_view key, std::string& out) {
    std::optional<std::string> v;
    if (!find(key, true)) return;
    optional(key, v);
    if (v) out = std::move(*v);
}

void JsonFieldReader::required(std::string_view key, std::uint64_t& out) {
    std::optional<std::uint64_t> v;
    if (!find(key, true)) return;
    optional(key, v);
    if (v) out = *v;
}

void JsonFieldReader::optional(std::string_view key, std::optional<std::string>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (!v->is_string()) return fail(Errc::invalid, "must be a string", path_of(key));
    out = std::string(v->get_string());
}

void JsonFieldReader::optional(std::string_view key, std::optional<std::int64_t>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (v->is_int64()) {
        out = v->get_int64();
    } else if (v->is_uint64() && v->get_uint64() <= std::numeric_limits<std::int64_t>::max()) {
        out = static_cast<std::int64_t>(v->get_uint64());
    } else {
        fail(Errc::invalid, "must be an integer", path_of(key));
    }
}

void JsonFieldReader::optional(std::string_view key, std::optional<std::uint64_t>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (v->is_uint64()) {
        out = v->get_uint64();
    } else if (v->is_int64() && v->get_int64() >= 0) {
        out = static_cast<std::uint64_t>(v->get_int64());
    } else {
        fail(Errc::invalid, "must be a non-negative integer", path_of(key));
    }
}

void JsonFieldReader::optional(std::string_view key, std::optional<double>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (!v->is_number()) return fail(Errc::invalid, "must be a number", path_of(key));
    const double d = v->to_number<double>();
    if (!std::isfinite(d)) return fail(Errc::invalid, "must be a finite number", path_of(key));
    out = d;
}

void JsonFieldReader::optional(std::string_view key, std::optional<bool>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (!v->is_bool()) return fail(Errc::invalid, "must be true or false", path_of(key));
    out = v->get_bool();
}

void JsonFieldReader::optional_strings(std::string_view key, std::vector<std::string>& out) {
    const auto* v = find(key, false);
    if (!v) return;
    if (!v->is_array()) return fail(Errc::invalid, "must be an array of strings", path_of(key));
    out.clear();
    for (const auto& item : v->get_array()) {
        if (!item.is_string()) {
            return fail(Errc::invalid, "must be an array of strings", path_of(key));
        }
        out.emplace_back(item.get_string());
    }
}

}  // namespace clicfleet::common
