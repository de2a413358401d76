#include "risk/circuit_breaker.h"

#include <gtest/gtest.h>

#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using testing::usd;

const Timestamp t0 = from_unix_nanos(1'736'000'000'000'000'000);
const Timestamp t1 = t0 + std::chrono::minutes(1);
const Timestamp t2 = t0 + std::chrono::minutes(2);

// Equity 20,000 at the open and at the peak; `loss` lost today (unrealized), equity down by as much.
AccountSnapshot account_with_loss(double loss, std::int64_t consecutive = 0) {
  AccountSnapshot a;
  a.start_of_day_equity = usd(20'000);
  a.peak_equity = usd(20'000);
  a.equity = usd(20'000 - loss);
  a.unrealized_pnl_today = usd(-loss);
  a.consecutive_losses = consecutive;
  return a;
}

TEST(CircuitBreaker, DailyLossJustBelowThreePercent_StaysActive) {
  CircuitBreaker b{RiskLimits{}};
  EXPECT_FALSE(b.evaluate(account_with_loss(599.99), t0));
  EXPECT_EQ(b.state(), BreakerState::active);
  EXPECT_TRUE(b.audit_log().empty());
}

TEST(CircuitBreaker, DailyLossOfExactlyThreePercent_TripsToReducing) {
  CircuitBreaker b{RiskLimits{}};
  auto t = b.evaluate(account_with_loss(600), t0);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->from, BreakerState::active);
  EXPECT_EQ(t->to, BreakerState::reducing);
  EXPECT_EQ(t->trigger, BreakerTrigger::daily_loss);
  EXPECT_EQ(t->numbers, "daily loss 3.0% >= 3.0% (600.00 of 20000.00)");
  EXPECT_EQ(t->who, "risk");
  EXPECT_EQ(t->time, t0);
  EXPECT_EQ(b.state(), BreakerState::reducing);
  EXPECT_FALSE(b.allows_opening());
  EXPECT_TRUE(b.strategies_may_run());
}

TEST(CircuitBreaker, RealizedAndUnrealizedLossesAddUp) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account_with_loss(0);
  a.realized_pnl_today = usd(-400);
  a.unrealized_pnl_today = usd(-200);
  EXPECT_TRUE(b.evaluate(a, t0));
}

TEST(CircuitBreaker, DrawdownOfTenPercent_Halts) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account_with_loss(0);
  a.peak_equity = usd(22'000);
  a.equity = usd(19'800.01);  // 2199.99 / 22000 = 9.99995%
  EXPECT_FALSE(b.evaluate(a, t0));
  a.equity = usd(19'800);  // exactly 10%
  auto t = b.evaluate(a, t1);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->to, BreakerState::halted);
  EXPECT_EQ(t->trigger, BreakerTrigger::drawdown);
  EXPECT_EQ(t->numbers, "drawdown 10.0% >= 10.0% (2200.00 of 22000.00)");
  EXPECT_FALSE(b.strategies_may_run());
}

TEST(CircuitBreaker, ConsecutiveLosses_TripAtTheFifth) {
  CircuitBreaker b{RiskLimits{}};
  EXPECT_FALSE(b.evaluate(account_with_loss(0, 4), t0));
  auto t = b.evaluate(account_with_loss(0, 5), t1);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->trigger, BreakerTrigger::consecutive_losses);
  EXPECT_EQ(t->numbers, "consecutive losses 5 >= 5");
  EXPECT_EQ(b.state(), BreakerState::reducing);
}

TEST(CircuitBreaker, SeveralBreaches_TripToTheStrictestAndListAll) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a = account_with_loss(2'000, 5);  // daily 10%, drawdown 10%, 5 losses
  auto t = b.evaluate(a, t0);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->to, BreakerState::halted);
  EXPECT_EQ(t->trigger, BreakerTrigger::drawdown);
  EXPECT_NE(t->numbers.find("daily loss 10.0%"), std::string::npos);
  EXPECT_NE(t->numbers.find("consecutive losses 5"), std::string::npos);
}

TEST(CircuitBreaker, ReducingEscalatesToHaltedOnDrawdown) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.evaluate(account_with_loss(600), t0));
  auto t = b.evaluate(account_with_loss(2'000), t1);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->from, BreakerState::reducing);
  EXPECT_EQ(t->to, BreakerState::halted);
  EXPECT_EQ(b.audit_log().size(), 2u);
}

TEST(CircuitBreaker, HaltedNeverRelaxesToReducingByItself) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  EXPECT_FALSE(b.evaluate(account_with_loss(600), t1));
  EXPECT_FALSE(b.evaluate(account_with_loss(0), t2));
  EXPECT_EQ(b.state(), BreakerState::halted);
}

