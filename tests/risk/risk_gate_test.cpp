#include "risk/risk_gate.h"

#include <gtest/gtest.h>

#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using namespace testing;
using execution::Side;

const Timestamp t0 = from_unix_nanos(1'736'000'000'000'000'000);

AccountSnapshot account(double loss) {
  AccountSnapshot a;
  a.start_of_day_equity = a.peak_equity = usd(20'000);
  a.equity = usd(20'000 - loss);
  a.unrealized_pnl_today = usd(-loss);
  return a;
}

PortfolioView held() { return PortfolioView{{position("p1", 100, {leg(call(100), 3, 4.00)})}, {}}; }

std::vector<execution::OrderRequest> open_orders() {
  return {limit_order("take-profit", {order_leg(call(100), Side::sell)}, 1, 6.00, "p1"),
          limit_order("new-entry", {order_leg(put(90), Side::sell)}, 1, 1.00)};
}

TEST(RiskGate, TripOnDailyLoss_CancelsOpeningOrdersKeepsClosesAndAlerts) {
  RiskGate gate{RiskLimits{}};
  EXPECT_FALSE(gate.on_account(account(100), open_orders(), held(), t0));
  auto actions = gate.on_account(account(700), open_orders(), held(), t0);
  ASSERT_TRUE(actions);
  ASSERT_EQ(actions->cancel.size(), 1u);
  EXPECT_EQ(actions->cancel[0].value(), "new-entry");
  EXPECT_EQ(actions->alert.severity, AlertSeverity::critical);
  EXPECT_EQ(actions->alert.state, BreakerState::reducing);
  EXPECT_EQ(actions->alert.message,
            "circuit breaker active -> reducing on daily_loss: daily loss 3.5% >= 3.0% (700.00 of 20000.00)");
}

TEST(RiskGate, ManualHalt_CancelsAndNamesThePerson) {
  RiskGate gate{RiskLimits{}};
  auto actions = gate.halt("ana", "broker outage", open_orders(), held(), t0);
  ASSERT_TRUE(actions);
  EXPECT_EQ(actions->cancel.size(), 1u);
  EXPECT_EQ(actions->alert.message, "circuit breaker active -> halted on manual_halt by ana (reason: broker outage)");
}

TEST(RiskGate, Reset_RaisesAnInfoAlertAndCancelsNothing) {
  RiskGate gate{RiskLimits{}};
  ASSERT_TRUE(gate.halt("ana", "broker outage", open_orders(), held(), t0));
  EXPECT_FALSE(gate.reset("ana", "", account(0), t0));
  auto actions = gate.reset("ana", "broker back", account(0), t0);
  ASSERT_TRUE(actions);
  EXPECT_TRUE(actions->cancel.empty());
  EXPECT_EQ(actions->alert.severity, AlertSeverity::info);
  EXPECT_EQ(gate.breaker().state(), BreakerState::active);
  EXPECT_EQ(gate.breaker().audit_log().size(), 2u);
}

TEST(RiskGate, CheckAndBuyingPower_UseTheConfiguredLimits) {
  RiskLimits limits;
  limits.short_put_collateral = ShortPutCollateral::cash_secured;
  RiskGate gate{limits};
  PortfolioView p{{position("csp", 52, {leg(put(50), -1, 1.00)})}, {}};
  auto bp = gate.buying_power(account(0), p);
  ASSERT_TRUE(bp);
  EXPECT_EQ(bp->positions[0].margin.structure, Structure::cash_secured_put);
  EXPECT_EQ(bp->available, usd(20'000 - 4'900));
}

}  // namespace
}  // namespace nightdesk::risk
