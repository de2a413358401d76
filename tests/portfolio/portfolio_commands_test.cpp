// A person's commands on the portfolio: close, roll with overrides, per-position management settings.
#include <gtest/gtest.h>

#include "portfolio/portfolio.h"
#include "portfolio_fixture.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;

const Timestamp kNow = at("2025-01-13T20:46:00Z");

struct PortfolioCommands : PortfolioFixture {
  Portfolio portfolio{ManagementSettings{}, nyse_calendar(), ids};

  // 10 bot-managed spreads sold for 1.50, quoted at the chain: +69%, past the first ladder level.
  void open_ten(const std::string& id, execution::OrderSource source = execution::OrderSource::strategy) {
    fill_order(portfolio, opening_order(id, source, 10), 10, {"2.00", "0.50"});
    quote_chain(portfolio, chain);
  }
  bool planned_exit_for(const std::string& id) {
    for (const ExitIntent& e : portfolio.plan_exits(kNow))
      if (e.order.parent_position_id == id) return true;
    return false;
  }
};

CloseAmount units(std::int64_t n) { return CloseAmount{Quantity(n), std::nullopt}; }

TEST_F(PortfolioCommands, CloseThreeOfTen_OrderAtTheNetMarkRecordedWithWho) {
  open_ten("bot-1");
  auto order = portfolio.close("bot-1", units(3), "man-1", "alice", kNow);
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_EQ(order->client_order_id.value(), "man-1");
  EXPECT_EQ(order->quantity, Quantity(3));
  EXPECT_EQ(order->limit_price, px("0.46"));  // the net mark, like the bot's exits
  EXPECT_EQ(order->source, execution::OrderSource::manual_api);
  EXPECT_EQ(order->parent_position_id, "bot-1");
  const Position& p = *portfolio.position("bot-1");
  const ManagementAction& last = p.history().back();
  EXPECT_EQ(last.kind, ManagementActionKind::manual_close);
  EXPECT_EQ(last.who, "alice");
  EXPECT_EQ(last.quantity, Quantity(3));
  EXPECT_EQ(last.order_id, "man-1");
  ASSERT_TRUE(p.exit_state().working);
  EXPECT_EQ(p.exit_state().working->requested_by, "alice");
}

