// The pupils for the bursary office (SPEC §12): the list, filtered and paged
// or as a spreadsheet; one pupil with their handovers, applications, card and
// training; and the card's update.

#include "server/api/api_context.hpp"
#include "server/api/bursary_input.hpp"
#include "server/api/bursary_views.hpp"
#include "server/api/json_views.hpp"
#include "server/api/list_csv.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

void respond_with_pupil(ApiContext& ctx, const std::string& ref, const common::Respond& respond) {
    auto pupil = ctx.bursary.pupil(ref);
    if (!pupil) return respond(error_response(pupil.error()));
    if (!*pupil) {
        return respond(
            error_response(make_error(Errc::not_found, "no pupil with this reference", "ref")));
    }
    respond(json_response(200, pupil_json(**pupil)));
}

const std::initializer_list<std::string_view> kPupilSorts = {
    "name", "-name", "ref", "-ref", "first_handover", "-first_handover"};

struct PupilListRequest {
    PupilPageRequest page;
    std::string sort;
    bool csv = false;
};

Result<PupilListRequest> pupil_list_request(std::string_view query) {
    auto params = QueryParams::parse(
        query, {"cohort", "school", "class", "q", "sort", "limit", "cursor", "format"});
    if (!params) return params.error();
    auto csv = csv_format(*params);
    if (!csv) return csv.error();
    PupilListRequest out;
    auto& filter = out.page.filter;
    auto cohort = cohort_param(*params);
    if (!cohort) return cohort.error();
    filter.cohort_year = *cohort;
    for (auto [key, field] :
         {std::pair{"school", &filter.school}, std::pair{"class", &filter.class_name},
          std::pair{"q", &filter.text}}) {
        auto value = params->text(key, 100);
        if (!value) return value.error();
        *field = *value;
    }
    auto page = list_page(*params, kPupilSorts, "name");
    if (!page) return page.error();
    out.page.sort = page->key == "ref"              ? PupilSort::ref
                    : page->key == "first_handover" ? PupilSort::first_handover
                                                    : PupilSort::name;
    out.page.descending = page->descending;
    out.page.limit = page->limit;
    out.page.after = std::move(page->after);
    out.sort = page->sort;
    out.csv = *csv;
    return out;
}

}  // namespace

void list_pupils_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                          common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto list = pupil_list_request(request.query());
    if (!list) return respond(error_response(list.error()));
    if (list->csv) {
        auto csv = pupils_csv(ctx.bursary, list->page, request_language(request));
        if (!csv) return respond(error_response(csv.error()));
        return respond(csv_response(std::move(csv).value(), "eleves.csv"));
    }
    auto page = ctx.bursary.list_pupils(list->page);
    if (!page) return respond(error_response(page.error()));
    json::array rows;
    for (const auto& row : page->rows)
        rows.push_back(pupil_row_json(row));
    respond(json_response(200, list_page_json("pupils", std::move(rows), page->next, list->sort)));
}

void pupil_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams& params,
                    common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    if (auto query = QueryParams::parse(request.query(), {}); !query) {
        return respond(error_response(query.error()));
    }
    respond_with_pupil(ctx, params.at(0), respond);
}

void pupil_card_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                         const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto card = card_input(*body);
    if (!card) return respond(error_response(card.error()));
    const std::string ref = params.at(0);
    ctx.bursary.set_internet_card(ref, card->card_number, card->training_hours_used,
                                  Actor{user->username, request.remote_address}, ctx.clock.now(),
                                  [&ctx, ref, respond](Result<bool> done) {
                                      if (!done) return respond(error_response(done.error()));
                                      respond_with_pupil(ctx, ref, respond);
                                  });
}

}  // namespace clicfleet::server
