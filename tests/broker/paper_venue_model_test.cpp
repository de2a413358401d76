// Fill models (seeded where random), latency ordering, fees, rejects and the cancel/fill race.
#include <gtest/gtest.h>

#include "venue_fixture.h"

namespace nightdesk::broker::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

PaperVenueConfig probabilistic(double p_mid, std::uint64_t seed = 7) {
  PaperVenueConfig c;
  c.fills.model = FillModel::probabilistic;
  c.fills.probability_at_mid = p_mid;
  c.fills.seed = seed;
  return c;
}

TEST(FillProbability, GrowsFromNearTouchThroughMidToFarTouch) {
  EXPECT_DOUBLE_EQ(fill_probability(-1.0, 0.3), 0.0);
  EXPECT_DOUBLE_EQ(fill_probability(0.0, 0.3), 0.3);
  EXPECT_DOUBLE_EQ(fill_probability(0.5, 0.3), 0.65);
  EXPECT_DOUBLE_EQ(fill_probability(1.0, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(fill_probability(3.0, 0.3), 1.0);  // clamped
}

// Counts how many of `intervals` one-second intervals fill a one-lot resting at `limit` inside 2.00 x 2.20.
int probabilistic_fills(VenueTest& t, double limit_price, int intervals) {
  int filled = 0;
  for (int i = 0; i < intervals; ++i) {
    t.quote(call(100), 2.00, 2.20);
    t.send(t.limit(call(100), Side::buy, 1, limit_price));
    t.run(1);  // arrives; draws once for this interval
    filled += static_cast<int>(t.fills().size());
    t.reports.clear();
    auto open = t.venue->open_orders();
    for (const auto& o : *open) (void)t.venue->cancel(o.request.client_order_id);
    t.run(1000);
    t.reports.clear();
  }
  return filled;
}

TEST_F(VenueTest, Probabilistic_LimitAtMidFillsAboutPOfIntervals) {
  make_venue(probabilistic(0.3));
  int n = probabilistic_fills(*this, 2.10, 400);
  EXPECT_GT(n, 400 * 0.22);
  EXPECT_LT(n, 400 * 0.38);
}

TEST_F(VenueTest, Probabilistic_CloserToFarTouchFillsMoreOften) {
  make_venue(probabilistic(0.3));
  int at_mid = probabilistic_fills(*this, 2.10, 300);
  make_venue(probabilistic(0.3));
  int near_far = probabilistic_fills(*this, 2.15, 300);  // position 0.5: p = 0.65
  EXPECT_GT(near_far, at_mid + 60);  // expected about 195 vs 90
}

TEST_F(VenueTest, Probabilistic_AtNearTouchNeverFills) {
  make_venue(probabilistic(0.9));
  EXPECT_EQ(probabilistic_fills(*this, 2.00, 100), 0);
}

TEST_F(VenueTest, Probabilistic_SameSeedSameFills) {
  make_venue(probabilistic(0.5, 42));
  int a = probabilistic_fills(*this, 2.10, 100);
  make_venue(probabilistic(0.5, 42));
  int b = probabilistic_fills(*this, 2.10, 100);
  EXPECT_EQ(a, b);
}

TEST_F(VenueTest, Probabilistic_OneDrawPerIntervalNotPerQuote) {
  make_venue(probabilistic(0.3));
  quote(call(100), 2.00, 2.20);
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  bool filled_on_arrival = !fills().empty();
  for (int i = 0; i < 200 && fills().empty(); ++i) quote(call(100), 2.00, 2.20);  // same instant: no new draws
  EXPECT_EQ(!fills().empty(), filled_on_arrival);
}

TEST_F(VenueTest, Probabilistic_FillIsAtTheLimitInsideTheSpread) {
  make_venue(probabilistic(1.0));
  quote(call(100), 2.00, 2.20);
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.10));
}

