// replay_management: the exit rules' memory and an unfinished roll, read back from a position's history as
// a restart finds it in the journal.
#include "portfolio/management_replay.h"

#include <gtest/gtest.h>

namespace nightdesk::portfolio {
namespace {

ManagementAction action(ManagementActionKind kind, std::string order_id = {}, std::optional<std::size_t> level = std::nullopt,
                        std::optional<Percent> pnl = std::nullopt, std::int64_t quantity = 0) {
  ManagementAction a;
  a.kind = kind;
  a.order_id = std::move(order_id);
  a.level = level;
  a.pnl_pct = pnl;
  a.quantity = Quantity(quantity);
  return a;
}

using K = ManagementActionKind;

TEST(ManagementReplay, EmptyHistory_NothingWorkingNoLevels) {
  ManagementReplay r = replay_management({});
  EXPECT_TRUE(r.exit.levels.empty());
  EXPECT_FALSE(r.exit.working);
  EXPECT_FALSE(r.exit.high_water);
  EXPECT_FALSE(r.unfinished_roll_order);
}

TEST(ManagementReplay, TwoLevelsFiredByOneOrder_BothFiredAndWorkingOnThatOrder) {
  std::vector<ManagementAction> h{action(K::opened), action(K::take_profit, "bot-1", 0, Percent::points(110)),
                                  action(K::take_profit, "bot-1", 1, Percent::points(110))};
  ManagementReplay r = replay_management(h);
  EXPECT_EQ(r.exit.levels, (std::vector<LevelStatus>{LevelStatus::fired, LevelStatus::fired}));
  ASSERT_TRUE(r.exit.working);
  EXPECT_EQ(r.exit.working->client_order_id, "bot-1");
  EXPECT_EQ(r.exit.working->levels, (std::vector<std::size_t>{0, 1}));
  EXPECT_FALSE(r.exit.working->full_close);
  EXPECT_EQ(r.exit.high_water, Percent::points(110));
}

TEST(ManagementReplay, SkippedLevel_IsSkippedAndLeavesNothingWorking) {
  ManagementReplay r = replay_management(std::vector{action(K::take_profit_skipped, {}, 2, Percent::points(210))});
  EXPECT_EQ(r.exit.levels, (std::vector<LevelStatus>{LevelStatus::pending, LevelStatus::pending, LevelStatus::skipped}));
  EXPECT_FALSE(r.exit.working);
}

TEST(ManagementReplay, RearmedLevel_IsPendingAgainAndItsOrderNoLongerWorking) {
  std::vector<ManagementAction> h{action(K::take_profit, "bot-1", 0, Percent::points(55)), action(K::take_profit_rearmed, "bot-1", 0)};
  ManagementReplay r = replay_management(h);
  EXPECT_EQ(r.exit.levels, (std::vector<LevelStatus>{LevelStatus::pending}));
  EXPECT_FALSE(r.exit.working);
  EXPECT_EQ(r.exit.high_water, Percent::points(55)) << "the highest P&L a decision saw stays";
}

TEST(ManagementReplay, StopAfterALevel_WorkingIsTheStopsFullClose) {
  std::vector<ManagementAction> h{action(K::take_profit, "bot-1", 0, Percent::points(60)), action(K::stop_loss, "bot-2", {}, Percent::points(-210))};
  ManagementReplay r = replay_management(h);
  ASSERT_TRUE(r.exit.working);
  EXPECT_EQ(r.exit.working->client_order_id, "bot-2");
  EXPECT_TRUE(r.exit.working->full_close);
  EXPECT_EQ(r.exit.levels.front(), LevelStatus::fired);
  EXPECT_EQ(r.exit.high_water, Percent::points(60));
}

TEST(ManagementReplay, PersonsClose_WorkingNamesThePerson) {
  ManagementAction close = action(K::manual_close, "close-1");
  close.who = "ana";
  ManagementReplay r = replay_management(std::vector{close});
  ASSERT_TRUE(r.exit.working);
  EXPECT_EQ(r.exit.working->requested_by, "ana");
}

TEST(ManagementReplay, RollStepsWithoutCompletion_NameTheRollsLastOrder) {
  std::vector<ManagementAction> h{action(K::roll_proposed), action(K::roll_step, "bot-3"), action(K::roll_step, "bot-4")};
  EXPECT_EQ(replay_management(h).unfinished_roll_order, "bot-4");
}

TEST(ManagementReplay, CompletedRollThatOpenedUnits_StartsTheLadderAgain) {
  std::vector<ManagementAction> h{action(K::take_profit, "bot-1", 0, Percent::points(60)), action(K::take_profit_rearmed, "bot-1", 0),
                                  action(K::take_profit_skipped, {}, 1, Percent::points(120)), action(K::roll_step, "bot-3"),
                                  action(K::roll_completed, "bot-3", {}, {}, 2)};
  ManagementReplay r = replay_management(h);
  EXPECT_FALSE(r.unfinished_roll_order);
  EXPECT_TRUE(r.exit.levels.empty());
  EXPECT_FALSE(r.exit.high_water);
}

TEST(ManagementReplay, FailedRollThatOpenedNothing_KeepsTheLadder) {
  std::vector<ManagementAction> h{action(K::take_profit_skipped, {}, 0, Percent::points(60)), action(K::roll_step, "bot-3"),
                                  action(K::roll_completed, "bot-3", {}, {}, 0)};
  ManagementReplay r = replay_management(h);
  EXPECT_FALSE(r.unfinished_roll_order);
  EXPECT_EQ(r.exit.levels, (std::vector<LevelStatus>{LevelStatus::skipped}));
}

}  // namespace
}  // namespace nightdesk::portfolio
