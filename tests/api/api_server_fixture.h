// A real ApiServer on an ephemeral loopback port with a few test routes, tokens of each scope and a fake clock
// for the rate limits. One per test.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_server.h"
#include "api/json_fields.h"
#include "common/http_client.h"

namespace nightdesk::api::test {

inline const std::string kTradeToken = "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5a";
inline const std::string kAdminToken = "Ab7Xq2Lm9Wc4Tz8Rk1Vn6Hs3Jp5Gd0Fy";
inline const std::string kReadToken = "r9F2kLm8Qz3Xw7Vc1Tb6Ny4Hp0Js5Gd2";

inline std::vector<TokenGrant> test_grants() {
  return {{"api", "NIGHTDESK_API_TOKEN", AccessScope::trade, kTradeToken},
          {"admin", "NIGHTDESK_ADMIN_TOKEN", AccessScope::admin, kAdminToken},
          {"read", "NIGHTDESK_READ_TOKEN", AccessScope::read, kReadToken}};
}

inline std::vector<ApiRoute> test_routes() {
  using nlohmann::json;
  return {
      {"GET", "/api/v1/positions", AccessScope::read, [](const ApiRequest&) { return ApiResponse::json(200, {{"positions", json::array()}}); }},
      {"GET", "/api/v1/positions/{id}", AccessScope::read,
       [](const ApiRequest& r) { return ApiResponse::json(200, {{"id", r.param("id")}, {"by", r.principal.name}}); }},
      {"GET", "/api/v1/positions/summary", AccessScope::read, [](const ApiRequest&) { return ApiResponse::json(200, {{"summary", true}}); }},
      {"PATCH", "/api/v1/positions/{id}", AccessScope::trade,
       [](const ApiRequest& r) {
         static constexpr JsonField fields[] = {{"stop_pct", JsonType::number}, {"manual", JsonType::boolean}};
         if (auto bad = check_fields(r.body, fields); !bad) return ApiResponse::error(bad.error());
         return ApiResponse::json(200, r.body);
       }},
      {"POST", "/api/v1/orders", AccessScope::trade,
       [](const ApiRequest& r) {
         static constexpr JsonField fields[] = {{"symbol", JsonType::string, true}, {"qty", JsonType::integer, true}};
         if (auto bad = check_fields(r.body, fields); !bad) return ApiResponse::error(bad.error());
         return ApiResponse::json(201, {{"accepted", r.body}});
       }},
      {"DELETE", "/api/v1/orders/{id}", AccessScope::trade, [](const ApiRequest&) { return ApiResponse::no_content(); }},
      {"GET", "/api/v1/orders", AccessScope::read,
       [](const ApiRequest& r) { return ApiResponse::json(200, {{"status", r.query_value("status").value_or("")}}); }},
      {"POST", "/api/v1/risk/reset", AccessScope::admin, [](const ApiRequest&) { return ApiResponse::json(200, {{"reset", true}}); }},
      {"GET", "/api/v1/throws", AccessScope::read,
       [](const ApiRequest&) -> ApiResponse { throw std::runtime_error("handler bug"); }},
      {"GET", "/api/v1/ws", AccessScope::read, [](const ApiRequest& r) { return ApiResponse::json(200, {{"by", r.principal.name}}); }},
  };
}

class ApiServerTest : public ::testing::Test {
 protected:
  void start(ApiServerOptions o) {
    o.clock = [this] { return SteadyTime{} + std::chrono::hours(1) + std::chrono::nanoseconds(fake_now.load()); };
    auto started = ApiServer::start(std::move(o), test_routes());
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }
  void SetUp() override {
    ApiServerOptions o;
    o.tokens = test_grants();
    o.cors = {{"https://desk.example.com"}, std::chrono::seconds(600)};
    o.max_body_bytes = 4096;
    start(std::move(o));
  }
  void advance(std::chrono::nanoseconds d) { fake_now += d.count(); }

  std::string url(const std::string& path) { return server->url() + path; }
  HttpReply call(const std::string& method, const std::string& path, const std::string& token = kTradeToken,
                 const std::string& body = {}, std::vector<std::string> headers = {}) {
    if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    auto r = http_request(method, url(path), body, headers);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpReply{};
  }
  static nlohmann::json error_of(const HttpReply& r) { return nlohmann::json::parse(r.body).at("error"); }

  std::atomic<std::int64_t> fake_now{0};
  std::unique_ptr<ApiServer> server;
};

}  // namespace nightdesk::api::test