TEST_F(VenueTest, DisplayedSize_PartialFillThenRestFillsOnNextQuote) {
  make_venue(with_model(FillModel::displayed_size));
  quote(call(100), 2.00, 2.10, 10, 3);
  send(limit(call(100), Side::buy, 5, 2.10));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].quantity, Quantity(3));
  EXPECT_EQ(venue->open_orders()->at(0).filled, Quantity(3));
  quote(call(100), 2.00, 2.10, 10, 1);
  run();
  ASSERT_EQ(fills().size(), 2u);
  EXPECT_EQ(fills()[1].quantity, Quantity(1));
  quote(call(100), 2.00, 2.10, 10, 50);
  run();
  ASSERT_EQ(fills().size(), 3u);
  EXPECT_EQ(fills()[2].quantity, Quantity(1));
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(VenueTest, DisplayedSize_TwoOrdersShareOneQuotesSize) {
  make_venue(with_model(FillModel::displayed_size));
  quote(call(100), 2.00, 2.10, 10, 4);
  send(limit(call(100), Side::buy, 3, 2.10));
  send(limit(call(100), Side::buy, 3, 2.10));
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].quantity, Quantity(3));
  EXPECT_EQ(f[1].quantity, Quantity(1));
}

TEST_F(VenueTest, HalfSpread_OneLegCrossesThreeQuartersOfTheHalfSpread) {
  make_venue(with_model(FillModel::half_spread));
  quote(call(100), 1.00, 1.20);
  send(limit(call(100), Side::buy, 1, 1.20));
  send(limit(call(100), Side::sell, 1, 1.00));
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].price, px(1.175));  // mid 1.10 + 0.75 x 0.10
  EXPECT_EQ(f[1].price, px(1.025));
}

TEST_F(VenueTest, HalfSpread_LimitShortOfTheModelPriceRests) {
  make_venue(with_model(FillModel::half_spread));
  quote(call(100), 1.00, 1.20);
  send(limit(call(100), Side::buy, 1, 1.15));
  run();
  EXPECT_TRUE(fills().empty());
}

TEST_F(VenueTest, HalfSpread_FourLegCondorCrossesFiftySixPercent) {
  make_venue(with_model(FillModel::half_spread));
  quote(put(90), 0.50, 0.60);
  quote(put(95), 1.00, 1.10);
  quote(call(105), 1.00, 1.10);
  quote(call(110), 0.50, 0.60);
  // Short iron condor: sell 95p/105c, buy 90p/110c. Mid credit = -(1.05 + 1.05 - 0.55 - 0.55) = -1.00.
  send(combo({{put(90), 1, Side::buy}, {put(95), 1, Side::sell}, {call(105), 1, Side::sell}, {call(110), 1, Side::buy}}, 1, -0.85));
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].price, px(0.578));  // 0.55 + 0.56 x 0.05
  EXPECT_EQ(f[1].price, px(1.022));  // 1.05 - 0.56 x 0.05
  std::int64_t net = f[0].price.units() - f[1].price.units() - f[2].price.units() + f[3].price.units();
  EXPECT_EQ(net, px(-0.888).units());  // mid -1.00 plus 0.56 x the 0.20 net half-spread
}

TEST_F(VenueTest, Latency_AckAndFillArriveAfterOrderPlusReportLatencyInOrder) {
  make_venue(with_latency(milliseconds(5), milliseconds(3)));
  quote(call(100), 2.00, 2.10);
  std::vector<Timestamp> seen;
  venue->set_report_sink([&](const ExecutionReport& r) {
    reports.push_back(r);
    seen.push_back(loop.now());
  });
  send(limit(call(100), Side::buy, 1, 2.10));
  run(7);
  EXPECT_TRUE(reports.empty());
  run(1);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].kind, ExecutionReportKind::accepted);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::fill);
  EXPECT_EQ(seen[0], kStart + milliseconds(8));
  EXPECT_EQ(reports[1].fill->venue_time, kStart + milliseconds(5));
  EXPECT_EQ(reports[1].fill->engine_time, kStart + milliseconds(8));
}

TEST_F(VenueTest, Fees_PerContractCommissionExchangeAndRegulatorySumExactly) {
  PaperVenueConfig c;
  c.fees.commission_per_contract = usd(0.65);
  c.fees.exchange_fee_per_contract = usd(0.30);
  c.fees.regulatory_fee_per_contract = usd(0.0268);
  make_venue(c);
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 3, 2.10));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].fees, usd(2.9304));  // (0.65 + 0.30 + 0.0268) x 3
  EXPECT_EQ(venue->ledger().fees_paid, usd(2.9304));
  EXPECT_EQ(venue->ledger().cash, -(usd(630) + usd(2.9304)));  // 2.10 x 100 x 3 paid, plus fees
}

