#include "portfolio/roll_execution.h"

#include <gtest/gtest.h>

#include "portfolio/roll_planner.h"
#include "synthetic_chain.h"
#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

const market::OptionChain& chain() {
  static const market::OptionChain c = synthetic_chain(day("2025-01-13"));
  return c;
}

RollPlan spread_plan(RollExecutionMode mode) {
  RollSettings s;
  s.execution = mode;
  return *plan_roll(put_credit_spread(2, "2.00", "0.50"), chain(), day("2025-01-13"), s, RollReason::expiry_near);
}

OrderOutcome outcome(const execution::OrderRequest& order, std::int64_t filled, const char* net_cost, const char* fees = "0",
                     std::string reason = "") {
  return OrderOutcome{order.client_order_id.value(), order.quantity, Quantity(filled), usd(net_cost), usd(fees), std::move(reason)};
}

TEST(RollExecution, ComboRollIsOneOrderClosingOldAndOpeningNewLegs) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::combo), at("2025-01-13T20:50:00Z"), ids, 2);
  ASSERT_TRUE(roll) << roll.error().describe();
  const execution::OrderRequest& order = roll->current_order();
  ASSERT_EQ(order.legs.size(), 4u);
  EXPECT_EQ(order.legs[0].instrument, put("2025-01-17", "440"));
  EXPECT_EQ(order.legs[0].side, Side::buy);
  EXPECT_EQ(order.legs[1].side, Side::sell);
  EXPECT_EQ(order.legs[2].instrument, put("2025-02-14", "440"));
  EXPECT_EQ(order.legs[2].side, Side::sell);
  EXPECT_EQ(order.legs[3].side, Side::buy);
  EXPECT_EQ(order.quantity, Quantity(2));
  EXPECT_EQ(order.limit_price, px("-1.68"));  // a credit: negative
  EXPECT_EQ(order.source, execution::OrderSource::roll);
  EXPECT_EQ(order.parent_position_id, "pos-1");
  EXPECT_TRUE(order.validate());

  auto next = roll->on_order_finished(outcome(order, 2, "-330", "5.20"), at("2025-01-13T20:51:00Z"), ids, nullptr);
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(roll->state(), RollState::completed);
  const RollResult& r = roll->result();
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.net_credit, usd("330"));
  EXPECT_EQ(r.fees, usd("5.20"));
  EXPECT_EQ(r.units_closed, Quantity(2));
  EXPECT_EQ(r.units_opened, Quantity(2));
  EXPECT_EQ(r.old_legs.size(), 2u);
  EXPECT_EQ(r.new_legs.size(), 2u);
  EXPECT_TRUE(r.error.empty());
}

TEST(RollExecution, UnfilledComboFailsAndSaysWhy) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::combo), at("2025-01-13T20:50:00Z"), ids, 2);
  ASSERT_TRUE(roll);
  auto order = roll->current_order();
  ASSERT_TRUE(roll->on_order_finished(outcome(order, 0, "0", "0", "expired at the close"), at("2025-01-13T21:00:00Z"), ids, nullptr));
  EXPECT_EQ(roll->state(), RollState::failed);
  EXPECT_FALSE(roll->result().success);
  EXPECT_NE(roll->result().error.find("expired at the close"), std::string::npos);
  // Finished: further outcomes are refused.
  EXPECT_EQ(roll->on_order_finished(outcome(order, 0, "0"), at("2025-01-13T21:00:00Z"), ids, nullptr).error().code, ErrorCode::conflict);
}

TEST(RollExecution, CloseFirstClosesThenOpens) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::close_first), at("2025-01-13T20:50:00Z"), ids, 2);
  ASSERT_TRUE(roll);
  EXPECT_EQ(roll->state(), RollState::closing);
  execution::OrderRequest close = roll->current_order();
  ASSERT_EQ(close.legs.size(), 2u);
  EXPECT_EQ(close.limit_price, px("0.46"));  // closing costs a debit
  auto open = roll->on_order_finished(outcome(close, 2, "92"), at("2025-01-13T20:51:00Z"), ids, nullptr);
  ASSERT_TRUE(open && open->has_value());
  EXPECT_EQ(roll->state(), RollState::opening);
  EXPECT_EQ((*open)->legs[0].instrument, put("2025-02-14", "440"));
  EXPECT_EQ((*open)->legs[0].side, Side::sell);
  EXPECT_EQ((*open)->quantity, Quantity(2));
  EXPECT_EQ((*open)->limit_price, px("-2.14"));
  EXPECT_NE((*open)->client_order_id, close.client_order_id);
  auto done = roll->on_order_finished(outcome(**open, 2, "-428"), at("2025-01-13T20:52:00Z"), ids, nullptr);
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->has_value());
  EXPECT_EQ(roll->state(), RollState::completed);
  EXPECT_TRUE(roll->result().success);
  EXPECT_EQ(roll->result().net_credit, usd("336"));
  EXPECT_EQ(roll->result().order_ids.size(), 2u);
}

