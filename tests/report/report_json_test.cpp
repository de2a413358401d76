// report.json: the documented keys in their order, exact money, determinism.
#include "report/report_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "backtest_scenario.h"

namespace nightdesk::report::testing {
namespace {

RunInfo info_at(const char* generated) {
  RunInfo info;
  info.config_path = "config/nightdesk.yaml";
  info.synthetic_seed = 7;
  info.overrides = {"risk.max_daily_loss_pct=5"};
  info.generated_at = *parse_iso8601(generated);
  return info;
}

BacktestResult scenario_result() {
  BacktestScenario s;
  return s.run();
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

TEST(ReportJson, TopLevelKeys_InDocumentedOrder) {
  auto doc = nlohmann::ordered_json::parse(report_json(scenario_result(), info_at("2025-06-01T00:00:00Z")));
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"schema", "schema_version", "run", "summary", "equity_curve", "greeks",
                                                 "daily", "attribution", "trades", "fills", "execution_quality", "desk"}));
  EXPECT_EQ(doc["schema"], "nightdesk.backtest_report");
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(keys(doc["attribution"]), (std::vector<std::string>{"actual", "delta", "gamma", "theta", "vega", "residual"}));
  EXPECT_EQ(keys(doc["run"]), (std::vector<std::string>{"label", "config", "data", "synthetic_seed", "overrides",
                                                        "strategies", "start", "end", "quote_events", "generated_at"}));
}

TEST(ReportJson, SummaryKeys_AndExactMoneyStrings) {
  auto doc = nlohmann::ordered_json::parse(report_json(scenario_result(), info_at("2025-06-01T00:00:00Z")));
  const auto& s = doc["summary"];
  for (const char* key : {"starting_equity", "ending_equity", "total_pnl", "total_return", "sharpe", "sortino",
                          "risk_free_rate", "annualisation_days", "max_drawdown", "max_drawdown_ratio", "trading_days",
                          "trades_closed", "winners", "losers", "win_rate", "profit_factor", "gross_profit",
                          "gross_loss", "average_trade"})
    EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_EQ(s["total_pnl"], "-5026.00");
  EXPECT_EQ(s["ending_equity"], "994974.00");
  EXPECT_EQ(s["profit_factor"], 0.0);  // one loser, no winner
  EXPECT_EQ(s["win_rate"], 0.0);
  EXPECT_EQ(doc["daily"].size(), 2u);
  EXPECT_EQ(doc["daily"][1]["pnl"], "-5013.00");
  EXPECT_EQ(doc["trades"][0]["net_pnl"], "-5026.00");
  EXPECT_TRUE(doc["execution_quality"]["total"].contains("realized_spread"));
}

TEST(ReportJson, SameRunTwice_ByteIdentical) {
  EXPECT_EQ(report_json(scenario_result(), info_at("2025-06-01T00:00:00Z")),
            report_json(scenario_result(), info_at("2025-06-01T00:00:00Z")));
}

TEST(ReportJson, GenerationTime_IsTheOnlyDifference) {
  auto a = nlohmann::ordered_json::parse(report_json(scenario_result(), info_at("2025-06-01T00:00:00Z")));
  auto b = nlohmann::ordered_json::parse(report_json(scenario_result(), info_at("2025-06-02T12:00:00Z")));
  EXPECT_NE(a, b);
  a["run"].erase("generated_at");
  b["run"].erase("generated_at");
  EXPECT_EQ(a, b);
}

TEST(ReportJson, EmptyResult_StillAValidDocument) {
  BacktestResult empty;
  auto doc = nlohmann::ordered_json::parse(report_json(empty, RunInfo{}));
  EXPECT_TRUE(doc["summary"]["sharpe"].is_null());
  EXPECT_TRUE(doc["equity_curve"].is_array());
  EXPECT_TRUE(doc["run"]["synthetic_seed"].is_null());
}

}  // namespace
}  // namespace nightdesk::report::testing
