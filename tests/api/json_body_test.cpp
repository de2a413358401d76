// JSON request bodies: the size cap, the depth limit (64 passes, 65 is refused), and messages naming the problem.
#include "api/json_body.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace nightdesk::api {
namespace {

using ::testing::HasSubstr;

std::string nested_arrays(int depth) {
  std::string text(depth, '[');
  text.append(depth, ']');
  return text;
}

TEST(JsonBody, ObjectParses) {
  auto body = parse_json_body(R"({"qty": 2, "symbol": "SPY"})");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ((*body)["qty"], 2);
}

TEST(JsonBody, Depth64_Parses) { EXPECT_TRUE(parse_json_body(nested_arrays(64))); }

TEST(JsonBody, Depth65_RefusedNamingTheLimit) {
  auto body = parse_json_body(nested_arrays(65));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, ErrorCode::parse_error);
  EXPECT_THAT(body.error().message, HasSubstr("deeper than 64"));
}

TEST(JsonBody, DeepNestingOfHugeDepth_RefusedWithoutParsing) {
  EXPECT_FALSE(parse_json_body(std::string(60'000, '['), {.max_bytes = 100'000, .max_depth = 64}));
}

TEST(JsonBody, BracketsInsideStrings_DoNotCountAsDepth) {
  const std::string text = R"({"note": ")" + std::string(100, '[') + R"(\"{{{"})";
  auto body = parse_json_body(text);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(json_nesting_depth(text, 64), 1);
}

TEST(JsonBody, OversizedBody_RefusedWithSizes) {
  std::string text(2000, ' ');
  text.append("{}");
  auto body = parse_json_body(text, {.max_bytes = 1024, .max_depth = 64});
  ASSERT_FALSE(body);
  EXPECT_THAT(body.error().message, HasSubstr("2002 bytes"));
  EXPECT_THAT(body.error().message, HasSubstr("1024"));
}

TEST(JsonBody, MalformedJson_NamesTheByte) {
  auto body = parse_json_body(R"({"qty": tru})");
  ASSERT_FALSE(body);
  EXPECT_THAT(body.error().message, HasSubstr("malformed JSON at byte"));
  EXPECT_THAT(body.error().message, HasSubstr("invalid literal"));
}

TEST(JsonBody, TrailingGarbage_Refused) { EXPECT_FALSE(parse_json_body(R"({"a":1} {"b":2})")); }

TEST(JsonBody, EmptyBody_RefusedSayingSo) {
  auto body = parse_json_body("  \n");
  ASSERT_FALSE(body);
  EXPECT_THAT(body.error().message, HasSubstr("empty"));
}

TEST(JsonBody, InvalidUtf8InString_Refused) { EXPECT_FALSE(parse_json_body("{\"s\": \"\xff\xfe\"}")); }

}  // namespace
}  // namespace nightdesk::api
