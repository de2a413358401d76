#include "api/websocket_upgrade.h"

#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

namespace nightdesk::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

bool starts_with_no_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%2B" -> '+', '+' -> ' '; a broken escape is kept as it is (the token check then refuses it).
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// The comma-separated entries of Sec-WebSocket-Protocol, trimmed (repeated headers are joined).
std::vector<std::string_view> offered_protocols(const http::request<http::string_body>& request) {
  std::vector<std::string_view> out;
  const auto [first, last] = request.equal_range(http::field::sec_websocket_protocol);
  for (auto field = first; field != last; ++field) {
    std::string_view list(field->value().data(), field->value().size());
    while (!list.empty()) {
      const auto comma = list.find(',');
      std::string_view entry = list.substr(0, comma);
      while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
      while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
      if (!entry.empty()) out.push_back(entry);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return out;
}

std::optional<std::string_view> bearer_protocol(const http::request<http::string_body>& request) {
  for (std::string_view entry : offered_protocols(request))
    if (starts_with_no_case(entry, kWsBearerProtocolPrefix) && entry.size() > kWsBearerProtocolPrefix.size())
      return entry;
  return std::nullopt;
}

struct Refusal {
  beast::tcp_stream stream;
  http::response<http::string_body> response;
};

}  // namespace

std::string ws_upgrade_token(const http::request<http::string_body>& request) {
  const auto auth = request[http::field::authorization];
  std::string_view header(auth.data(), auth.size());
  if (starts_with_no_case(header, "Bearer ")) {
    header.remove_prefix(7);
    while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
    while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
    return std::string(header);
  }
  if (const auto protocol = bearer_protocol(request)) return std::string(protocol->substr(kWsBearerProtocolPrefix.size()));
  const auto target = request.target();
  return query_parameter(std::string_view(target.data(), target.size()), "token").value_or("");
}

std::string ws_selected_protocol(const http::request<http::string_body>& request) {
  const auto offered = offered_protocols(request);
  if (std::find(offered.begin(), offered.end(), kWsProtocol) != offered.end()) return std::string(kWsProtocol);
  if (offered.size() == 1) {
    if (const auto protocol = bearer_protocol(request)) return std::string(*protocol);
  }
  return {};
}

void refuse_upgrade(std::unique_ptr<HttpUpgrade> upgrade, unsigned status, const Error& error) {
  nlohmann::json detail = {{"code", to_string(error.code)}, {"message", error.message}};
  if (!error.field.empty()) detail["field"] = error.field;
  auto refusal = std::make_shared<Refusal>(
      Refusal{std::move(upgrade->stream), http::response<http::string_body>(static_cast<http::status>(status),
                                                                              upgrade->request.version())});
  auto& res = refusal->response;
  res.set(http::field::server, "nightdesk");
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  if (status == 401) res.set(http::field::www_authenticate, "Bearer");
  res.keep_alive(false);
  res.body() = nlohmann::json{{"error", detail}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  refusal->stream.expires_after(std::chrono::seconds(5));
  http::async_write(refusal->stream, res, [refusal](beast::error_code, std::size_t) {
    beast::error_code ignored;
    refusal->stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    refusal->stream.close();
  });
}

}  // namespace nightdesk::api
