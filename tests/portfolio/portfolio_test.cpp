#include "portfolio/portfolio.h"

#include <gtest/gtest.h>

#include "portfolio_fixture.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

ManagementSettings close_first_settings() {
  ManagementSettings s;
  s.roll.execution = RollExecutionMode::close_first;
  return s;
}

TEST_F(PortfolioFixture, FillsBuildPositionsWithTheOrdersSource) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  fill_order(portfolio, opening_order("man-1", execution::OrderSource::manual_api), 2, {"2.00", "0.50"});
  ASSERT_NE(portfolio.position("bot-1"), nullptr);
  EXPECT_TRUE(portfolio.position("bot-1")->is_bot_managed());
  EXPECT_EQ(portfolio.position("man-1")->source(), PositionSource::manual);
  EXPECT_EQ(portfolio.position("bot-1")->entry_cost(), usd("-300"));
  EXPECT_EQ(portfolio.position("bot-1")->fees(), usd("1.30"));
  execution::OrderRequest orphan = opening_order("", execution::OrderSource::strategy);
  execution::Fill f;
  f.quantity = Quantity(1);
  f.price = px("1");
  EXPECT_EQ(portfolio.apply_fill(orphan, f).error().field, "parent_position_id");
  orphan.parent_position_id = "x";
  f.leg = 5;
  EXPECT_EQ(portfolio.apply_fill(orphan, f).error().field, "leg");
}

TEST_F(PortfolioFixture, QuotesMarkLegsAndRefreshGreeksAndExitsSkipManualPositions) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy, 10), 10, {"2.00", "0.50"});
  fill_order(portfolio, opening_order("man-1", execution::OrderSource::manual_api, 10), 10, {"2.00", "0.50"});
  quote_chain(portfolio, chain);
  const Position& bot = *portfolio.position("bot-1");
  EXPECT_EQ(bot.leg(put("2025-01-17", "440"))->mark, px("0.57"));
  EXPECT_EQ(*bot.pnl_pct(), Percent::from_basis_points(6933));  // (-1500 + 460) / 1500, truncated
  const PositionGreeks* g = portfolio.greeks("bot-1");
  ASSERT_NE(g, nullptr) << portfolio.greeks_errors().begin()->second;
  EXPECT_GT(g->position.delta, 0);
  EXPECT_NEAR(g->spot, 449.995, 1e-9);
  PortfolioGreeks total = portfolio.portfolio_greeks();
  EXPECT_NEAR(total.total.delta, 2 * g->position.delta, 1e-9);  // the manual twin counts in the Greeks
  // +69%: the first ladder level for the bot's position only.
  auto exits = portfolio.plan_exits(at("2025-01-13T20:46:00Z"));
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].order.parent_position_id, "bot-1");
  EXPECT_EQ(exits[0].order.quantity, Quantity(3));
  EXPECT_EQ(exits[0].order.limit_price, px("0.46"));
  // The exit works: nothing new is planned; when it fills, the position shrinks and the order is released.
  EXPECT_TRUE(portfolio.plan_exits(at("2025-01-13T20:47:00Z")).empty());
  auto done = portfolio.on_order_finished(fill_order(portfolio, exits[0].order, 3, {"0.57", "0.11"}), at("2025-01-13T20:48:00Z"));
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->has_value());
  EXPECT_EQ(bot.unit_shape().units, Quantity(7));
  EXPECT_FALSE(bot.exit_state().working);
  EXPECT_EQ(portfolio.position("man-1")->history().size(), 1u);  // only "opened"
}

// Quotes walk only the positions with legs: one that went flat is left alone, and it is walked again once a
// later fill of the same id reopens it.
TEST_F(PortfolioFixture, FlatPositionIgnoresQuotesUntilAFillReopensIt) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  execution::OrderRequest open = opening_order("bot-1", execution::OrderSource::strategy);
  fill_order(portfolio, open, 2, {"2.00", "0.50"});
  execution::OrderRequest close = open;
  close.client_order_id = execution::ClientOrderId("close-bot-1");
  for (auto& leg : close.legs) leg.side = leg.side == Side::buy ? Side::sell : Side::buy;
  fill_order(portfolio, close, 2, {"1.00", "0.20"});
  ASSERT_TRUE(portfolio.position("bot-1")->is_flat());
  const auto revision = portfolio.position("bot-1")->revision();
  quote_chain(portfolio, chain);
  EXPECT_EQ(portfolio.position("bot-1")->revision(), revision);
  EXPECT_EQ(portfolio.greeks("bot-1"), nullptr);
  EXPECT_TRUE(portfolio.plan_exits(at("2025-01-13T20:46:00Z")).empty());

  open.client_order_id = execution::ClientOrderId("reopen-bot-1");
  fill_order(portfolio, open, 2, {"2.00", "0.50"});
  quote_chain(portfolio, chain);
  EXPECT_EQ(portfolio.position("bot-1")->leg(put("2025-01-17", "440"))->mark, px("0.57"));
  EXPECT_NE(portfolio.greeks("bot-1"), nullptr);
}

