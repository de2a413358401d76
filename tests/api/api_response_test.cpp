// The error shape and the status each module error maps to.
#include "api/api_response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nightdesk::api {
namespace {

using nlohmann::json;

TEST(ApiResponse, ErrorShape_WithField) {
  auto r = ApiResponse::error(400, "invalid_argument", "expected an integer", "qty");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"error":{"code":"invalid_argument","message":"expected an integer","field":"qty"}})"));
}

TEST(ApiResponse, ErrorShape_WithoutFieldLeavesItOut) {
  auto r = ApiResponse::error(404, "not_found", "no such order");
  EXPECT_FALSE(json::parse(r.body)["error"].contains("field"));
}

TEST(ApiResponse, ModuleErrors_MapToStatuses) {
  EXPECT_EQ(http_status(ErrorCode::invalid_argument), 400u);
  EXPECT_EQ(http_status(ErrorCode::out_of_range), 400u);
  EXPECT_EQ(http_status(ErrorCode::parse_error), 400u);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404u);
  EXPECT_EQ(http_status(ErrorCode::conflict), 409u);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503u);
  EXPECT_EQ(http_status(ErrorCode::internal), 500u);
  auto r = ApiResponse::error(Error{ErrorCode::conflict, "order already filled", "id"});
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "conflict");
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "id");
}

TEST(ApiResponse, InvalidUtf8InAValue_IsReplacedNotThrown) {
  auto r = ApiResponse::json(200, {{"symbol", std::string("SP\xff")}});
  EXPECT_TRUE(json::accept(r.body));
}

}  // namespace
}  // namespace nightdesk::api
