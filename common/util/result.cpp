#include "common/util/result.hpp"

namespace clicfleet::common {

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::bad_request:
            return "bad_request";
        case Errc::invalid:
            return "invalid";
        case Errc::unauthorized:
            return "unauthorized";
        case Errc::forbidden:
            return "forbidden";
        case Errc::password_change_required:
            return "password_change_required";
        case Errc::not_found:
            return "not_found";
        case Errc::method_not_allowed:
            return "method_not_allowed";
        case Errc::conflict:
            return "conflict";
        case Errc::too_large:
            return "too_large";
        case Errc::unsupported:
            return "unsupported";
        case Errc::too_many_requests:
            return "too_many_requests";
        case Errc::unavailable:
            return "unavailable";
        case Errc::io:
            return "io";
        case Errc::network:
            return "network";
        case Errc::internal:
            return "internal";
    }
    return "internal";
}

std::string describe(const Error& error) {
    if (error.problems.size() > 1) {
        std::string text = error.message;
        for (const auto& p : error.problems)
            text += "\n  " + p.field + ": " + p.message;
        return text;
    }
    if (error.field.empty() || error.message.find(error.field) != std::string::npos) {
        return error.message;
    }
    return error.message + " (" + error.field + ")";
}

Error invalid_fields(std::vector<FieldProblem> problems) {
    if (problems.size() == 1) {
        return make_error(Errc::invalid, problems.front().message, problems.front().field);
    }
    std::string message = std::to_string(problems.size()) + " fields are wrong:";
    for (std::size_t i = 0; i < problems.size(); ++i)
        message += (i ? ", " : " ") + problems[i].field;
    std::string first = problems.front().field;
    return Error{Errc::invalid, std::move(message), std::move(first), std::move(problems)};
}

}  // namespace clicfleet::common
