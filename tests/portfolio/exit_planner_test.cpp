#include "portfolio/exit_planner.h"

#include <gtest/gtest.h>

#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

ExitSettings ladder_only(ProfitLadder ladder) {
  ExitSettings s;
  s.ladder = std::move(ladder);
  s.stop_loss.enabled = false;
  return s;
}

std::vector<ManagementActionKind> kinds(const Position& p) {
  std::vector<ManagementActionKind> out;
  for (const auto& a : p.history()) out.push_back(a.kind);
  return out;
}

// Closes `units` of a long-call position as the engine would after the exit order filled.
void fill_exit(Position& p, const ExitPlanner& planner, const ExitIntent& intent, const char* price) {
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::sell, intent.order.quantity.count(), price,
                                intent.order.client_order_id.value())));
  ASSERT_TRUE(planner.on_exit_finished(p, intent.order.client_order_id.value(), intent.order.quantity, at("2025-01-07T15:00:00Z")));
}

TEST(ExitPlanner, ManualPositionIsNeverActedOn) {
  ExitPlanner planner(ExitSettings{});
  IdGenerator ids("ord", 1);
  Position p = long_calls(10, "1.00", PositionSource::manual);
  for (const char* mark : {"1.60", "3.00", "0.10"}) {  // +60%, +200%, -90%: ladder levels and beyond
    mark_calls(p, mark);
    auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
    ASSERT_TRUE(intent);
    EXPECT_FALSE(intent->has_value()) << mark;
  }
  EXPECT_EQ(kinds(p), std::vector<ManagementActionKind>{ManagementActionKind::opened});
  Position stopped = put_credit_spread(1, "6.50", "1.50", PositionSource::manual);
  mark_spread(stopped, "20.00", "0.00");  // -1500 against -500: -300%, past the stop
  EXPECT_FALSE(planner.evaluate(stopped, at("2025-01-07T15:00:00Z"), ids)->has_value());
}

TEST(ExitPlanner, FirstLevelOfTheDefaultLadderClosesThirtyPercentOfACreditSpread) {
  ExitPlanner planner(ExitSettings{});
  IdGenerator ids("ord", 1);
  Position p = put_credit_spread(10, "6.50", "1.50");
  mark_spread(p, "3.50", "1.00");  // +50%
  auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(intent && intent->has_value());
  const execution::OrderRequest& order = (*intent)->order;
  EXPECT_EQ((*intent)->kind, ManagementActionKind::take_profit);
  EXPECT_EQ(order.quantity, Quantity(3));
  ASSERT_EQ(order.legs.size(), 2u);
  EXPECT_EQ(order.legs[0].instrument, put("2025-01-17", "440"));
  EXPECT_EQ(order.legs[0].side, Side::buy);  // buy back the short put
  EXPECT_EQ(order.legs[1].side, Side::sell);
  EXPECT_EQ(order.limit_price, px("2.50"));  // net debit 3.50 - 1.00 per spread
  EXPECT_EQ(order.source, execution::OrderSource::bot_management);
  EXPECT_EQ(order.parent_position_id, "pos-1");
  EXPECT_TRUE(order.validate());
  const ManagementAction& action = p.history().back();
  EXPECT_EQ(action.kind, ManagementActionKind::take_profit);
  EXPECT_EQ(action.pnl_pct, Percent::points(50));
  EXPECT_EQ(action.threshold, Percent::points(50));
  EXPECT_EQ(action.quantity, Quantity(3));
  EXPECT_EQ(action.level, 0u);
  EXPECT_EQ(action.order_id, order.client_order_id.value());
  EXPECT_EQ(action.time, at("2025-01-07T15:00:00Z"));
}

TEST(ExitPlanner, JustBelowTheTriggerDoesNothing) {
  ExitPlanner planner(ExitSettings{});
  IdGenerator ids("ord", 1);
  Position p = put_credit_spread(10, "6.50", "1.50");
  mark_spread(p, "3.5001", "1.00");  // +49.998%
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
}