TEST_F(PortfolioCommands, WhileACloseWorks_TheBotPlansNoExitAndASecondCloseConflicts) {
  open_ten("bot-1");
  auto order = portfolio.close("bot-1", units(3), "man-1", "alice", kNow);
  ASSERT_TRUE(order);
  EXPECT_FALSE(planned_exit_for("bot-1"));
  auto again = portfolio.close("bot-1", units(1), "man-2", "alice", kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  // Once it fills the position is free again and has 7 units.
  ASSERT_TRUE(portfolio.on_order_finished(fill_order(portfolio, *order, 3, {"0.57", "0.11"}), kNow));
  EXPECT_FALSE(portfolio.position("bot-1")->exit_state().working);
  EXPECT_EQ(portfolio.position("bot-1")->unit_shape().units, Quantity(7));
  EXPECT_TRUE(portfolio.close("bot-1", units(7), "man-3", "alice", kNow));
}

TEST_F(PortfolioCommands, CloseWhileTheBotsExitWorks_Conflict) {
  open_ten("bot-1");
  ASSERT_TRUE(planned_exit_for("bot-1"));
  auto r = portfolio.close("bot-1", units(1), "man-1", "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("bot's exit"), std::string::npos) << r.error().message;
}

TEST_F(PortfolioCommands, CloseWhileARollWorks_Conflict) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  quote_chain(portfolio, chain);
  ASSERT_TRUE(portfolio.roll("bot-1", chain, kNow, RollReason::expiry_near));
  auto r = portfolio.close("bot-1", units(1), "man-1", "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST_F(PortfolioCommands, CloseOfUnknownPosition_NotFound) {
  auto r = portfolio.close("nope", units(1), "man-1", "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
}

TEST_F(PortfolioCommands, CloseOfFlatPosition_Conflict) {
  open_ten("bot-1");
  execution::OrderRequest all = *portfolio.close("bot-1", CloseAmount::all(), "man-1", "alice", kNow);
  ASSERT_TRUE(portfolio.on_order_finished(fill_order(portfolio, all, 10, {"0.57", "0.11"}), kNow));
  ASSERT_TRUE(portfolio.position("bot-1")->is_flat());
  auto r = portfolio.close("bot-1", units(1), "man-2", "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("flat"), std::string::npos);
}

TEST_F(PortfolioCommands, CloseOfMoreThanHeldOrAPctRoundingToNothing_InvalidNamingTheField) {
  open_ten("bot-1");
  EXPECT_EQ(portfolio.close("bot-1", units(11), "m", "alice", kNow).error().field, "quantity");
  EXPECT_EQ(portfolio.close("bot-1", CloseAmount{std::nullopt, Percent::points(5)}, "m", "alice", kNow).error().field, "pct");
  EXPECT_FALSE(portfolio.position("bot-1")->exit_state().working);  // nothing changed
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::opened);
}

TEST_F(PortfolioCommands, CloseWithBlankWho_InvalidNamingWho) {
  open_ten("bot-1");
  EXPECT_EQ(portfolio.close("bot-1", units(1), "m", " ", kNow).error().field, "who");
}

TEST_F(PortfolioCommands, CloseWithoutMarks_UnavailableAndNothingRecorded) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy, 10), 10, {"2.00", "0.50"});
  // Never quoted: the legs have no mark to price the close at.
  auto r = portfolio.close("bot-1", units(1), "m", "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_FALSE(portfolio.position("bot-1")->exit_state().working);
}

TEST_F(PortfolioCommands, CloseOfAManualPosition_Allowed) {
  open_ten("man-1", execution::OrderSource::manual_api);
  auto r = portfolio.close("man-1", units(2), "m", "alice", kNow);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->quantity, Quantity(2));
}

TEST_F(PortfolioCommands, RequestedDryRunRoll_ReturnsThePlanWithoutAnOrder) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  RollOverrides o;
  o.require_credit = false;
  auto r = portfolio.roll_requested("bot-1", chain, kNow, o, true, "alice");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->order);
  EXPECT_EQ(r->plan.reason, RollReason::requested);
  EXPECT_EQ(portfolio.active_roll("bot-1"), nullptr);
  const ManagementAction& last = portfolio.position("bot-1")->history().back();
  EXPECT_EQ(last.kind, ManagementActionKind::roll_proposed);
  EXPECT_EQ(last.who, "alice");
  EXPECT_NE(last.reason.find("requested by alice"), std::string::npos) << last.reason;
}

TEST_F(PortfolioCommands, RequestedRoll_OverridesReachThePlanner) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  RollOverrides o;
  o.min_target_dte = 60;
  o.target_dte = 70;
  o.max_target_dte = 80;
  auto far = portfolio.roll_requested("bot-1", chain, kNow, o, true, "alice");
  auto near = portfolio.roll_requested("bot-1", chain, kNow, RollOverrides{}, true, "alice");
  ASSERT_TRUE(near) << near.error().describe();
  if (far) {
    EXPECT_GT(far->plan.to_dte, near->plan.to_dte);
  } else {
    EXPECT_EQ(far.error().field, "expiry");  // nothing listed that far out: refused, not rolled to the default
  }
}

TEST_F(PortfolioCommands, RequestedRollWithInvalidOverride_RefusedNamingTheKey) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  RollOverrides o;
  o.target_dte = 500;
  auto r = portfolio.roll_requested("bot-1", chain, kNow, o, false, "alice");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "target_dte");
  EXPECT_EQ(portfolio.active_roll("bot-1"), nullptr);
}

TEST_F(PortfolioCommands, RequestedRollOfAManualPosition_ConflictNamingSource) {
  fill_order(portfolio, opening_order("man-1", execution::OrderSource::manual_api), 2, {"2.00", "0.50"});
  auto r = portfolio.roll_requested("man-1", chain, kNow, RollOverrides{}, true, "alice");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().field, "source");
}

