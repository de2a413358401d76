// Error and Result<T>: failures as values at module boundaries (std::expected).
// Plain value types; safe to copy across threads.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace nightdesk {

// What kind of failure; maps to an API status code and a metric label.
enum class ErrorCode {
  invalid_argument,  // the caller's input is wrong (names the field)
  out_of_range,      // a value is outside its allowed range
  parse_error,       // text could not be read (file:line when known)
  not_found,
  conflict,          // state does not allow it (lock held, illegal transition)
  overflow,          // fixed-point arithmetic would overflow
  io_error,          // the operating system refused (errno text in the message)
  unavailable,       // a dependency is down; retrying may help
  internal,          // a bug: an invariant did not hold
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string field;  // the input field or config key this error is about; empty when none

  // "field: message", or just the message when there is no field.
  std::string describe() const;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the error branch of any Result: `return fail(ErrorCode::not_found, "no such order", "id");`
inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(field)});
}

inline Status ok() { return {}; }

}  // namespace nightdesk
