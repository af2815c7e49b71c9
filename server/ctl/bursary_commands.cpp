// clicfleetctl import and bursary: CSV imports of pupils and handovers,
// the yearly figures, the deadlines, payment batches and their mandate file.

#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <ostream>

#include "common/util/files.hpp"
#include "server/ctl/connection.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace fs = std::filesystem;
namespace json = boost::json;
using common::Errc;
using common::make_error;

namespace {

/// "2 MiB", "3.5 MiB"
std::string mebibytes(std::uintmax_t bytes) {
    return fmt::format("{:.3g} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

/// The file to import, whole; checked before anything is sent.
common::Result<std::string> read_import_file(const fs::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        return make_error(Errc::invalid, "cannot read " + name + ": it is a directory");
    }
    const auto too_large = [&name]() {
        return make_error(Errc::too_large, name + " is larger than " + mebibytes(kMaxImportBytes) +
                                               ", the most an import may be: split it into "
                                               "smaller files");
    };
    // "cannot read FILE: No such file or directory"; too large, said the ctl's way.
    auto content = common::read_file(file, kMaxImportBytes);
    if (!content && content.error().code == Errc::too_large) return too_large();
    return content;
}

/// Records in a CSV text (a quoted field may hold a line break), header included.
std::size_t csv_records(std::string_view text) {
    std::size_t records = 0;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (c == '\n' && !quoted) ++records;
    }
    if (!text.empty() && text.back() != '\n') ++records;
    return records;
}

std::string batch_target(const std::string& id) {
    return "/api/v1/bursary/payment-batches/" + encode_path_segment(id);
}

std::string application_target(const std::string& id) {
    return "/api/v1/bursary/applications/" + encode_path_segment(id);
}

enum class Send { post, patch };

/// Sends `body` to `target`, then shows the application answered.
int send_application(const GlobalOptions& options, Send send, const std::string& target,
                     const json::object& body, const std::string& action,
                     const std::string& not_found, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const auto context = connection->context(action, not_found);
    const auto answer = [&]() -> common::Result<json::value> {
        if (send == Send::patch)
            return connection->client.patch_json(target, json::serialize(body), context);
        auto response = connection->client.post_json(target, json::serialize(body), context);
        if (!response) return response.error();
        return json_body(*response, target);
    }();
    if (!answer) return fail(env, answer.error());
    return show(options, *answer, in_language(print_application, env.language), env);
}

}  // namespace

int run_import(const GlobalOptions& options, const ImportCommand& command, CtlEnvironment& env) {
    auto body = read_import_file(command.file);
    if (!body) return fail(env, body.error());
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const std::string target = build_target(
        "/api/v1/imports/" + command.kind,
        {{"dry_run", command.dry_run ? std::optional<std::string>("true") : std::nullopt}});
    ErrorContext context = connection->context("import " + command.kind);
    context.refused_subject = command.file.string();
    auto response = connection->client.post_body(target, "text/csv", std::move(*body), context);
    if (!response) return fail(env, response.error());
    auto answer = json_body(*response, target);
    if (!answer) return fail(env, answer.error());
    return show(options, *answer, in_language(print_import_outcome, env.language), env);
}

int run_bursary_report(const GlobalOptions& options, const BursaryReportCommand& command,
                       CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto answer = connection->client.get_json(
        build_target("/api/v1/bursary/report", {{"cohort", std::to_string(command.cohort)}}),
        connection->context("see the bursary report"));
    if (!answer) return fail(env, answer.error());
    return show(options, *answer, in_language(print_bursary_report, env.language), env);
}

int run_bursary_deadlines(const GlobalOptions& options, const BursaryDeadlinesCommand& command,
                          CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const std::string target = build_target(
        "/api/v1/bursary/deadlines",
        {{"state", command.expired ? "expired" : "open"},
         {"within_days", command.within_days
                             ? std::optional<std::string>(std::to_string(*command.within_days))
                             : std::nullopt}});
    const ErrorContext context = connection->context("list bursary deadlines");
    if (command.csv) {
        // For reminder letters: the server's file as it came.
        auto csv = connection->client.get_as(target, "text/csv", context);
        if (!csv) return fail(env, csv.error());
        env.out << csv->body;
        return 0;
    }
    auto answer = connection->client.get_json(target, context);
    if (!answer) return fail(env, answer.error());
    return show(options, *answer, in_language(print_deadlines, env.language), env);
}