TEST_F(VenueTest, Fees_StockPerShare) {
  PaperVenueConfig c;
  c.fees.commission_per_share = usd(0.005);
  make_venue(c);
  auto spy = market::Instrument::stock("SPY");
  quote(spy, 500.00, 500.01);
  send(limit(spy, Side::buy, 200, 500.01));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].fees, usd(1.00));
  EXPECT_EQ(venue->ledger().cash, -(usd(100'002) + usd(1.00)));
}

// ---- rejects ----

TEST_F(VenueTest, Reject_LimitOffTheStandardTick) {
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 1, 2.03));  // standard rule: $0.05 under $3
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("off_tick")) << r[0].reason;
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(VenueTest, Reject_OffTickUsesPerUnderlyingRule) {
  PaperVenueConfig c;
  c.ticks.set("SPY", TickRule::penny_pilot());
  make_venue(c);
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 1, 2.03));  // fine on the penny grid
  run();
  EXPECT_TRUE(of_kind(ExecutionReportKind::rejected).empty());
}

TEST_F(VenueTest, Reject_UnknownInstrument) {
  send(limit(call(123), Side::buy, 1, 2.00));
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("unknown_instrument")) << r[0].reason;
}

TEST_F(VenueTest, Reject_MarketClosed) {
  make_venue_with_nyse_calendar();
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  EXPECT_EQ(fills().size(), 1u);  // open at 10:00 New York
  ASSERT_TRUE(clock.set(*parse_iso8601("2025-01-18T15:00:00Z")));  // a Saturday
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("market_closed")) << r[0].reason;
}

TEST_F(VenueTest, DayOrder_ExpiresAtTheCloseGtcKeepsWorking) {
  make_venue_with_nyse_calendar();
  quote(call(100), 2.00, 2.20);
  auto day = limit(call(100), Side::buy, 1, 2.05);
  auto gtc = limit(call(100), Side::buy, 1, 2.05);
  gtc.tif = execution::TimeInForce::gtc;
  send(day);
  send(gtc);
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-15T20:59:59Z")));
  EXPECT_TRUE(of_kind(ExecutionReportKind::expired).empty());
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-15T21:00:00Z")));  // 16:00 New York
  auto expired = of_kind(ExecutionReportKind::expired);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].client_order_id, day.client_order_id);
  ASSERT_EQ(venue->open_orders()->size(), 1u);
  EXPECT_EQ(venue->open_orders()->at(0).request.client_order_id, gtc.client_order_id);
}

// Day orders across two sessions: each session's close expires exactly the day orders still working, in
// the order they came; an order at the close instant or before the next open is refused.
TEST_F(VenueTest, DayOrders_ExpireAtEachSessionsCloseAndTheSessionEndsAtItsClose) {
  make_venue_with_nyse_calendar();
  quote(call(100), 2.00, 2.20);
  auto a = limit(call(100), Side::buy, 1, 2.05);
  auto cancelled = limit(call(100), Side::buy, 1, 2.05);
  auto b = limit(call(100), Side::buy, 1, 2.10);
  send(a);
  send(cancelled);
  send(b);
  ASSERT_TRUE(venue->cancel(cancelled.client_order_id));
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-15T21:00:00Z")));  // 16:00 New York
  auto expired = of_kind(ExecutionReportKind::expired);
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].client_order_id, a.client_order_id);
  EXPECT_EQ(expired[1].client_order_id, b.client_order_id);

  send(limit(call(100), Side::buy, 1, 2.05));  // at the close instant: closed
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-16T14:29:59Z")));
  send(limit(call(100), Side::buy, 1, 2.05));  // a second before the next open
  run();
  auto rejected = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_TRUE(rejected[0].reason.starts_with("market_closed")) << rejected[0].reason;
  EXPECT_TRUE(rejected[1].reason.starts_with("market_closed")) << rejected[1].reason;

  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-16T14:30:00Z")));  // 09:30 New York
  auto next_day = limit(call(100), Side::buy, 1, 2.05);
  auto filled = limit(call(100), Side::buy, 1, 2.10);
  send(next_day);
  send(filled);
  run();
  quote(call(100), 2.00, 2.10);  // fills `filled` at its limit; next_day still works
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-16T20:59:59Z")));
  EXPECT_EQ(of_kind(ExecutionReportKind::expired).size(), 2u);
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-16T21:00:00Z")));
  expired = of_kind(ExecutionReportKind::expired);
  ASSERT_EQ(expired.size(), 3u);
  EXPECT_EQ(expired[2].client_order_id, next_day.client_order_id);
  EXPECT_EQ(fills().size(), 1u);
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(VenueTest, Reject_QuantityNotPositive) {
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 0, 2.10));
  send(limit(call(100), Side::buy, -2, 2.10));
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[0].reason.starts_with("quantity_not_positive")) << r[0].reason;
  EXPECT_TRUE(r[1].reason.starts_with("quantity_not_positive"));
  EXPECT_TRUE(fills().empty());
}

