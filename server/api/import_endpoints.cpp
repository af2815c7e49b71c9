// CSV imports of pupils and handovers (SPEC §6, §12): the whole file is
// checked first, every bad row listed, and nothing is written unless all of
// it is good; ?dry_run=true says what an import would do.

#include <type_traits>

#include "common/util/civil_date.hpp"
#include "server/api/api_context.hpp"
#include "server/api/bursary_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/imports/import_rows.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Result;

namespace {

common::HttpResponse problems_response(const std::vector<ImportProblem>& problems,
                                       const std::vector<std::string>& ignored_columns) {
    return json_response(422, import_problems_json(problems, ignored_columns));
}

/// Parses the CSV with `parse`, then hands the rows to `store`.
template <class Row, class Parse, class Store>
void run_import(ApiContext& ctx, const common::HttpRequest& request, common::Respond respond,
                Parse parse, Store store) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto dry_run = dry_run_param(request.query());
    if (!dry_run) return respond(error_response(dry_run.error()));
    auto body = read_body(request, "text/csv", ctx.config.max_inflated_body_bytes);
    if (!body) return respond(error_response(body.error()));
    Result<ParsedImport<Row>> parsed = parse(*body);
    if (!parsed) return respond(error_response(parsed.error()));
    if (!parsed->problems.empty()) {
        return respond(problems_response(parsed->problems, parsed->ignored_columns));
    }
    const bool dry = *dry_run;
    constexpr bool handovers_file = std::is_same_v<Row, HandoverRow>;
    store(std::move(parsed->rows), dry, Actor{user->username, request.remote_address},
          [respond, dry,
           ignored = std::move(parsed->ignored_columns)](Result<ImportOutcome> outcome) {
              if (!outcome) return respond(error_response(outcome.error()));
              if (!outcome->problems.empty()) {
                  return respond(problems_response(outcome->problems, ignored));
              }
              respond(
                  json_response(200, import_outcome_json(*outcome, handovers_file, dry, ignored)));
          });
}

}  // namespace

void import_pupils_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                            common::Respond respond) {
    run_import<PupilRow>(
        ctx, request, std::move(respond),
        [](std::string_view body) { return parse_pupils_csv(body); },
        [&ctx](std::vector<PupilRow> rows, bool dry, Actor actor, Completion<ImportOutcome> done) {
            ctx.bursary.import_pupils(std::move(rows), dry, std::move(actor), ctx.clock.now(),
                                      std::move(done));
        });
}

void import_handovers_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                               const PathParams&, common::Respond respond) {
    const auto today = ctx.today();
    run_import<HandoverRow>(
        ctx, request, std::move(respond),
        [today](std::string_view body) { return parse_handovers_csv(body, today); },
        [&ctx](std::vector<HandoverRow> rows, bool dry, Actor actor,
               Completion<ImportOutcome> done) {
            ctx.bursary.import_handovers(std::move(rows), dry, std::move(actor), ctx.clock.now(),
                                         std::move(done));
        });
}

}  // namespace clicfleet::server
