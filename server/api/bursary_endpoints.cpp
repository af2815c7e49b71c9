// The bursary office's API (SPEC §6, §12): applications, deadlines, payment
// batches and their mandate file, yearly figures and the programme settings.
// Only the bursary and admin roles see bursary data.

#include <charconv>

#include "common/util/civil_date.hpp"
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

Actor actor_of(const SessionRecord& user, const common::HttpRequest& request) {
    return Actor{user.username, request.remote_address};
}

bool wants_csv(const common::HttpRequest& request) {
    const auto accept = request.header("Accept");
    return accept && accept->find("text/csv") != std::string_view::npos;
}

/// A positive integer path parameter ("/applications/12").
Result<std::int64_t> id_param(const std::string& text, const char* field) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id < 1) {
        return make_error(Errc::not_found, "no such " + std::string(field), "id");
    }
    return id;
}

Result<std::int64_t> year_param(const std::string& text, const char* field) {
    auto year = id_param(text, field);
    if (!year || *year < 2000 || *year > 2100) {
        return make_error(Errc::invalid, "must be a year from 2000 to 2100", field);
    }
    return year;
}

/// The answer to a write that completes with a record.
template <class T, class View>
Completion<T> answer(common::Respond respond, int status, View view) {
    return [respond = std::move(respond), status, view](Result<T> done) {
        if (!done) return respond(error_response(done.error()));
        respond(json_response(status, view(*done)));
    };
}

/// The answer to an application saved: the application, and the warnings
/// found before it was.
Completion<Application> with_warnings(common::Respond respond, int status, json::array warnings) {
    return [respond = std::move(respond), status,
            warnings = std::move(warnings)](Result<Application> saved) {
        if (!saved) return respond(error_response(saved.error()));
        auto view = application_json(*saved);
        view["warnings"] = warnings;
        respond(json_response(status, std::move(view)));
    };
}

const std::initializer_list<std::string_view> kApplicationSorts = {
    "received_on", "-received_on", "id", "-id", "name", "-name", "status", "-status"};

struct ApplicationListRequest {
    ApplicationPageRequest page;
    std::string sort;  ///< as named in the query: "-received_on"
    bool csv = false;
};

Result<ApplicationListRequest> application_list_request(std::string_view query) {
    auto params = QueryParams::parse(
        query, {"cohort", "status", "school", "pupil", "q", "sort", "limit", "cursor", "format"});
    if (!params) return params.error();
    auto csv = csv_format(*params);
    if (!csv) return csv.error();
    ApplicationListRequest out;
    auto& filter = out.page.filter;
    auto cohort = cohort_param(*params);
    if (!cohort) return cohort.error();
    filter.cohort_year = *cohort;
    auto status = params->one_of(
        "status", {"awaiting_proof", "eligible", "mandated", "rejected", "withdrawn"});
    if (!status) return status.error();
    filter.status = *status;
    for (auto [key, field, max] :
         {std::tuple{"school", &filter.school, 100}, std::tuple{"pupil", &filter.pupil_ref, 32},
          std::tuple{"q", &filter.text, 100}}) {
        auto value = params->text(key, max);
        if (!value) return value.error();
        *field = *value;
    }
    auto page = list_page(*params, kApplicationSorts, "-received_on");
    if (!page) return page.error();
    const std::string_view key = page->key;
    out.page.sort = key == "id"       ? ApplicationSort::id
                    : key == "name"   ? ApplicationSort::name
                    : key == "status" ? ApplicationSort::status
                                      : ApplicationSort::received_on;
    out.page.descending = page->descending;
    out.page.limit = page->limit;
    out.page.after = std::move(page->after);
    out.sort = page->sort;
    out.csv = *csv;
    return out;
}

json::object application_row_json(const ApplicationRow& row) {
    json::object out = application_json(row.application);
    out["pupil"] = json::object{{"first_name", row.first_name}, {"last_name", row.last_name}};
    out["school"] = row.school ? json::value(*row.school) : json::value(nullptr);
    return out;
}

}  // namespace

void list_applications_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                const PathParams&, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto list = application_list_request(request.query());
    if (!list) return respond(error_response(list.error()));
    if (list->csv) {
        auto csv = applications_csv(ctx.bursary, list->page, request_language(request));
        if (!csv) return respond(error_response(csv.error()));
        return respond(csv_response(std::move(csv).value(), "demandes-bourse.csv"));
    }
    auto page = ctx.bursary.list_applications(list->page);
    if (!page) return respond(error_response(page.error()));
    json::array rows;
    for (const auto& row : page->rows)
        rows.push_back(application_row_json(row));
    respond(json_response(200,
                          list_page_json("applications", std::move(rows), page->next, list->sort)));
}

