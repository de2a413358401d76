#include "portfolio/management_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "support/paths.h"

namespace nightdesk::portfolio {
namespace {

EnvLookup no_env() { return environment_from({}); }

Result<ManagementSettings> load(std::string_view yaml) { return load_management_settings_text(yaml, "nightdesk.yaml", no_env()); }

TEST(ManagementConfig, DefaultsAreTheSpecDefaults) {
  auto s = load("");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->exits.ladder, ProfitLadder::standard());
  EXPECT_EQ(s->exits.stop_loss.stop, Percent::points(-200));
  EXPECT_FALSE(s->exits.trailing.enabled);
  EXPECT_EQ(s->exits.trailing.trail, Percent::points(25));
  EXPECT_EQ(s->roll.min_dte_for_roll, 7);
  EXPECT_EQ(s->roll.target_dte, 30);
  EXPECT_EQ(s->roll.min_target_dte, 21);
  EXPECT_EQ(s->roll.max_target_dte, 60);
  EXPECT_EQ(s->roll.max_strike_adjustment, Price::from_units(100'000));
  EXPECT_TRUE(s->roll.require_credit);
  EXPECT_EQ(s->roll.execution, RollExecutionMode::combo);
}

TEST(ManagementConfig, ReadsPresetsCustomLevelsAndRollChoices) {
  auto aggressive = load("management:\n  ladder_preset: aggressive\n  strike_strategy: delta_maintain\n  roll_execution: close_first\n");
  ASSERT_TRUE(aggressive) << aggressive.error().message;
  EXPECT_EQ(aggressive->exits.ladder, ProfitLadder::aggressive());
  EXPECT_EQ(aggressive->roll.strike_strategy, StrikeStrategy::delta_maintain);
  EXPECT_EQ(aggressive->roll.execution, RollExecutionMode::close_first);
  auto custom = load("management:\n  ladder_preset: custom\n  ladder_levels: [\"+25%:10%\", \"+75.5%: 100%\"]\n  stop_loss_pct: -150\n");
  ASSERT_TRUE(custom) << custom.error().message;
  ASSERT_EQ(custom->exits.ladder.levels.size(), 2u);
  EXPECT_EQ(custom->exits.ladder.levels[1].trigger, Percent::from_basis_points(7550));
  EXPECT_EQ(custom->exits.ladder.levels[1].take, Percent::points(100));
  EXPECT_EQ(custom->exits.stop_loss.stop, Percent::points(-150));
}

TEST(ManagementConfig, ErrorsNameTheKey) {
  auto bad_level = load("management:\n  ladder_preset: custom\n  ladder_levels: [\"+50%:30%\", \"fifty\"]\n");
  ASSERT_FALSE(bad_level);
  EXPECT_EQ(bad_level.error().field, "management.ladder_levels[1]");
  auto descending = load("management:\n  ladder_preset: custom\n  ladder_levels: [\"+100%:30%\", \"+50%:30%\"]\n");
  ASSERT_FALSE(descending);
  EXPECT_EQ(descending.error().field, "management.ladder_levels[1]");
  auto window = load("management:\n  target_dte: 90\n");
  ASSERT_FALSE(window);
  EXPECT_EQ(window.error().field, "management.target_dte");
  auto levels_without_custom = load("management:\n  ladder_levels: [\"+50%:30%\"]\n");
  EXPECT_EQ(levels_without_custom.error().field, "management.ladder_levels");
  auto unknown = load("management:\n  stop_los_pct: -100\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("nightdesk.yaml:2"), std::string::npos) << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("stop_loss_pct"), std::string::npos) << unknown.error().message;
  auto positive_stop = load("management:\n  stop_loss_pct: 20\n");
  ASSERT_FALSE(positive_stop);
  EXPECT_NE(positive_stop.error().message.find("management.stop_loss_pct"), std::string::npos);
  auto bad_choice = load("management:\n  strike_strategy: nearest\n");
  EXPECT_NE(bad_choice.error().message.find("management.strike_strategy"), std::string::npos);
}

TEST(ManagementConfig, EnvironmentOverridesTheFile) {
  auto s = load_management_settings_text("management:\n  target_dte: 30\n", "nightdesk.yaml",
                                         environment_from({{"NIGHTDESK_MANAGEMENT_TARGET_DTE", "45"}}));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->roll.target_dte, 45);
}

TEST(ManagementConfig, ShippedExampleSectionLoads) {
  // Only the management section: other sections belong to other modules' schemas.
  YAML::Node file = YAML::LoadFile((testing::source_dir() / "config/nightdesk.yaml").string());
  ASSERT_TRUE(file["management"]);
  YAML::Emitter out;
  YAML::Node only;
  only["management"] = file["management"];
  out << only;
  auto s = load(out.c_str());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->exits.ladder, ProfitLadder::standard());
  EXPECT_EQ(s->roll.close_first_open_retries, 2);
}

}  // namespace
}  // namespace nightdesk::portfolio