// Option quotes of a strike no open leg holds stop early (Portfolio::held_strikes_): a leg added to an
// already open position, and a leg closed out of it, are still seen right.
TEST_F(PortfolioFixture, LegAddedToAnOpenPosition_IsMarkedByItsQuote_LegClosedIsNot) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  execution::OrderRequest add;
  add.client_order_id = execution::ClientOrderId("add-bot-1");
  add.legs = {{put("2025-01-17", "420"), 1, Side::buy}};
  add.quantity = Quantity(2);
  add.limit_price = px("0.10");
  add.source = execution::OrderSource::strategy;
  add.parent_position_id = "bot-1";
  fill_order(portfolio, add, 2, {"0.10"});
  quote_chain(portfolio, chain);
  const Position& p = *portfolio.position("bot-1");
  ASSERT_NE(p.leg(put("2025-01-17", "420")), nullptr);
  EXPECT_TRUE(p.leg(put("2025-01-17", "420"))->mark.has_value());
  EXPECT_EQ(portfolio.greeks("bot-1")->legs.size(), 3u);

  execution::OrderRequest close = add;
  close.client_order_id = execution::ClientOrderId("close-420-bot-1");
  close.legs[0].side = Side::sell;
  fill_order(portfolio, close, 2, {"0.10"});
  EXPECT_EQ(p.leg(put("2025-01-17", "420")), nullptr);
  const auto revision = p.revision();
  market::QuoteEvent e;  // a quote of the closed leg's contract changes nothing now
  e.kind = market::InstrumentKind::option;
  e.underlying = chain.underlying();
  e.expiry = day("2025-01-17");
  e.strike = px("420");
  e.right = OptionRight::put;
  e.quote = chain.expiry(day("2025-01-17"))->find(px("420"))->side(OptionRight::put)->quote;
  portfolio.on_quote(e);
  EXPECT_EQ(p.revision(), revision);
}

TEST_F(PortfolioFixture, RollCandidatesAndAComboRollThroughTheFills) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  fill_order(portfolio, opening_order("man-1", execution::OrderSource::manual_api), 2, {"2.00", "0.50"});
  quote_chain(portfolio, chain);
  auto candidates = portfolio.roll_candidates(at("2025-01-13T20:46:00Z"));  // 4 DTE
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].position_id, "bot-1");
  EXPECT_EQ(portfolio.roll("man-1", chain, at("2025-01-13T20:46:00Z"), RollReason::expiry_near).error().code, ErrorCode::conflict);

  auto start = portfolio.roll("bot-1", chain, at("2025-01-13T20:46:00Z"), RollReason::expiry_near);
  ASSERT_TRUE(start) << start.error().describe();
  ASSERT_TRUE(start->order);
  EXPECT_EQ(start->order->legs.size(), 4u);
  EXPECT_EQ(portfolio.roll("bot-1", chain, at("2025-01-13T20:46:00Z"), RollReason::expiry_near).error().code, ErrorCode::conflict);
  EXPECT_TRUE(portfolio.roll_candidates(at("2025-01-13T20:46:00Z")).empty());  // a roll is working
  auto finished = portfolio.on_order_finished(fill_order(portfolio, *start->order, 2, {"0.57", "0.11", "5.10", "2.96"}),
                                              at("2025-01-13T20:47:00Z"));
  ASSERT_TRUE(finished);
  EXPECT_FALSE(finished->has_value());
  const Position& p = *portfolio.position("bot-1");
  ASSERT_EQ(p.legs().size(), 2u);
  EXPECT_EQ(p.leg(put("2025-02-14", "440"))->quantity, Quantity(-2));
  EXPECT_EQ(p.leg(put("2025-02-14", "430"))->quantity, Quantity(2));
  EXPECT_EQ(p.realized_pnl(), usd("208"));  // closed for 0.46 a spread what was sold for 1.50
  ASSERT_EQ(portfolio.roll_history().size(), 1u);
  EXPECT_TRUE(portfolio.roll_history()[0].success);
  EXPECT_EQ(portfolio.roll_history()[0].net_credit, usd("336"));
  EXPECT_EQ(portfolio.roll_history()[0].fees, usd("2.60"));
  EXPECT_EQ(p.history().back().kind, ManagementActionKind::roll_completed);
  EXPECT_EQ(portfolio.active_roll("bot-1"), nullptr);
}

