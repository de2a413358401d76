#include "risk/pre_trade_check.h"

#include <gtest/gtest.h>

#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using namespace testing;
using execution::Side;

const Timestamp t0 = from_unix_nanos(1'736'000'000'000'000'000);

AccountSnapshot account(double equity = 20'000) {
  AccountSnapshot a;
  a.equity = usd(equity);
  a.start_of_day_equity = usd(equity);
  a.peak_equity = usd(equity);
  return a;
}

// A candidate whose legs are marked at `marks` with `delta` per share each, on XYZ at 100.
CandidateOrder candidate(execution::OrderRequest r, std::vector<double> marks, double delta = 0.5) {
  CandidateOrder c;
  c.request = std::move(r);
  for (double m : marks) c.legs.push_back(LegMarket{dollars(m), LegGreeks{delta, 0.02, 0.10}});
  c.underlying_price = dollars(100);
  return c;
}

CandidateOrder buy_calls(std::int64_t quantity, double price, std::string parent = {}, double strike = 100) {
  return candidate(limit_order("o1", {order_leg(call(strike), Side::buy)}, quantity, price, std::move(parent)), {price});
}

RiskLimits loose_limits() {
  RiskLimits l;
  l.max_position_size = BasisPoints::from_percent(100);
  l.max_risk_per_trade = BasisPoints::from_percent(100);
  l.greeks = GreekLimits{};
  return l;
}

TEST(PreTradeCheck, RiskPerTradeAtTwoPercent_Passes) {
  CircuitBreaker b{RiskLimits{}};
  auto d = check_order(buy_calls(1, 4.00), account(), {}, b);  // 400 of 20,000 = 2.0%
  EXPECT_TRUE(d.approved()) << d.describe();
  EXPECT_EQ(d.requirement_added, usd(400));
  EXPECT_EQ(d.effect.effect, OrderEffect::opening);
}

TEST(PreTradeCheck, RiskPerTradeOverTwoPercent_NamesTheNumbers) {
  CircuitBreaker b{RiskLimits{}};
  auto d = check_order(buy_calls(1, 5.20), account(), {}, b);
  ASSERT_FALSE(d.approved());
  ASSERT_EQ(d.violations.size(), 1u);
  EXPECT_EQ(d.violations[0].rule, RiskRule::risk_per_trade);
  EXPECT_EQ(d.violations[0].message, "risk per trade 2.6% > 2.0% (520.00 of equity 20000.00)");
}

TEST(PreTradeCheck, RiskPerTradeJustOverTheLimit_NeverPrintsAsTheLimit) {
  CircuitBreaker b{RiskLimits{}};
  auto d = check_order(buy_calls(1, 4.0001), account(), {}, b);  // 400.01 of 20,000 = 2.00005%
  ASSERT_TRUE(d.violates(RiskRule::risk_per_trade));
  EXPECT_EQ(d.violations[0].message, "risk per trade 2.01% > 2.0% (400.01 of equity 20000.00)");
}

TEST(PreTradeCheck, CreditSpreadRisk_IsWidthLessCredit) {
  // short 95P @1.50, long 90P @0.50: 5 x 100 - 100 = 400 = 2.0% of 20,000: passes; at 2 spreads 800 = 4%: fails.
  CircuitBreaker b{RiskLimits{}};
  auto spread = [](std::int64_t n) {
    return candidate(limit_order("o1", {order_leg(put(95), Side::sell), order_leg(put(90), Side::buy)}, n, -1.00),
                     {1.50, 0.50});
  };
  auto one = check_order(spread(1), account(), {}, b);
  EXPECT_TRUE(one.approved()) << one.describe();
  EXPECT_EQ(one.requirement_added, usd(400));
  auto two = check_order(spread(2), account(), {}, b);
  EXPECT_TRUE(two.violates(RiskRule::risk_per_trade));
}

TEST(PreTradeCheck, PositionSizeAtTwentyFivePercent_Passes) {
  RiskLimits limits;
  limits.max_risk_per_trade = BasisPoints::from_percent(10);
  CircuitBreaker b{limits};
  PortfolioView p{{position("p1", 100, {leg(call(100), 8, 5.00)})}, {}};  // 4,000
  auto d = check_order(buy_calls(2, 5.00, "p1", 105), account(), p, b);    // + 1,000 = 5,000 = 25%
  EXPECT_TRUE(d.approved()) << d.describe();
  EXPECT_EQ(d.requirement_after, usd(5000));
}