TEST_F(PortfolioCommands, RequestedRollOfUnknownPosition_NotFound) {
  EXPECT_EQ(portfolio.roll_requested("nope", chain, kNow, RollOverrides{}, true, "alice").error().code, ErrorCode::not_found);
}

TEST_F(PortfolioCommands, RequestedRoll_RunsEvenWhenRollingIsDisabled) {
  ManagementSettings s;
  s.roll.enabled = false;
  Portfolio off(s, nyse_calendar(), ids);
  fill_order(off, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  EXPECT_TRUE(off.roll_candidates(kNow).empty());
  auto r = off.roll_requested("bot-1", chain, kNow, RollOverrides{}, false, "alice");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->order);
}

TEST_F(PortfolioCommands, LadderOverride_AppliesToThatPositionOnly) {
  open_ten("bot-1");
  open_ten("bot-2");
  ManagementChange change;
  change.overrides.exits.ladder = ProfitLadder{{{Percent::points(100), Percent::points(50)}}};
  auto effective = portfolio.change_management("bot-1", change, "alice", kNow);
  ASSERT_TRUE(effective) << effective.error().describe();
  EXPECT_EQ(effective->exits.ladder.levels.size(), 1u);
  auto exits = portfolio.plan_exits(kNow);  // +69%: the global +50% level fires for bot-2 only
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].order.parent_position_id, "bot-2");
  const ManagementAction& last = portfolio.position("bot-1")->history().back();
  EXPECT_EQ(last.kind, ManagementActionKind::management_changed);
  EXPECT_EQ(last.who, "alice");
  EXPECT_NE(last.reason.find("ladder_levels=[+100%:+50%]"), std::string::npos) << last.reason;
}

TEST_F(PortfolioCommands, RollOverride_UsedWhenTheBotLooksForRolls) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  fill_order(portfolio, opening_order("bot-2", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  ManagementChange change;
  change.overrides.roll.min_dte_for_roll = 2;  // 4 DTE left: not yet for bot-1
  ASSERT_TRUE(portfolio.change_management("bot-1", change, "alice", kNow));
  auto candidates = portfolio.roll_candidates(kNow);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].position_id, "bot-2");
  EXPECT_EQ(portfolio.roll_settings_for("bot-1").min_dte_for_roll, 2);
  EXPECT_EQ(portfolio.roll_settings_for("bot-2").min_dte_for_roll, 7);
}

// roll_candidates does not look again at a position unchanged since it found no trigger that day; a new day
// or a settings change makes it look.
TEST_F(PortfolioCommands, RollCandidates_UnchangedPositionWithoutTrigger_LooksAgainOnALaterDay) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  ManagementChange change;
  change.overrides.roll.min_dte_for_roll = 2;
  ASSERT_TRUE(portfolio.change_management("bot-1", change, "alice", kNow));
  EXPECT_TRUE(portfolio.roll_candidates(kNow).empty());  // 4 DTE > 2
  EXPECT_TRUE(portfolio.roll_candidates(kNow + std::chrono::hours(1)).empty());
  auto candidates = portfolio.roll_candidates(at("2025-01-15T15:00:00Z"));  // 2 DTE, nothing else changed
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].position_id, "bot-1");
  EXPECT_EQ(candidates[0].trigger.reason, RollReason::expiry_near);
}

TEST_F(PortfolioCommands, RollCandidates_SettingsChangedTheSameDay_LooksAgain) {
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  ManagementChange later;
  later.overrides.roll.min_dte_for_roll = 2;
  ASSERT_TRUE(portfolio.change_management("bot-1", later, "alice", kNow));
  EXPECT_TRUE(portfolio.roll_candidates(kNow).empty());
  ManagementChange sooner;
  sooner.overrides.roll.min_dte_for_roll = 5;
  ASSERT_TRUE(portfolio.change_management("bot-1", sooner, "alice", kNow));
  ASSERT_EQ(portfolio.roll_candidates(kNow).size(), 1u);  // 4 DTE <= 5
}

