// nightdesk.yaml: the execution and paper_venue sections, read into the engine's settings.
#include "engine/nightdesk_config.h"

#include <gtest/gtest.h>

#include "support/paths.h"

namespace nightdesk::engine {
namespace {

EnvLookup no_env() { return environment_from({}); }

TEST(NightdeskConfig, EmptyFile_GivesTheSpecDefaults) {
  auto c = load_nightdesk_config_text("", "nightdesk.yaml", no_env());
  ASSERT_TRUE(c) << c.error().message;
  const auto& walk = c->execution.walk;
  EXPECT_TRUE(walk.use_mid_price);
  EXPECT_EQ(walk.cancel_after, std::chrono::seconds(30));
  EXPECT_EQ(walk.step_pct_of_spread, 10.0);
  EXPECT_EQ(walk.max_attempts, 10);
  EXPECT_EQ(walk.max_walk_pct_of_spread, 100.0);
  ASSERT_TRUE(walk.slippage_budget);
  EXPECT_EQ(walk.slippage_budget->pct_of_arrival_spread, 50.0);
  EXPECT_FALSE(c->execution.daily_slippage_budget);
  EXPECT_EQ(c->execution.rate_limit.per_minute, 120);
  EXPECT_FALSE(c->execution.rate_limit.per_second);
  EXPECT_EQ(c->paper_venue.venue.fills.model, broker::FillModel::touch);
  EXPECT_EQ(c->paper_venue.venue.fees.commission_per_contract, Money::from_units(6'500));
}

// The example file (config/nightdesk.yaml) has the programs' sections too: tests/apps/program_config_test.cpp.

TEST(NightdeskConfig, RiskSection_ReadIntoTheLimitsWithEnvOverride) {
  auto c = load_nightdesk_config_text("risk:\n  max_consecutive_losses: 3\n", "nightdesk.yaml",
                                      [](const std::string& name) -> std::optional<std::string> {
                                        if (name == "NIGHTDESK_RISK_MAX_CONSECUTIVE_LOSSES") return "4";
                                        return std::nullopt;
                                      });
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->risk.max_consecutive_losses, 4);
  auto bad = load_nightdesk_config_text("risk:\n  max_consecutive_losses: 0\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("max_consecutive_losses"), std::string::npos) << bad.error().message;
}

TEST(NightdeskConfig, Values_AreReadIntoTheSettings) {
  auto c = load_nightdesk_config_text(R"(
execution:
  use_mid_price: false
  cancel_after_seconds: 2.5
  on_budget: cancel
  daily_slippage_budget_usd: 250
  rate_limit_per_second: 5
  when_rate_limited: reject
paper_venue:
  fill_model: half_spread
  order_latency: 250ms
  commission_per_contract: 0.50
)", "nightdesk.yaml", no_env());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->execution.walk.use_mid_price);
  EXPECT_EQ(c->execution.walk.cancel_after, std::chrono::milliseconds(2'500));
  EXPECT_EQ(c->execution.walk.slippage_budget->on_hit, execution::WalkEndAction::cancel);
  EXPECT_EQ(c->execution.daily_slippage_budget, Money::from_units(2'500'000));
  EXPECT_EQ(c->execution.rate_limit.per_second, 5);
  EXPECT_EQ(c->execution.rate_limit.when_limited, execution::WhenRateLimited::reject);
  EXPECT_EQ(c->paper_venue.venue.fills.model, broker::FillModel::half_spread);
  EXPECT_EQ(c->paper_venue.venue.order_latency, std::chrono::milliseconds(250));
  EXPECT_EQ(c->paper_venue.venue.fees.commission_per_contract, Money::from_units(5'000));
}

TEST(NightdeskConfig, OrderBudgetDisabled_WalkHasNoBudget) {
  auto c = load_nightdesk_config_text("execution:\n  order_slippage_budget_enabled: false\n", "nightdesk.yaml", no_env());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->execution.walk.slippage_budget);
}

TEST(NightdeskConfig, OutOfRange_ErrorNamesFileLineAndKey) {
  auto c = load_nightdesk_config_text("execution:\n  step_pct_of_spread: 150\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("nightdesk.yaml:2"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("execution.step_pct_of_spread"), std::string::npos) << c.error().message;
}

TEST(NightdeskConfig, MisspelledKey_SuggestsTheRightOne) {
  auto c = load_nightdesk_config_text("execution:\n  max_attempt: 3\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("max_attempts"), std::string::npos) << c.error().message;
}

TEST(NightdeskConfig, BadOnBudgetChoice_NamesTheChoices) {
  auto c = load_nightdesk_config_text("execution:\n  on_budget: stop\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("execution.on_budget"), std::string::npos) << c.error().message;
}

TEST(NightdeskConfig, BadHalfSpreadFraction_NamesTheItem) {
  auto c = load_nightdesk_config_text("paper_venue:\n  half_spread_fractions: [0.75, 1.5]\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("paper_venue.half_spread_fractions[1]"), std::string::npos) << c.error().message;
  EXPECT_EQ(c.error().field, "paper_venue.half_spread_fractions");
}

TEST(NightdeskConfig, PerSecondAbovePerMinute_IsAnErrorNamingTheKey) {
  auto c = load_nightdesk_config_text("execution:\n  rate_limit_per_minute: 10\n  rate_limit_per_second: 20\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "execution.rate_limit_per_second");
  EXPECT_NE(c.error().message.find("nightdesk.yaml:3"), std::string::npos) << c.error().message;
}

TEST(NightdeskConfig, EnvironmentOverridesTheFile) {
  auto c = load_nightdesk_config_text("execution:\n  max_attempts: 3\n", "nightdesk.yaml",
                                      environment_from({{"NIGHTDESK_EXECUTION_MAX_ATTEMPTS", "7"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->execution.walk.max_attempts, 7);
}

TEST(NightdeskConfig, DeskSection_DefaultsAndValues) {
  auto defaults = load_nightdesk_config_text("", "nightdesk.yaml", no_env());
  ASSERT_TRUE(defaults) << defaults.error().message;
  EXPECT_EQ(defaults->desk.management_interval, Nanoseconds{0});
  EXPECT_EQ(defaults->desk.account_interval, std::chrono::seconds(1));
  EXPECT_EQ(defaults->desk.bot_style, ExecutionStyle::smart);

  auto set = load_nightdesk_config_text("desk:\n  management_interval: 5m\n  account_interval: 250ms\n  bot_execution: direct\n",
                                        "nightdesk.yaml", no_env());
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->desk.management_interval, std::chrono::minutes(5));
  EXPECT_EQ(set->desk.account_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(set->desk.bot_style, ExecutionStyle::direct);
}

TEST(NightdeskConfig, DeskSection_UnknownExecutionStyle_NamesTheKey) {
  auto bad = load_nightdesk_config_text("desk:\n  bot_execution: fast\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("desk.bot_execution"), std::string::npos) << bad.error().message;
}

TEST(NightdeskConfig, DeskSection_IntervalWithoutUnit_IsRefused) {
  auto bad = load_nightdesk_config_text("desk:\n  management_interval: 300\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("desk.management_interval"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace nightdesk::engine
