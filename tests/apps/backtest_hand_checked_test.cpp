// `nightdesk backtest` (the real binary) on a nine-row native CSV where every trade, price, fee and the
// P&L can be worked out by hand: the built-in short put vertical opens a spread, the bot's profit ladder
// closes part of it, the rest expires worthless. Also: the HTML report of a strategy run has every section
// and is well nested, and the run is deterministic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/html_nesting.h"
#include "report/report_html.h"
#include "support/command.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace nightdesk::testing {
namespace {

// SPY Jan 24 2025 puts, 445 and 440 only (so the 445/440 spread is the only one with its wing listed).
// The `iv` column fixes the Greeks (no solving), so the strategy's delta screen is not in question.
//   Wed Jan 15 10:00 NY: 445P 2.90/3.10 (mid 3.00), 440P 1.90/2.10 (mid 2.00), then SPY 450. The SPY quote
//     makes the strategy look: it sells 10 spreads at the net mid, a credit of 1.00 (direct: a resting
//     limit). The far touch pays only 2.90 - 2.10 = 0.80, so it rests.
//   10:05: 445P 3.00/3.20, then 440P 1.90/2.00: the far touch is 3.00 - 2.00 = 1.00, the limit; the resting
//     order fills at its limit, legs at the far touch: sell 10 445P at 3.00, buy 10 440P at 2.00.
//   Thu Jan 16 10:00: SPY 455, 440P 1.00 (first, so the spread marks 3.10 - 1.00 = 2.10 for a moment:
//     -110%, above the -200% stop), then 445P 1.40: the spread marks 0.40, +60% of the 1.00 credit. The
//     standard ladder's +50% level closes floor(10 x 30%) = 3 spreads at the mark, 0.40, marketable on the
//     locked quotes: buy 3 445P at 1.40, sell 3 440P at 1.00. +100% (a mark of 0) never comes.
//   Fri Jan 24: SPY 460; at 16:00 NY the 7 spreads left expire worthless (no fee).
// Money (multiplier 100, fees 0.65 a contract a leg):
//   opening credit 10 x 1.00 x 100 = 1,000.00; closing debit 3 x 0.40 x 100 = 120.00; realized 880.00
//   fees (10 + 10) x 0.65 = 13.00 opening + (3 + 3) x 0.65 = 3.90 closing = 16.90; net P&L 863.10
// Day closes (equity = cash + marks at the mid):
//   Jan 15: cash 1,000,000 + 1,000 - 13 = 1,000,987.00; spread mark 3.10 - 1.95 = 1.15 x 10 x 100 = 1,150
//           against: 999,837.00 (P&L -163.00)
//   Jan 16: cash 1,000,987 - 120 - 3.90 = 1,000,863.10; 7 left at 0.40: -280: 1,000,583.10 (P&L +746.10)
//   Jan 24: 1,000,863.10 (P&L +280.00: the 7 expire)
// Attribution Jan 16, close to close of the 10 spreads held overnight: actual = (1.40 - 3.10) x -10 x 100
//   + (1.00 - 1.95) x 10 x 100 = 1,700 - 950 = 750.00; delta term = Jan 15 close delta x (455 - 450).
constexpr const char* kChain =
    "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size,last,volume,open_interest,iv,delta\n"
    "2025-01-15T15:00:00Z,SPY,2025-01-24,445.00,P,2.90,3.10,50,50,,500,1000,0.20,\n"
    "2025-01-15T15:00:00Z,SPY,2025-01-24,440.00,P,1.90,2.10,50,50,,500,1000,0.21,\n"
    "2025-01-15T15:00:00Z,SPY,,,,449.99,450.01,100,100,450.00,,,,\n"
    "2025-01-15T15:05:00Z,SPY,2025-01-24,445.00,P,3.00,3.20,50,50,,500,1000,0.20,\n"
    "2025-01-15T15:05:00Z,SPY,2025-01-24,440.00,P,1.90,2.00,50,50,,500,1000,0.21,\n"
    "2025-01-16T15:00:00Z,SPY,,,,454.99,455.01,100,100,455.00,,,,\n"
    "2025-01-16T15:00:00Z,SPY,2025-01-24,440.00,P,1.00,1.00,50,50,,500,1000,0.21,\n"
    "2025-01-16T15:00:00Z,SPY,2025-01-24,445.00,P,1.40,1.40,50,50,,500,1000,0.20,\n"
    "2025-01-24T15:00:00Z,SPY,,,,459.99,460.01,100,100,460.00,,,,\n";

// Any 5-wide spread in a wide delta band, 1-45 DTE, no liquidity floors, 10 at a time, one position.
constexpr const char* kStrategies =
    "strategies:\n"
    "  - name: hand-checked\n"
    "    kind: short_put_vertical\n"
    "    params: {underlying: SPY, short_delta_min: 0.05, short_delta_max: 0.60, width: 5, min_credit: 0.50,\n"
    "             min_dte: 1, max_dte: 45, target_dte: 9, min_open_interest: 0, min_volume: 0, quantity: 10,\n"
    "             max_positions: 1, execution: direct}\n";

// Cash so the risk limits do not bind (max loss 10 x 4.00 x 100 = 4,000 is 0.4%); no roll at 7 DTE; the
// bot's exits as plain limits at the mark (no walk to follow by hand).
constexpr const char* kOverrides =
    " --set paper_venue.starting_cash_usd=1000000 --set management.roll_enabled=false --set desk.bot_execution=direct";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class HandCheckedBacktest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir.path() / "chain.csv") << kChain;
    std::ofstream(dir.path() / "strategies.yaml") << kStrategies;
  }
  // Runs the backtest into `out` and returns report.json.
  nlohmann::json run(const std::string& out) {
    auto r = run_command(binary_path("nightdesk") + " backtest --data " + (dir.path() / "chain.csv").string() +
                         " --strategies " + (dir.path() / "strategies.yaml").string() + kOverrides + " --out " +
                         (dir.path() / out).string() + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return nlohmann::json::parse(slurp(dir.path() / out / "report.json"));
  }
  TempDir dir;
};

