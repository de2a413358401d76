#include "execution/smart_order_walk.h"

#include <vector>

#include <gtest/gtest.h>

#include "execution/order_fixtures.h"
#include "execution/order_state_machine.h"

namespace nightdesk::execution {
namespace {

using namespace testing;
using std::chrono::seconds;

NetQuote single(double bid, double ask) {
  market::Quote q = quote(bid, ask);
  return NetQuote{q.bid, q.ask, q.mid(), {}};
}

// Drives one walk against a scripted quote stream and a venue that answers every request at once.
struct WalkScript {
  Order order;
  SmartOrderWalk walk;
  NetQuote quote;
  std::vector<Price> prices;  // opening price, then every replace
  std::vector<WalkDecision> decisions;
  bool auto_ack = true;

  static WalkScript start(OrderRequest request, NetQuote arrival, SmartExecutionConfig config = {},
                          TickRule rule = TickRule::standard()) {
    auto walk = SmartOrderWalk::begin(config, request, arrival, rule);
    EXPECT_TRUE(walk) << walk.error().describe();
    request.limit_price = walk->opening_price();
    WalkScript s{Order(request, at_seconds(0)), *walk, arrival, {walk->opening_price()}, {}};
    EXPECT_TRUE(submit(s.order, at_seconds(0)));
    EXPECT_TRUE(apply(s.order, report(s.order, ExecutionReportKind::accepted), at_seconds(0)));
    return s;
  }

  WalkDecision poll(std::int64_t t) {
    WalkDecision d = walk.poll(order, &quote, at_seconds(t));
    if (d.action == WalkAction::replace) {
      EXPECT_TRUE(request_replace(order, *d.replace, at_seconds(t)));
      prices.push_back(*d.replace->limit_price);
      if (auto_ack) {
        EXPECT_TRUE(apply(order, report(order, ExecutionReportKind::replaced), at_seconds(t)));
      }
    }
    decisions.push_back(d);
    return d;
  }

  // Polls every cancel_after (30 s) until the walk stops; returns the stop.
  WalkStopped run(std::int64_t from = 30, int max_polls = 50) {
    for (int i = 0; i < max_polls && !walk.stopped(); ++i) poll(from + 30 * i);
    EXPECT_TRUE(walk.stopped());
    for (const auto& d : decisions) {
      if (d.stopped) return *d.stopped;
    }
    return {};
  }
};

std::vector<Price> prices(std::initializer_list<double> dollars) {
  std::vector<Price> out;
  for (double d : dollars) out.push_back(px(d));
  return out;
}

TEST(SmartOrderWalk, Buy_StepsTenPercentOfSpreadUpToTheFarTouchThenStops) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 10.70, 10.80, 10.90, 11.00}));
  EXPECT_EQ(stop.reason, WalkStopReason::far_touch);
  EXPECT_EQ(stop.action, WalkEndAction::rest);
  EXPECT_EQ(stop.last_price, px(11.00));
  EXPECT_EQ(s.walk.attempts(), 5);
}

TEST(SmartOrderWalk, Sell_WalksDownAndRoundsTowardTheBid) {
  auto s = WalkScript::start(limit_order("w", Side::sell, 1, 1), single(2.00, 2.40));
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({2.20, 2.15, 2.10, 2.05, 2.00}));
  EXPECT_EQ(stop.reason, WalkStopReason::far_touch);
}

TEST(SmartOrderWalk, OpeningPrice_RoundsPassively) {
  TickRule rule = TickRule::standard();
  auto buy = SmartOrderWalk::begin({}, limit_order("b", Side::buy, 1, 1), single(1.00, 1.15), rule);
  auto sell = SmartOrderWalk::begin({}, limit_order("s", Side::sell, 1, 1), single(1.00, 1.15), rule);
  ASSERT_TRUE(buy && sell);
  EXPECT_EQ(buy->opening_price(), px(1.05));   // mid 1.075 rounds down for a buy
  EXPECT_EQ(sell->opening_price(), px(1.10));  // and up for a sell
}

TEST(SmartOrderWalk, ZeroBid_OpensAtTheLowestValidPrice) {
  auto walk = SmartOrderWalk::begin({}, limit_order("b", Side::buy, 1, 1), single(0.00, 0.05), TickRule::standard());
  ASSERT_TRUE(walk);
  EXPECT_EQ(walk->opening_price(), px(0.05));
}

