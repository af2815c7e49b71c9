#pragma once
// Small helpers that read and write JSON objects field by field, so every
// codec checks types the same way and names the failing field by its path
// ("reports[2].seq").

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::common {

/// Reads the fields of one JSON object. The first problem found is kept and
/// every later read becomes a no-op, so a decoder reads all fields and checks
/// ok() once. Unknown fields are ignored (SPEC §4).
class JsonFieldReader {
  public:
    JsonFieldReader(const boost::json::value& value, std::string path);

    bool ok() const { return !error_; }
    const Error& error() const { return *error_; }

    void required(std::string_view key, std::string& out);
    void required(std::string_view key, std::uint64_t& out);
    void optional(std::string_view key, std::optional<std::string>& out);
    void optional(std::string_view key, std::optional<std::int64_t>& out);
    void optional(std::string_view key, std::optional<std::uint64_t>& out);
    void optional(std::string_view key, std::optional<double>& out);
    void optional(std::string_view key, std::optional<bool>& out);
    void optional_strings(std::string_view key, std::vector<std::string>& out);
    /// Fails on the first field not in `known`: where a person types the
    /// body, a misspelt field must not pass for an absent one.
    void only(std::initializer_list<std::string_view> known);

    /// Reads an object-valued field with `decode`; `present` tells whether it was there.
    template <class T, class Decode>
    void object(std::string_view key, T& out, Decode decode, bool required,
                bool* present = nullptr);

    /// Reads an array of objects, each with `decode`.
    template <class T, class Decode>
    void list(std::string_view key, std::vector<T>& out, Decode decode, bool required = false);

    std::string path_of(std::string_view key) const;
    void fail(Errc code, std::string message, std::string field);

  private:
    const boost::json::value* find(std::string_view key, bool required);

    const boost::json::object* object_ = nullptr;
    std::string path_;
    std::optional<Error> error_;
};

template <class T, class Decode>
void JsonFieldReader::object(std::string_view key, T& out, Decode decode, bool required,
                             bool* present) {
    const auto* v = find(key, required);
    if (present) *present = v != nullptr;
    if (!v) return;
    Result<T> decoded = decode(*v, path_of(key));
    if (!decoded) {
        error_ = decoded.error();
        return;
    }
    out = std::move(decoded).value();
}

template <class T, class Decode>
void JsonFieldReader::list(std::string_view key, std::vector<T>& out, Decode decode,
                           bool required) {
    const auto* v = find(key, required);
    if (!v) return;
    if (!v->is_array()) {
        fail(Errc::invalid, "must be an array", path_of(key));
        return;
    }
    const auto& array = v->get_array();
    out.clear();
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
        Result<T> decoded = decode(array[i], path_of(key) + "[" + std::to_string(i) + "]");
        if (!decoded) {
            error_ = decoded.error();
            return;
        }
        out.push_back(std::move(decoded).value());
    }
}

/// Writers: absent optionals are left out of the object.
template <class T>
void put_optional(boost::json::object& obj, std::string_view key, const std::optional<T>& v) {
    if (v) obj[key] = *v;
}

}  // namespace clicfleet::common
