// Stop and stop-limit orders at the paper venue: armed until the touch (or the last trade) reaches the
// stop price, then a market (stop) or limit (stop-limit) order.
#include "venue_fixture.h"

namespace nightdesk::broker::testing {
namespace {

using execution::OrderType;

class StopTest : public VenueTest {
 public:
  OrderRequest stop(Side side, double stop_price) {
    OrderRequest r = limit(call(100), side, 1, 1.0);
    r.type = OrderType::stop;
    r.limit_price.reset();
    r.stop_price = px(stop_price);
    return r;
  }
  OrderRequest stop_limit(Side side, double stop_price, double limit_price) {
    OrderRequest r = limit(call(100), side, 1, limit_price);
    r.type = OrderType::stop_limit;
    r.stop_price = px(stop_price);
    return r;
  }
  void quote_with_last(double bid, double ask, double last) {
    market::QuoteEvent e;
    const auto i = call(100);
    e.kind = i.kind;
    e.underlying = i.underlying;
    e.expiry = i.expiry;
    e.strike = i.strike;
    e.right = i.right;
    e.quote.time = loop.now();
    e.quote.bid = px(bid);
    e.quote.ask = px(ask);
    e.quote.bid_size = Quantity(10);
    e.quote.ask_size = Quantity(10);
    e.quote.last = px(last);
    venue->on_quote(e);
  }
};

TEST_F(StopTest, BuyStop_RestsUntilAskReachesStop_ThenFillsAtTheAsk) {
  quote(call(100), 2.00, 2.10);
  send(stop(Side::buy, 2.20));
  run();
  ASSERT_EQ(of_kind(ExecutionReportKind::accepted).size(), 1u);
  quote(call(100), 2.05, 2.15);
  run();
  EXPECT_TRUE(fills().empty()) << "ask 2.15 is below the 2.20 stop";
  quote(call(100), 2.15, 2.25);
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.25));
}

TEST_F(StopTest, SellStop_TriggersWhenBidFallsToStop_FillsAtTheBid) {
  quote(call(100), 2.00, 2.10);
  send(stop(Side::sell, 1.80));
  run();
  quote(call(100), 1.85, 1.95);
  run();
  EXPECT_TRUE(fills().empty());
  quote(call(100), 1.75, 1.85);
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(1.75));
}

TEST_F(StopTest, BuyStop_LastTradeAtStop_TriggersThoughAskIsBelow) {
  quote(call(100), 2.00, 2.10);
  send(stop(Side::buy, 2.20));
  run();
  quote_with_last(2.05, 2.15, 2.20);
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.15));
}

TEST_F(StopTest, StopAlreadyThroughOnArrival_TriggersAtOnce) {
  quote(call(100), 2.00, 2.10);
  send(stop(Side::buy, 2.05));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.10));
}

TEST_F(StopTest, StopLimit_MarketGapsPastLimit_RestsAsLimitThenFillsAtLimit) {
  quote(call(100), 2.00, 2.10);
  send(stop_limit(Side::buy, 2.20, 2.25));
  run();
  quote(call(100), 2.30, 2.40);  // triggers, but the ask is above the 2.25 limit
  run();
  EXPECT_TRUE(fills().empty());
  quote(call(100), 2.10, 2.20);  // falls back below the stop: a triggered order stays triggered
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.25)) << "a resting limit crossed by the market fills at its own price";
}

TEST_F(StopTest, StopLimit_NotTriggered_DoesNotFillEvenWhenLimitIsMarketable) {
  quote(call(100), 2.00, 2.10);
  send(stop_limit(Side::buy, 2.50, 2.60));
  run();
  EXPECT_TRUE(fills().empty()) << "a 2.60 limit would cross the 2.10 ask, but the 2.50 stop is not reached";
}

TEST_F(StopTest, SellStop_ZeroBid_DoesNotTrigger) {
  quote(call(100), 0.50, 0.60);
  send(stop(Side::sell, 0.40));
  run();
  quote(call(100), 0.00, 0.60);
  run();
  EXPECT_TRUE(fills().empty());
  EXPECT_EQ(of_kind(ExecutionReportKind::fill).size(), 0u);
}

TEST_F(StopTest, Reject_StopPriceOffTick_NamesTheStop) {
  quote(call(100), 2.00, 2.10);
  send(stop(Side::buy, 2.23));
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("off_tick: stop 2.23")) << r[0].reason;
}

TEST_F(StopTest, Reject_ComboStop_IsInvalidRequest) {
  quote(call(100), 2.00, 2.10);
  quote(call(105), 1.00, 1.10);
  auto r = combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 1, 1.0);
  r.type = OrderType::stop_limit;
  r.stop_price = px(1.20);
  send(r);
  run();
  auto rejected = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_TRUE(rejected[0].reason.starts_with("invalid_request")) << rejected[0].reason;
}

}  // namespace
}  // namespace nightdesk::broker::testing
