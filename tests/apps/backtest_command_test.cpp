// `nightdesk backtest` as a user runs it: the real binary on a tiny synthetic market, its reports, the
// determinism of two runs, --set/--sweep, and the refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/command.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace nightdesk::testing {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string backtest(const std::string& args) { return binary_path("nightdesk") + " backtest " + args + " 2>&1"; }

nlohmann::json without_generation_time(const std::filesystem::path& report) {
  auto j = nlohmann::json::parse(slurp(report));
  j["run"].erase("generated_at");
  return j;
}

TEST(BacktestCommand, TinySyntheticMarket_WritesBothReportsAndASummary) {
  TempDir dir;
  auto r = run_command(backtest("--synthetic 3 --set synthetic.days=3 --out " + (dir.path() / "out").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Sharpe"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no --strategies file"), std::string::npos) << r.out;
  auto json = nlohmann::json::parse(slurp(dir.path() / "out/report.json"));
  EXPECT_EQ(json["schema"], "nightdesk.backtest_report");
  EXPECT_EQ(json["summary"]["trading_days"], 3);
  EXPECT_EQ(json["run"]["synthetic_seed"], 3);
  EXPECT_GT(json["run"]["quote_events"].get<std::uint64_t>(), 100u);
  const std::string html = slurp(dir.path() / "out/report.html");
  EXPECT_NE(html.find("<section id=\"equity\">"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
}

// The example strategies file on four weeks of the synthetic market: the strategies open positions through the
// desk (the risk limits refuse some, with numbers), trades close, and the report names every strategy.
TEST(BacktestCommand, ExampleStrategiesFile_StrategiesTradeAndAreNamedInTheReport) {
  TempDir dir;
  auto r = run_command(backtest("--synthetic 7 --set synthetic.days=20 --strategies " + (source_dir() / "config/strategies.yaml").string() +
                                " --out " + (dir.path() / "out").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("no --strategies file"), std::string::npos) << r.out;
  auto json = nlohmann::json::parse(slurp(dir.path() / "out/report.json"));
  EXPECT_GT(json["summary"]["trades_closed"].get<int>(), 0) << json["summary"].dump();
  EXPECT_FALSE(json["fills"].empty());
  const auto strategies = json["run"]["strategies"].dump();
  for (const char* name : {"spy-put-spreads", "spy-condors", "spy-wheel", "spy-two-part"})
    EXPECT_NE(strategies.find(name), std::string::npos) << strategies;
}

TEST(BacktestCommand, StrategiesFileWithAnUnknownKind_RefusedNamingTheEntry) {
  TempDir dir;
  const auto file = dir.path() / "strategies.yaml";
  std::ofstream(file) << "strategies:\n  - name: s1\n    kind: iron_condr\n    params: {}\n";
  auto r = run_command(backtest("--synthetic 1 --set synthetic.days=1 --strategies " + file.string() + " --out " +
                                (dir.path() / "out").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("strategies[0]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iron_condor"), std::string::npos) << r.out;  // the suggestion
}

TEST(BacktestCommand, SameSeedTwice_ReportsEqualButForGenerationTime) {
  TempDir dir;
  for (const char* name : {"a", "b"}) {
    auto r = run_command(backtest("--synthetic 5 --set synthetic.days=2 --out " + (dir.path() / name).string()));
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  EXPECT_EQ(without_generation_time(dir.path() / "a/report.json"), without_generation_time(dir.path() / "b/report.json"));
  std::string a = slurp(dir.path() / "a/report.html"), b = slurp(dir.path() / "b/report.html");
  auto cut_footer = [](std::string s) { return s.substr(0, s.find("<footer")); };
  EXPECT_EQ(cut_footer(a), cut_footer(b));
}

TEST(BacktestCommand, Sweep_OneReportPerVariantAndOneTable) {
  TempDir dir;
  auto r = run_command(backtest("--synthetic 1 --set synthetic.days=2 --sweep risk.max_daily_loss_pct=2,4 --out " +
                                (dir.path() / "sweep").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("risk.max_daily_loss_pct=2 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("risk.max_daily_loss_pct=4 "), std::string::npos) << r.out;
  auto json = nlohmann::json::parse(slurp(dir.path() / "sweep/risk.max_daily_loss_pct_4/report.json"));
  EXPECT_EQ(json["run"]["overrides"], nlohmann::json::array({"synthetic.days=2", "risk.max_daily_loss_pct=4"}));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "sweep/risk.max_daily_loss_pct_2/report.html"));
}

TEST(BacktestCommand, UnknownSetKey_RefusedWithSuggestion) {
  TempDir dir;
  auto r = run_command(backtest("--synthetic 1 --set risk.max_daily_los_pct=5 --out " + dir.path().string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("did you mean risk.max_daily_loss_pct"), std::string::npos) << r.out;
}

TEST(BacktestCommand, BadOverrideValue_RunFailsNamingTheKey) {
  TempDir dir;
  auto r = run_command(backtest("--synthetic 1 --set synthetic.days=1 --set risk.max_daily_loss_pct=lots --out " +
                                dir.path().string()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("max_daily_loss_pct"), std::string::npos) << r.out;
}

TEST(BacktestCommand, NoData_Refused) {
  auto r = run_command(backtest("--out /tmp/never"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--synthetic"), std::string::npos) << r.out;
}

TEST(BacktestCommand, NativeCsvFile_Replayed) {
  TempDir dir;
  const std::string csv = (dir.path() / "chain.csv").string();
  auto synth = run_command(binary_path("nightdesk") + " data synth --seed 2 --days 2 --out " + csv + " 2>&1");
  ASSERT_EQ(synth.exit_code, 0) << synth.out;
  auto r = run_command(backtest("--data " + csv + " --out " + (dir.path() / "out").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto json = nlohmann::json::parse(slurp(dir.path() / "out/report.json"));
  EXPECT_EQ(json["run"]["data"][0], csv);
  EXPECT_EQ(json["summary"]["trading_days"], 2);
}

}  // namespace
}  // namespace nightdesk::testing