TEST(CircuitBreaker, ManualHalt_RecordsWhoAndWhy) {
  CircuitBreaker b{RiskLimits{}};
  auto t = b.halt("ana", "FOMC in ten minutes", t0);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->trigger, BreakerTrigger::manual_halt);
  EXPECT_EQ(t->to, BreakerState::halted);
  EXPECT_EQ(b.audit_log().back().who, "ana");
  EXPECT_EQ(b.audit_log().back().reason, "FOMC in ten minutes");
}

TEST(CircuitBreaker, ManualHaltWithoutReason_IsRefused) {
  CircuitBreaker b{RiskLimits{}};
  auto t = b.halt("ana", "  ", t0);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, "reason");
  EXPECT_EQ(b.state(), BreakerState::active);
}

TEST(CircuitBreaker, ManualReduceOnly_ThenHaltTwice_IsAConflict) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.reduce_only("ana", "desk review", t0));
  EXPECT_EQ(b.state(), BreakerState::reducing);
  ASSERT_TRUE(b.halt("ana", "worse", t1));
  auto again = b.halt("ana", "again", t2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST(CircuitBreaker, ResetWithoutReason_IsAnErrorAndStaysTripped) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  auto r = b.reset("ana", "", account_with_loss(0), t1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "reason");
  EXPECT_EQ(b.state(), BreakerState::halted);
  EXPECT_EQ(b.audit_log().size(), 1u);
}

TEST(CircuitBreaker, ResetWithoutPerson_IsAnError) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.halt("ana", "news", t0));
  auto r = b.reset("", "all clear", account_with_loss(0), t1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "who");
}

TEST(CircuitBreaker, ResetOfActiveBreaker_IsAConflict) {
  CircuitBreaker b{RiskLimits{}};
  auto r = b.reset("ana", "just because", account_with_loss(0), t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST(CircuitBreaker, TripAndReset_AuditLogHasEveryField) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.evaluate(account_with_loss(640), t0));
  auto r = b.reset("ana", "hedged; loss understood", account_with_loss(640), t1);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(b.audit_log().size(), 2u);
  const auto& trip = b.audit_log()[0];
  EXPECT_EQ(trip.time, t0);
  EXPECT_EQ(trip.trigger, BreakerTrigger::daily_loss);
  EXPECT_EQ(trip.numbers, "daily loss 3.2% >= 3.0% (640.00 of 20000.00)");
  const auto& reset = b.audit_log()[1];
  EXPECT_EQ(reset.time, t1);
  EXPECT_EQ(reset.from, BreakerState::reducing);
  EXPECT_EQ(reset.to, BreakerState::active);
  EXPECT_EQ(reset.trigger, BreakerTrigger::reset);
  EXPECT_EQ(reset.who, "ana");
  EXPECT_EQ(reset.reason, "hedged; loss understood");
  EXPECT_EQ(reset.numbers, "daily loss 3.2% >= 3.0% (640.00 of 20000.00) (acknowledged)");
  EXPECT_EQ(b.state(), BreakerState::active);
}

TEST(CircuitBreaker, AfterReset_SameLossDoesNotRetripButAWorseOneDoes) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.evaluate(account_with_loss(640), t0));
  ASSERT_TRUE(b.reset("ana", "understood", account_with_loss(640), t1));
  EXPECT_FALSE(b.evaluate(account_with_loss(640), t1));
  EXPECT_TRUE(b.acknowledged(BreakerTrigger::daily_loss, account_with_loss(640)));
  auto t = b.evaluate(account_with_loss(660), t2);  // 3.3% > acknowledged 3.2%
  ASSERT_TRUE(t);
  EXPECT_EQ(t->trigger, BreakerTrigger::daily_loss);
}

TEST(CircuitBreaker, AfterReset_RecoveryRearmsTheTrigger) {
  CircuitBreaker b{RiskLimits{}};
  ASSERT_TRUE(b.evaluate(account_with_loss(640), t0));
  ASSERT_TRUE(b.reset("ana", "understood", account_with_loss(640), t1));
  EXPECT_FALSE(b.evaluate(account_with_loss(100), t1));  // back below the limit: re-armed
  EXPECT_TRUE(b.evaluate(account_with_loss(600), t2));   // 3.0% again trips, though less than 3.2%
}

TEST(CircuitBreaker, NonPositiveStartOfDayEquity_FailsSafe) {
  CircuitBreaker b{RiskLimits{}};
  AccountSnapshot a;
  EXPECT_TRUE(b.evaluate(a, t0));
}

}  // namespace
}  // namespace nightdesk::risk
