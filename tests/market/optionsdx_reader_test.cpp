#include "market/optionsdx_reader.h"

#include <gtest/gtest.h>

#include "support/paths.h"

#include <fstream>

#include "market/replay_feed.h"
#include "market/reader_fixture.h"
#include "support/temp_dir.h"

namespace nightdesk::market {
namespace {

// The real header: bracketed names, a space after every comma.
const std::string kHeader =
    "[QUOTE_UNIXTIME], [QUOTE_READTIME], [QUOTE_DATE], [QUOTE_TIME_HOURS], [UNDERLYING_LAST], [EXPIRE_DATE], "
    "[EXPIRE_UNIX], [DTE], [C_DELTA], [C_GAMMA], [C_VEGA], [C_THETA], [C_RHO], [C_IV], [C_VOLUME], [C_LAST], "
    "[C_SIZE], [C_BID], [C_ASK], [STRIKE], [P_BID], [P_ASK], [P_SIZE], [P_LAST], [P_DELTA], [P_GAMMA], [P_VEGA], "
    "[P_THETA], [P_RHO], [P_IV], [P_VOLUME], [STRIKE_DISTANCE], [STRIKE_DISTANCE_PCT]\n";

struct Row {
  std::string unixtime = "1641416400", date = "2022-01-05", spot = "468.380000", expiry = "2022-01-07";
  std::string c_delta = "0.540000", c_iv = "0.160000", c_volume = "1520.000000", c_last = "3.100000",
              c_size = "12 x 14", c_bid = "3.050000", c_ask = "3.100000";
  std::string strike = "468.000000";
  std::string p_bid = "2.650000", p_ask = "2.700000", p_size = "7 x 8", p_last = "2.680000", p_delta = "-0.460000",
              p_iv = "0.170000", p_volume = "980.000000";

