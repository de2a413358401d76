// Field checks of request objects: unknown fields, wrong types and missing fields are refused by name.
#include "api/json_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nightdesk::api {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr JsonField kClose[] = {
    {"qty", JsonType::integer},
    {"pct", JsonType::number},
    {"reason", JsonType::string, true},
    {"note", JsonType::string, false, true},
};

TEST(JsonFields, KnownFieldsOfTheRightTypes_Pass) {
  EXPECT_TRUE(check_fields(json{{"qty", 2}, {"reason", "take profit"}}, kClose));
  EXPECT_TRUE(check_fields(json{{"pct", 50}, {"reason", "x"}, {"note", nullptr}}, kClose));
}

TEST(JsonFields, UnknownField_RefusedNamingIt) {
  auto r = check_fields(json{{"qty", 2}, {"reason", "x"}, {"quantity", 2}}, kClose);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "quantity");
  EXPECT_EQ(r.error().message, "unknown field");
}

TEST(JsonFields, StringWhereIntegerExpected_RefusedNamingFieldAndTypes) {
  auto r = check_fields(json{{"qty", "2"}, {"reason", "x"}}, kClose);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "qty");
  EXPECT_EQ(r.error().message, "expected an integer, got a string");
}

TEST(JsonFields, FractionWhereIntegerExpected_Refused) {
  auto r = check_fields(json{{"qty", 2.5}, {"reason", "x"}}, kClose);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "qty");
  EXPECT_THAT(r.error().message, HasSubstr("got a number"));
}

TEST(JsonFields, NullForNonNullableField_Refused) {
  auto r = check_fields(json{{"qty", nullptr}, {"reason", "x"}}, kClose);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("got null"));
}

TEST(JsonFields, MissingRequiredField_RefusedNamingIt) {
  auto r = check_fields(json{{"qty", 1}}, kClose);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "reason");
}

TEST(JsonFields, NotAnObject_Refused) {
  auto r = check_fields(json::array({1, 2}), kClose);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "expected a JSON object, got an array");
}

TEST(JsonFields, NestedObject_FieldNamedWithPrefix) {
  constexpr JsonField leg[] = {{"strike", JsonType::number, true}};
  auto r = check_fields(json{{"strike", true}}, leg, "legs[1]");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "legs[1].strike");
}

}  // namespace
}  // namespace nightdesk::api