nlohmann::json fill(const char* time, const char* kind, const char* instrument, const char* side, int quantity,
                    const char* price, const char* fees) {
  return {{"time", time}, {"kind", kind}, {"instrument", instrument}, {"side", side},
          {"quantity", quantity}, {"price", price}, {"fees", fees}};
}

TEST_F(HandCheckedBacktest, ShortPutVertical_OpenedLadderedAndExpired_ExactFills) {
  const auto json = run("out");
  const nlohmann::json expected = nlohmann::json::array({
      fill("2025-01-15T15:05:00.000000000Z", "fill", "SPY   250124P00445000", "sell", 10, "3.00", "6.50"),
      fill("2025-01-15T15:05:00.000000000Z", "fill", "SPY   250124P00440000", "buy", 10, "2.00", "6.50"),
      fill("2025-01-16T15:00:00.000000000Z", "fill", "SPY   250124P00445000", "buy", 3, "1.40", "1.95"),
      fill("2025-01-16T15:00:00.000000000Z", "fill", "SPY   250124P00440000", "sell", 3, "1.00", "1.95"),
      fill("2025-01-24T21:00:00.000000000Z", "expired_worthless", "SPY   250124P00445000", "", -7, "0.00", "0.00"),
      fill("2025-01-24T21:00:00.000000000Z", "expired_worthless", "SPY   250124P00440000", "", 7, "0.00", "0.00"),
  });
  ASSERT_EQ(json["fills"].size(), expected.size()) << json["fills"].dump(1);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    for (const auto& [key, value] : expected[i].items()) EXPECT_EQ(json["fills"][i][key], value) << "fill " << i << " " << key;
    EXPECT_EQ(json["fills"][i]["position_id"], "pos-hand-checked-1") << i;
  }
  EXPECT_EQ(json["fills"][0]["strategy"], "hand-checked");  // the entry is the strategy's order
  EXPECT_EQ(json["fills"][2]["strategy"], "bot");           // the ladder's close is the bot's
}