TEST_F(VenueTest, Reject_ComboNetPriceOffComboTick) {
  quote(call(100), 5.00, 5.10);
  quote(call(105), 2.00, 2.10);
  send(combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 1, 3.105));
  run();
  auto r = of_kind(ExecutionReportKind::rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("off_tick"));
}

TEST_F(VenueTest, CancelUnknownOrder_IsRejectedWithReason) {
  ASSERT_TRUE(venue->cancel(execution::ClientOrderId("nope")));
  run();
  auto r = of_kind(ExecutionReportKind::cancel_rejected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].reason.starts_with("unknown_order"));
}

// ---- cancel / fill race: the venue decides in event order ----

TEST_F(VenueTest, CancelFillRace_QuoteCrossesBeforeCancelArrives_FillWins) {
  make_venue(with_latency(milliseconds(10)));
  quote(call(100), 2.00, 2.20);
  auto o = limit(call(100), Side::buy, 1, 2.10);
  send(o);
  run(10);  // accepted, resting
  ASSERT_TRUE(venue->cancel(o.client_order_id));
  run(5);
  quote(call(100), 2.00, 2.10);  // at +5 ms the market reaches the order
  run(10);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::fill);
  EXPECT_EQ(reports[2].kind, ExecutionReportKind::cancel_rejected);
  EXPECT_TRUE(reports[2].reason.starts_with("order_closed"));
}

TEST_F(VenueTest, CancelFillRace_CancelArrivesFirst_NoFill) {
  make_venue(with_latency(milliseconds(10)));
  quote(call(100), 2.00, 2.20);
  auto o = limit(call(100), Side::buy, 1, 2.10);
  send(o);
  run(10);
  ASSERT_TRUE(venue->cancel(o.client_order_id));
  run(10);  // the cancel arrives at +10 ms, before the quote below
  quote(call(100), 2.00, 2.10);
  run(10);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::cancelled);
  EXPECT_TRUE(fills().empty());
}

TEST_F(VenueTest, CancelFillRace_SameInstantInLoop_TimerBeforeQuote_CancelWins) {
  make_venue(with_latency(milliseconds(10)));
  quote(call(100), 2.00, 2.20);
  auto o = limit(call(100), Side::buy, 1, 2.10);
  send(o);
  run(10);
  ASSERT_TRUE(venue->cancel(o.client_order_id));  // arrives at t+10ms
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& e) { venue->on_quote(e); });
  market::QuoteEvent e;
  e.kind = market::InstrumentKind::option;
  e.underlying = "SPY";
  e.expiry = kExpiry;
  e.strike = px(100);
  e.right = OptionRight::call;
  e.quote = {loop.now() + milliseconds(10), px(2.00), px(2.10), Quantity(10), Quantity(10), std::nullopt};
  struct OneQuote final : market::Feed {
    market::QuoteEvent e;
    bool done = false;
    market::LoadStats s;
    std::string n = "one";
    Result<bool> next(market::QuoteEvent& out) override {
      if (done) return false;
      out = e;
      return done = true;
    }
    const market::LoadStats& stats() const override { return s; }
    const std::string& name() const override { return n; }
  } feed;
  feed.e = e;
  ASSERT_TRUE(loop.run(feed));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::cancelled);
}

}  // namespace
}  // namespace nightdesk::broker::testing
