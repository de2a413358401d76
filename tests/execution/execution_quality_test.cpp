#include "execution/execution_quality.h"

#include <gtest/gtest.h>

#include <string>

#include "execution/order_fixtures.h"
#include "execution/order_state_machine.h"

namespace nightdesk::execution {
namespace {

using namespace testing;
using std::chrono::seconds;

constexpr double kEps = 1e-9;
const Date kDay = std::chrono::year(2025) / std::chrono::January / 6;

NetQuote arrival(double bid, double ask) {
  market::Quote q = quote(bid, ask);
  return NetQuote{q.bid, q.ask, q.mid(), at_seconds(0)};
}

Order accepted(OrderRequest request) {
  Order o(std::move(request), at_seconds(0));
  EXPECT_TRUE(submit(o, at_seconds(0)));
  EXPECT_TRUE(apply(o, report(o, ExecutionReportKind::accepted), at_seconds(0)));
  return o;
}

// Buy 100 at arrival 10.00 x 10.20: 60 @ 10.12 at +10 s, a replace, 40 @ 10.17 at +40 s.
Order walked_buy() {
  Order o = accepted(limit_order("buy-1", Side::buy, 100, 10.10));
  EXPECT_TRUE(apply(o, fill_report(o, 0, 60, 10.12), at_seconds(10)));
  EXPECT_TRUE(request_replace(o, ReplaceTerms{px(10.17), Quantity(100)}, at_seconds(30)));
  EXPECT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), at_seconds(30)));
  EXPECT_TRUE(apply(o, fill_report(o, 0, 40, 10.17), at_seconds(40)));
  return o;
}

QualityContext context_for(const NetQuote& q, std::string symbol = "SPY-C450") {
  QualityContext c;
  c.arrival = q;
  c.arrival_time = at_seconds(0);
  c.symbol = std::move(symbol);
  c.day = kDay;
  return c;
}

TEST(ExecutionQuality, SingleOrder_AllPerOrderMetrics) {
  auto q = measure_order_quality(walked_buy(), context_for(arrival(10.00, 10.20)));
  ASSERT_TRUE(q) << q.error().describe();
  EXPECT_DOUBLE_EQ(q->fill_rate(), 1.0);
  EXPECT_EQ(q->time_to_first_fill, seconds(10));
  EXPECT_EQ(q->time_to_complete, seconds(40));
  EXPECT_EQ(q->replaces, 1);
  EXPECT_EQ(q->average_price, px(10.14));
  EXPECT_EQ(q->arrival_slippage, px(0.04));
  EXPECT_EQ(q->effective_spread, px(0.08));   // 2 x (10.14 - 10.10)
  EXPECT_EQ(q->price_improvement, px(0.06));  // 10.20 - 10.14
  EXPECT_NEAR(*q->effective_over_quoted, 0.4, kEps);
  EXPECT_NEAR(*q->half_spread_crossed, 0.4, kEps);
  EXPECT_EQ(q->implementation_shortfall, Money::from_units(4'013'000));  // $400 + 2 x $0.65 fees
  EXPECT_NEAR(*q->cancel_fill_ratio(), 0.5, kEps);  // 1 replace / 2 fills
}