TEST_F(PortfolioFixture, DryRunRollProposesWithoutAnOrderOrAChange) {
  ManagementSettings s;
  s.roll.dry_run = true;
  Portfolio portfolio(s, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  auto start = portfolio.roll("bot-1", chain, at("2025-01-13T20:46:00Z"), RollReason::expiry_near);
  ASSERT_TRUE(start);
  EXPECT_FALSE(start->order);
  EXPECT_EQ(start->plan.new_legs[0].instrument, put("2025-02-14", "440"));
  EXPECT_EQ(portfolio.active_roll("bot-1"), nullptr);
  ASSERT_EQ(portfolio.roll_history().size(), 1u);
  EXPECT_TRUE(portfolio.roll_history()[0].dry_run);
  EXPECT_EQ(portfolio.roll_history()[0].net_credit, usd("336"));
  EXPECT_EQ(portfolio.position("bot-1")->leg(put("2025-01-17", "440"))->quantity, Quantity(-2));
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::roll_proposed);
}

TEST_F(PortfolioFixture, CloseFirstRollWhoseSecondStepFailsIsRecoveredThenRecordedFlat) {
  Portfolio portfolio(close_first_settings(), nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  auto start = portfolio.roll("bot-1", chain, at("2025-01-13T20:46:00Z"), RollReason::expiry_near);
  ASSERT_TRUE(start && start->order);
  ASSERT_EQ(start->order->legs.size(), 2u);  // step one: the close only
  auto step_two = portfolio.on_order_finished(fill_order(portfolio, *start->order, 2, {"0.57", "0.11"}), at("2025-01-13T20:47:00Z"));
  ASSERT_TRUE(step_two && step_two->has_value());
  EXPECT_TRUE(portfolio.position("bot-1")->is_flat());  // between the steps the position holds nothing
  execution::OrderRequest next = **step_two;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto r = portfolio.on_order_finished(fill_order(portfolio, next, 0, {}, "rejected: buying power"), at("2025-01-13T20:48:00Z"), &chain);
    ASSERT_TRUE(r);
    if (attempt < 2) {
      ASSERT_TRUE(r->has_value()) << attempt;
      next = **r;
    } else {
      EXPECT_FALSE(r->has_value());
    }
  }
  ASSERT_EQ(portfolio.roll_history().size(), 1u);
  const RollResult& result = portfolio.roll_history()[0];
  EXPECT_FALSE(result.success);
  EXPECT_EQ(result.units_closed, Quantity(2));
  EXPECT_EQ(result.units_opened, Quantity(0));
  EXPECT_NE(result.error.find("buying power"), std::string::npos);
  int recoveries = 0;
  for (const auto& a : portfolio.position("bot-1")->history()) recoveries += a.kind == ManagementActionKind::roll_recovery;
  EXPECT_EQ(recoveries, 2);
  EXPECT_EQ(portfolio.position("bot-1")->history().back().kind, ManagementActionKind::roll_completed);
  EXPECT_EQ(portfolio.active_roll("bot-1"), nullptr);
}

TEST_F(PortfolioFixture, DailyAttributionFromStartAndEndOfDayMarks) {
  Portfolio portfolio(ManagementSettings{}, nyse_calendar(), ids);
  fill_order(portfolio, opening_order("bot-1", execution::OrderSource::strategy), 2, {"2.00", "0.50"});
  auto monday = synthetic_chain(day("2025-01-06"));
  quote_chain(portfolio, monday);
  portfolio.mark_start_of_day();
  quote_chain(portfolio, synthetic_chain(day("2025-01-06"), 7));  // same seed and day: nothing moved
  DailyAttribution flat = portfolio.attribute_day();
  ASSERT_EQ(flat.by_position.size(), 1u);
  EXPECT_EQ(flat.total.actual, Money());
  quote_chain(portfolio, synthetic_chain(day("2025-01-07"), 99));
  DailyAttribution day2 = portfolio.attribute_day();
  ASSERT_EQ(day2.by_position.size(), 1u) << (day2.skipped.empty() ? "" : day2.skipped[0]);
  const PnlAttribution& a = day2.total;
  EXPECT_EQ(a.actual, a.delta + a.gamma + a.theta + a.vega + a.residual);
  EXPECT_GT(a.theta, Money());  // a short premium position earns the day's decay
}

}  // namespace
}  // namespace nightdesk::portfolio
