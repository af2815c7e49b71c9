#pragma once
// The query string of an admin API request, checked: every parameter must be
// known to the endpoint, and a bad value is a 422 naming the parameter.

#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

class QueryParams {
  public:
    /// Parses `query`; a parameter not in `known`, or given twice, is an error.
    static common::Result<QueryParams> parse(std::string_view query,
                                             std::initializer_list<std::string_view> known);

    /// The value, if present and not empty (empty counts as absent), at most `max_length` bytes.
    common::Result<std::optional<std::string>> text(const std::string& key,
                                                    std::size_t max_length = 200) const;
    /// Whether the parameter was given at all, even empty.
    bool has(const std::string& key) const;
    /// The value if it is one of `allowed`.
    common::Result<std::optional<std::string>> one_of(
        const std::string& key, std::initializer_list<std::string_view> allowed) const;
    /// An integer in [min, max], or `fallback` when absent (an empty value is an error).
    common::Result<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max,
                                         std::int64_t fallback) const;
    /// An RFC 3339 time or a YYYY-MM-DD date (midnight UTC), if present.
    common::Result<std::optional<common::TimePoint>> time(const std::string& key) const;

  private:
    std::map<std::string, std::string, std::less<>> values_;
};

/// A list's order and page size, as its query names them.
struct ListPage {
    std::string sort;      ///< as named in the query: "-received_on"
    std::string_view key;  ///< without its '-': "received_on" (points into `sort`'s list)
    bool descending = false;
    std::size_t limit = 50;
    std::optional<PageCursor> after;
};

/// `sort` (one of `sorts`, `fallback` when absent; a leading '-' descends),
/// `limit` (1 to 500, 50 when absent) and the `cursor` made for that sort.
common::Result<ListPage> list_page(const QueryParams& params,
                                   std::initializer_list<std::string_view> sorts,
                                   std::string_view fallback);

/// A `cohort` parameter (a cohort year, 2000 to 2100), when given.
common::Result<std::optional<std::int64_t>> cohort_param(const QueryParams& params);

/// A list's `cursor`: the `next_cursor` of its previous page, made for
/// `sort` ("SORT.HEX(KEY).HEX(ID)", opaque to clients); none when absent.
common::Result<std::optional<PageCursor>> cursor_param(const QueryParams& params,
                                                       const std::string& sort);
/// The `next_cursor` to give for a page that stopped at `at`.
std::string encode_cursor(const std::string& sort, const PageCursor& at);

/// A write's `?dry_run=true|false` (false when absent), its only parameter:
/// true says what the write would do, and does nothing.
common::Result<bool> dry_run_param(std::string_view query);

}  // namespace clicfleet::server