TEST(PreTradeCheck, PositionSizeOverTwentyFivePercent_IsRefused) {
  RiskLimits limits;
  limits.max_risk_per_trade = BasisPoints::from_percent(10);
  CircuitBreaker b{limits};
  PortfolioView p{{position("p1", 100, {leg(call(100), 8, 5.00)})}, {}};
  auto d = check_order(buy_calls(2, 5.05, "p1", 105), account(), p, b);  // 5,010 = 25.05%
  ASSERT_EQ(d.violations.size(), 1u) << d.describe();
  EXPECT_EQ(d.violations[0].message, "position size (long_premium) 25.05% > 25.0% (5010.00 of equity 20000.00)");
}

PortfolioView naked_puts() {
  // Two positions of 10 short 50 puts @1.00 with XYZ at 52: each Reg-T 9,400, effect 8,400; 16,800 in use.
  return PortfolioView{{position("n1", 52, {leg(put(50), -10, 1.00)}), position("n2", 52, {leg(put(50), -10, 1.00)})}, {}};
}

TEST(PreTradeCheck, BuyingPowerExactlyAvailable_Passes) {
  CircuitBreaker b{loose_limits()};
  auto d = check_order(buy_calls(8, 4.00, {}, 120), account(), naked_puts(), b);  // 3,200 of 3,200 available
  EXPECT_TRUE(d.approved()) << d.describe();
}

TEST(PreTradeCheck, BuyingPowerShort_IsRefusedWithTheNumbers) {
  CircuitBreaker b{loose_limits()};
  auto d = check_order(buy_calls(8, 4.05, {}, 120), account(), naked_puts(), b);
  ASSERT_EQ(d.violations.size(), 1u) << d.describe();
  EXPECT_EQ(d.violations[0].rule, RiskRule::buying_power);
  EXPECT_EQ(d.violations[0].message,
            "buying power: order needs 3240.00, 3200.00 available (equity 20000.00 - 16800.00 in use)");
}

TEST(PreTradeCheck, CoveringANakedShortWithAWing_FreesBuyingPower) {
  CircuitBreaker b{loose_limits()};
  // Buying the 45 put turns n1 into a 50/45 credit spread: 10 x (500 - 100 + 20) ... needs less than before.
  auto wing = candidate(limit_order("o1", {order_leg(put(45), Side::buy)}, 10, 0.20, "n1"), {0.20});
  wing.underlying_price = dollars(52);
  auto d = check_order(wing, account(), naked_puts(), b);
  EXPECT_TRUE(d.approved()) << d.describe();
  EXPECT_LT(d.requirement_added, Money{});
}

TEST(PreTradeCheck, DailyLossReached_RefusesOpening) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account();
  a.unrealized_pnl_today = usd(-600);
  a.equity = usd(19'400);
  auto d = check_order(buy_calls(1, 1.00), a, {}, b);
  ASSERT_TRUE(d.violates(RiskRule::daily_loss)) << d.describe();
  EXPECT_EQ(d.violations[0].message, "daily loss 3.0% >= 3.0% (600.00 of 20000.00)");
  a.unrealized_pnl_today = usd(-599.99);
  EXPECT_FALSE(check_order(buy_calls(1, 1.00), a, {}, b).violates(RiskRule::daily_loss));
}

TEST(PreTradeCheck, DrawdownAndConsecutiveLosses_RefuseOpening) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account();
  a.peak_equity = usd(22'300);  // 2,300 / 22,300 = 10.3%
  a.consecutive_losses = 5;
  auto d = check_order(buy_calls(1, 1.00), a, {}, b);
  EXPECT_TRUE(d.violates(RiskRule::drawdown)) << d.describe();
  EXPECT_TRUE(d.violates(RiskRule::consecutive_losses));
}

