// The wheel on the scripted XYZ chain (desk_fixture.h): a cash-secured put first; after assignment at
// expiry, covered calls on the shares in the same position.
#include "strategy/wheel.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"

namespace nightdesk::strategy::testing {
namespace {

WheelParams params(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json j = {{"underlying", "XYZ"}, {"execution", "direct"}, {"call_delta_min", 0.20}, {"call_delta_max", 0.40},
                      {"check_interval_minutes", 5}};
  j.update(overrides);
  auto p = parse_wheel(j);
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : WheelParams{};
}

class WheelTest : public DeskFixture {
 public:
  Wheel* wheel = nullptr;
  void start(WheelParams p) {
    auto owned = std::make_unique<Wheel>("wheel", std::move(p));
    wheel = owned.get();
    ASSERT_TRUE(host->add(std::move(owned)));
    publish_chain();
    advance_minutes(1);
  }
  // The next look: five minutes on, one underlying quote.
  void look() {
    advance_minutes(5);
    quote(market::Instrument::stock("XYZ"), 99.99, 100.01);
    advance_minutes(1);
  }
};

TEST_F(WheelTest, SellsTheThirtyDeltaCashSecuredPutFirst) {
  open();
  start(params());
  const execution::Order* order = manager->find(execution::ClientOrderId("wheel-1"));
  ASSERT_NE(order, nullptr) << counters("wheel").last_skip;
  ASSERT_EQ(order->request.legs.size(), 1u);
  EXPECT_EQ(order->request.legs[0].instrument, option(97.5, OptionRight::put));
  EXPECT_EQ(order->request.legs[0].side, Side::sell);
  EXPECT_EQ(*order->request.limit_price, dollars(1.15));  // 1.127 on the $0.05 grid
  EXPECT_EQ(order->state, execution::OrderState::filled);
  look();
  EXPECT_EQ(wheel->phase(), WheelPhase::put_open);
  EXPECT_EQ(manager->metrics().orders_submitted, 1u);
}

TEST_F(WheelTest, PutAssignedAtExpiry_SellsCoveredCallInTheSamePosition) {
  open();
  start(params());
  const std::string id = wheel->position_id();
  ASSERT_EQ(id, "pos-wheel-1");
  ASSERT_TRUE(venue->settle_expiry(kFeb14, {{"XYZ", dollars(95)}}));  // 97.5 put in the money: assigned
  advance_minutes(0);
  ASSERT_EQ(held(*position(id), market::Instrument::stock("XYZ")), 100);
  look();
  // Calls in 0.20-0.40: 102.5 (0.366) and 105 (0.223); 102.5 is nearer 0.30 and above the 97.50 cost.
  const execution::Order* call = manager->find(execution::ClientOrderId("wheel-2"));
  ASSERT_NE(call, nullptr) << counters("wheel").last_skip;
  EXPECT_EQ(wheel->phase(), WheelPhase::selling_calls);
  ASSERT_EQ(call->request.legs.size(), 1u);
  EXPECT_EQ(call->request.legs[0].instrument, option(102.5, OptionRight::call));
  EXPECT_EQ(call->request.legs[0].side, Side::sell);
  EXPECT_EQ(call->request.quantity, Quantity(1));
  EXPECT_EQ(call->request.parent_position_id, id);
  EXPECT_EQ(held(*position(id), option(102.5, OptionRight::call)), -1);
  look();
  EXPECT_EQ(wheel->phase(), WheelPhase::call_open);
}

// The put's assignment and the call's are two deliveries into one position: each settlement trade is named
// after its option, so the second is not mistaken for a replayed fill (no phantom shares, no naked calls).
TEST_F(WheelTest, CallsCalledAway_BackToPuts) {
  open();
  start(params());
  const std::string first = wheel->position_id();
  ASSERT_TRUE(venue->settle_expiry(kFeb14, {{"XYZ", dollars(95)}}));
  look();
  ASSERT_NE(manager->find(execution::ClientOrderId("wheel-2")), nullptr) << counters("wheel").last_skip;
  ASSERT_TRUE(venue->settle_expiry(kFeb14, {{"XYZ", dollars(110)}}));  // the 102.5 call is assigned
  advance_minutes(0);
  EXPECT_TRUE(position(first)->is_flat());
  look();
  EXPECT_EQ(wheel->phase(), WheelPhase::selling_puts);
  const execution::Order* put = manager->find(execution::ClientOrderId("wheel-3"));
  ASSERT_NE(put, nullptr) << counters("wheel").last_skip;
  EXPECT_EQ(put->request.legs[0].instrument, option(97.5, OptionRight::put));
  EXPECT_EQ(wheel->position_id(), "pos-wheel-3");
}

TEST_F(WheelTest, EveryCallBelowTheAssignedStrike_Waits) {
  open();
  // 92.5 (0.925) and 95 (0.836): below the 97.50 the shares cost (booked at 95 + 2.50 intrinsic paid).
  start(params({{"call_delta_min", 0.80}, {"call_delta_max", 0.95}}));
  ASSERT_TRUE(venue->settle_expiry(kFeb14, {{"XYZ", dollars(95)}}));
  look();
  EXPECT_EQ(wheel->phase(), WheelPhase::selling_calls);
  EXPECT_EQ(manager->metrics().orders_submitted, 1u);
  EXPECT_NE(counters("wheel").last_skip.find("call_at_or_above_cost"), std::string::npos) << counters("wheel").last_skip;
}

}  // namespace
}  // namespace nightdesk::strategy::testing