TEST_F(PortfolioCommands, HandOverToManual_TheBotNeverActsThenBackToTheBot) {
  open_ten("bot-1");
  ManagementChange manual;
  manual.source = PositionSource::manual;
  ASSERT_TRUE(portfolio.change_management("bot-1", manual, "alice", kNow));
  EXPECT_EQ(portfolio.position("bot-1")->source(), PositionSource::manual);
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::handed_to_manual);
  EXPECT_FALSE(planned_exit_for("bot-1"));
  EXPECT_TRUE(portfolio.roll_candidates(kNow).empty());
  ManagementChange bot;
  bot.source = PositionSource::bot_managed;
  ASSERT_TRUE(portfolio.change_management("bot-1", bot, "bob", kNow));
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::handed_to_bot);
  EXPECT_EQ(portfolio.position("bot-1")->history().back().who, "bob");
  EXPECT_TRUE(planned_exit_for("bot-1"));
}

TEST_F(PortfolioCommands, HandOverWhileTheBotsExitWorks_ConflictNamingSource) {
  open_ten("bot-1");
  ASSERT_TRUE(planned_exit_for("bot-1"));
  ManagementChange manual;
  manual.source = PositionSource::manual;
  auto r = portfolio.change_management("bot-1", manual, "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().field, "source");
  EXPECT_TRUE(portfolio.position("bot-1")->is_bot_managed());
}

TEST_F(PortfolioCommands, HandOverWhileTheirOwnCloseWorks_Allowed) {
  open_ten("bot-1");
  ASSERT_TRUE(portfolio.close("bot-1", units(1), "m", "alice", kNow));
  ManagementChange manual;
  manual.source = PositionSource::manual;
  EXPECT_TRUE(portfolio.change_management("bot-1", manual, "alice", kNow));
}

TEST_F(PortfolioCommands, InvalidSetting_RefusedNamingTheKeyAndNothingChanges) {
  open_ten("bot-1");
  ManagementChange change;
  change.overrides.exits.stop_loss = Percent::points(10);
  change.source = PositionSource::manual;
  auto r = portfolio.change_management("bot-1", change, "alice", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "stop_loss_pct");
  EXPECT_EQ(portfolio.overrides("bot-1"), nullptr);
  EXPECT_TRUE(portfolio.position("bot-1")->is_bot_managed());
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::opened);
}

TEST_F(PortfolioCommands, EmptyChangeUnknownPositionOrBlankWho_Refused) {
  open_ten("bot-1");
  EXPECT_EQ(portfolio.change_management("bot-1", ManagementChange{}, "alice", kNow).error().field, "management");
  ManagementChange change;
  change.overrides.roll.target_dte = 40;
  EXPECT_EQ(portfolio.change_management("nope", change, "alice", kNow).error().code, ErrorCode::not_found);
  EXPECT_EQ(portfolio.change_management("bot-1", change, "", kNow).error().field, "who");
}

TEST_F(PortfolioCommands, ChangesMergeAndClearingReturnsToTheGlobalSettings) {
  open_ten("bot-1");
  ManagementChange first;
  first.overrides.roll.target_dte = 45;
  ASSERT_TRUE(portfolio.change_management("bot-1", first, "alice", kNow));
  ManagementChange second;
  second.overrides.roll.require_credit = false;
  auto effective = portfolio.change_management("bot-1", second, "alice", kNow);
  ASSERT_TRUE(effective);
  EXPECT_EQ(effective->roll.target_dte, 45);
  EXPECT_FALSE(effective->roll.require_credit);
  ASSERT_NE(portfolio.overrides("bot-1"), nullptr);
  ManagementChange clear;
  clear.clear_overrides = true;
  effective = portfolio.change_management("bot-1", clear, "alice", kNow);
  ASSERT_TRUE(effective);
  EXPECT_EQ(portfolio.overrides("bot-1"), nullptr);
  EXPECT_EQ(effective->roll.target_dte, 30);
  EXPECT_TRUE(effective->roll.require_credit);
  EXPECT_NE(portfolio.position("bot-1")->history().back().reason.find("overrides cleared"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::portfolio
