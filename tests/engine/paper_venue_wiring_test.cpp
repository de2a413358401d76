#include "engine/paper_venue_wiring.h"

#include <gtest/gtest.h>

#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using std::chrono::milliseconds;

TEST(PaperVenueWiring, QuoteOnBusReachesVenueAndReportsComeBackOnBus) {
  const Timestamp t0 = *parse_iso8601("2025-01-15T15:00:00Z");
  SimulatedClock clock(t0);
  auto loop = EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  config.order_latency = milliseconds(2);
  config.report_latency = milliseconds(1);
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  wire_paper_venue(loop, *venue);

  std::vector<execution::ExecutionReport> reports;
  std::vector<Timestamp> at;
  loop.bus().subscribe<execution::ExecutionReport>([&](const execution::ExecutionReport& r) {
    reports.push_back(r);
    at.push_back(loop.now());
  });
  bool sent = false;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) {  // a strategy stub
    if (sent) return;
    sent = true;
    execution::OrderRequest r;
    r.client_order_id = execution::ClientOrderId("s-1");
    r.legs = {execution::OrderLeg{q.instrument(), 1, execution::Side::buy}};
    r.quantity = Quantity(100);
    r.limit_price = q.quote.ask;
    ASSERT_TRUE(venue->submit(r, {}));
  });
  testing::VectorFeed feed({testing::stock_quote("SPY", t0, 5'000'000, 5'000'100),
                            testing::stock_quote("SPY", t0 + milliseconds(10), 5'000'000, 5'000'100)});
  ASSERT_TRUE(loop.run(feed));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].kind, execution::ExecutionReportKind::accepted);
  EXPECT_EQ(reports[1].kind, execution::ExecutionReportKind::fill);
  EXPECT_EQ(reports[1].fill->price, Price::from_units(5'000'100));
  EXPECT_EQ(at[0], t0 + milliseconds(3));
}

TEST(PaperVenueWiring, SettlementsArePublishedOnBus) {
  const Timestamp t0 = *parse_iso8601("2025-01-15T15:00:00Z");
  SimulatedClock clock(t0);
  auto loop = EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  wire_paper_venue(loop, *venue);
  int settlements = 0;
  loop.bus().subscribe<broker::ExpirySettlement>([&](const broker::ExpirySettlement&) { ++settlements; });
  broker::PaperVenueState state;
  const Date expiry{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};
  state.ledger.positions.push_back(
      {market::Instrument::option("SPY", expiry, Price::from_units(1'000'000), OptionRight::put), Quantity(-1),
       Money::from_units(-20'000'000), Money{}});
  ASSERT_TRUE(venue->restore(state));
  ASSERT_TRUE(venue->settle_expiry(expiry, {{"SPY", Price::from_units(950'000)}}));
  EXPECT_EQ(settlements, 1);
}

}  // namespace
}  // namespace nightdesk::engine
