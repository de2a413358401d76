#include "strategy/json_fields.h"

#include <gtest/gtest.h>

namespace nightdesk::strategy {
namespace {

TEST(JsonFields, StrikeChoiceAcceptsNumberTextAndTheThreeObjects) {
  StrikeChoice c;
  ASSERT_TRUE(read_json(nlohmann::json(450), c, "strike"));
  EXPECT_EQ(c, StrikeChoice(FixedStrike{Price::from_units(4'500'000)}));
  ASSERT_TRUE(read_json(nlohmann::json("452.5"), c, "strike"));
  EXPECT_EQ(c, StrikeChoice(FixedStrike{Price::from_units(4'525'000)}));
  ASSERT_TRUE(read_json(nlohmann::json::parse(R"({"delta": 0.3})"), c, "strike"));
  EXPECT_EQ(c, StrikeChoice(TargetDelta{0.3}));
  ASSERT_TRUE(read_json(nlohmann::json::parse(R"({"atm_offset": -5})"), c, "strike"));
  EXPECT_EQ(c, StrikeChoice(AtmOffset{Price::from_units(-50'000)}));
}

TEST(JsonFields, StrikeChoiceWithTwoKeysOrAnUnknownKeyNamesTheField) {
  StrikeChoice c;
  auto two = read_json(nlohmann::json::parse(R"({"delta": 0.3, "strike": 450})"), c, "put_strike");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().field, "put_strike");
  auto unknown = read_json(nlohmann::json::parse(R"({"detla": 0.3})"), c, "put_strike");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "put_strike.detla");
  auto bad = read_json(nlohmann::json::parse(R"({"delta": "x"})"), c, "strike");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "strike.delta");
}

TEST(JsonFields, ExpiryChoiceIsADateOrAnObjectWithDteOrDate) {
  ExpiryChoice e;
  ASSERT_TRUE(read_json(nlohmann::json("2025-01-17"), e, "expiry"));
  EXPECT_EQ(e, ExpiryChoice(FixedExpiry{Date{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}}}));
  ASSERT_TRUE(read_json(nlohmann::json::parse(R"({"dte": 45})"), e, "expiry"));
  EXPECT_EQ(e, ExpiryChoice(TargetDte{45}));
  EXPECT_FALSE(read_json(nlohmann::json("2025-02-30"), e, "expiry"));
  EXPECT_FALSE(read_json(nlohmann::json(30), e, "expiry"));
}

TEST(JsonFields, WholeNumbersRejectFractions) {
  std::int64_t n = 0;
  EXPECT_TRUE(read_json(nlohmann::json(3.0), n, "quantity"));
  EXPECT_EQ(n, 3);
  auto r = read_json(nlohmann::json(3.5), n, "quantity");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "quantity");
}

struct Sample {
  std::int64_t a = 0;
  std::optional<Price> b;
};

TEST(JsonFields, ReaderRejectsAnUnknownFieldWithASuggestion) {
  Sample s;
  auto describe = [](auto& v, Sample& x) { v.required("a", x.a); v.optional("limit_price", x.b); };
  auto r = read_object(nlohmann::json::parse(R"({"a": 1, "limit_prise": 2})"), "order", s, describe);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "order.limit_prise");
  EXPECT_NE(r.error().message.find("limit_price"), std::string::npos) << r.error().message;
  auto missing = read_object(nlohmann::json::parse(R"({})"), "", s, describe);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "a");
  EXPECT_EQ(missing.error().message, "is required");
}

}  // namespace
}  // namespace nightdesk::strategy
