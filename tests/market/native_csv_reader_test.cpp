#include "market/native_csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "market/native_csv_writer.h"
#include "market/replay_feed.h"
#include "market/reader_fixture.h"
#include "support/temp_dir.h"

namespace nightdesk::market {
namespace {

const std::string kHeader = "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size,last,volume,open_interest,iv,delta\n";

Loaded load(const std::string& text, OnBadRow policy = OnBadRow::skip) {
  return load_with<NativeCsvReader>(text, policy, "q.csv");
}

TEST(NativeCsv, ReadsOptionAndUnderlyingRows) {
  auto r = load(kHeader +
                "2025-01-10T21:00:00Z,SPY,,,,580.10,580.12,300,200,580.11,,,,\n"
                "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40,3.12,1500,22000,0.142,0.52\n"
                "2025-01-10T21:00:00.5Z,SPY,2025-01-17,575,put,1.05,1.10,5,6,,,,,\n");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_FALSE(r.events[0].is_option());
  EXPECT_EQ(r.events[0].quote.bid, *Price::parse("580.10"));
  EXPECT_EQ(r.events[0].quote.bid_size, Quantity{300});
  const auto& call = r.events[1];
  EXPECT_TRUE(call.is_option());
  EXPECT_EQ(call.expiry, *parse_date("2025-01-17"));
  EXPECT_EQ(call.strike, *Price::parse("580"));
  EXPECT_EQ(call.right, OptionRight::call);
  EXPECT_EQ(call.quote.ask, *Price::parse("3.15"));
  EXPECT_EQ(call.volume, 1500);
  EXPECT_EQ(call.open_interest, 22000);
  EXPECT_DOUBLE_EQ(*call.iv, 0.142);
  EXPECT_DOUBLE_EQ(*call.delta, 0.52);
  EXPECT_EQ(r.events[2].right, OptionRight::put);
  EXPECT_FALSE(r.events[2].quote.last.has_value());
  EXPECT_FALSE(r.events[2].iv.has_value());
  EXPECT_EQ(r.stats.rows, 3u);
  EXPECT_EQ(r.stats.bad_rows, 0u);
}

TEST(NativeCsv, ColumnsMayComeInAnyOrderAndOptionalOnesMayBeAbsent) {
  auto r = load("underlying,time,right,strike,expiry,ask,bid,ask_size,bid_size\n"
                "QQQ,2025-01-10T15:00:00-05:00,P,500,2025-02-21,2.00,1.90,3,4\n");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].quote.bid, *Price::parse("1.90"));
  EXPECT_EQ(r.events[0].quote.bid_size, Quantity{4});
  EXPECT_EQ(to_unix_nanos(r.events[0].time()), to_unix_nanos(*parse_iso8601("2025-01-10T20:00:00Z")));
}

