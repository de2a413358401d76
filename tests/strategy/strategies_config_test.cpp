// The strategies file and make_strategies(): the example in config/ loads; errors name file, line and field.
#include "strategy/strategies_config.h"

#include <gtest/gtest.h>

#include "support/paths.h"

namespace nightdesk::strategy {
namespace {

TEST(StrategiesConfig, ExampleFileLoadsAndMakesEveryBuiltIn) {
  auto config = load_strategies_config(nightdesk::testing::source_dir() / "config" / "strategies.yaml");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->strategies.size(), 4u);
  EXPECT_EQ(config->recurring_templates.size(), 1u);
  auto made = make_strategies(*config);
  ASSERT_TRUE(made) << made.error().describe();
  ASSERT_EQ(made->size(), 4u);
  EXPECT_EQ((*made)[0]->kind(), "short_put_vertical");
  EXPECT_EQ((*made)[1]->kind(), "iron_condor");
  EXPECT_EQ((*made)[2]->kind(), "wheel");
  EXPECT_EQ((*made)[3]->kind(), "two_part_spread");
  EXPECT_EQ((*made)[2]->name(), "spy-wheel");
}

TEST(StrategiesConfig, BadParameter_NamesFileLineAndField) {
  auto config = parse_strategies_config(R"(strategies:
  - name: a
    kind: short_put_vertical
    params: {underlying: SPY}
  - name: b
    kind: short_put_vertical
    params:
      underlying: SPY
      short_delta_min: 1.2
)", "s.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field, "strategies[1].params.short_delta_min");
  EXPECT_NE(config.error().message.find("s.yaml:5:"), std::string::npos) << config.error().message;
}

TEST(StrategiesConfig, UnknownKind_SuggestsTheNearest) {
  auto config = parse_strategies_config("strategies:\n  - {name: a, kind: wheeel, params: {underlying: SPY}}\n", "s.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field, "strategies[0].kind");
  EXPECT_NE(config.error().message.find("did you mean \"wheel\""), std::string::npos) << config.error().message;
}

TEST(StrategiesConfig, DuplicateNameAndUnknownFieldAndSection_Refused) {
  auto twice = parse_strategies_config(
      "strategies:\n  - {name: a, kind: wheel, params: {underlying: SPY}}\n  - {name: a, kind: wheel, params: {underlying: QQQ}}\n", "s.yaml");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "strategies[1].name");
  auto field = parse_strategies_config("strategies:\n  - {name: a, kind: wheel, parms: {}}\n", "s.yaml");
  ASSERT_FALSE(field);
  EXPECT_EQ(field.error().field, "strategies[0].parms");
  auto section = parse_strategies_config("strategy: []\n", "s.yaml");
  ASSERT_FALSE(section);
  EXPECT_NE(section.error().message.find("s.yaml:1: strategy: unknown section"), std::string::npos) << section.error().message;
  auto ignored = parse_strategies_config("risk: {max_daily_loss_pct: 3}\nstrategies: []\n", "n.yaml", OtherSections::ignore);
  EXPECT_TRUE(ignored);
}

TEST(StrategiesConfig, BadRecurringTemplate_NamesItsField) {
  auto config = parse_strategies_config(R"(recurring_templates:
  - name: t
    underlying: SPY
    order: {template: vertical, right: put, side: sell, strike: 450, width: 0}
    schedule: {kind: daily, time: "10:00"}
)", "s.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field, "recurring_templates[0].order.width");
}

TEST(StrategiesConfig, EmptyFile_NoStrategies) {
  auto config = parse_strategies_config("", "s.yaml");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->strategies.empty());
}

}  // namespace
}  // namespace nightdesk::strategy
