#pragma once
// Cursor paging of the admin API's lists ({"devices": [...], "next_cursor"}):
// one page, or with --all every page merged into one document.

#include <boost/json/object.hpp>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

#include "server/ctl/api_client.hpp"

namespace clicfleet::ctl {

/// Stops --all on a server that keeps answering with a next page.
inline constexpr std::size_t kMaxPages = 1000;
/// --all writes a progress line every this many pages.
inline constexpr std::size_t kProgressEveryPages = 10;

struct ListRequest {
    std::string path;                   ///< "/api/v1/devices"
    QueryParams params;                 ///< filters and limit, without the cursor
    std::optional<std::string> cursor;  ///< where to start (--cursor)
    std::string items_key;              ///< "devices", "alerts"
    bool all = false;                   ///< follow next_cursor to the end
    std::size_t max_pages = kMaxPages;
};

/// The first page's document with `items_key` holding the items of every
/// page fetched and `next_cursor` that of the last one (null after --all).
struct ListResult {
    boost::json::object document;
    std::size_t pages = 0;

    const boost::json::array& items(const std::string& key) const;
    std::optional<std::string> next_cursor() const;
};

/// Progress lines go to `progress` (stderr), never to the output.
common::Result<ListResult> fetch_list(const ApiClient& client, const ListRequest& request,
                                      const ErrorContext& context, std::ostream& progress);

}  // namespace clicfleet::ctl