void create_application_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                 const PathParams&, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto dry_run = dry_run_param(request.query());
    if (!dry_run) return respond(error_response(dry_run.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto input = application_input(*body, ctx.today());
    if (!input) return respond(error_response(input.error()));
    // The decision and the warnings as they stand now; a dry run ends here.
    auto preview = ctx.bursary.preview_application(*input);
    if (!preview) return respond(error_response(preview.error()));
    auto facts = ctx.bursary.warning_facts(*preview);
    if (!facts) return respond(error_response(facts.error()));
    const auto language = request_language(request);
    auto warnings = warnings_json(application_warnings(*facts), language);
    if (*dry_run) {
        auto view = application_json(*preview);
        view["id"] = nullptr;
        view["warnings"] = std::move(warnings);
        return respond(json_response(200, std::move(view)));
    }
    ctx.bursary.create_application(std::move(input).value(), actor_of(*user, request),
                                   ctx.clock.now(),
                                   with_warnings(std::move(respond), 201, std::move(warnings)));
}

void get_application_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                              const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto id = id_param(params.at(0), "application");
    if (!id) return respond(error_response(id.error()));
    auto found = ctx.bursary.application(*id);
    if (!found) return respond(error_response(found.error()));
    if (!*found) {
        return respond(error_response(make_error(Errc::not_found, "no such application", "id")));
    }
    respond(json_response(200, application_json(**found)));
}

void update_application_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                 const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto id = id_param(params.at(0), "application");
    if (!id) return respond(error_response(id.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto patch = application_patch(*body, ctx.today());
    if (!patch) return respond(error_response(patch.error()));
    // The warnings about the application as the correction leaves it.
    auto found = ctx.bursary.application(*id);
    if (!found) return respond(error_response(found.error()));
    if (!*found) {
        return respond(error_response(make_error(Errc::not_found, "no such application", "id")));
    }
    apply_patch(**found, *patch);
    auto facts = ctx.bursary.warning_facts(**found);
    if (!facts) return respond(error_response(facts.error()));
    auto warnings = warnings_json(application_warnings(*facts), request_language(request));
    ctx.bursary.update_application(*id, std::move(patch).value(), actor_of(*user, request),
                                   ctx.clock.now(),
                                   with_warnings(std::move(respond), 200, std::move(warnings)));
}

void withdraw_application_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                   const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto id = id_param(params.at(0), "application");
    if (!id) return respond(error_response(id.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto reason = withdrawal_input(*body);
    if (!reason) return respond(error_response(reason.error()));
    ctx.bursary.withdraw_application(
        *id, std::move(reason).value(), actor_of(*user, request), ctx.clock.now(),
        answer<Application>(std::move(respond), 200, application_json));
}

void deadlines_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                        common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto params = QueryParams::parse(request.query(), {"within_days", "state"});
    if (!params) return respond(error_response(params.error()));
    DeadlineQuery query{ctx.today(), "open", std::nullopt};
    auto state = params->one_of("state", {"open", "expired"});
    if (!state) return respond(error_response(state.error()));
    query.state = state->value_or("open");
    if (params->has("within_days")) {
        auto within = params->integer("within_days", 0, 366, 0);
        if (!within) return respond(error_response(within.error()));
        query.within_days = *within;
    }
    auto rows = ctx.bursary.deadlines(query);
    if (!rows) return respond(error_response(rows.error()));
    if (wants_csv(request)) {
        return respond(csv_response(deadlines_csv(*rows, request_language(request)),
                                    "deadlines-" + query.today.iso() + ".csv"));
    }
    json::array out;
    for (const auto& row : *rows)
        out.push_back(deadline_json(row));
    respond(json_response(200, json::object{{"today", query.today.iso()},
                                            {"state", query.state},
                                            {"deadlines", std::move(out)}}));
}

void preview_payment_batch_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                    const PathParams&, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto preview = ctx.bursary.payment_preview(ctx.today());
    if (!preview) return respond(error_response(preview.error()));
    respond(json_response(200, payment_preview_json(*preview)));
}

void create_payment_batch_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                   const PathParams&, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto preview_id = payment_confirmation_input(*body);
    if (!preview_id) return respond(error_response(preview_id.error()));
    ctx.bursary.create_payment_batch(
        std::move(preview_id).value(), actor_of(*user, request), ctx.clock.now(), ctx.today(),
        answer<PaymentBatch>(std::move(respond), 201, payment_batch_json));
}

