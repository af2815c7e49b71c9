// One pupil for the bursary office (SPEC §12 GET /pupils/{ref}): the pupil,
// their handovers, applications, card and training; and the card's update.

#include "server/api/api_context.hpp"
#include "server/api/bursary_input.hpp"
#include "server/api/bursary_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

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

}  // namespace

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