TEST(SmartOrderWalk, WaitsCancelAfterBeforeEachStep) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  WalkDecision early = s.poll(29);
  EXPECT_EQ(early.action, WalkAction::wait);
  EXPECT_EQ(early.wake_at, at_seconds(30));
  EXPECT_EQ(s.poll(30).action, WalkAction::replace);
  EXPECT_EQ(s.poll(59).wake_at, at_seconds(60));
}

TEST(SmartOrderWalk, PartialFill_DoesNotRestartTheClock) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  ASSERT_TRUE(apply(s.order, fill_report(s.order, 0, 3, 10.50), at_seconds(20)));
  EXPECT_EQ(s.poll(30).action, WalkAction::replace);
}

TEST(SmartOrderWalk, StopsAfterMaxAttempts) {
  SmartExecutionConfig config;
  config.step_pct_of_spread = 5;
  config.max_attempts = 3;
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00), config, TickRule::flat(px(0.01)));
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({10.50, 10.55, 10.60, 10.65}));
  EXPECT_EQ(stop.reason, WalkStopReason::max_attempts);
  EXPECT_EQ(stop.attempts, 3);
}

TEST(SmartOrderWalk, OnExhaustedCancel_AsksForACancel) {
  SmartExecutionConfig config;
  config.on_exhausted = WalkEndAction::cancel;
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00), config);
  s.run();
  EXPECT_EQ(s.decisions.back().action, WalkAction::cancel);
  EXPECT_EQ(s.decisions.back().stopped->reason, WalkStopReason::far_touch);
}

TEST(SmartOrderWalk, MaxWalkBelowFarTouch_CapsThePrice) {
  SmartExecutionConfig config;
  config.max_walk_pct_of_spread = 75;
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00), config, TickRule::flat(px(0.01)));
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 10.70, 10.75}));
  EXPECT_EQ(stop.reason, WalkStopReason::far_touch);
}

TEST(SmartOrderWalk, MaxWalkOffTheTickGrid_CapsAtTheTickBelow) {
  SmartExecutionConfig config;
  config.max_walk_pct_of_spread = 75;  // 10.75 is not a $0.10 tick: the cap is 10.70
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00), config);
  s.run();
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 10.70}));
}

TEST(SmartOrderWalk, ReanchorsOnTheCurrentQuote) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  s.poll(30);  // 10.60
  s.quote = single(10.40, 11.40);
  s.poll(60);  // 70% of the new spread: 10.40 + 0.70
  s.quote = single(10.00, 10.60);
  s.poll(90);  // 80% of 0.60 from 10.00 = 10.48 -> up onto the tick: 10.50
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 11.10, 10.50}));
  EXPECT_EQ(s.decisions[1].step->anchor_mid, px(10.90));
  EXPECT_EQ(s.decisions[1].step->position_bps, 7'000);
}

TEST(SmartOrderWalk, StepThatRoundsOntoTheSameTick_MovesFurther) {
  SmartExecutionConfig config;
  config.step_pct_of_spread = 5;
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 10.50), config);
  s.poll(30);  // 55%: 10.275 -> 10.30
  s.poll(60);  // 60%: 10.30 again, so 65%: 10.325 -> 10.40
  EXPECT_EQ(s.prices, prices({10.20, 10.30, 10.40}));
  EXPECT_EQ(s.walk.attempts(), 2);
}

TEST(SmartOrderWalk, NeverStepsWhileAReplaceIsInFlight) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  s.auto_ack = false;
  EXPECT_EQ(s.poll(30).action, WalkAction::replace);
  EXPECT_EQ(s.order.state, OrderState::pending_replace);
  for (std::int64_t t : {60, 90, 300}) EXPECT_EQ(s.poll(t).action, WalkAction::wait);
  ASSERT_TRUE(apply(s.order, report(s.order, ExecutionReportKind::replaced), at_seconds(310)));
  EXPECT_EQ(s.poll(339).action, WalkAction::wait);  // the clock restarts at the venue's answer
  EXPECT_EQ(s.poll(340).action, WalkAction::replace);
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 10.70}));
}