TEST(PreTradeCheck, AcknowledgedDailyLoss_NoLongerBlocks) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account();
  a.unrealized_pnl_today = usd(-640);
  ASSERT_TRUE(b.evaluate(a, t0));
  ASSERT_TRUE(b.reset("ana", "understood", a, t0));
  auto d = check_order(buy_calls(1, 1.00), a, {}, b);
  EXPECT_TRUE(d.approved()) << d.describe();
}

TEST(PreTradeCheck, Halted_RiskReducingCloseIsApproved) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  AccountSnapshot a = account();
  a.unrealized_pnl_today = usd(-2'500);  // beyond every loss limit as well
  PortfolioView p{{position("p1", 100, {leg(call(100), 3, 4.00)})}, {}};
  auto close = candidate(limit_order("c1", {order_leg(call(100), Side::sell)}, 3, 3.00, "p1"), {3.00});
  auto d = check_order(close, a, p, b);
  EXPECT_TRUE(d.approved()) << d.describe();
  EXPECT_EQ(d.effect.effect, OrderEffect::risk_reducing);
}

TEST(PreTradeCheck, Halted_OpeningOrderIsRefusedNamingTheTrip) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  auto d = check_order(buy_calls(1, 1.00), account(), {}, b);
  ASSERT_TRUE(d.violates(RiskRule::circuit_breaker));
  EXPECT_EQ(d.violations[0].message, "circuit breaker halted since manual_halt (news): only risk-reducing orders");
}

TEST(PreTradeCheck, Reducing_OpeningOrderIsRefused) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account();
  a.consecutive_losses = 5;
  ASSERT_TRUE(b.evaluate(a, t0));
  a.consecutive_losses = 0;
  auto d = check_order(buy_calls(1, 1.00), a, {}, b);
  ASSERT_EQ(d.violations.size(), 1u) << d.describe();
  EXPECT_EQ(d.violations[0].message,
            "circuit breaker reducing since consecutive_losses (consecutive losses 5 >= 5): only risk-reducing orders");
}

TEST(PreTradeCheck, Reducing_RollIsRefusedButItsCloseAloneIsNot) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.reduce_only("ana", "review", t0));
  PortfolioView p{{position("p1", 100, {leg(call(100), 3, 4.00)})}, {}};
  auto roll = candidate(
      limit_order("r1", {order_leg(call(100), Side::sell), order_leg(call(100, far_expiry()), Side::buy)}, 3, 1.00, "p1"),
      {4.00, 5.00});
  EXPECT_TRUE(check_order(roll, account(), p, b).violates(RiskRule::circuit_breaker));
  auto close = candidate(limit_order("c1", {order_leg(call(100), Side::sell)}, 3, 4.00, "p1"), {4.00});
  EXPECT_TRUE(check_order(close, account(), p, b).approved());
}

TEST(PreTradeCheck, Halted_ClosingTheLongWingAloneIsRefused) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  PortfolioView p{{position("s1", 100, {leg(put(95), -1, 1.50), leg(put(90), 1, 0.50)})}, {}};
  auto wing = candidate(limit_order("w1", {order_leg(put(90), Side::sell)}, 1, 0.50, "s1"), {0.50});
  EXPECT_TRUE(check_order(wing, account(), p, b).violates(RiskRule::circuit_breaker));
}

PortfolioView delta_900() {
  PortfolioView p;
  p.greeks["XYZ"] = GreekExposure{900, 10, 100};
  return p;
}

TEST(PreTradeCheck, DeltaAtTheLimit_Passes) {
  RiskLimits limits = loose_limits();
  limits.greeks.max_abs_delta = 1000;
  CircuitBreaker with_delta{limits};
  auto d = check_order(buy_calls(2, 1.00), account(), delta_900(), with_delta);  // +2 x 0.5 x 100 = 1000
  EXPECT_TRUE(d.approved()) << d.describe();
}

TEST(PreTradeCheck, DeltaOverTheLimit_IsRefusedWithTheNumbers) {
  RiskLimits limits = loose_limits();
  limits.greeks.max_abs_delta = 1000;
  CircuitBreaker b{limits};
  auto d = check_order(buy_calls(3, 1.00), account(), delta_900(), b);  // 1050
  ASSERT_EQ(d.violations.size(), 1u) << d.describe();
  EXPECT_EQ(d.violations[0].message, "delta XYZ |1050.0| > 1000.0 (now 900.0)");
}

