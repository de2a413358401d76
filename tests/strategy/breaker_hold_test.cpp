// An entry the circuit breaker refused is not built or sent again while the breaker stays in that state, and
// tries again once it changes (breaker_hold.h): the hold itself, a strategy's entries and a recurring template.
#include "strategy/breaker_hold.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"
#include "recurring_template_fixture.h"
#include "strategy/recurring_template_json.h"
#include "strategy/short_put_vertical.h"

namespace nightdesk::strategy::testing {
namespace {

const Error kBreakerRefusal{ErrorCode::conflict, "circuit breaker reducing: only risk-reducing orders", "circuit_breaker"};

risk::CircuitBreaker tripped_breaker() {
  risk::CircuitBreaker breaker{risk::RiskLimits{}};
  EXPECT_TRUE(breaker.reduce_only("ops", "test", kOpen));
  return breaker;
}

TEST(BreakerHold, NothingRefusedYet_NotHeld) {
  const risk::CircuitBreaker breaker = tripped_breaker();
  EXPECT_FALSE(BreakerHold{}.held(breaker));
}

TEST(BreakerHold, BreakerRefusal_HeldWhileTheBreakerStaysInItsState) {
  const risk::CircuitBreaker breaker = tripped_breaker();
  BreakerHold hold;
  hold.note(breaker, &kBreakerRefusal);
  EXPECT_TRUE(hold.held(breaker));
  EXPECT_TRUE(hold.held(breaker));  // asking does not release it
  EXPECT_NE(hold.reason(breaker).find("circuit breaker reducing refused the last entry"), std::string::npos) << hold.reason(breaker);
}

TEST(BreakerHold, BreakerChangesState_Released) {
  risk::CircuitBreaker breaker = tripped_breaker();
  BreakerHold hold;
  hold.note(breaker, &kBreakerRefusal);
  ASSERT_TRUE(breaker.halt("ops", "worse", kOpen));  // reducing -> halted: a new state, the entry may look again
  EXPECT_FALSE(hold.held(breaker));
  hold.note(breaker, &kBreakerRefusal);
  EXPECT_TRUE(hold.held(breaker));
  ASSERT_TRUE(breaker.reset("ops", "checked", risk::AccountSnapshot{}, kOpen));
  EXPECT_FALSE(hold.held(breaker));
}

TEST(BreakerHold, OtherRefusalOrPlaced_NotHeld) {
  const risk::CircuitBreaker breaker = tripped_breaker();
  BreakerHold hold;
  const Error per_trade{ErrorCode::conflict, "risk per trade 8% > 2%", "risk_per_trade"};
  hold.note(breaker, &per_trade);
  EXPECT_FALSE(hold.held(breaker));
  const Error not_a_refusal{ErrorCode::unavailable, "venue down", "circuit_breaker"};
  hold.note(breaker, &not_a_refusal);
  EXPECT_FALSE(hold.held(breaker));
  hold.note(breaker, &kBreakerRefusal);
  hold.note(breaker, nullptr);  // placed
  EXPECT_FALSE(hold.held(breaker));
}

class BreakerHoldDeskTest : public DeskFixture {
 public:
  std::uint64_t breaker_refusals() {
    const auto by_rule = desk->metrics().refusals_by_rule;
    auto it = by_rule.find("circuit_breaker");
    return it == by_rule.end() ? 0 : it->second;
  }
};

ShortPutVerticalParams spv_params() {
  auto p = parse_short_put_vertical({{"underlying", "XYZ"}, {"execution", "direct"}, {"check_interval_minutes", 30}});
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : ShortPutVerticalParams{};
}

TEST_F(BreakerHoldDeskTest, StrategyEntry_RefusedOnce_NotRetriedWhileReducing_RetriedAfterReset) {
  open();
  ASSERT_TRUE(desk->reduce_only("ops", "test"));
  ASSERT_TRUE(host->add(std::make_unique<ShortPutVertical>("spv", spv_params())));
  publish_chain();
  advance_minutes(1);
  EXPECT_EQ(desk->metrics().orders_refused, 1u);
  EXPECT_EQ(breaker_refusals(), 1u);
  EXPECT_EQ(counters("spv").orders_refused, 1u);

  for (int look = 0; look < 3; ++look) {  // three more looks at the cadence, the breaker still reducing
    advance_minutes(31);
    publish_chain();
  }
  advance_minutes(1);
  EXPECT_EQ(desk->metrics().orders_checked, 1u);
  EXPECT_EQ(desk->metrics().orders_refused, 1u);
  EXPECT_NE(counters("spv").last_skip.find("not re-tried until the breaker changes state"), std::string::npos)
      << counters("spv").last_skip;

  ASSERT_TRUE(desk->reset("ops", "reviewed"));
  advance_minutes(31);
  publish_chain();
  advance_minutes(1);
  EXPECT_EQ(desk->metrics().orders_checked, 2u);
  EXPECT_EQ(desk->metrics().orders_refused, 1u);
  const execution::Order* order = manager->find(execution::ClientOrderId("spv-2"));
  ASSERT_NE(order, nullptr) << counters("spv").last_skip;
  EXPECT_EQ(order->state, execution::OrderState::filled);
}

TEST_F(BreakerHoldDeskTest, StrategyEntry_RefusedForAnotherRule_RetriedAtTheNextLook) {
  open(10'000);  // 2% = $200 < 405 at risk in one 5-wide spread: refused by risk_per_trade, not the breaker
  ASSERT_TRUE(host->add(std::make_unique<ShortPutVertical>("spv", spv_params())));
  publish_chain();
  advance_minutes(31);
  publish_chain();
  advance_minutes(1);
  EXPECT_EQ(desk->metrics().orders_refused, 2u);
  EXPECT_EQ(breaker_refusals(), 0u);
}

TEST_F(BreakerHoldDeskTest, RecurringTemplate_RefusedOnce_SkippedWhileReducing_FiresAfterReset) {
  open();
  ASSERT_TRUE(desk->reduce_only("ops", "test"));
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id) << id.error().describe();
  publish_chain();
  advance_to("2025-01-15T15:31:00Z");  // Wednesday 10:31 New York: refused
  advance_to("2025-01-16T15:31:00Z");  // Thursday: held, recorded as skipped
  const RecurringTemplate* t = host->recurring().find(*id);
  ASSERT_EQ(t->history.size(), 2u);
  EXPECT_EQ(t->history[0].outcome, FireOutcome::rejected);
  EXPECT_EQ(t->history[1].outcome, FireOutcome::skipped);
  EXPECT_NE(t->history[1].reason.find("not re-tried until the breaker changes state"), std::string::npos) << t->history[1].reason;
  EXPECT_EQ(desk->metrics().orders_checked, 1u);
  EXPECT_EQ(breaker_refusals(), 1u);

  ASSERT_TRUE(desk->reset("ops", "reviewed"));
  advance_to("2025-01-17T15:31:00Z");  // Friday: fires again
  t = host->recurring().find(*id);
  ASSERT_EQ(t->history.size(), 3u);
  EXPECT_EQ(t->history[2].outcome, FireOutcome::filled) << t->history[2].reason;
  EXPECT_EQ(desk->metrics().orders_checked, 2u);
}

}  // namespace
}  // namespace nightdesk::strategy::testing
