#include "strategy/template_registry.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace nightdesk::strategy {
namespace {

TEST(TemplateRegistry, ListsAllSeventeenTemplatesWithTheApiNames) {
  std::vector<std::string> names;
  for (const auto& t : order_templates()) names.emplace_back(t.name);
  EXPECT_EQ(names.size(), 17u);
  for (const char* api : {"vertical", "iron_condor", "butterfly", "straddle", "strangle", "jade_lizard", "cash_secured_put"})
    EXPECT_NE(std::find(names.begin(), names.end(), api), names.end()) << api;
}

TEST(TemplateRegistry, EveryTemplateRoundTripsThroughJson) {
  // Defaults for every template (only required fields given), then an explicit variant.
  const std::vector<std::string> bodies{
      R"({"template":"single","right":"put","side":"sell","strike":450,"limit_price":1.25,"quantity":2,"client_order_id":"a"})",
      R"({"template":"vertical","expiry":"2025-01-17","right":"put","side":"sell","strike":{"delta":0.3},"width":5})",
      R"({"template":"iron_condor","put_strike":{"delta":0.16},"call_strike":{"atm_offset":10},"width":5,"call_width":10,"side":"buy"})",
      R"({"template":"iron_butterfly","width":10,"time_in_force":"gtc"})",
      R"({"template":"butterfly","right":"call","width":5})",
      R"({"template":"broken_wing_butterfly","right":"put","width":5,"far_width":10})",
      R"({"template":"straddle"})",
      R"({"template":"strangle","put_strike":440,"call_strike":460})",
      R"({"template":"calendar","near_expiry":{"dte":30},"far_expiry":{"dte":60},"right":"call"})",
      R"({"template":"diagonal","near_expiry":"2025-01-17","far_expiry":"2025-02-21","right":"call","near_strike":455,"far_strike":{"delta":0.5}})",
      R"({"template":"ratio_spread","right":"call","strike":450,"width":5,"ratio":3})",
      R"({"template":"backspread","right":"put","strike":450,"width":5})",
      R"({"template":"covered_call","strike":{"delta":0.3},"include_stock":true})",
      R"({"template":"protective_put","strike":{"delta":0.3}})",
      R"({"template":"collar","put_strike":{"delta":0.25},"call_strike":{"delta":0.25}})",
      R"({"template":"cash_secured_put","strike":{"delta":0.3},"limit_price":"1.05"})",
      R"({"template":"jade_lizard","put_strike":{"delta":0.3},"call_strike":{"delta":0.2},"call_width":5})",
  };
  std::set<std::string> seen;
  for (const auto& body : bodies) {
    SCOPED_TRACE(body);
    auto params = parse_template_order(nlohmann::json::parse(body));
    ASSERT_TRUE(params) << params.error().describe();
    seen.insert(std::string(template_name(*params)));
    auto json = to_json(*params);
    auto again = parse_template_order(json);
    ASSERT_TRUE(again) << again.error().describe() << " in " << json.dump();
    EXPECT_EQ(*again, *params) << json.dump();
  }
  EXPECT_EQ(seen.size(), 17u);
}

TEST(TemplateRegistry, DefaultsApplyWhenOptionalFieldsAreAbsent) {
  auto params = parse_template_order(nlohmann::json::parse(R"({"template":"iron_condor","put_strike":{"delta":0.16},"call_strike":{"delta":0.16},"width":5})"));
  ASSERT_TRUE(params) << params.error().describe();
  const auto& ic = std::get<IronCondorParams>(*params);
  EXPECT_EQ(ic.side, execution::Side::sell);
  EXPECT_EQ(ic.expiry, ExpiryChoice(TargetDte{30}));
  EXPECT_EQ(ic.terms.quantity, 1);
  EXPECT_FALSE(ic.call_width);
}

TEST(TemplateRegistry, UnknownTemplate_SuggestsTheNearestName) {
  auto r = parse_template_order(nlohmann::json::parse(R"({"template":"iron_condr"})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_EQ(r.error().field, "template");
  EXPECT_NE(r.error().message.find("iron_condor"), std::string::npos);
}

TEST(TemplateRegistry, UnknownField_IsRejectedByName) {
  auto r = parse_template_order(nlohmann::json::parse(R"({"template":"vertical","right":"put","side":"sell","strike":450,"widt":5,"width":5})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "widt");
  EXPECT_NE(r.error().message.find("width"), std::string::npos);
}

TEST(TemplateRegistry, MissingOrMistypedField_NamesIt) {
  auto missing = parse_template_order(nlohmann::json::parse(R"({"template":"vertical","right":"put","side":"sell","strike":450})"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "width");
  auto side = parse_template_order(nlohmann::json::parse(R"({"template":"vertical","right":"put","side":"short","strike":450,"width":5})"));
  ASSERT_FALSE(side);
  EXPECT_EQ(side.error().field, "side");
  auto right = parse_template_order(nlohmann::json::parse(R"({"template":"butterfly","right":"straddle","width":5})"));
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().field, "right");
  auto nested = parse_template_params("vertical", nlohmann::json::parse(R"({"right":"put","side":"sell","strike":450,"width":-5})"), "order");
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().field, "order.width");
  auto no_name = parse_template_order(nlohmann::json::parse(R"({"right":"put"})"));
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().field, "template");
}

TEST(TemplateRegistry, ManualLegsRoundTripAndNameTheBadLeg) {
  auto legs = parse_manual_legs(nlohmann::json::parse(
      R"([{"right":"put","side":"sell","expiry":{"dte":30},"strike":{"delta":0.3}},{"right":"put","side":"buy","ratio":2,"expiry":"2025-01-17","strike":440}])"));
  ASSERT_TRUE(legs) << legs.error().describe();
  ASSERT_EQ(legs->size(), 2u);
  EXPECT_EQ((*legs)[1].ratio, 2);
  auto again = parse_manual_legs(to_json(*legs));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *legs);
  auto bad = parse_manual_legs(nlohmann::json::parse(R"([{"right":"put","side":"sell","expiry":{"dte":30},"strike":440,"colour":1}])"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "legs[0].colour");
}

}  // namespace
}  // namespace nightdesk::strategy
