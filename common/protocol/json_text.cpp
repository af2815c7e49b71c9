#include "common/protocol/json_text.hpp"

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace clicfleet::common {

namespace json = boost::json;

namespace {

void write(const json::value& v, std::string& out) {
    switch (v.kind()) {
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += json::serialize(json::string_view(key));
                out += ':';
                write(member, out);
            }
            out += '}';
            return;
        }
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& element : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write(element, out);
            }
            out += ']';
            return;
        }
        case json::kind::double_: {
            const double d = v.get_double();
            // fmt's shortest form that reads back the same: 0.2, 812.5, 1e+300.
            out += std::isfinite(d) ? fmt::format("{}", d) : std::string("null");
            return;
        }
        default:
            out += json::serialize(v);
    }
}

}  // namespace

std::string json_text(const json::value& value) {
    std::string out;
    write(value, out);
    return out;
}

}  // namespace clicfleet::common