TEST(ExecutionQuality, SellPartiallyFilledThenCancelled_CountsTheUnfilledAtTheEndMid) {
  Order o = accepted(limit_order("sell-1", Side::sell, 10, 2.10));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 4, 2.05), at_seconds(5)));
  ASSERT_TRUE(request_cancel(o, at_seconds(60)));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::cancelled), at_seconds(61)));
  QualityContext c = context_for(arrival(2.00, 2.20), "SPY-P440");
  c.end_mid = px(2.00);
  auto q = measure_order_quality(o, c);
  ASSERT_TRUE(q);
  EXPECT_DOUBLE_EQ(q->fill_rate(), 0.4);
  EXPECT_FALSE(q->time_to_complete);
  EXPECT_EQ(q->arrival_slippage, px(0.05));    // sold 0.05 under the mid
  EXPECT_EQ(q->price_improvement, px(0.05));   // 0.05 above the bid
  // $20 on the 4 done + $60 on the 6 missed as the mid fell + $0.65 fees.
  EXPECT_EQ(q->implementation_shortfall, Money::from_units(806'500));
  EXPECT_NEAR(*q->cancel_fill_ratio(), 1.0, kEps);
}

TEST(ExecutionQuality, Combo_MeasuredOnTheNetPrice) {
  Order o = accepted(vertical_order("v", 2, 1.05));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 2, 3.10), at_seconds(3)));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 2, 2.00), at_seconds(3)));
  auto q = measure_order_quality(o, context_for(NetQuote{px(0.90), px(1.20), px(1.05), at_seconds(0)}));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->average_price, px(1.10));
  EXPECT_EQ(q->arrival_slippage, px(0.05));
  EXPECT_EQ(q->price_improvement, px(0.10));
  EXPECT_NEAR(*q->half_spread_crossed, 1.0 / 3.0, kEps);
  EXPECT_EQ(q->fills, 1u);
}

TEST(ExecutionQuality, LockedArrivalQuote_HasNoSpreadRatios) {
  Order o = accepted(limit_order("l", Side::buy, 1, 1.00));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 1, 1.00), at_seconds(1)));
  auto q = measure_order_quality(o, context_for(arrival(1.00, 1.00)));
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->effective_over_quoted);
  EXPECT_FALSE(q->half_spread_crossed);
  EXPECT_EQ(q->effective_spread, px(0));
}

TEST(ExecutionQuality, Unfilled_HasNoPriceMetrics) {
  Order o = accepted(limit_order("u", Side::buy, 5, 1.00));
  auto q = measure_order_quality(o, context_for(arrival(1.00, 1.10)));
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->average_price);
  EXPECT_FALSE(q->cancel_fill_ratio());
  EXPECT_DOUBLE_EQ(q->fill_rate(), 0.0);
}

TEST(ExecutionQualityBook, RealizedSpreads_UseTheMidPrevailingAtEachHorizon) {
  ExecutionQualityBook book;
  book.watch("SPY-C450");
  book.on_mid("SPY-C450", px(10.10), at_seconds(0));
  book.on_mid("SPY-C450", px(10.12), at_seconds(10) + std::chrono::milliseconds(500));
  book.on_mid("SPY-C450", px(10.14), at_seconds(12));
  auto recorded = book.record(walked_buy(), context_for(arrival(10.00, 10.20)));
  ASSERT_TRUE(recorded);
  EXPECT_EQ(book.pending_horizons(), 7u);  // fill 1's +1 s is already priced from the kept mids
  book.on_mid("SPY-C450", px(10.16), at_seconds(45));
  book.on_mid("SPY-C450", px(10.20), at_seconds(100));
  book.on_mid("SPY-C450", px(10.30), at_seconds(341));
  EXPECT_EQ(book.pending_horizons(), 0u);
  const OrderQuality& q = book.orders().front();
  // Fill 1 (60 @ 10.12 at 10 s): mids 10.12, 10.14, 10.16, 10.20 -> 0, -0.04, -0.08, -0.16.
  // Fill 2 (40 @ 10.17 at 40 s): mids 10.14, 10.16 (exactly at 45 s), 10.20 (exactly at 100 s), 10.20.
  EXPECT_NEAR(*q.realized_spread[0], 0.024, kEps);
  EXPECT_NEAR(*q.realized_spread[1], -0.016, kEps);
  EXPECT_NEAR(*q.realized_spread[2], -0.072, kEps);
  EXPECT_NEAR(*q.realized_spread[3], -0.12, kEps);
  auto total = book.total();
  EXPECT_NEAR(*total.realized_spread[3], -0.12, kEps);
}