TEST(SmartOrderWalk, FillDuringPendingReplace_ShrinksWhatTheNextStepWorks) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  s.auto_ack = false;
  WalkDecision first = s.poll(30);
  EXPECT_EQ(first.step->leaves, Quantity(10));
  ASSERT_TRUE(apply(s.order, fill_report(s.order, 0, 4, 10.50), at_seconds(31)));
  ASSERT_TRUE(apply(s.order, report(s.order, ExecutionReportKind::replaced), at_seconds(32)));
  EXPECT_EQ(s.order.state, OrderState::partially_filled);
  WalkDecision second = s.poll(62);
  ASSERT_EQ(second.action, WalkAction::replace);
  EXPECT_EQ(second.step->leaves, Quantity(6));
  EXPECT_EQ(second.replace->quantity, Quantity(10));  // total: the venue works 10 - 4
  ASSERT_TRUE(apply(s.order, fill_report(s.order, 0, 6, 10.70), at_seconds(63)));
  EXPECT_EQ(s.order.state, OrderState::filled);
  WalkDecision done = s.poll(64);
  ASSERT_TRUE(done.stopped);
  EXPECT_EQ(done.stopped->reason, WalkStopReason::filled);
  EXPECT_EQ(s.order.average_fill_price(), px(10.62));  // (4 x 10.50 + 6 x 10.70) / 10
  EXPECT_FALSE(s.poll(65).stopped);  // published once
}

TEST(SmartOrderWalk, ReplaceRejected_KeepsWalkingAfterAnotherWait) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  s.auto_ack = false;
  s.poll(30);
  ASSERT_TRUE(apply(s.order, report(s.order, ExecutionReportKind::replace_rejected, "busy"), at_seconds(31)));
  EXPECT_EQ(s.poll(60).action, WalkAction::wait);
  EXPECT_EQ(s.poll(61).action, WalkAction::replace);
}

TEST(SmartOrderWalk, CancelledByOthers_StopsAsOrderClosed) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  ASSERT_TRUE(apply(s.order, report(s.order, ExecutionReportKind::cancelled, "halt"), at_seconds(5)));
  WalkDecision d = s.poll(30);
  ASSERT_TRUE(d.stopped);
  EXPECT_EQ(d.stopped->reason, WalkStopReason::order_closed);
}

TEST(SmartOrderWalk, NoQuoteOrCrossedQuote_DoesNotStep) {
  auto s = WalkScript::start(limit_order("w", Side::buy, 10, 1), single(10.00, 11.00));
  EXPECT_EQ(s.walk.poll(s.order, nullptr, at_seconds(30)).action, WalkAction::wait);
  NetQuote crossed{px(11.00), px(10.90), px(10.95), {}};
  EXPECT_EQ(s.walk.poll(s.order, &crossed, at_seconds(30)).action, WalkAction::wait);
  EXPECT_EQ(s.walk.attempts(), 0);
}

TEST(SmartOrderWalk, Combo_WalksTheNetPrice) {
  // Buy 450C (3.00 x 3.20), sell 455C (2.00 x 2.10): net bid 0.90, ask 1.20, mid 1.05, spread 0.30.
  auto legs = std::vector<market::Quote>{quote(3.00, 3.20), quote(2.00, 2.10)};
  OrderRequest request = vertical_order("v", 5, 1.00);
  auto net = net_quote(request, legs);
  ASSERT_TRUE(net);
  EXPECT_EQ(net->bid, px(0.90));
  EXPECT_EQ(net->ask, px(1.20));
  EXPECT_EQ(net->mid, px(1.05));
  auto s = WalkScript::start(request, *net, {}, TickRule::flat(px(0.01)));
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({1.05, 1.08, 1.11, 1.14, 1.17, 1.20}));
  EXPECT_EQ(stop.reason, WalkStopReason::far_touch);
}

TEST(SmartOrderWalk, ComboCredit_WalksTowardASmallerCredit) {
  // Sell 450C, buy 455C: net bid -1.20, ask -0.90, mid -1.05 (a credit).
  OrderRequest request = vertical_order("c", 1, -1.00);
  request.legs[0].side = Side::sell;
  request.legs[1].side = Side::buy;
  auto legs = std::vector<market::Quote>{quote(3.00, 3.20), quote(2.00, 2.10)};
  auto net = net_quote(request, legs);
  ASSERT_TRUE(net);
  EXPECT_EQ(net->mid, px(-1.05));
  auto s = WalkScript::start(request, *net, {}, TickRule::flat(px(0.05)));
  s.poll(30);
  s.poll(60);
  EXPECT_EQ(s.prices, prices({-1.05, -1.00, -0.95}));
}

