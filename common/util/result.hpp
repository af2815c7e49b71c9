#pragma once
// Errors cross module borders as values: Result<T> holds either a T or an Error.

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace clicfleet::common {

/// What went wrong, in terms a caller can act on. Adapters map Asio, SQLite,
/// OpenSSL and parse failures to one of these at the module border.
enum class Errc {
    bad_request,               ///< malformed input (400)
    invalid,                   ///< well-formed but invalid values (422)
    unauthorized,              ///< missing or wrong credentials (401)
    forbidden,                 ///< authenticated but not allowed (403)
    password_change_required,  ///< a one-time password must be changed first (403)
    not_found,                 ///< (404)
    method_not_allowed,        ///< (405)
    conflict,                  ///< (409)
    too_large,                 ///< size limit exceeded (413)
    unsupported,               ///< unsupported media or encoding (415)
    too_many_requests,         ///< slow down (429)
    unavailable,               ///< try again later (503)
    io,                        ///< file system or database failure
    network,                   ///< connection, TLS or timeout failure
    internal,                  ///< a bug: a broken invariant
};

/// The stable machine-readable name of a code, as used in JSON error bodies.
const char* errc_name(Errc code);

/// One bad field among several, when an input names them all at once.
struct FieldProblem {
    std::string field;
    std::string message;
};

struct Error {
    Errc code = Errc::internal;
    std::string message;
    std::string field;  ///< the offending field or location, when there is one
    /// Every bad field, when there are several (`field` is the first of them).
    std::vector<FieldProblem> problems = {};
};

/// An invalid input naming all its bad fields: the message lists them, and
/// `field` is the first. `problems` must not be empty.
Error invalid_fields(std::vector<FieldProblem> problems);

inline Error make_error(Errc code, std::string message, std::string field = {}) {
    return Error{code, std::move(message), std::move(field), {}};
}

/// The message for a person, with the field in parentheses unless the
/// message already names it.
std::string describe(const Error& error);

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

/// A Result that carries no value: success or an Error.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return error_; }

  private:
    Error error_;
    bool failed_ = false;
};

using Status = Result<void>;

}  // namespace clicfleet::common