TEST_F(HandCheckedBacktest, ShortPutVertical_RealizedPnlAndEquityByHand) {
  const auto json = run("out");
  ASSERT_EQ(json["trades"].size(), 1u) << json["trades"].dump(1);
  const auto& t = json["trades"][0];
  EXPECT_EQ(t["strategy"], "hand-checked");
  EXPECT_EQ(t["opened"], "2025-01-15T15:05:00.000000000Z");
  EXPECT_EQ(t["closed"], "2025-01-24T21:00:00.000000000Z");
  EXPECT_EQ(t["entry_cost"], "-1000.00");  // a credit
  EXPECT_EQ(t["realized_pnl"], "880.00");
  EXPECT_EQ(t["fees"], "16.90");
  EXPECT_EQ(t["net_pnl"], "863.10");
  const auto& s = json["summary"];
  EXPECT_EQ(s["total_pnl"], "863.10");
  EXPECT_EQ(s["ending_equity"], "1000863.10");
  EXPECT_EQ(s["trades_closed"], 1);
  EXPECT_EQ(s["winners"], 1);
  EXPECT_EQ(s["max_drawdown"], "163.00");
  ASSERT_EQ(json["daily"].size(), 3u);
  EXPECT_EQ(json["daily"][0]["close_equity"], "999837.00");
  EXPECT_EQ(json["daily"][0]["pnl"], "-163.00");
  EXPECT_EQ(json["daily"][1]["close_equity"], "1000583.10");
  EXPECT_EQ(json["daily"][1]["pnl"], "746.10");
  EXPECT_EQ(json["daily"][2]["pnl"], "280.00");
  EXPECT_EQ(json["desk"]["exits_produced"], 1);
  EXPECT_EQ(json["desk"]["expiries_settled"], 2);
}

// Close to close: the 10 spreads held over Jan 15-16. The delta term is the Jan 15 close delta (the report's
// own Greeks row) times the 5.00 move of SPY's mid.
TEST_F(HandCheckedBacktest, ShortPutVertical_DayTwoAttributedCloseToClose) {
  const auto json = run("out");
  const auto& a = json["daily"][1]["attribution"];
  EXPECT_EQ(a["actual"], "750.00");
  const double delta_at_close = json["greeks"][0]["delta"].get<double>();
  EXPECT_GT(delta_at_close, 0);  // short puts: long delta
  EXPECT_NEAR(std::stod(a["delta"].get<std::string>()), delta_at_close * 5.0, 1e-4);
  double terms = 0;
  for (const char* k : {"delta", "gamma", "theta", "vega", "residual"}) terms += std::stod(a[k].get<std::string>());
  EXPECT_NEAR(terms, 750.0, 1e-9);
}

TEST_F(HandCheckedBacktest, HtmlReport_EverySectionWellNestedNamesTheStrategy) {
  run("out");
  const std::string html = slurp(dir.path() / "out/report.html");
  for (const char* id : report::kReportSections)
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  EXPECT_EQ(report::testing::html_nesting_error(html), "");
  EXPECT_NE(html.find("pos-hand-checked-1"), std::string::npos);
  EXPECT_NE(html.find("863.10"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
}

TEST_F(HandCheckedBacktest, SameDataTwice_ReportsEqualButForGenerationTime) {
  auto a = run("a"), b = run("b");
  a["run"].erase("generated_at");
  b["run"].erase("generated_at");
  EXPECT_EQ(a, b);
  auto cut_footer = [](std::string s) { return s.substr(0, s.find("<footer")); };
  EXPECT_EQ(cut_footer(slurp(dir.path() / "a/report.html")), cut_footer(slurp(dir.path() / "b/report.html")));
}

}  // namespace
}  // namespace nightdesk::testing