int run_bursary_pay(const GlobalOptions& options, const BursaryPayCommand& command,
                    CtlEnvironment& env) {
    if (command.preview == command.confirm.has_value()) {
        return fail(env, common::make_error(common::Errc::invalid,
                                            "say --preview to see what would be paid, then "
                                            "--confirm PREVIEW_ID to pay exactly that"));
    }
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const std::string target = command.preview ? "/api/v1/bursary/payment-batches/preview"
                                               : "/api/v1/bursary/payment-batches";
    const std::string body =
        command.confirm
            ? boost::json::serialize(boost::json::object{{"preview_id", *command.confirm}})
            : "{}";
    auto response = connection->client.post_json(
        target, body,
        connection->context(command.preview ? "preview payment batches"
                                            : "create payment batches"));
    if (!response) return fail(env, response.error());
    auto answer = json_body(*response, target);
    if (!answer) return fail(env, answer.error());
    return show(
        options, *answer,
        in_language(command.preview ? print_payment_preview : print_payment_batch, env.language),
        env);
}

int run_application_list(const GlobalOptions& options, const ApplicationListCommand& command,
                         CtlEnvironment& env) {
    const std::string path = "/api/v1/bursary/applications";
    QueryParams params = {{"cohort", command.cohort}, {"status", command.status},
                          {"school", command.school}, {"pupil", command.pupil},
                          {"q", command.search},      {"sort", command.sort}};
    if (command.csv) return show_csv(options, path, params, "list bursary applications", env);
    params.emplace_back("limit", number_param(command.limit));
    const ListRequest request{.path = path,
                              .params = std::move(params),
                              .cursor = command.cursor,
                              .items_key = "applications",
                              .all = command.all,
                              .max_pages = kMaxPages};
    return show_list(
        options, request, "list bursary applications",
        [&env](const json::array& items, std::ostream& out) {
            print_application_list(items, out, env.language);
        },
        env);
}

int run_application_add(const GlobalOptions& options, const ApplicationAddCommand& command,
                        CtlEnvironment& env) {
    json::object body{{"pupil_ref", command.pupil},
                      {"received_on", command.received_on},
                      {"subscription_started_on", command.subscription_started_on},
                      {"isp", command.isp},
                      {"connection_type", command.connection_type},
                      {"payee_name", command.payee},
                      {"iban", command.iban}};
    if (command.proof_received_on) body["proof_received_on"] = *command.proof_received_on;
    const std::string target = command.dry_run ? "/api/v1/bursary/applications?dry_run=true"
                                               : "/api/v1/bursary/applications";
    return send_application(options, Send::post, target, body, "record bursary applications",
                            "no pupil " + command.pupil, env);
}

int run_application_proof(const GlobalOptions& options, const ApplicationProofCommand& command,
                          CtlEnvironment& env) {
    return send_application(options, Send::patch, application_target(command.id),
                            json::object{{"proof_received_on", command.received_on}},
                            "record bursary applications", "no application " + command.id, env);
}

int run_application_withdraw(const GlobalOptions& options,
                             const ApplicationWithdrawCommand& command, CtlEnvironment& env) {
    return send_application(options, Send::post, application_target(command.id) + "/withdrawal",
                            json::object{{"reason", command.reason}},
                            "withdraw bursary applications", "no application " + command.id, env);
}

int run_bursary_batches(const GlobalOptions& options, CtlEnvironment& env) {
    return show_one(options, "/api/v1/bursary/payment-batches", "see payment batches", "",
                    in_language(print_payment_batches, env.language), env);
}

int run_bursary_batch(const GlobalOptions& options, const BursaryBatchCommand& command,
                      CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const std::string not_found = "no payment batch " + command.id;
    if (!command.mandate_file) {
        auto answer = connection->client.get_json(
            batch_target(command.id), connection->context("see payment batches", not_found));
        if (!answer) return fail(env, answer.error());
        return show(options, *answer, in_language(print_payment_batch, env.language), env);
    }
    // A mandate file already there may be one the treasury has not taken yet.
    const fs::path& file = *command.mandate_file;
    std::error_code ec;
    if (!command.force && fs::exists(file, ec)) {
        return fail(
            env, make_error(Errc::conflict, file.string() +
                                                " already exists: give another file, or --force to "
                                                "replace it"));
    }
    // The mandate file holds every IBAN in full: only its owner may read it.
    auto csv = connection->client.get_as(batch_target(command.id), "text/csv",
                                         connection->context("export mandate files", not_found));
    if (!csv) return fail(env, csv.error());
    if (auto s = common::write_file_atomic(file, csv->body, common::kSecretFileMode); !s) {
        return fail(env, s.error());
    }
    const std::size_t records = csv_records(csv->body);
    const std::size_t mandates = records > 0 ? records - 1 : 0;  // without the header
    if (options.json) {
        env.out << json::serialize(json::object{{"batch", command.id},
                                                {"mandate_file", file.string()},
                                                {"mandates", mandates}})
                << "\n";
    } else {
        env.out << "wrote " << mandates << (mandates == 1 ? " mandate" : " mandates") << " to "
                << file.string() << "\n";
    }
    return 0;
}

}  // namespace clicfleet::ctl