void get_payment_batch_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto id = id_param(params.at(0), "payment batch");
    if (!id) return respond(error_response(id.error()));
    auto batch = ctx.bursary.payment_batch(*id);
    if (!batch) return respond(error_response(batch.error()));
    if (!*batch) {
        return respond(error_response(make_error(Errc::not_found, "no such payment batch", "id")));
    }
    if (!wants_csv(request)) return respond(json_response(200, payment_batch_json(**batch)));
    // The mandate file shows every IBAN in full: a view of bank details, on record first.
    auto file = mandate_csv(**batch);
    const std::string name = "mandates-" + std::to_string(*id) + ".csv";
    ctx.store.record_audit(
        {0, ctx.clock.now(), user->username, "payment_batch_export",
         "batch " + std::to_string(*id) + " (" + std::to_string((*batch)->lines.size()) + " IBANs)",
         request.remote_address},
        [respond, file = std::move(file), name](Result<bool> recorded) {
            if (!recorded) return respond(error_response(recorded.error()));
            respond(csv_response(file, name));
        });
}

void list_payment_batches_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                   const PathParams&, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    if (auto params = QueryParams::parse(request.query(), {}); !params) {
        return respond(error_response(params.error()));
    }
    auto batches = ctx.bursary.payment_batches();
    if (!batches) return respond(error_response(batches.error()));
    json::array out;
    for (const auto& b : *batches)
        out.push_back(payment_batch_summary_json(b));
    respond(json_response(200, json::object{{"batches", std::move(out)}}));
}

void bursary_report_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                             common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto params = QueryParams::parse(request.query(), {"cohort"});
    if (!params) return respond(error_response(params.error()));
    if (!params->has("cohort")) {
        return respond(error_response(make_error(Errc::invalid, "is required", "cohort")));
    }
    auto cohort = params->integer("cohort", 2000, 2100, 0);
    if (!cohort) return respond(error_response(cohort.error()));
    auto report = ctx.bursary.cohort_report(*cohort);
    if (!report) return respond(error_response(report.error()));
    if (wants_csv(request)) {
        return respond(csv_response(report_csv(*report, request_language(request)),
                                    "bourses-" + std::to_string(*cohort) + ".csv"));
    }
    respond(json_response(200, cohort_report_json(*report)));
}

void bursary_years_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                            common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    if (auto params = QueryParams::parse(request.query(), {}); !params) {
        return respond(error_response(params.error()));
    }
    auto years = ctx.bursary.yearly_figures();
    if (!years) return respond(error_response(years.error()));
    json::array out;
    for (const auto& f : *years)
        out.push_back(figures_json(f));
    respond(json_response(200, json::object{{"years", std::move(out)}}));
}

void get_cohort_settings_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                  const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto year = year_param(params.at(0), "cohort_year");
    if (!year) return respond(error_response(year.error()));
    auto settings = ctx.bursary.cohort_settings(*year);
    if (!settings) return respond(error_response(settings.error()));
    respond(json_response(200, cohort_settings_json(*settings)));
}

void put_cohort_settings_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                  const PathParams& params, common::Respond respond) {
    // Settings are the admin's (SPEC §5.4).
    auto user = authorize(ctx, request, {Role::admin});
    if (!user) return respond(error_response(user.error()));
    auto year = year_param(params.at(0), "cohort_year");
    if (!year) return respond(error_response(year.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto settings = cohort_settings_input(*body, *year);
    if (!settings) return respond(error_response(settings.error()));
    CohortSettings s = *settings;
    s.stored = true;
    ctx.bursary.set_cohort_settings(s, actor_of(*user, request), ctx.clock.now(),
                                    [respond, s](Result<bool> done) {
                                        if (!done) return respond(error_response(done.error()));
                                        respond(json_response(200, cohort_settings_json(s)));
                                    });
}

void get_budget_line_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                              const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    auto year = year_param(params.at(0), "fiscal_year");
    if (!year) return respond(error_response(year.error()));
    auto settings = ctx.bursary.fiscal_year_settings(*year);
    if (!settings) return respond(error_response(settings.error()));
    respond(json_response(200, json::object{{"fiscal_year", settings->fiscal_year},
                                            {"budget_line", settings->budget_line},
                                            {"default", !settings->stored}}));
}

void put_budget_line_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                              const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin});
    if (!user) return respond(error_response(user.error()));
    auto year = year_param(params.at(0), "fiscal_year");
    if (!year) return respond(error_response(year.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    auto line = budget_line_input(*body);
    if (!line) return respond(error_response(line.error()));
    const std::int64_t y = *year;
    const std::string text = *line;
    ctx.bursary.set_budget_line(
        y, text, actor_of(*user, request), ctx.clock.now(), [respond, y, text](Result<bool> done) {
            if (!done) return respond(error_response(done.error()));
            respond(json_response(
                200, json::object{{"fiscal_year", y}, {"budget_line", text}, {"default", false}}));
        });
}

}  // namespace clicfleet::server
