// Fetches one page of a list, or every page with --all.

#include "server/ctl/list_pages.hpp"

#include <ostream>

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Errc;
using common::make_error;

namespace {

struct Page {
    json::array items;
    std::optional<std::string> next_cursor;
    json::object document;
};

common::Result<Page> fetch_page(const ApiClient& client, const ListRequest& request,
                                const std::optional<std::string>& cursor,
                                const ErrorContext& context) {
    QueryParams params = request.params;
    params.emplace_back("cursor", cursor);
    auto answer = client.get_json(build_target(request.path, params), context);
    if (!answer) return answer.error();
    const auto malformed = [&request](const std::string& why) {
        return make_error(Errc::bad_request,
                          "the server's answer to " + request.path + " is malformed: " + why);
    };
    if (!answer->is_object()) return malformed("not an object");
    json::object& document = answer->as_object();
    auto* items = document.if_contains(request.items_key);
    if (!items || !items->is_array()) return malformed("no array '" + request.items_key + "'");
    Page page;
    page.items = std::move(items->as_array());
    if (const auto* next = document.if_contains("next_cursor"); next && next->is_string()) {
        page.next_cursor = std::string(next->as_string());
    } else if (next && !next->is_null()) {
        return malformed("next_cursor is neither a string nor null");
    }
    page.document = std::move(document);
    return page;
}

void report_progress(std::ostream& progress, std::size_t pages, std::size_t items,
                     const std::string& key) {
    if (pages % kProgressEveryPages != 0) return;
    progress << "fetched " << pages << " pages, " << items << " " << key << " so far\n";
}

}  // namespace

const json::array& ListResult::items(const std::string& key) const {
    return document.at(key).as_array();
}

std::optional<std::string> ListResult::next_cursor() const {
    const auto* next = document.if_contains("next_cursor");
    if (!next || !next->is_string()) return std::nullopt;
    return std::string(next->as_string());
}

common::Result<ListResult> fetch_list(const ApiClient& client, const ListRequest& request,
                                      const ErrorContext& context, std::ostream& progress) {
    auto first = fetch_page(client, request, request.cursor, context);
    if (!first) return first.error();
    ListResult result{.document = std::move(first->document), .pages = 1};
    json::array items = std::move(first->items);
    std::optional<std::string> cursor = first->next_cursor;
    while (request.all && cursor) {
        if (result.pages >= request.max_pages) {
            return make_error(Errc::too_large, "stopped after " + std::to_string(result.pages) +
                                                   " pages: the server keeps answering with a "
                                                   "next page; use filters or --cursor " +
                                                   *cursor);
        }
        auto page = fetch_page(client, request, cursor, context);
        if (!page) return page.error();
        if (page->next_cursor && *page->next_cursor == *cursor) {
            return make_error(Errc::bad_request,
                              "the server answered the same cursor twice (" + *cursor + ")");
        }
        for (auto& item : page->items)
            items.push_back(std::move(item));
        cursor = page->next_cursor;
        ++result.pages;
        report_progress(progress, result.pages, items.size(), request.items_key);
    }
    result.document[request.items_key] = std::move(items);
    result.document["next_cursor"] = cursor ? json::value(*cursor) : json::value(nullptr);
    return result;
}

}  // namespace clicfleet::ctl
