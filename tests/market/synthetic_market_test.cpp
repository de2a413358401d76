#include "market/synthetic_market.h"

#include <gtest/gtest.h>

#include "market/chain_book.h"
#include "market/native_csv_writer.h"
#include "pricing/black_scholes.h"

namespace nightdesk::market {
namespace {

const TradingCalendar& calendar() {
  static const TradingCalendar cal = *TradingCalendar::nyse();
  return cal;
}

std::vector<QuoteEvent> generate(SyntheticConfig config) {
  auto feed = SyntheticFeed::create(config, calendar());
  EXPECT_TRUE(feed) << feed.error().message;
  std::vector<QuoteEvent> out;
  QuoteEvent e;
  while (*(*feed)->next(e)) out.push_back(e);
  return out;
}

TEST(SyntheticMarket, SameSeedGivesTheSameMarketAndAnotherSeedDoesNot) {
  SyntheticConfig config;
  config.trading_days = 2;
  config.seed = 42;
  auto a = generate(config), b = generate(config);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(NativeCsvWriter::format_row(a[i]), NativeCsvWriter::format_row(b[i]));
  config.seed = 43;
  auto c = generate(config);
  EXPECT_NE(NativeCsvWriter::format_row(a.back()), NativeCsvWriter::format_row(c.back()));
}

// The feed prices whole chains at once (the vectorized chain pricer); every option's delta must still be the
// closed-form BSM delta of that very contract (its strike, right, expiry and iv), not a neighbour's. The
// spot is only known to the underlying's cent, hence the tolerance.
TEST(SyntheticMarket, ChainPricedAtOnceGivesEachContractItsOwnDelta) {
  SyntheticConfig config;
  config.trading_days = 1;
  config.seed = 5;
  auto events = generate(config);
  ASSERT_FALSE(events.empty());
  ASSERT_FALSE(events.front().is_option());
  const double spot = events.front().quote.last->to_double();
  std::size_t checked = 0;
  for (const QuoteEvent& e : events) {
    if (!e.is_option()) continue;
    auto years = calendar().years_to_expiry(e.time(), e.expiry);
    ASSERT_TRUE(years);
    ASSERT_TRUE(e.iv && e.delta);
    const pricing::OptionInputs in{spot, e.strike.to_double(), *years, config.path.rate, config.path.dividend, *e.iv};
    const pricing::PriceAndDelta theo = pricing::black_scholes_price_and_delta(e.right, in);
    ASSERT_NEAR(*e.delta, theo.delta, 2e-3) << e.instrument().symbol().value_or("?");
    ++checked;
  }
  EXPECT_GT(checked, 500u);
}

TEST(SyntheticMarket, QuotesAreOnTheTickGridUncrossedAndTimeOrdered) {
  for (PathModel model : {PathModel::gbm, PathModel::heston}) {
    SyntheticConfig config;
    config.trading_days = 3;
    config.snapshots_per_day = 2;
    config.path.model = model;
    auto events = generate(config);
    ASSERT_FALSE(events.empty());
    Timestamp previous = Timestamp::min();
    for (const auto& e : events) {
      ASSERT_GE(e.time(), previous);
      previous = e.time();
      if (!e.is_option()) continue;
      ASSERT_TRUE(config.ticks.is_on_tick(e.quote.bid)) << e.quote.bid.to_string();
      ASSERT_TRUE(config.ticks.is_on_tick(e.quote.ask)) << e.quote.ask.to_string();
      ASSERT_LT(e.quote.bid, e.quote.ask);
      ASSERT_GE(e.quote.bid.units(), 0);
      ASSERT_TRUE(e.delta && e.iv);
    }
  }
}

TEST(SyntheticMarket, ExpiriesAreWeeklyAndMonthlyOnTradingDays) {
  SyntheticConfig config;
  config.start = *parse_date("2025-04-14");  // Good Friday 2025-04-18: that weekly moves to Thursday
  config.trading_days = 1;
  auto events = generate(config);
  ChainBook book;
  for (const auto& e : events) book.apply(e);
  const auto* chain = book.chain("SPY");
  ASSERT_NE(chain, nullptr);
  EXPECT_NE(chain->expiry(*parse_date("2025-04-17")), nullptr);
  EXPECT_EQ(chain->expiry(*parse_date("2025-04-18")), nullptr);
  EXPECT_NE(chain->expiry(*parse_date("2025-05-16")), nullptr);  // monthly (third Friday)
  EXPECT_NE(chain->expiry(*parse_date("2025-11-21")), nullptr);
  for (const auto& [date, slice] : chain->expiries()) EXPECT_TRUE(*calendar().is_trading_day(date)) << format_date(date);
  EXPECT_GE(chain->expiries().size(), 12u);
}

TEST(SyntheticMarket, ChainLooksReal_SkewSpreadsAndDeltas) {
  SyntheticConfig config;
  config.trading_days = 1;
  auto events = generate(config);
  ChainBook book;
  for (const auto& e : events) book.apply(e);
  const auto& chain = *book.chain("SPY");
  Date today = *parse_date("2025-01-02");
  const auto* monthly = chain.expiry_nearest_dte(today, 45);
  ASSERT_NE(monthly, nullptr);
  auto atm = chain.atm_strike(*monthly);
  ASSERT_TRUE(atm);
  // Equity skew: a 10% OTM put has a higher IV than the ATM put.
  const auto* otm_put = monthly->find(*Price::from_double(std::round(atm->to_double() * 0.9 / 5) * 5, Rounding::nearest));
  ASSERT_NE(otm_put, nullptr);
  EXPECT_GT(*otm_put->put->iv, *monthly->find(*atm)->put->iv);
  // Spreads: wider (relative to price) away from the money.
  auto rel_spread = [](const OptionQuote& q) { return q.quote.spread().to_double() / q.quote.mid().to_double(); };
  EXPECT_GT(rel_spread(*otm_put->put), rel_spread(*monthly->find(*atm)->put));
  // A 30-delta put exists and sits below the money.
  const auto* d30 = monthly->strike_nearest_delta(OptionRight::put, -0.30);
  ASSERT_NE(d30, nullptr);
  EXPECT_LT(d30->strike, *atm);
  EXPECT_NEAR(*d30->put->delta, -0.30, 0.03);
  // Near expiry is wider than far out at the money (relative to time value).
  const ExpirySlice& weekly = chain.expiries().begin()->second;
  ASSERT_LT(weekly.expiry(), monthly->expiry());
  EXPECT_GT(rel_spread(*weekly.find(*chain.atm_strike(weekly))->put), rel_spread(*monthly->find(*atm)->put));
}

TEST(SyntheticMarket, InvalidConfigIsRefused) {
  SyntheticConfig config;
  config.trading_days = 0;
  auto feed = SyntheticFeed::create(config, calendar());
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().field, "days");
  config.trading_days = 1;
  config.path.model = PathModel::heston;
  config.path.rho = -1.5;
  EXPECT_FALSE(SyntheticFeed::create(config, calendar()));
}

TEST(UnderlyingPath, HestonVarianceStaysNearItsLongRunLevel) {
  PathParams p;
  p.model = PathModel::heston;
  double sum = 0;
  int n = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {  // 20 path-years: the time average settles near theta
    UnderlyingPath path(p, seed);
    for (int i = 0; i < 4 * 252; ++i, ++n) {
      path.advance(1.0 / 252);
      sum += path.variance();
      ASSERT_GT(path.spot(), 0);
    }
  }
  EXPECT_NEAR(sum / n, p.theta, p.theta * 0.35);
}

TEST(ListedExpiries, ThirdFridayIsBetweenThe15thAnd21st) {
  EXPECT_EQ(third_friday(*parse_date("2025-01-02")), *parse_date("2025-01-17"));
  EXPECT_EQ(third_friday(*parse_date("2025-03-31")), *parse_date("2025-03-21"));
  EXPECT_EQ(third_friday(*parse_date("2026-05-01")), *parse_date("2026-05-15"));
}

TEST(StrikeGrid, IsAscendingOnItsIncrementAroundTheSpot) {
  auto grid = strike_grid(580, 30.0 / 365, 0.18);
  ASSERT_GT(grid.size(), 20u);
  EXPECT_LT(grid.front(), *Price::parse("580"));
  EXPECT_GT(grid.back(), *Price::parse("580"));
  for (std::size_t i = 1; i < grid.size(); ++i) EXPECT_EQ((grid[i] - grid[i - 1]), *Price::parse("1"));
  auto small = strike_grid(12, 30.0 / 365, 0.5);
  EXPECT_EQ(small[1] - small[0], *Price::parse("0.5"));
  EXPECT_GT(small.front().units(), 0);
}

}  // namespace
}  // namespace nightdesk::market
