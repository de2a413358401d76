#include "api/api_response.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace nightdesk::api {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

ApiResponse ApiResponse::json(unsigned status, const nlohmann::json& value) {
  ApiResponse r;
  r.status = status;
  // Invalid UTF-8 in a value (a symbol typed by a client, echoed back) is replaced, never a throw.
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

ApiResponse ApiResponse::no_content() {
  ApiResponse r;
  r.status = 204;
  return r;
}

ApiResponse ApiResponse::error(unsigned status, std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json detail = {{"code", code}, {"message", message}};
  if (!field.empty()) detail["field"] = field;
  return json(status, {{"error", std::move(detail)}});
}

ApiResponse ApiResponse::error(const Error& e) { return error(http_status(e.code), to_string(e.code), e.message, e.field); }

ApiResponse& ApiResponse::with_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::string ApiResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (same_name(n, name)) return v;
  return {};
}

unsigned http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::out_of_range:
    case ErrorCode::parse_error:
    case ErrorCode::overflow:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::io_error:
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

}  // namespace nightdesk::api
