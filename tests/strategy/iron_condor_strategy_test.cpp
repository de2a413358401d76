// The iron condor strategy on the scripted XYZ chain (desk_fixture.h).
#include "strategy/iron_condor_strategy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"

namespace nightdesk::strategy::testing {
namespace {

IronCondorStrategyParams params(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json j = {{"underlying", "XYZ"}, {"execution", "direct"}};
  j.update(overrides);
  auto p = parse_iron_condor_strategy(j);
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : IronCondorStrategyParams{};
}

class IronCondorStrategyTest : public DeskFixture {
 public:
  void run(IronCondorStrategyParams p) {
    ASSERT_TRUE(host->add(std::make_unique<IronCondorStrategy>("condor", std::move(p))));
    publish_chain();
    advance_minutes(1);
  }
};

TEST_F(IronCondorStrategyTest, PicksSixteenDeltaShortsWithFiveDollarWings) {
  open();
  run(params());
  // Put band 0.10-0.20: only 95 (-0.164); call band: only 107.5 (0.121). Wings 90 and 112.5.
  // Credit: 0.50 + 0.35 - 0.05 - 0.05 = 0.75.
  const execution::Order* order = manager->find(execution::ClientOrderId("condor-1"));
  ASSERT_NE(order, nullptr) << counters("condor").last_skip;
  ASSERT_EQ(order->request.legs.size(), 4u);
  std::map<std::string, Side> legs;
  for (const auto& leg : order->request.legs) legs[*leg.instrument.symbol()] = leg.side;
  EXPECT_EQ(legs.at(*option(90, OptionRight::put).symbol()), Side::buy);
  EXPECT_EQ(legs.at(*option(95, OptionRight::put).symbol()), Side::sell);
  EXPECT_EQ(legs.at(*option(107.5, OptionRight::call).symbol()), Side::sell);
  EXPECT_EQ(legs.at(*option(112.5, OptionRight::call).symbol()), Side::buy);
  EXPECT_EQ(*order->request.limit_price, dollars(-0.75));
  EXPECT_EQ(order->state, execution::OrderState::filled);
}

TEST_F(IronCondorStrategyTest, UnequalWings_UseTheirOwnWidths) {
  open();
  run(params({{"put_width", 2.5}, {"call_width", 7.5}}));
  const execution::Order* order = manager->find(execution::ClientOrderId("condor-1"));
  ASSERT_NE(order, nullptr) << counters("condor").last_skip;
  std::set<std::string> symbols;
  for (const auto& leg : order->request.legs) symbols.insert(*leg.instrument.symbol());
  EXPECT_TRUE(symbols.contains(*option(92.5, OptionRight::put).symbol()));
  EXPECT_TRUE(symbols.contains(*option(115, OptionRight::call).symbol()));
}

TEST_F(IronCondorStrategyTest, WingNotListed_RefusesNamingTheWidth) {
  open();
  run(params({{"call_width", 10}}));  // 107.5 + 10 = 117.5 is not listed
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_NE(counters("condor").last_skip.find("call_width"), std::string::npos) << counters("condor").last_skip;
}

TEST_F(IronCondorStrategyTest, VolumeBelowFloor_Refuses) {
  open();
  volume = 3;
  run(params({{"min_volume", 10}}));
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  EXPECT_NE(counters("condor").last_skip.find("volume 3 < 10"), std::string::npos) << counters("condor").last_skip;
}

TEST(IronCondorStrategyParams, BadBandNamesItsField) {
  auto p = parse_iron_condor_strategy({{"underlying", "XYZ"}, {"call_delta_max", 1.5}}, "params");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "params.call_delta_max");
}

}  // namespace
}  // namespace nightdesk::strategy::testing
