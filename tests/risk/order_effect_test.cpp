#include "risk/order_effect.h"

#include <gtest/gtest.h>

#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using namespace testing;
using execution::Side;

std::vector<PositionView> holdings() {
  return {position("long-calls", 100, {leg(call(100), 3, 4.00)}),
          position("put-spread", 100, {leg(put(95), -2, 1.50), leg(put(90), 2, 0.50)})};
}

OrderEffect effect_of(const execution::OrderRequest& order) {
  return classify_order_effect(order, holdings(), ShortPutCollateral::reg_t).effect;
}

TEST(OrderEffect, SellingHeldLongCalls_ReducesRisk) {
  EXPECT_EQ(effect_of(limit_order("o1", {order_leg(call(100), Side::sell)}, 3, 4.00, "long-calls")),
            OrderEffect::risk_reducing);
}

TEST(OrderEffect, SellingMoreThanHeld_Opens) {
  auto report = classify_order_effect(limit_order("o1", {order_leg(call(100), Side::sell)}, 4, 4.00, "long-calls"),
                                      holdings(), ShortPutCollateral::reg_t);
  EXPECT_EQ(report.effect, OrderEffect::opening);
  EXPECT_NE(report.why.find("sells 4"), std::string::npos) << report.why;
}

TEST(OrderEffect, BuyingMoreOfAHeldLong_Opens) {
  EXPECT_EQ(effect_of(limit_order("o1", {order_leg(call(100), Side::buy)}, 1, 4.00, "long-calls")), OrderEffect::opening);
}

TEST(OrderEffect, ClosingTheWholeCreditSpread_ReducesRisk) {
  auto close = limit_order("o1", {order_leg(put(95), Side::buy), order_leg(put(90), Side::sell)}, 2, 1.00, "put-spread");
  EXPECT_EQ(effect_of(close), OrderEffect::risk_reducing);
}

TEST(OrderEffect, ClosingHalfTheCreditSpread_ReducesRisk) {
  auto close = limit_order("o1", {order_leg(put(95), Side::buy), order_leg(put(90), Side::sell)}, 1, 1.00, "put-spread");
  EXPECT_EQ(effect_of(close), OrderEffect::risk_reducing);
}

TEST(OrderEffect, ClosingOnlyTheLongWing_LeavesANakedShortSoOpens) {
  auto report = classify_order_effect(limit_order("o1", {order_leg(put(90), Side::sell)}, 2, 0.50, "put-spread"),
                                      holdings(), ShortPutCollateral::reg_t);
  EXPECT_EQ(report.effect, OrderEffect::opening);
  EXPECT_NE(report.why.find("raises the requirement"), std::string::npos) << report.why;
}

TEST(OrderEffect, ClosingOnlyTheShortLeg_ReducesRisk) {
  EXPECT_EQ(effect_of(limit_order("o1", {order_leg(put(95), Side::buy)}, 2, 1.50, "put-spread")), OrderEffect::risk_reducing);
}

TEST(OrderEffect, RollWithNewLegs_Opens) {
  auto roll = limit_order("o1", {order_leg(call(100), Side::sell), order_leg(call(100, far_expiry()), Side::buy)}, 3, 1.00,
                          "long-calls");
  roll.source = execution::OrderSource::roll;
  EXPECT_EQ(effect_of(roll), OrderEffect::opening);
}

TEST(OrderEffect, WithoutParent_HeldLegsAnywhereCount) {
  EXPECT_EQ(effect_of(limit_order("o1", {order_leg(call(100), Side::sell)}, 2, 4.00)), OrderEffect::risk_reducing);
}

TEST(OrderEffect, NothingHeld_Opens) {
  EXPECT_EQ(effect_of(limit_order("o1", {order_leg(call(120), Side::sell)}, 1, 1.00)), OrderEffect::opening);
}

TEST(OrderEffect, OpeningOrders_ListsOnlyTheOpeningOnes) {
  std::vector<execution::OrderRequest> open{
      limit_order("close", {order_leg(call(100), Side::sell)}, 3, 4.50, "long-calls"),
      limit_order("open", {order_leg(call(110), Side::buy)}, 1, 1.00),
      limit_order("wing", {order_leg(put(90), Side::sell)}, 2, 0.50, "put-spread")};
  auto ids = opening_orders(open, holdings(), ShortPutCollateral::reg_t);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].value(), "open");
  EXPECT_EQ(ids[1].value(), "wing");
}

TEST(OrderLegs, SignedByRatioAndSide) {
  auto order = limit_order("o1", {order_leg(call(100), Side::buy, 1), order_leg(call(105), Side::sell, 2)}, 3, 0.10);
  auto legs = order_legs(order, {dollars(3), dollars(1)});
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].quantity, Quantity(3));
  EXPECT_EQ(legs[1].quantity, Quantity(-6));
  EXPECT_EQ(legs[1].mark, dollars(1));
}

}  // namespace
}  // namespace nightdesk::risk