TEST(NativeCsv, MissingHeader_IsAnErrorAtLineOne) {
  auto r = load("2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40,,,,,\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("q.csv:1: missing header"), std::string::npos) << r.error->message;
}

TEST(NativeCsv, HeaderWithoutRequiredColumn_IsAnError) {
  auto r = load("time,underlying,expiry,strike,right,bid,bid_size,ask_size\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("'ask'"), std::string::npos) << r.error->message;
}

TEST(NativeCsv, EmptyFile_IsMissingHeader) {
  auto r = load("");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("missing header"), std::string::npos);
}

struct BadCase {
  const char* name;
  const char* row;
  const char* reason;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class NativeCsvBadRow : public ::testing::TestWithParam<BadCase> {};

TEST_P(NativeCsvBadRow, IsReportedWithFileLineAndReasonThenSkipped) {
  const BadCase& c = GetParam();
  auto r = load(kHeader + "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40,,,,,\n" + c.row + "\n" +
                "2025-01-10T21:00:01Z,SPY,2025-01-17,585,C,1.10,1.15,12,40,,,,,\n");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.stats.bad_rows, 1u);
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_EQ(r.reports[0].rfind("q.csv:3: ", 0), 0u) << r.reports[0];
  EXPECT_NE(r.reports[0].find(c.reason), std::string::npos) << r.reports[0];
  ASSERT_EQ(r.stats.first_bad_rows.size(), 1u);
  EXPECT_EQ(r.stats.first_bad_rows[0].line, 3u);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, NativeCsvBadRow,
    ::testing::Values(
        BadCase{"TooFewColumns", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10", "expected 14 columns, got 6"},
        BadCase{"TooManyColumns", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,1,1,,,,,,", "got 15"},
        BadCase{"NonNumericBid", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,abc,3.15,1,1,,,,,", "bid: expected a price"},
        BadCase{"NegativeBid", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,-1.00,3.15,1,1,,,,,", "bid: negative price"},
        BadCase{"ZeroAsk", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,0,0,1,1,,,,,", "ask: zero"},
        BadCase{"ZeroStrike", "2025-01-10T21:00:00Z,SPY,2025-01-17,0,C,1,2,1,1,,,,,", "strike: must be positive"},
        BadCase{"BadExpiryDate", "2025-01-10T21:00:00Z,SPY,2025-02-30,580,C,1,2,1,1,,,,,", "expiry: expected a real date"},
        BadCase{"BadTime", "2025-01-10 21:00:00,SPY,2025-01-17,580,C,1,2,1,1,,,,,", "time:"},
        BadCase{"TimeGoesBackwards", "2025-01-10T20:00:00Z,SPY,2025-01-17,580,C,1,2,1,1,,,,,", "time goes backwards"},
        BadCase{"QuoteAfterExpiry", "2025-01-10T21:00:00Z,SPY,2025-01-03,580,C,1,2,1,1,,,,,", "after its expiry"},
        BadCase{"BadRight", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,X,1,2,1,1,,,,,", "right: expected C or P"},
        BadCase{"HalfAnOption", "2025-01-10T21:00:00Z,SPY,2025-01-17,,C,1,2,1,1,,,,,", "all set (option row)"},
        BadCase{"NegativeSize", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,1,2,-1,1,,,,,", "bid_size: negative"},
        BadCase{"FractionalSize", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,1,2,1.5,1,,,,,", "whole number"},
        BadCase{"DeltaOutOfRange", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,1,2,1,1,,,,,1.5", "delta: outside"},
        BadCase{"TooManyDecimals", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,1.00001,2,1,1,,,,,", "at most 4 decimals"},
        BadCase{"UnderlyingWithoutPrice", "2025-01-10T21:00:00Z,SPY,,,,,,,,,,,,", "neither bid/ask nor last"},
        BadCase{"EmptySymbol", "2025-01-10T21:00:00Z,,2025-01-17,580,C,1,2,1,1,,,,,", "underlying: not a symbol"},
        BadCase{"UnbalancedQuote", "2025-01-10T21:00:00Z,\"SPY,2025-01-17,580,C,1,2,1,1,,,,,", "unterminated quote"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(NativeCsv, CrossedAndLockedQuotesAreKeptAndCounted) {
  auto r = load(kHeader +
                "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.20,3.10,1,1,,,,,\n"
                "2025-01-10T21:00:00Z,SPY,2025-01-17,585,C,1.10,1.10,1,1,,,,,\n");
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_TRUE(r.events[0].quote.is_crossed());
  EXPECT_EQ(r.stats.crossed, 1u);
  EXPECT_EQ(r.stats.locked, 1u);
  EXPECT_EQ(r.stats.bad_rows, 0u);
}

TEST(NativeCsv, FailPolicy_StopsAtTheFirstBadRowWithFileAndLine) {
  auto r = load(kHeader + "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40,,,,,\n" +
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,x,C,3.10,3.15,12,40,,,,,\n" +
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,590,C,3.10,3.15,12,40,,,,,\n",
                OnBadRow::fail);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message.rfind("q.csv:3: strike:", 0), 0u) << r.error->message;
  EXPECT_EQ(r.events.size(), 1u);
}

TEST(NativeCsv, BlankLinesAndCrLfAreAccepted) {
  auto r = load("time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\r\n\r\n"
                "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40\r\n");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.stats.bad_rows, 0u);
}

TEST(NativeCsv, OverlongLine_IsABadRowAndReadingContinues) {
  std::string huge(10000, '9');
  auto r = load(kHeader + "2025-01-10T21:00:00Z,SPY,2025-01-17," + huge + ",C,1,2,1,1,,,,,\n" +
                "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.10,3.15,12,40,,,,,\n");
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.stats.bad_rows, 1u);
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_NE(r.reports[0].find("q.csv:2: line longer than"), std::string::npos) << r.reports[0];
  EXPECT_EQ(r.events.size(), 1u);
}

TEST(NativeCsv, WriterOutputReadsBackIdentically) {
  nightdesk::testing::TempDir dir;
  std::string path = (dir / "out.csv").string();
  QuoteEvent u;
  u.underlying = "SPY";
  u.quote.time = *parse_iso8601("2025-01-10T21:00:00Z");
  u.quote.last = *Price::parse("580.11");
  QuoteEvent c;
  c.kind = InstrumentKind::option;
  c.underlying = "SPY";
  c.expiry = *parse_date("2025-01-17");
  c.strike = *Price::parse("582.5");
  c.right = OptionRight::put;
  c.quote.time = *parse_iso8601("2025-01-10T21:00:00.25Z");
  c.quote.bid = *Price::parse("3.05");
  c.quote.ask = *Price::parse("3.10");
  c.quote.bid_size = Quantity{7};
  c.quote.ask_size = Quantity{9};
  c.iv = 0.15;
  c.delta = -0.45;
  c.volume = 12;
  {
    auto w = NativeCsvWriter::create(path);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(u));
    ASSERT_TRUE(w->write(c));
    ASSERT_TRUE(w->finish());
  }
  auto feed = open_replay_feed(path, {});
  ASSERT_TRUE(feed) << feed.error().message;
  QuoteEvent e;
  ASSERT_TRUE(*(*feed)->next(e));
  EXPECT_FALSE(e.is_option());
  EXPECT_EQ(e.quote, u.quote);
  ASSERT_TRUE(*(*feed)->next(e));
  EXPECT_EQ(e.quote, c.quote);
  EXPECT_EQ(e.strike, c.strike);
  EXPECT_EQ(e.expiry, c.expiry);
  EXPECT_EQ(e.right, c.right);
  EXPECT_EQ(e.iv, c.iv);
  EXPECT_EQ(e.delta, c.delta);
  EXPECT_EQ(e.volume, c.volume);
  EXPECT_FALSE(*(*feed)->next(e));
}

TEST(NativeCsv, StreamsAFileLargerThanTheReadBuffer) {
  nightdesk::testing::TempDir dir;
  std::string path = (dir / "big.csv").string();
  {
    std::ofstream out(path);
    out << kHeader;
    for (int i = 0; i < 40000; ++i)  // ~2.5 MB: several 1 MiB buffer refills, lines split across them
      out << "2025-01-10T21:00:00Z,SPY,2025-01-17," << (100 + i % 500) << ",C,1.05,1.10,1,2,,,,,\n";
  }
  auto feed = open_replay_feed(path, {});
  ASSERT_TRUE(feed);
  QuoteEvent e;
  std::uint64_t n = 0;
  while (*(*feed)->next(e)) ++n;
  EXPECT_EQ(n, 40000u);
  EXPECT_EQ((*feed)->stats().bad_rows, 0u);
}

}  // namespace
}  // namespace nightdesk::market