TEST(RollExecution, CloseFirstStepOneUnfilledLeavesThePositionUnchanged) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::close_first), at("2025-01-13T20:50:00Z"), ids, 2);
  ASSERT_TRUE(roll);
  auto next = roll->on_order_finished(outcome(roll->current_order(), 0, "0", "0", "rejected: market closed"),
                                      at("2025-01-13T21:01:00Z"), ids, nullptr);
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(roll->state(), RollState::failed);
  EXPECT_EQ(roll->result().units_closed, Quantity(0));
  EXPECT_NE(roll->result().error.find("position unchanged"), std::string::npos);
}

TEST(RollExecution, CloseFirstSecondStepFailingRetriesRepricedThenLeavesFlat) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::close_first), at("2025-01-13T20:50:00Z"), ids, 2);
  ASSERT_TRUE(roll);
  auto open = roll->on_order_finished(outcome(roll->current_order(), 2, "92"), at("2025-01-13T20:51:00Z"), ids, nullptr);
  ASSERT_TRUE(open && open->has_value());
  // Step two is rejected; the recovery path re-prices on the next session's chain and retries.
  market::OptionChain next_day = synthetic_chain(day("2025-01-14"), 8);
  auto retry1 = roll->on_order_finished(outcome(**open, 0, "0", "0", "rejected: rate limit"), at("2025-01-13T20:52:00Z"), ids, &next_day);
  ASSERT_TRUE(retry1 && retry1->has_value());
  EXPECT_EQ(roll->state(), RollState::opening);
  EXPECT_TRUE(roll->transitions().back().recovery);
  EXPECT_EQ((*retry1)->quantity, Quantity(2));
  const auto& q440 = next_day.expiry(day("2025-02-14"))->find(px("440"))->put->quote;
  const auto& q430 = next_day.expiry(day("2025-02-14"))->find(px("430"))->put->quote;
  EXPECT_EQ((*retry1)->limit_price, q430.mid() - q440.mid());  // the new day's mids, not the plan's
  EXPECT_NE((*retry1)->limit_price, px("-2.14"));
  auto retry2 = roll->on_order_finished(outcome(**retry1, 0, "0", "0", "rejected: rate limit"), at("2025-01-13T20:53:00Z"), ids, nullptr);
  ASSERT_TRUE(retry2 && retry2->has_value());
  auto end = roll->on_order_finished(outcome(**retry2, 0, "0", "0", "rejected: rate limit"), at("2025-01-13T20:54:00Z"), ids, nullptr);
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
  EXPECT_EQ(roll->state(), RollState::abandoned_flat);
  const RollResult& r = roll->result();
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.units_closed, Quantity(2));
  EXPECT_EQ(r.units_opened, Quantity(0));
  EXPECT_EQ(r.net_credit, usd("-92"));  // paid to close, nothing received
  EXPECT_NE(r.error.find("left flat"), std::string::npos) << r.error;
  EXPECT_EQ(r.order_ids.size(), 4u);
  int recoveries = 0;
  for (const auto& t : roll->transitions()) recoveries += t.recovery;
  EXPECT_EQ(recoveries, 2);
}

TEST(RollExecution, CloseFirstRecoveryCompletesAPartlyFilledSecondStep) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::close_first), at("2025-01-13T20:50:00Z"), ids, 1);
  ASSERT_TRUE(roll);
  auto open = roll->on_order_finished(outcome(roll->current_order(), 2, "92"), at("2025-01-13T20:51:00Z"), ids, nullptr);
  auto retry = roll->on_order_finished(outcome(**open, 1, "-214", "0", "cancelled"), at("2025-01-13T20:52:00Z"), ids, nullptr);
  ASSERT_TRUE(retry && retry->has_value());
  EXPECT_EQ((*retry)->quantity, Quantity(1));
  ASSERT_TRUE(roll->on_order_finished(outcome(**retry, 1, "-210"), at("2025-01-13T20:53:00Z"), ids, nullptr));
  EXPECT_EQ(roll->state(), RollState::completed);
  EXPECT_TRUE(roll->result().success);
  EXPECT_EQ(roll->result().units_opened, Quantity(2));
  EXPECT_EQ(roll->result().net_credit, usd("332"));
}

TEST(RollExecution, AnotherOrdersOutcomeIsRefused) {
  IdGenerator ids("ord", 1);
  auto roll = RollExecution::start(spread_plan(RollExecutionMode::combo), at("2025-01-13T20:50:00Z"), ids, 2);
  OrderOutcome stranger{"ord-other", Quantity(1), Quantity(1), Money(), Money(), ""};
  EXPECT_EQ(roll->on_order_finished(stranger, at("2025-01-13T20:51:00Z"), ids, nullptr).error().code, ErrorCode::not_found);
  EXPECT_EQ(roll->state(), RollState::working_combo);
}

}  // namespace
}  // namespace nightdesk::portfolio
