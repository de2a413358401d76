// The programs' nightdesk.yaml: the engine's sections beside api, market and store; the example file; overrides.
#include "apps/program_config.h"

#include <gtest/gtest.h>

#include "support/paths.h"

namespace nightdesk::apps {
namespace {

EnvLookup no_env() { return environment_from({}); }

TEST(ProgramConfig, ExampleFile_LoadsEverySectionAtItsDefaults) {
  auto c = load_program_config(testing::source_dir() / "config/nightdesk.yaml", no_env());
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->engine.execution.rate_limit.per_minute, 120);
  EXPECT_EQ(c->engine.paper_venue.venue.fills.half_spread_fraction_by_legs, (std::vector<double>{0.75, 0.69, 0.62, 0.56}));
  EXPECT_EQ(c->engine.paper_venue.venue.ticks.rule_for("SPY").below, Price::from_units(100)) << "SPY is penny pilot";
  EXPECT_EQ(c->engine.risk.max_consecutive_losses, 5);
  EXPECT_EQ(c->engine.management.roll.target_dte, 30);
  EXPECT_EQ(c->api.server.bind, "127.0.0.1");
  EXPECT_EQ(c->api.server.port, 8080);
  EXPECT_EQ(c->market.source, MarketSettings::Source::synthetic);
  EXPECT_EQ(c->market.snapshots_per_day, 361);
  EXPECT_EQ(c->store_url, "");
  ASSERT_TRUE(c->engine.raw);
  EXPECT_TRUE(c->engine.raw->schema().has_section("api"));
}

TEST(ProgramConfig, EmptyText_GivesTheDefaults) {
  auto c = load_program_config_text("", "nightdesk.yaml", no_env());
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->market.underlying, "SPY");
  EXPECT_EQ(c->market.seed, 1u);
}

TEST(ProgramConfig, EnvironmentOverridesTheProgramsSections) {
  auto c = load_program_config_text("api:\n  port: 9000\n", "nightdesk.yaml",
                                    environment_from({{"NIGHTDESK_MARKET_SOURCE", "none"}, {"NIGHTDESK_API_PORT", "0"}}));
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->market.source, MarketSettings::Source::none);
  EXPECT_EQ(c->api.server.port, 0);
}

TEST(ProgramConfig, UnknownMarketSource_NamesTheKey) {
  auto c = load_program_config_text("market:\n  source: live\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().describe().find("market.source"), std::string::npos) << c.error().describe();
}

TEST(ProgramConfig, UnknownSection_IsRefused) {
  auto c = load_program_config_text("apii:\n  port: 1\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().describe().find("apii"), std::string::npos) << c.error().describe();
}

TEST(ProgramConfig, EngineSectionErrors_StillNameTheirKey) {
  auto c = load_program_config_text("execution:\n  step_pct_of_spread: 150\n", "nightdesk.yaml", no_env());
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().describe().find("step_pct_of_spread"), std::string::npos) << c.error().describe();
}

}  // namespace
}  // namespace nightdesk::apps
