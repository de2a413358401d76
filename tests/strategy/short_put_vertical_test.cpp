// The short put vertical on the scripted XYZ chain (desk_fixture.h): which strikes and expiry it picks,
// that it refuses when a filter fails, and that it stops at max_positions.
#include "strategy/short_put_vertical.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"

namespace nightdesk::strategy::testing {
namespace {

ShortPutVerticalParams params(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json j = {{"underlying", "XYZ"}, {"execution", "direct"}};
  j.update(overrides);
  auto p = parse_short_put_vertical(j);
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : ShortPutVerticalParams{};
}

class ShortPutVerticalTest : public DeskFixture {
 public:
  void run(ShortPutVerticalParams p) {
    ASSERT_TRUE(host->add(std::make_unique<ShortPutVertical>("spv", std::move(p))));
    publish_chain();
    advance_minutes(1);
  }
};

TEST_F(ShortPutVerticalTest, PicksThirtyDeltaPutFiveWideOnTheFebruaryExpiry) {
  open();
  run(params());
  // Only 97.5 (-0.299) is in [0.25, 0.35]; 2025-01-17 is 2 DTE, outside 7..45. Credit 1.15 - 0.20 = 0.95.
  const execution::Order* order = manager->find(execution::ClientOrderId("spv-1"));
  ASSERT_NE(order, nullptr) << counters("spv").last_skip;
  ASSERT_EQ(order->request.legs.size(), 2u);
  EXPECT_EQ(order->request.legs[0].instrument, option(97.5, OptionRight::put));
  EXPECT_EQ(order->request.legs[0].side, Side::sell);
  EXPECT_EQ(order->request.legs[1].instrument, option(92.5, OptionRight::put));
  EXPECT_EQ(order->request.legs[1].side, Side::buy);
  EXPECT_EQ(*order->request.limit_price, dollars(-0.95));
  EXPECT_EQ(order->state, execution::OrderState::filled);
  const portfolio::Position* p = position("pos-spv-1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(held(*p, option(97.5, OptionRight::put)), -1);
  EXPECT_EQ(held(*p, option(92.5, OptionRight::put)), 1);
}

TEST_F(ShortPutVerticalTest, SmartExecution_WalksWithTheFarTouchAsWorstPrice) {
  open();
  run(params({{"execution", "smart"}, {"quantity", 2}}));
  const execution::Order* order = manager->find(execution::ClientOrderId("spv-1"));
  ASSERT_NE(order, nullptr) << counters("spv").last_skip;
  EXPECT_EQ(order->request.quantity, Quantity(2));
  EXPECT_EQ(order->state, execution::OrderState::filled);
}

TEST_F(ShortPutVerticalTest, OpenInterestBelowFloor_RefusesAndSaysWhy) {
  open();
  open_interest = 50;
  run(params({{"min_open_interest", 100}}));
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_GE(counters("spv").skips, 1u);
  EXPECT_NE(counters("spv").last_skip.find("open interest 50 < 100"), std::string::npos) << counters("spv").last_skip;
}

TEST_F(ShortPutVerticalTest, NoExpiryInTheWindow_Refuses) {
  open();
  run(params({{"min_dte", 40}, {"max_dte", 45}, {"target_dte", 42}}));
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_NE(counters("spv").last_skip.find("dte: no XYZ expiry between 40 and 45"), std::string::npos) << counters("spv").last_skip;
}

TEST_F(ShortPutVerticalTest, CreditBelowMinimum_Refuses) {
  open();
  run(params({{"min_credit", 1.00}}));
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_NE(counters("spv").last_skip.find("min_credit"), std::string::npos) << counters("spv").last_skip;
}

TEST_F(ShortPutVerticalTest, NoStrikeInTheDeltaBand_Refuses) {
  open();
  run(params({{"short_delta_min", 0.36}, {"short_delta_max", 0.40}}));  // 97.5 is 0.299, 100 is 0.466
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_NE(counters("spv").last_skip.find("none in the band"), std::string::npos) << counters("spv").last_skip;
}

TEST_F(ShortPutVerticalTest, AtMaxPositions_WaitsInsteadOfAddingAnother) {
  open();
  run(params({{"check_interval_minutes", 5}}));
  advance_minutes(5);
  quote(market::Instrument::stock("XYZ"), 99.99, 100.01);
  advance_minutes(1);
  EXPECT_EQ(manager->metrics().orders_submitted, 1u);
  EXPECT_NE(counters("spv").last_skip.find("at max_positions 1"), std::string::npos) << counters("spv").last_skip;
}

TEST_F(ShortPutVerticalTest, OutsideTheSession_DoesNotLook) {
  ASSERT_TRUE(clock.set(*parse_iso8601("2025-01-15T22:00:00Z")));  // 17:00 New York
  open();
  run(params());
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_EQ(counters("spv").skips, 0u);
}

TEST(ShortPutVerticalParams, BadValuesNameTheirField) {
  auto bad = [](nlohmann::json j) {
    j["underlying"] = "XYZ";
    auto p = parse_short_put_vertical(j, "params");
    return p ? std::string("ok") : p.error().field;
  };
  EXPECT_EQ(bad({{"short_delta_min", 0.0}}), "params.short_delta_min");
  EXPECT_EQ(bad({{"short_delta_min", 0.4}, {"short_delta_max", 0.3}}), "params.short_delta_max");
  EXPECT_EQ(bad({{"min_dte", 10}, {"max_dte", 5}}), "params.max_dte");
  EXPECT_EQ(bad({{"width", 0}}), "params.width");
  EXPECT_EQ(bad({{"quantity", 0}}), "params.quantity");
  EXPECT_EQ(bad({{"execution", "fast"}}), "params.execution");
  EXPECT_EQ(bad({{"widht", 5}}), "params.widht");
  auto missing = parse_short_put_vertical(nlohmann::json::object(), "params");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "params.underlying");
}

}  // namespace
}  // namespace nightdesk::strategy::testing