TEST(SmartOrderWalk, SlippageBudget_StopsBeforeTheStepThatWouldExceedIt) {
  SmartExecutionConfig config;
  config.slippage_budget = OrderSlippageBudget{20.0, WalkEndAction::rest};
  auto s = WalkScript::start(limit_order("w", Side::buy, 2, 1), single(10.00, 11.00), config);
  auto stop = s.run();
  EXPECT_EQ(s.prices, prices({10.50, 10.60, 10.70}));
  EXPECT_EQ(stop.reason, WalkStopReason::slippage_budget);
  EXPECT_EQ(stop.last_price, px(10.70));
  const auto& hit = s.decisions.back().budget_hit;
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->scope, SlippageBudgetScope::order);
  EXPECT_EQ(hit->budget, Money::from_units(400'000));  // 0.20 x 2 x 100 = $40
  EXPECT_EQ(hit->spent, Money::from_units(600'000));   // the next price would slip 0.30 x 2 x 100
}

TEST(SmartOrderWalk, SlippageBudgetCancel_AsksForACancel) {
  SmartExecutionConfig config;
  config.slippage_budget = OrderSlippageBudget{20.0, WalkEndAction::cancel};
  auto s = WalkScript::start(limit_order("w", Side::buy, 2, 1), single(10.00, 11.00), config);
  s.run();
  EXPECT_EQ(s.decisions.back().action, WalkAction::cancel);
}

TEST(SmartOrderWalk, DailyBudgetSpent_RefusesANewWalkSayingWhy) {
  DailySlippageBudget daily(Money::from_units(1'000'000));
  daily.record(Money::from_units(1'000'000));
  auto walk = SmartOrderWalk::begin({}, limit_order("w", Side::buy, 1, 1), single(10.00, 11.00), TickRule::standard(), &daily);
  ASSERT_FALSE(walk);
  EXPECT_EQ(walk.error().code, ErrorCode::conflict);
  EXPECT_NE(walk.error().message.find("daily slippage budget spent: $100.00 of $100.00"), std::string::npos) << walk.error().message;
}

TEST(SmartOrderWalk, BadConfig_IsRefusedNamingTheKey) {
  SmartExecutionConfig config;
  config.step_pct_of_spread = 0;
  EXPECT_EQ(config.validate().error().field, "step_pct_of_spread");
  config = {};
  config.max_walk_pct_of_spread = 150;
  EXPECT_EQ(config.validate().error().field, "max_walk_pct_of_spread");
  config = {};
  config.max_attempts = -1;
  EXPECT_EQ(config.validate().error().field, "max_attempts");
  config = {};
  config.cancel_after = Nanoseconds::zero();
  EXPECT_FALSE(config.validate());
  EXPECT_TRUE(SmartExecutionConfig{}.validate());
}

TEST(SmartOrderWalk, MarketOrder_IsNotWalked) {
  OrderRequest r = limit_order("m", Side::buy, 1, 1);
  r.type = OrderType::market;
  r.limit_price.reset();
  EXPECT_FALSE(SmartOrderWalk::begin({}, r, single(1.00, 1.10), TickRule::standard()));
}

TEST(NetQuote, LegWithoutOffer_IsUnavailable) {
  OrderRequest request = vertical_order("v", 1, 1.00);
  auto legs = std::vector<market::Quote>{quote(3.00, 3.20), quote(0.00, 0.00)};
  auto net = net_quote(request, legs);
  ASSERT_FALSE(net);
  EXPECT_EQ(net.error().code, ErrorCode::unavailable);
  EXPECT_EQ(net.error().field, "quotes[1]");
  EXPECT_FALSE(net_quote(request, std::vector<market::Quote>{quote(3.00, 3.20)}));
}

TEST(NetQuote, RatioLegsWeighTheSpread) {
  OrderRequest request = vertical_order("r", 1, 0.50);
  request.legs[1].ratio = 2;
  auto legs = std::vector<market::Quote>{quote(3.00, 3.20), quote(1.00, 1.10)};
  auto net = net_quote(request, legs);
  ASSERT_TRUE(net);
  EXPECT_EQ(net->spread(), px(0.40));  // 1 x 0.20 + 2 x 0.10
  EXPECT_EQ(net->mid, px(1.00));       // 3.10 - 2 x 1.05
}

}  // namespace
}  // namespace nightdesk::execution