TEST(ExitPlanner, EachLevelFiresOnce) {
  ExitPlanner planner(ladder_only(ProfitLadder::standard()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(10, "1.00");
  mark_calls(p, "1.50");
  auto first = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->order.quantity, Quantity(3));
  EXPECT_EQ((*first)->order.limit_price, px("1.50"));
  // While the order works, nothing else is planned.
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:01:00Z"), ids)->has_value());
  fill_exit(p, planner, **first, "1.50");
  mark_calls(p, "1.60");
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:02:00Z"), ids)->has_value());
  mark_calls(p, "2.00");  // +100%: level 2 takes 50% of the 7 left
  auto second = planner.evaluate(p, at("2025-01-07T15:03:00Z"), ids);
  ASSERT_TRUE(second->has_value());
  EXPECT_EQ((*second)->order.quantity, Quantity(3));
}

TEST(ExitPlanner, LevelTooSmallToCloseIsRecordedAsSkippedAndStaysSkipped) {
  ExitPlanner planner(ladder_only(ProfitLadder::standard()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(2, "1.00");
  mark_calls(p, "1.55");  // +55%: floor(2 x 30%) = 0
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
  ASSERT_EQ(p.history().back().kind, ManagementActionKind::take_profit_skipped);
  EXPECT_EQ(p.history().back().level, 0u);
  EXPECT_EQ(p.exit_state().levels[0], LevelStatus::skipped);
  mark_calls(p, "1.40");
  mark_calls(p, "1.60");
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:01:00Z"), ids)->has_value());
  EXPECT_EQ(p.history().size(), 2u);  // not skipped twice
  mark_calls(p, "2.00");  // +100%: floor(2 x 50%) = 1
  auto intent = planner.evaluate(p, at("2025-01-07T15:02:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_EQ((*intent)->order.quantity, Quantity(1));
}

TEST(ExitPlanner, AJumpPastTwoLevelsClosesBothInOrder) {
  ExitPlanner planner(ladder_only(ProfitLadder::standard()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(10, "1.00");
  mark_calls(p, "2.20");  // +120%: 3 of 10, then floor(7 x 50%) = 3
  auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_EQ((*intent)->order.quantity, Quantity(6));
  EXPECT_EQ(p.exit_state().working->levels, (std::vector<std::size_t>{0, 1}));
}

TEST(ExitPlanner, AggressivePresetOnOneContractSkipsPartialLevelsAndClosesAtTheLast) {
  ExitPlanner planner(ladder_only(ProfitLadder::aggressive()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(1, "1.00");
  for (const char* mark : {"2.00", "3.00", "5.00"}) {  // +100%, +200%, +400%
    mark_calls(p, mark);
    EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value()) << mark;
  }
  EXPECT_EQ(p.exit_state().levels,
            (std::vector<LevelStatus>{LevelStatus::skipped, LevelStatus::skipped, LevelStatus::skipped, LevelStatus::pending}));
  mark_calls(p, "11.00");  // +1000%: 100% of the rest
  auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_EQ((*intent)->order.quantity, Quantity(1));
}

TEST(ExitPlanner, AggressivePresetOnTwentyContracts) {
  ExitPlanner planner(ladder_only(ProfitLadder::aggressive()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(20, "1.00");
  std::vector<std::pair<const char*, std::int64_t>> expected = {{"2.00", 10}, {"3.00", 2}, {"5.00", 1}, {"11.00", 7}};
  for (auto [mark, qty] : expected) {
    mark_calls(p, mark);
    auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
    ASSERT_TRUE(intent->has_value()) << mark;
    EXPECT_EQ((*intent)->order.quantity, Quantity(qty)) << mark;
    fill_exit(p, planner, **intent, mark);
  }
  EXPECT_TRUE(p.is_flat());
}

TEST(ExitPlanner, LevelsOfAnOrderThatFilledNothingArePendingAgain) {
  ExitPlanner planner(ladder_only(ProfitLadder::standard()));
  IdGenerator ids("ord", 1);
  Position p = long_calls(10, "1.00");
  mark_calls(p, "1.50");
  auto intent = planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_FALSE(planner.on_exit_finished(p, "ord-unknown", Quantity(0), at("2025-01-07T15:05:00Z")));
  ASSERT_TRUE(planner.on_exit_finished(p, (*intent)->order.client_order_id.value(), Quantity(0), at("2025-01-07T15:05:00Z")));
  EXPECT_EQ(p.history().back().kind, ManagementActionKind::take_profit_rearmed);
  EXPECT_EQ(p.exit_state().levels[0], LevelStatus::pending);
  auto again = planner.evaluate(p, at("2025-01-07T15:06:00Z"), ids);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->order.quantity, Quantity(3));
}

TEST(ExitPlanner, StopLossAtMinusTwoHundredPercentClosesEverything) {
  ExitPlanner planner(ExitSettings{});
  IdGenerator ids("ord", 1);
  Position p = put_credit_spread(4, "6.50", "1.50");
  mark_spread(p, "14.9999", "0.00");  // -5999.96 vs -2000: -199.998%, holds
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
  mark_spread(p, "15.00", "0.00");  // exactly -200%
  auto intent = planner.evaluate(p, at("2025-01-07T15:01:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_EQ((*intent)->kind, ManagementActionKind::stop_loss);
  EXPECT_EQ((*intent)->order.quantity, Quantity(4));
  EXPECT_EQ(p.history().back().kind, ManagementActionKind::stop_loss);
  EXPECT_EQ(p.history().back().pnl_pct, Percent::points(-200));
  EXPECT_EQ(p.history().back().amount, usd("-4000"));
}

TEST(ExitPlanner, TrailingStopFiresTwentyFivePointsBelowTheHighWater) {
  ExitSettings settings = ladder_only(ProfitLadder{});
  settings.trailing.enabled = true;
  ExitPlanner planner(settings);
  IdGenerator ids("ord", 1);
  Position p = long_calls(3, "1.00");
  mark_calls(p, "1.80");  // +80%: the high water
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
  mark_calls(p, "1.56");  // +56%: 24 points down
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:01:00Z"), ids)->has_value());
  mark_calls(p, "1.55");  // +55%: 25 points down
  auto intent = planner.evaluate(p, at("2025-01-07T15:02:00Z"), ids);
  ASSERT_TRUE(intent->has_value());
  EXPECT_EQ((*intent)->kind, ManagementActionKind::trailing_stop);
  EXPECT_EQ((*intent)->order.quantity, Quantity(3));
  EXPECT_EQ(p.history().back().threshold, Percent::points(55));
}

TEST(ExitPlanner, TrailingStopWaitsForItsActivationLevel) {
  ExitSettings settings = ladder_only(ProfitLadder{});
  settings.trailing.enabled = true;
  ExitPlanner planner(settings);
  IdGenerator ids("ord", 1);
  Position p = long_calls(3, "1.00");
  mark_calls(p, "1.45");  // +45%: below the +50% activation
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
  mark_calls(p, "1.00");
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:01:00Z"), ids)->has_value());
  EXPECT_EQ(p.exit_state().high_water, Percent::points(45));
}

TEST(ExitPlanner, PartiallyFilledStopFiresAgainForTheRest) {
  ExitPlanner planner(ExitSettings{});
  IdGenerator ids("ord", 1);
  Position p = long_calls(5, "1.00");
  ExitSettings s;
  mark_calls(p, "0.00");  // -100%: not a stop at -200% for a debit; use a custom stop
  EXPECT_FALSE(planner.evaluate(p, at("2025-01-07T15:00:00Z"), ids)->has_value());
  s.stop_loss.stop = Percent::points(-50);
  ExitPlanner tight(s);
  auto first = tight.evaluate(p, at("2025-01-07T15:00:00Z"), ids);
  ASSERT_TRUE(first->has_value());
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::sell, 2, "0.01", "part")));
  ASSERT_TRUE(tight.on_exit_finished(p, (*first)->order.client_order_id.value(), Quantity(2), at("2025-01-07T15:01:00Z")));
  auto second = tight.evaluate(p, at("2025-01-07T15:02:00Z"), ids);
  ASSERT_TRUE(second->has_value());
  EXPECT_EQ((*second)->order.quantity, Quantity(3));
  EXPECT_EQ((*second)->order.limit_price, px("0.01"));  // a worthless leg is offered at the minimum
}

TEST(ExitSettings, PresetsAreValidAndBadLaddersNameTheLevel) {
  EXPECT_TRUE(ProfitLadder::standard().validate());
  EXPECT_TRUE(ProfitLadder::aggressive().validate());
  ProfitLadder descending{{{Percent::points(100), Percent::points(50)}, {Percent::points(50), Percent::points(30)}}};
  EXPECT_EQ(descending.validate().error().field, "levels[1].trigger");
  ProfitLadder too_much{{{Percent::points(100), Percent::points(150)}}};
  EXPECT_EQ(too_much.validate().error().field, "levels[0].take");
  ExitSettings s;
  s.stop_loss.stop = Percent::points(10);
  EXPECT_EQ(s.validate().error().field, "stop_loss");
  s = ExitSettings{};
  s.ladder = descending;
  EXPECT_EQ(s.validate().error().field, "ladder.levels[1].trigger");
}

}  // namespace
}  // namespace nightdesk::portfolio
