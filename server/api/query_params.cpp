#include "server/api/query_params.hpp"

#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <charconv>

#include "common/util/crypto.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;

Result<QueryParams> QueryParams::parse(std::string_view query,
                                       std::initializer_list<std::string_view> known) {
    QueryParams params;
    if (query.empty()) return params;
    // Forms encode a space as '+' (application/x-www-form-urlencoded); a literal
    // plus arrives as %2B.
    std::string text;
    for (const char c : query)
        text += c == '+' ? std::string_view("%20") : std::string_view(&c, 1);
    auto parsed = boost::urls::parse_query(boost::core::string_view(text.data(), text.size()));
    if (!parsed) return make_error(Errc::bad_request, "malformed query string", "(query)");
    for (const auto& param : *parsed) {
        std::string key = param.key.decode();
        if (key.empty() && !param.has_value) continue;  // "a=1&" or "a=1&&b=2"
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            return make_error(Errc::invalid, "unknown parameter", key);
        }
        if (params.values_.contains(key)) {
            return make_error(Errc::invalid, "given more than once", key);
        }
        params.values_.emplace(std::move(key), param.has_value ? param.value.decode() : "");
    }
    return params;
}

Result<std::optional<std::string>> QueryParams::text(const std::string& key,
                                                     std::size_t max_length) const {
    const auto it = values_.find(key);
    if (it == values_.end() || it->second.empty()) return std::optional<std::string>{};
    if (it->second.size() > max_length) {
        return make_error(Errc::invalid, "longer than " + std::to_string(max_length) + " bytes",
                          key);
    }
    return std::optional<std::string>{it->second};
}

bool QueryParams::has(const std::string& key) const {
    return values_.contains(key);
}

Result<std::optional<std::string>> QueryParams::one_of(
    const std::string& key, std::initializer_list<std::string_view> allowed) const {
    auto value = text(key);
    if (!value || !*value) return value;
    if (std::find(allowed.begin(), allowed.end(), **value) != allowed.end()) return value;
    std::string list;
    for (const auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    return make_error(Errc::invalid, "must be one of " + list, key);
}

Result<std::int64_t> QueryParams::integer(const std::string& key, std::int64_t min,
                                          std::int64_t max, std::int64_t fallback) const {
    const auto it = values_.find(key);
    if (it == values_.end()) return fallback;
    const std::string& s = it->second;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size() || n < min || n > max) {
        return make_error(
            Errc::invalid,
            "must be an integer from " + std::to_string(min) + " to " + std::to_string(max), key);
    }
    return n;
}

Result<std::optional<common::TimePoint>> QueryParams::time(const std::string& key) const {
    auto value = text(key, 40);
    if (!value) return value.error();
    if (!*value) return std::optional<common::TimePoint>{};
    std::string s = **value;
    if (s.size() == 10) s += "T00:00:00Z";  // a civil date: its start, in UTC
    auto t = common::parse_rfc3339(s);
    if (!t) {
        return make_error(Errc::invalid, "must be an RFC 3339 time or a YYYY-MM-DD date", key);
    }
    return std::optional<common::TimePoint>{*t};
}

common::Result<ListPage> list_page(const QueryParams& params,
                                   std::initializer_list<std::string_view> sorts,
                                   std::string_view fallback) {
    auto sort = params.one_of("sort", sorts);
    if (!sort) return sort.error();
    ListPage page;
    page.sort = sort->value_or(std::string(fallback));
    page.descending = page.sort.starts_with('-');
    const std::string_view bare = std::string_view(page.sort).substr(page.descending ? 1 : 0);
    // The lists name every sort bare too; `key` points into them, not into `sort`.
    const auto listed = std::find(sorts.begin(), sorts.end(), bare);
    page.key = listed != sorts.end() ? *listed : std::string_view{};
    auto limit = params.integer("limit", 1, 500, 50);
    if (!limit) return limit.error();
    page.limit = static_cast<std::size_t>(*limit);
    auto after = cursor_param(params, page.sort);
    if (!after) return after.error();
    page.after = std::move(after).value();
    return page;
}

common::Result<std::optional<std::int64_t>> cohort_param(const QueryParams& params) {
    if (!params.has("cohort")) return std::optional<std::int64_t>{};
    auto cohort = params.integer("cohort", 2000, 2100, 0);
    if (!cohort) return cohort.error();
    return std::optional<std::int64_t>{*cohort};
}

std::string encode_cursor(const std::string& sort, const PageCursor& at) {
    return sort + "." + common::hex_encode(at.key) + "." + common::hex_encode(at.id);
}

common::Result<std::optional<PageCursor>> cursor_param(const QueryParams& params,
                                                       const std::string& sort) {
    const auto bad =
        common::make_error(common::Errc::invalid, "not a cursor from a previous page", "cursor");
    auto text = params.text("cursor", 1024);
    if (!text) return text.error();
    if (!*text) {
        if (params.has("cursor")) return bad;
        return std::optional<PageCursor>{};
    }
    const std::string_view cursor = **text;
    const auto first = cursor.find('.');
    const auto second = cursor.find('.', first == std::string::npos ? first : first + 1);
    if (first == std::string::npos || second == std::string::npos) return bad;
    if (cursor.substr(0, first) != sort) {
        return common::make_error(common::Errc::invalid,
                                  "the cursor was made for another sort order", "cursor");
    }
    auto key = common::hex_decode(cursor.substr(first + 1, second - first - 1));
    auto id = common::hex_decode(cursor.substr(second + 1));
    if (!key || !id || id->empty()) return bad;
    return std::optional<PageCursor>{PageCursor{std::move(*key), std::move(*id)}};
}

common::Result<bool> dry_run_param(std::string_view query) {
    auto params = QueryParams::parse(query, {"dry_run"});
    if (!params) return params.error();
    auto value = params->one_of("dry_run", {"true", "false"});
    if (!value) return value.error();
    return value->value_or("false") == "true";
}

}  // namespace clicfleet::server