TEST(PreTradeCheck, OrderThatShrinksAnOverLimitDelta_Passes) {
  RiskLimits limits = loose_limits();
  limits.greeks.max_abs_delta = 500;
  CircuitBreaker b{limits};
  auto puts = candidate(limit_order("o1", {order_leg(put(100), Side::buy)}, 2, 1.00), {1.00}, -0.4);  // -80
  auto d = check_order(puts, account(), delta_900(), b);
  EXPECT_FALSE(d.violates(RiskRule::delta)) << d.describe();
}

TEST(PreTradeCheck, PerUnderlyingOverride_Applies) {
  RiskLimits limits = loose_limits();
  limits.greeks.max_abs_vega = 100'000;
  limits.greek_overrides["XYZ"] = GreekLimits{std::nullopt, std::nullopt, 120.0};
  CircuitBreaker b{limits};
  auto d = check_order(buy_calls(3, 1.00), account(), delta_900(), b);  // vega 100 + 3 x 0.10 x 100 = 130
  ASSERT_TRUE(d.violates(RiskRule::vega)) << d.describe();
  EXPECT_EQ(d.violations[0].message, "vega XYZ |130.0| > 120.0 (now 100.0)");
}

TEST(PreTradeCheck, EveryViolation_IsReportedTogether) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  AccountSnapshot a = account();
  a.consecutive_losses = 7;
  auto d = check_order(buy_calls(21, 5.00), a, {}, b);  // 10,500: 52.5% of equity; delta 1,050
  EXPECT_TRUE(d.violates(RiskRule::circuit_breaker));
  EXPECT_TRUE(d.violates(RiskRule::consecutive_losses));
  EXPECT_TRUE(d.violates(RiskRule::risk_per_trade));
  EXPECT_TRUE(d.violates(RiskRule::position_size));
  EXPECT_TRUE(d.violates(RiskRule::delta));
  auto s = d.status();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "circuit_breaker");
}

TEST(PreTradeCheck, InvalidOrder_IsRefusedBeforeAnyNumber) {
  CircuitBreaker b{RiskLimits{}};
  auto order = buy_calls(1, 1.00);
  order.request.quantity = Quantity(0);
  auto d = check_order(order, account(), {}, b);
  ASSERT_EQ(d.violations.size(), 1u);
  EXPECT_EQ(d.violations[0].rule, RiskRule::order_invalid);
}

TEST(PreTradeCheck, MissingLegMarket_IsRefused) {
  CircuitBreaker b{RiskLimits{}};
  auto order = buy_calls(1, 1.00);
  order.legs.clear();
  auto d = check_order(order, account(), {}, b);
  ASSERT_TRUE(d.violates(RiskRule::market_data));
}

TEST(PreTradeCheck, ShortOptionWithoutUnderlyingPrice_IsRefused) {
  CircuitBreaker b{loose_limits()};
  auto order = candidate(limit_order("o1", {order_leg(put(50), Side::sell)}, 1, 1.00), {1.00});
  order.underlying_price = Price{};
  auto d = check_order(order, account(), {}, b);
  EXPECT_TRUE(d.violates(RiskRule::market_data)) << d.describe();
}

TEST(PreTradeCheck, NonPositiveEquity_RefusesOpening) {
  CircuitBreaker b{loose_limits()};
  AccountSnapshot a = account();
  a.equity = Money{};
  EXPECT_TRUE(check_order(buy_calls(1, 1.00), a, {}, b).violates(RiskRule::buying_power));
}

TEST(PreTradeCheck, LegsOnTwoUnderlyings_AreRefused) {
  CircuitBreaker b{loose_limits()};
  auto order = candidate(limit_order("o1", {order_leg(call(100), Side::buy), order_leg(option("ABC", 100, OptionRight::call), Side::sell)}, 1, 1.00),
                         {2.00, 1.00});
  EXPECT_TRUE(check_order(order, account(), {}, b).violates(RiskRule::order_invalid));
}

}  // namespace
}  // namespace nightdesk::risk