TEST(ExecutionQualityBook, WithoutWatch_PassedHorizonsTakeTheNextMid) {
  ExecutionQualityBook book;
  Order o = accepted(limit_order("b", Side::buy, 1, 1.00));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 1, 1.00), at_seconds(1)));
  ASSERT_TRUE(book.record(o, context_for(arrival(0.95, 1.05), "X")));
  EXPECT_EQ(book.pending_horizons(), 4u);
  book.on_mid("X", px(1.02), at_seconds(1'000));
  EXPECT_EQ(book.pending_horizons(), 0u);
  EXPECT_NEAR(*book.orders().front().realized_spread[0], -0.04, kEps);
}

TEST(ExecutionQualityBook, MidsOfUnwatchedSymbols_AreIgnored) {
  ExecutionQualityBook book;
  book.on_mid("NOBODY", px(1.00), at_seconds(0));
  EXPECT_EQ(book.pending_horizons(), 0u);
  EXPECT_EQ(book.total().orders, 0u);
}

// A symbol no order watches or waits on any more is forgotten with its mids, however many symbols came
// and went (the book parks idle symbols for reuse and drops them in bulk): a later order on it is priced
// from mids that come after, never from ones kept for an earlier order or seen while nobody watched.
TEST(ExecutionQualityBook, SymbolWatchedAgainAfterItsOrdersEnded_StartsWithoutOldMids) {
  for (int symbols : {1, 1'100}) {
    ExecutionQualityBook book;
    for (int i = 0; i < symbols; ++i) {
      const std::string symbol = i == 0 ? "X" : "S" + std::to_string(i);
      book.watch(symbol);
      book.on_mid(symbol, px(5.00), at_seconds(0));
      Order unfilled = accepted(limit_order("u" + std::to_string(i), Side::buy, 1, 1.00));
      ASSERT_TRUE(book.record(unfilled, context_for(arrival(0.95, 1.05), symbol)));
    }
    book.on_mid("X", px(9.99), at_seconds(1));  // nobody watches X now: ignored
    book.watch("X");
    Order o = accepted(limit_order("b", Side::buy, 1, 1.00));
    ASSERT_TRUE(apply(o, fill_report(o, 0, 1, 1.00), at_seconds(1)));
    ASSERT_TRUE(book.record(o, context_for(arrival(0.95, 1.05), "X")));
    EXPECT_EQ(book.pending_horizons(), 4u) << symbols << " symbols";
    book.on_mid("X", px(1.02), at_seconds(1'000));
    EXPECT_EQ(book.pending_horizons(), 0u);
    EXPECT_NEAR(*book.orders().back().realized_spread[0], -0.04, kEps) << symbols << " symbols";
  }
}

TEST(ExecutionQualityBook, AggregatesBySymbolStrategyAndDay) {
  ExecutionQualityBook book;
  ASSERT_TRUE(book.record(walked_buy(), context_for(arrival(10.00, 10.20))));
  OrderRequest sell = limit_order("sell-1", Side::sell, 10, 2.10);
  sell.strategy_tag = "wheel";
  Order o = accepted(sell);
  ASSERT_TRUE(apply(o, fill_report(o, 0, 4, 2.05), at_seconds(5)));
  ASSERT_TRUE(request_cancel(o, at_seconds(60)));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::cancelled), at_seconds(61)));
  QualityContext c = context_for(arrival(2.00, 2.20), "SPY-P440");
  c.end_mid = px(2.00);
  ASSERT_TRUE(book.record(o, c));

  QualityAggregate total = book.total();
  EXPECT_EQ(total.orders, 2u);
  EXPECT_EQ(total.ordered, Quantity(110));
  EXPECT_EQ(total.filled, Quantity(104));
  EXPECT_NEAR(total.fill_rate, 104.0 / 110.0, kEps);
  EXPECT_NEAR(*total.arrival_slippage, (0.04 * 100 + 0.05 * 4) / 104, kEps);
  EXPECT_NEAR(*total.effective_spread, (0.08 * 100 + 0.10 * 4) / 104, kEps);
  EXPECT_NEAR(*total.effective_over_quoted, (0.08 * 100 + 0.10 * 4) / (0.20 * 104), kEps);
  EXPECT_NEAR(*total.mean_seconds_to_first_fill, 7.5, kEps);
  EXPECT_NEAR(*total.mean_seconds_to_complete, 40.0, kEps);
  EXPECT_NEAR(*total.cancel_fill_ratio, 2.0 / 3.0, kEps);  // (1 replace + 1 cancel) / 3 fills
  EXPECT_EQ(total.implementation_shortfall, Money::from_units(4'013'000 + 806'500));

  auto by_strategy = book.by_strategy();
  ASSERT_EQ(by_strategy.size(), 2u);
  EXPECT_EQ(by_strategy.at("wheel").orders, 1u);
  EXPECT_NEAR(by_strategy.at("test").fill_rate, 1.0, kEps);
  auto by_symbol = book.by_symbol();
  EXPECT_EQ(by_symbol.at("SPY-P440").filled, Quantity(4));
  auto by_day = book.by_day();
  ASSERT_EQ(by_day.size(), 1u);
  EXPECT_EQ(by_day.at("2025-01-06").orders, 2u);
}

// A filled buy of 1 @ `price` at `t` s (arrival 0.95 x 1.05) and its context, under `symbol`.
Order filled_buy(std::string id, double price, std::int64_t t) {
  Order o = accepted(limit_order(std::move(id), Side::buy, 1, price));
  EXPECT_TRUE(apply(o, fill_report(o, 0, 1, price), at_seconds(t)));
  return o;
}

TEST(QualityRetention, ZeroOrders_OrNonPositiveAge_IsRefusedNamingTheField) {
  EXPECT_EQ((QualityRetention{.max_orders = 0, .max_age = std::nullopt}.validate().error().field), "max_orders");
  EXPECT_EQ((QualityRetention{.max_orders = 5, .max_age = seconds(0)}.validate().error().field), "max_age");
  EXPECT_TRUE((QualityRetention{.max_orders = 1, .max_age = seconds(1)}.validate()));
}

TEST(ExecutionQualityBook, Retention_BeyondMaxOrders_DropsSettledRecordsButAggregatesKeepThem) {
  ExecutionQualityBook bounded(QualityRetention{.max_orders = 4, .max_age = std::nullopt});
  ExecutionQualityBook unbounded;
  for (int i = 0; i < 50; ++i) {
    const std::string symbol = i % 2 == 0 ? "A" : "B";
    for (ExecutionQualityBook* book : {&bounded, &unbounded}) {
      Order o = filled_buy("o" + std::to_string(i), 1.00 + 0.01 * (i % 3), 10 * i);
      QualityContext c = context_for(arrival(0.95, 1.05), symbol);
      c.arrival_time = at_seconds(10 * i);
      ASSERT_TRUE(book->record(o, c));
      book->on_mid(symbol, px(1.00 + 0.01 * (i % 5)), at_seconds(10 * i + 400));  // prices all four horizons
    }
  }
  EXPECT_LE(bounded.orders().size(), 4u);
  EXPECT_EQ(bounded.orders().size() + bounded.retired_orders(), 50u);
  EXPECT_EQ(bounded.orders().back().client_order_id, ClientOrderId("o49"));
  QualityAggregate a = bounded.total(), b = unbounded.total();
  EXPECT_EQ(a.orders, 50u);
  EXPECT_EQ(a.filled, b.filled);
  EXPECT_EQ(a.implementation_shortfall, b.implementation_shortfall);
  EXPECT_NEAR(*a.arrival_slippage, *b.arrival_slippage, kEps);
  EXPECT_NEAR(*a.realized_spread[3], *b.realized_spread[3], kEps);
  EXPECT_NEAR(*a.mean_seconds_to_first_fill, *b.mean_seconds_to_first_fill, kEps);
  EXPECT_EQ(bounded.by_symbol().at("A").orders, 25u);
  EXPECT_NEAR(*bounded.by_symbol().at("B").effective_spread, *unbounded.by_symbol().at("B").effective_spread, kEps);
  EXPECT_EQ(bounded.by_strategy().at("test").orders, 50u);
  EXPECT_EQ(bounded.by_day().at("2025-01-06").orders, 50u);
}

TEST(ExecutionQualityBook, Retention_KeepsARecordUntilItsFiveMinuteHorizonIsPriced) {
  ExecutionQualityBook book(QualityRetention{.max_orders = 1, .max_age = std::nullopt});
  ASSERT_TRUE(book.record(filled_buy("waiting", 1.00, 0), context_for(arrival(0.95, 1.05), "W")));
  ASSERT_TRUE(book.record(filled_buy("next", 1.00, 1), context_for(arrival(0.95, 1.05), "N")));
  EXPECT_EQ(book.retired_orders(), 0u) << "'waiting' still has four horizons to price";
  book.on_mid("W", px(1.02), at_seconds(100));  // 1 s, 5 s and 60 s priced; 5 min still waiting
  ASSERT_TRUE(book.record(filled_buy("third", 1.00, 2), context_for(arrival(0.95, 1.05), "T")));
  EXPECT_EQ(book.retired_orders(), 0u);
  book.on_mid("W", px(1.04), at_seconds(300));  // exactly at the 5-minute horizon: this mid prevails
  book.on_mid("N", px(1.00), at_seconds(400));
  ASSERT_TRUE(book.record(filled_buy("fourth", 1.00, 3), context_for(arrival(0.95, 1.05), "F")));
  EXPECT_EQ(book.retired_orders(), 2u) << "'waiting' and 'next' are settled now";
  ASSERT_EQ(book.orders().size(), 2u);
  EXPECT_EQ(book.orders().front().client_order_id, ClientOrderId("third"));
  EXPECT_NEAR(*book.by_symbol().at("W").realized_spread[3], -0.08, kEps) << "2 x (1.00 - 1.04), kept after retiring";
}

TEST(ExecutionQualityBook, Retention_ByAge_DropsSettledRecordsOlderThanMaxAge) {
  ExecutionQualityBook book(QualityRetention{.max_orders = 1'000, .max_age = std::chrono::hours(1)});
  Order old = accepted(limit_order("old", Side::buy, 1, 1.00));  // never filled: nothing to price, settled
  ASSERT_TRUE(book.record(old, context_for(arrival(0.95, 1.05), "X")));
  Order young = accepted(limit_order("young", Side::buy, 1, 1.00));
  ASSERT_TRUE(apply(young, report(young, ExecutionReportKind::cancelled), at_seconds(1'800)));
  ASSERT_TRUE(book.record(young, context_for(arrival(0.95, 1.05), "X")));
  EXPECT_EQ(book.retired_orders(), 0u);
  Order late = accepted(limit_order("late", Side::buy, 1, 1.00));
  ASSERT_TRUE(apply(late, report(late, ExecutionReportKind::cancelled), at_seconds(3'700)));
  ASSERT_TRUE(book.record(late, context_for(arrival(0.95, 1.05), "X")));
  EXPECT_EQ(book.retired_orders(), 1u);
  EXPECT_EQ(book.orders().front().client_order_id, ClientOrderId("young"));
  EXPECT_EQ(book.total().orders, 3u);
}

TEST(ExecutionQuality, DefaultKey_IsTheOccSymbolOrTheLegsJoined) {
  EXPECT_EQ(quality_key(limit_order("a", Side::buy, 1, 1)), "SPY   250117C00450000");
  EXPECT_EQ(quality_key(vertical_order("v", 1, 1)), "SPY   250117C00450000/SPY   250117C00455000");
}

}  // namespace
}  // namespace nightdesk::execution
