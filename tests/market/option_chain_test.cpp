#include "market/option_chain.h"

#include <gtest/gtest.h>

#include "support/paths.h"

#include "market/chain_book.h"
#include "market/replay_feed.h"

namespace nightdesk::market {
namespace {

Price px(const char* s) { return *Price::parse(s); }

QuoteEvent option(const char* expiry, const char* strike, OptionRight right, std::optional<double> delta,
                  const char* time = "2025-01-10T21:00:00Z") {
  QuoteEvent e;
  e.kind = InstrumentKind::option;
  e.underlying = "SPY";
  e.expiry = *parse_date(expiry);
  e.strike = px(strike);
  e.right = right;
  e.quote.time = *parse_iso8601(time);
  e.quote.bid = px("1.00");
  e.quote.ask = px("1.10");
  e.delta = delta;
  return e;
}

QuoteEvent spot(const char* bid, const char* ask, const char* time = "2025-01-10T21:00:00Z") {
  QuoteEvent e;
  e.underlying = "SPY";
  e.quote.time = *parse_iso8601(time);
  e.quote.bid = px(bid);
  e.quote.ask = px(ask);
  return e;
}

OptionChain sample_chain() {
  OptionChain chain("SPY");
  chain.apply(spot("581.40", "581.42"));
  for (const char* expiry : {"2025-01-17", "2025-02-21", "2025-01-24"}) {
    chain.apply(option(expiry, "585", OptionRight::call, 0.35));
    chain.apply(option(expiry, "575", OptionRight::call, 0.68));
    chain.apply(option(expiry, "580", OptionRight::call, 0.55));
    chain.apply(option(expiry, "580", OptionRight::put, -0.45));
    chain.apply(option(expiry, "575", OptionRight::put, -0.32));
    chain.apply(option(expiry, "570", OptionRight::put, -0.20));
  }
  return chain;
}

TEST(OptionChain, OrganizesByExpiryThenAscendingStrikeThenRight) {
  auto chain = sample_chain();
  ASSERT_EQ(chain.expiries().size(), 3u);
  EXPECT_EQ(chain.expiries().begin()->first, *parse_date("2025-01-17"));
  const auto* slice = chain.expiry(*parse_date("2025-01-24"));
  ASSERT_NE(slice, nullptr);
  ASSERT_EQ(slice->strikes().size(), 4u);
  EXPECT_EQ(slice->strikes()[0].strike, px("570"));
  EXPECT_EQ(slice->strikes()[3].strike, px("585"));
  const auto* row = slice->find(px("580"));
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->call && row->put);
  EXPECT_FALSE(slice->find(px("570"))->call);
  EXPECT_EQ(chain.option_count(), 18u);
}

TEST(OptionChain, LaterQuoteReplacesTheEarlierOne) {
  OptionChain chain("SPY");
  auto first = option("2025-01-17", "580", OptionRight::call, 0.5);
  chain.apply(first);
  first.quote.bid = px("1.05");
  first.quote.time += std::chrono::seconds(1);
  chain.apply(first);
  EXPECT_EQ(chain.expiry(*parse_date("2025-01-17"))->find(px("580"))->call->quote.bid, px("1.05"));
  EXPECT_EQ(chain.option_count(), 1u);
  EXPECT_EQ(chain.as_of(), first.quote.time);
}

TEST(OptionChain, ExpiryNearestDte_PicksClosestCalendarDistance) {
  auto chain = sample_chain();
  Date today = *parse_date("2025-01-10");
  EXPECT_EQ(chain.expiry_nearest_dte(today, 7)->expiry(), *parse_date("2025-01-17"));
  EXPECT_EQ(chain.expiry_nearest_dte(today, 13)->expiry(), *parse_date("2025-01-24"));
  EXPECT_EQ(chain.expiry_nearest_dte(today, 45)->expiry(), *parse_date("2025-02-21"));
  EXPECT_EQ(chain.expiry_nearest_dte(today, 0)->expiry(), *parse_date("2025-01-17"));
}

TEST(OptionChain, ExpiryNearestDte_TieGoesToTheEarlierExpiry) {
  OptionChain two("SPY");
  two.apply(option("2025-01-17", "580", OptionRight::call, 0.5));
  two.apply(option("2025-01-21", "580", OptionRight::call, 0.5));
  EXPECT_EQ(two.expiry_nearest_dte(*parse_date("2025-01-10"), 9)->expiry(), *parse_date("2025-01-17"));  // 7 vs 11
}

TEST(OptionChain, ExpiryNearestDte_IgnoresExpiriesBeforeToday) {
  auto chain = sample_chain();
  EXPECT_EQ(chain.expiry_nearest_dte(*parse_date("2025-01-20"), 0)->expiry(), *parse_date("2025-01-24"));
  EXPECT_EQ(chain.expiry_nearest_dte(*parse_date("2025-03-01"), 30), nullptr);
}

TEST(OptionChain, AtmStrike_IsTheStrikeNearestTheSpotMid) {
  auto chain = sample_chain();
  const auto* slice = chain.expiry(*parse_date("2025-01-17"));
  EXPECT_EQ(chain.atm_strike(*slice), px("580"));  // mid 581.41
  EXPECT_EQ(slice->atm_strike(px("582.50")), px("580"));  // tie: the lower strike
  EXPECT_EQ(slice->atm_strike(px("582.51")), px("585"));
  EXPECT_EQ(slice->atm_strike(px("10")), px("570"));
  EXPECT_EQ(slice->atm_strike(px("9999")), px("585"));
}

TEST(OptionChain, AtmStrike_WithoutSpotIsNullopt) {
  OptionChain chain("SPY");
  chain.apply(option("2025-01-17", "580", OptionRight::call, 0.5));
  EXPECT_FALSE(chain.atm_strike(*chain.expiry(*parse_date("2025-01-17"))));
}

TEST(OptionChain, StrikeNearestDelta_UsesTheRightSideAndSign) {
  auto chain = sample_chain();
  const auto* slice = chain.expiry(*parse_date("2025-01-17"));
  EXPECT_EQ(slice->strike_nearest_delta(OptionRight::put, -0.30)->strike, px("575"));
  EXPECT_EQ(slice->strike_nearest_delta(OptionRight::put, -0.16)->strike, px("570"));
  EXPECT_EQ(slice->strike_nearest_delta(OptionRight::call, 0.30)->strike, px("585"));
  EXPECT_EQ(slice->strike_nearest_delta(OptionRight::call, 0.50)->strike, px("580"));
}

TEST(OptionChain, StrikeNearestDelta_SkipsSidesWithoutDelta) {
  OptionChain chain("SPY");
  chain.apply(option("2025-01-17", "580", OptionRight::call, std::nullopt));
  EXPECT_EQ(chain.expiry(*parse_date("2025-01-17"))->strike_nearest_delta(OptionRight::call, 0.5), nullptr);
}

TEST(Quote, MidSpreadAndMarkHandleCrossedAndOneSidedQuotes) {
  Quote q;
  q.bid = px("1.0001");
  q.ask = px("1.0002");
  EXPECT_EQ(q.mid(), px("1.0002"));  // 1.00015 rounds half up
  q.bid = px("1.20");
  q.ask = px("1.10");
  EXPECT_TRUE(q.is_crossed());
  EXPECT_EQ(q.spread(), px("-0.10"));
  EXPECT_FALSE(q.mark());  // crossed and no last: no mark
  q.last = px("1.15");
  EXPECT_EQ(q.mark(), px("1.15"));
  Quote zero_bid;
  zero_bid.ask = px("0.05");
  EXPECT_EQ(zero_bid.mid(), px("0.025"));
  EXPECT_FALSE(zero_bid.is_crossed());
}

TEST(ChainBook, DropsExpiredExpiriesAsTimeMoves) {
  ChainBook book;
  book.apply(option("2025-01-17", "580", OptionRight::call, 0.5, "2025-01-16T21:00:00Z"));
  book.apply(option("2025-01-24", "580", OptionRight::call, 0.5, "2025-01-16T21:00:00Z"));
  EXPECT_EQ(book.chain("SPY")->expiries().size(), 2u);
  book.apply(option("2025-01-24", "585", OptionRight::call, 0.5, "2025-01-21T15:00:00Z"));
  EXPECT_EQ(book.chain("SPY")->expiries().size(), 1u);
  EXPECT_EQ(book.chain("QQQ"), nullptr);
}

TEST(ChainBook, SnapshotAtATimeSeesOnlyEarlierQuotes) {
  std::string text =
      "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
      "2025-01-10T15:00:00Z,SPY,,,,580.00,580.02,1,1\n"
      "2025-01-10T15:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n"
      "2025-01-10T16:00:00Z,QQQ,2025-01-17,500,C,2.00,2.10,1,1\n"
      "2025-01-10T17:00:00Z,SPY,2025-01-17,580,C,3.50,3.60,1,1\n"
      "2025-01-10T17:00:00Z,SPY,2025-01-17,585,C,1.50,1.60,1,1\n";
  auto feed = open_replay_feed_from_memory(text, "m.csv", {});
  ASSERT_TRUE(feed);
  auto chain = chain_snapshot_at(**feed, "SPY", *parse_iso8601("2025-01-10T16:30:00Z"));
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(chain->option_count(), 1u);
  EXPECT_EQ(chain->expiry(*parse_date("2025-01-17"))->find(px("580"))->call->quote.bid, px("3.00"));
  EXPECT_EQ(chain->spot(), px("580.01"));
  auto feed2 = open_replay_feed_from_memory(text, "m.csv", {});
  auto none = chain_snapshot_at(**feed2, "IWM", *parse_iso8601("2025-01-10T18:00:00Z"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
}

TEST(ChainBook, OptionsDxSampleBuildsARealLookingChain) {
  std::string path = (testing::source_dir() / "data/spy_eod_sample.txt").string();
  auto feed = open_replay_feed(path, {});
  ASSERT_TRUE(feed) << feed.error().message;
  auto chain = chain_snapshot_at(**feed, "SPY", *parse_iso8601("2022-01-03T23:00:00Z"));
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(chain->expiries().size(), 2u);
  const auto* weekly = chain->expiry_nearest_dte(*parse_date("2022-01-03"), 5);
  ASSERT_NE(weekly, nullptr);
  EXPECT_EQ(weekly->expiry(), *parse_date("2022-01-07"));
  EXPECT_EQ(chain->atm_strike(*weekly), px("478"));
  const auto* short_put = weekly->strike_nearest_delta(OptionRight::put, -0.25);
  ASSERT_NE(short_put, nullptr);
  EXPECT_LT(short_put->strike, px("478"));
}

}  // namespace
}  // namespace nightdesk::market