  std::string text() const {
    return unixtime + ", " + date + " 16:00, " + date + ", 16.000000, " + spot + ", " + expiry +
           ", 1641589200, 2.000000, " + c_delta + ", 0.040000, 0.210000, -0.350000, 0.020000, " + c_iv + ", " +
           c_volume + ", " + c_last + ", " + c_size + ", " + c_bid + ", " + c_ask + ", " + strike + ", " + p_bid +
           ", " + p_ask + ", " + p_size + ", " + p_last + ", " + p_delta + ", 0.040000, 0.210000, -0.330000, " +
           "-0.020000, " + p_iv + ", " + p_volume + ", 0.400000, 0.001000\n";
  }
};

Loaded load(const std::string& text, OnBadRow policy = OnBadRow::skip, std::string name = "spy_eod_202201.txt") {
  return load_with<OptionsDxReader>(text, policy, name);
}

TEST(OptionsDx, UnderlyingComesFromTheFileName) {
  EXPECT_EQ(underlying_from_file_name("/data/spy_eod_202201.txt"), "SPY");
  EXPECT_EQ(underlying_from_file_name("QQQ2023.csv"), "QQQ");
  EXPECT_EQ(underlying_from_file_name("2023_spy.csv"), "");
}

TEST(OptionsDx, OneRowYieldsUnderlyingCallAndPut) {
  auto r = load(kHeader + Row{}.text());
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.events.size(), 3u);
  const auto& u = r.events[0];
  EXPECT_FALSE(u.is_option());
  EXPECT_EQ(u.underlying, "SPY");
  EXPECT_EQ(u.quote.last, *Price::parse("468.38"));
  EXPECT_EQ(to_unix_nanos(u.time()), 1641416400LL * 1'000'000'000);
  const auto& call = r.events[1];
  EXPECT_EQ(call.right, OptionRight::call);
  EXPECT_EQ(call.underlying, "SPY");
  EXPECT_EQ(call.expiry, *parse_date("2022-01-07"));
  EXPECT_EQ(call.strike, *Price::parse("468"));
  EXPECT_EQ(call.quote.bid, *Price::parse("3.05"));
  EXPECT_EQ(call.quote.ask, *Price::parse("3.10"));
  EXPECT_EQ(call.quote.bid_size, Quantity{12});
  EXPECT_EQ(call.quote.ask_size, Quantity{14});
  EXPECT_EQ(call.volume, 1520);
  EXPECT_DOUBLE_EQ(*call.delta, 0.54);
  EXPECT_DOUBLE_EQ(*call.iv, 0.16);
  const auto& put = r.events[2];
  EXPECT_EQ(put.right, OptionRight::put);
  EXPECT_EQ(put.quote.bid_size, Quantity{7});
  EXPECT_DOUBLE_EQ(*put.delta, -0.46);
  EXPECT_EQ(r.stats.rows, 1u);
  EXPECT_EQ(r.stats.events, 3u);
}

TEST(OptionsDx, UnderlyingIsRepeatedOnlyWhenItsPriceOrTheTimeChanges) {
  Row a, b, c;
  b.strike = "469.000000";
  c.strike = "470.000000";
  c.unixtime = "1641502800";
  c.date = "2022-01-06";
  c.spot = "460.000000";
  auto r = load(kHeader + a.text() + b.text() + c.text());
  ASSERT_FALSE(r.error);
  int underlying = 0;
  for (const auto& e : r.events) underlying += !e.is_option();
  EXPECT_EQ(underlying, 2);
  EXPECT_EQ(r.events.size(), 8u);
}

TEST(OptionsDx, EmptyFieldsAreMissingValuesNotErrors) {
  Row row;
  row.c_iv = row.c_delta = row.c_last = row.c_volume = row.c_size = "";
  row.p_bid = row.p_ask = "";  // no put market at all
  auto r = load(kHeader + row.text());
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_FALSE(r.events[1].iv);
  EXPECT_FALSE(r.events[1].delta);
  EXPECT_FALSE(r.events[1].quote.last);
  EXPECT_EQ(r.events[1].quote.bid_size, Quantity{0});
  EXPECT_EQ(r.stats.no_market_sides, 1u);
  EXPECT_EQ(r.stats.bad_rows, 0u);
}

TEST(OptionsDx, ZeroByZeroSideIsNoMarket) {
  Row row;
  row.c_bid = row.c_ask = "0.000000";
  auto r = load(kHeader + row.text());
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.stats.no_market_sides, 1u);
}

TEST(OptionsDx, AHeaderWithoutBracketsIsMissingHeader) {
  auto r = load(Row{}.text());
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message.rfind("spy_eod_202201.txt:1: missing header", 0), 0u) << r.error->message;
}

TEST(OptionsDx, AHeaderWithoutStrikeIsAnError) {
  auto r = load("[QUOTE_UNIXTIME], [QUOTE_DATE], [UNDERLYING_LAST], [EXPIRE_DATE], [C_BID], [C_ASK], [P_BID], [P_ASK]\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("[STRIKE] is absent"), std::string::npos) << r.error->message;
}

TEST(OptionsDx, WithoutASymbolInTheFileNameTheUnderlyingMustBeGiven) {
  auto r = load(kHeader + Row{}.text(), OnBadRow::skip, "2022.txt");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->field, "underlying");
}

struct BadCase {
  const char* name;
  std::function<void(Row&)> spoil;
  const char* reason;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class OptionsDxBadRow : public ::testing::TestWithParam<BadCase> {};

TEST_P(OptionsDxBadRow, IsReportedWithFileLineAndReasonThenSkipped) {
  Row bad;
  GetParam().spoil(bad);
  Row good;
  good.strike = "470.000000";
  auto r = load(kHeader + Row{}.text() + bad.text() + good.text());
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.stats.bad_rows, 1u);
  EXPECT_EQ(r.stats.rows, 2u);
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_EQ(r.reports[0].rfind("spy_eod_202201.txt:3: ", 0), 0u) << r.reports[0];
  EXPECT_NE(r.reports[0].find(GetParam().reason), std::string::npos) << r.reports[0];
  EXPECT_EQ(r.events.size(), 5u);  // underlying + 2 sides, then 2 sides of the good row
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, OptionsDxBadRow,
    ::testing::Values(
        BadCase{"WrongColumnCount", [](Row& r) { r.strike = "468, 1"; }, "expected 33 columns, got 34"},
        BadCase{"NonNumericStrike", [](Row& r) { r.strike = "abc"; }, "STRIKE: expected a price"},
        BadCase{"ZeroStrike", [](Row& r) { r.strike = "0"; }, "STRIKE: must be positive"},
        BadCase{"ZeroUnderlying", [](Row& r) { r.spot = "0.000000"; }, "UNDERLYING_LAST: must be positive"},
        BadCase{"NegativeBid", [](Row& r) { r.c_bid = "-0.050000"; }, "C_BID: negative price"},
        BadCase{"ZeroAskUnderABid", [](Row& r) { r.p_ask = "0"; }, "P_ASK: zero ask under a bid"},
        BadCase{"HalfAQuote", [](Row& r) { r.c_ask = ""; }, "C_ASK: empty while C_BID is set"},
        BadCase{"BadQuoteDate", [](Row& r) { r.date = "2022-13-05"; }, "QUOTE_DATE: expected a real date"},
        BadCase{"BadExpiry", [](Row& r) { r.expiry = "01/07/2022"; }, "EXPIRE_DATE: expected a"},
        BadCase{"ExpiryBeforeQuoteDate", [](Row& r) { r.expiry = "2022-01-04"; }, "is before QUOTE_DATE"},
        BadCase{"NonNumericTime", [](Row& r) { r.unixtime = "soon"; }, "QUOTE_UNIXTIME: expected"},
        BadCase{"TimeGoesBackwards", [](Row& r) { r.unixtime = "1641416399"; }, "time goes backwards"},
        BadCase{"BadSizes", [](Row& r) { r.c_size = "12 by 14"; }, "C_SIZE: expected 'bid x ask'"},
        BadCase{"DeltaOutOfRange", [](Row& r) { r.p_delta = "-1.5"; }, "P_DELTA: outside"},
        BadCase{"NonNumericIv", [](Row& r) { r.c_iv = "n/a"; }, "C_IV: expected a number"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(OptionsDx, CrossedQuotesAreKeptAndCounted) {
  Row row;
  row.c_bid = "3.20";
  row.c_ask = "3.10";
  auto r = load(kHeader + row.text());
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.stats.crossed, 1u);
  EXPECT_EQ(r.stats.bad_rows, 0u);
  EXPECT_TRUE(r.events[1].quote.is_crossed());
}

TEST(OptionsDx, FailPolicy_StopsWithFileAndLine) {
  Row bad;
  bad.strike = "x";
  auto r = load(kHeader + Row{}.text() + bad.text(), OnBadRow::fail);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message.rfind("spy_eod_202201.txt:3: STRIKE", 0), 0u) << r.error->message;
  EXPECT_EQ(r.events.size(), 3u);
}

TEST(OptionsDx, ShippedSampleFileReadsCleanly) {
  std::string path = (testing::source_dir() / "data/spy_eod_sample.txt").string();
  auto feed = open_replay_feed(path, {});
  ASSERT_TRUE(feed) << feed.error().message;
  QuoteEvent e;
  std::uint64_t options = 0;
  while (*(*feed)->next(e)) options += e.is_option();
  EXPECT_GT(options, 10u);
  EXPECT_EQ((*feed)->stats().bad_rows, 0u);
}

TEST(OptionsDx, FormatIsDetectedFromTheHeader) {
  EXPECT_EQ(*detect_format(kHeader), DataFormat::optionsdx);
  EXPECT_EQ(*detect_format("time,underlying,expiry"), DataFormat::native_csv);
  EXPECT_FALSE(detect_format("date,symbol,px"));
}

}  // namespace
}  // namespace nightdesk::market
