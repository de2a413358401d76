// overnight.yaml (spec B2): every key's default, env overrides, ${VAR} expansion, errors naming key and line,
// cross-key rules, and path resolution.
#include "overnight/overnight_config.h"

#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class OvernightConfigFile : public ::testing::Test {
 protected:
  std::filesystem::path write(std::string_view yaml) {
    auto path = dir.path() / "overnight.yaml";
    std::ofstream(path) << yaml;
    return path;
  }
  Result<OvernightConfig> load(std::string_view yaml, std::map<std::string, std::string> env = {}) {
    return load_overnight_config(write(yaml), environment_from(std::move(env)));
  }
  testing::TempDir dir;
};

TEST_F(OvernightConfigFile, OnlyAgentCommandGiven_EveryOtherKeyTakesTheSpecDefault) {
  auto c = load("agent:\n  command: claude\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->session.max_runtime, 10h);
  EXPECT_EQ(c->session.max_idle, 30min);
  EXPECT_EQ(c->session.checkpoint_interval, 15min);
  EXPECT_EQ(c->session.max_continuation_attempts, 20);
  EXPECT_EQ(c->budget.max_cost_usd, 50);
  EXPECT_EQ(c->budget.warning_threshold_pct, 80);
  EXPECT_EQ(c->budget.critical_threshold_pct, 95);
  EXPECT_EQ(c->recovery.max_restarts, 5);
  EXPECT_EQ(c->recovery.backoff_base, 30s);
  EXPECT_EQ(c->recovery.backoff_max, 600s);
  EXPECT_EQ(c->recovery.backoff_jitter_pct, 20);
  EXPECT_EQ(c->recovery.stable_run, 120s);
  EXPECT_EQ(c->recovery.pause_after_failures, 10);
  EXPECT_EQ(c->recovery.pause_window, 30min);
  EXPECT_EQ(c->recovery.rate_limit_min_wait, 60s);
  EXPECT_EQ(c->recovery.rate_limit_max_wait, 6h);
  EXPECT_TRUE(c->enforcement.continuous_mode);
  EXPECT_EQ(c->enforcement.min_completion_pct, 100);
  EXPECT_TRUE(c->enforcement.require_p0);
  EXPECT_TRUE(c->enforcement.require_p1);
  EXPECT_FALSE(c->enforcement.require_p2);
  EXPECT_EQ(c->notifications.discord_webhook, "");
  EXPECT_EQ(c->notifications.idle_warning_pct, 70);
  EXPECT_EQ(c->notifications.cost_warning_pct, 80);
  EXPECT_TRUE(c->notifications.enable_session_start);
  EXPECT_TRUE(c->notifications.enable_checkpoints);
  EXPECT_TRUE(c->notifications.enable_completion);
  EXPECT_EQ(c->watchdog.check_interval, 30s);
  EXPECT_EQ(c->watchdog.memory_warning_pct, 80);
  EXPECT_EQ(c->watchdog.memory_critical_pct, 90);
  EXPECT_EQ(c->watchdog.cpu_warning_pct, 80);
  EXPECT_EQ(c->logging.level, "INFO");
  EXPECT_EQ(c->agent.stall, 10min);
  EXPECT_EQ(c->tests.on_red, OnRedBaseline::stop);
  EXPECT_EQ(c->http.bind, "127.0.0.1");
  EXPECT_FALSE(c->http.enabled);
}

TEST_F(OvernightConfigFile, MissingAgentCommand_IsAnErrorNamingTheKey) {
  auto c = load("session:\n  max_runtime_hours: 2\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("agent.command"));
}

TEST_F(OvernightConfigFile, FractionalMinutes_GiveMillisecondIntervalsForTests) {
  auto c = load("agent:\n  command: a\n  stall_minutes: 0.01\nsession:\n  max_idle_minutes: 0.05\n"
                "watchdog:\n  check_interval_seconds: 0.05\nrecovery:\n  backoff_base_seconds: 0.1\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->agent.stall, 600ms);
  EXPECT_EQ(c->session.max_idle, 3000ms);
  EXPECT_EQ(c->watchdog.check_interval, 50ms);
  EXPECT_EQ(c->recovery.backoff_base, 100ms);
}

TEST_F(OvernightConfigFile, UnknownKey_NamesFileLineAndSuggestion) {
  auto c = load("agent:\n  command: a\nsession:\n  max_runtim_hours: 3\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:4"));
  EXPECT_THAT(c.error().message, HasSubstr("session.max_runtim_hours"));
  EXPECT_THAT(c.error().message, HasSubstr("max_runtime_hours"));
}

TEST_F(OvernightConfigFile, WrongTypeAndOutOfRange_AreBothReportedWithLines) {
  auto c = load("agent:\n  command: a\nsession:\n  max_runtime_hours: ten\nbudget:\n  warning_threshold_pct: 150\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:4: session.max_runtime_hours"));
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:6: budget.warning_threshold_pct"));
}

TEST_F(OvernightConfigFile, BadChoice_ForOnRed_NamesTheAllowedValues) {
  auto c = load("agent:\n  command: a\ntests:\n  on_red: ignore\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("tests.on_red"));
  EXPECT_THAT(c.error().message, HasSubstr("fix_first"));
}

TEST_F(OvernightConfigFile, EnvOverride_BeatsTheFile) {
  auto c = load("agent:\n  command: a\nsession:\n  max_runtime_hours: 3\n",
                {{"OVERNIGHT_SESSION_MAX_RUNTIME_HOURS", "12"}, {"OVERNIGHT_TESTS_ON_RED", "fix_first"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->session.max_runtime, 12h);
  EXPECT_EQ(c->tests.on_red, OnRedBaseline::fix_first);
  EXPECT_EQ(c->raw->origin("session", "max_runtime_hours")->describe(), "env OVERNIGHT_SESSION_MAX_RUNTIME_HOURS");
}

TEST_F(OvernightConfigFile, BadEnvOverride_NamesTheVariable) {
  auto c = load("agent:\n  command: a\n", {{"OVERNIGHT_BUDGET_MAX_COST_USD", "lots"}});
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("OVERNIGHT_BUDGET_MAX_COST_USD"));
}

TEST_F(OvernightConfigFile, VariableExpansion_InsideValues) {
  auto c = load("agent:\n  command: ${AGENT_BIN}\n  args: [\"--model\", \"${MODEL:-opus}\"]\n"
                "notifications:\n  slack_webhook: https://hooks.example/${SLACK_TOKEN}\n",
                {{"AGENT_BIN", "/opt/agent"}, {"SLACK_TOKEN", "T0K"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->agent.command, "/opt/agent");
  EXPECT_EQ(c->agent.args, (std::vector<std::string>{"--model", "opus"}));
  EXPECT_EQ(c->notifications.slack_webhook, "https://hooks.example/T0K");
}

TEST_F(OvernightConfigFile, UnsetVariable_IsAnErrorNamingKeyAndLine) {
  auto c = load("agent:\n  command: ${NOPE}\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:2"));
  EXPECT_THAT(c.error().message, HasSubstr("NOPE"));
}

TEST_F(OvernightConfigFile, WarningAboveCritical_IsRefusedNamingBothKeys) {
  auto c = load("agent:\n  command: a\nbudget:\n  warning_threshold_pct: 96\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:4"));
  EXPECT_THAT(c.error().message, HasSubstr("budget.warning_threshold_pct"));
  EXPECT_THAT(c.error().message, HasSubstr("budget.critical_threshold_pct"));
}

TEST_F(OvernightConfigFile, BackoffBaseAboveMax_IsRefused) {
  auto c = load("agent:\n  command: a\nrecovery:\n  backoff_base_seconds: 700\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("recovery.backoff_base_seconds"));
}

TEST_F(OvernightConfigFile, RelativePaths_ResolveAgainstWorkdirBesideTheConfigFile) {
  auto c = load("agent:\n  command: a\npaths:\n  workdir: repo\n  progress_file: TASKS.md\n");
  ASSERT_TRUE(c) << c.error().message;
  auto base = std::filesystem::absolute(dir.path()).lexically_normal();
  EXPECT_EQ(c->paths.workdir, base / "repo");
  EXPECT_EQ(c->paths.progress_file, base / "repo" / "TASKS.md");
  EXPECT_EQ(c->paths.state_file, base / "repo" / ".overnight" / "state.json");
}

TEST_F(OvernightConfigFile, PromptFromFile_WithAtSign) {
  std::ofstream(dir.path() / "prompt.txt") << "do {task}";
  auto c = load("agent:\n  command: a\n  prompt: \"@prompt.txt\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->agent.prompt, "do {task}");
}

TEST_F(OvernightConfigFile, PromptFileMissing_IsAnErrorNamingTheKey) {
  auto c = load("agent:\n  command: a\n  prompt: \"@missing.txt\"\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("agent.prompt"));
}

TEST_F(OvernightConfigFile, MissingFile_IsAnIoErrorNamingThePath) {
  auto c = load_overnight_config(dir.path() / "absent.yaml", environment_from({}));
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("absent.yaml"));
}

TEST_F(OvernightConfigFile, Protocol_DefaultsToTheProgressFileWithBuiltInTemplates) {
  auto c = load("agent:\n  command: a\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->protocol.mode, ProtocolMode::progress_file);
  EXPECT_EQ(c->protocol.registry_file.filename(), "features.json");
  EXPECT_EQ(c->protocol.setup_script.filename(), "init.sh");
  EXPECT_THAT(c->protocol.coding_template, HasSubstr("{registry}"));
  EXPECT_EQ(c->protocol.verify_timeout, 10min);
  EXPECT_FALSE(c->protocol.require_completion_signal);
}

TEST_F(OvernightConfigFile, Protocol_TwoPhaseWithTemplateFilesAndGoal) {
  std::ofstream(dir.path() / "coding.md") << "work on {feature_id}; registry {registry}; log {git_log}";
  std::ofstream(dir.path() / "goal.md") << "build a pricer";
  auto c = load("agent:\n  command: a\nprotocol:\n  mode: two_phase\n  goal: \"@goal.md\"\n"
                "  coding_template: coding.md\n  registry_file: plan/features.json\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->protocol.mode, ProtocolMode::two_phase);
  EXPECT_EQ(c->protocol.goal, "build a pricer");
  EXPECT_EQ(c->protocol.coding_template, "work on {feature_id}; registry {registry}; log {git_log}");
  EXPECT_EQ(c->protocol.registry_file, c->paths.workdir / "plan" / "features.json");
}

TEST_F(OvernightConfigFile, Protocol_TemplateWithAMisspeltPlaceholder_IsAnErrorNamingKeyLineAndName) {
  std::ofstream(dir.path() / "coding.md") << "work on {feature_id} using {regsitry}";
  auto c = load("agent:\n  command: a\nprotocol:\n  coding_template: coding.md\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("overnight.yaml:4: protocol.coding_template: unknown placeholder {regsitry}"));
}

TEST_F(OvernightConfigFile, Protocol_MissingTemplateFileOrBadMode_IsAnError) {
  auto c = load("agent:\n  command: a\nprotocol:\n  initializer_template: none.md\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("protocol.initializer_template"));
  c = load("agent:\n  command: a\nprotocol:\n  mode: three_phase\n");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("protocol.mode"));
}

// A new user writes `command: ./agent.sh` beside overnight.yaml; the agent runs in the work tree, so the path is
// taken relative to the configuration file (not to wherever the runner was started). A bare name stays a PATH name.
TEST_F(OvernightConfigFile, RelativeAgentCommand_ResolvesAgainstTheConfigFilesDirectory) {
  auto c = load("agent:\n  command: ./bin/agent.sh\npaths:\n  workdir: repo\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->agent.command, (std::filesystem::absolute(dir.path()) / "bin" / "agent.sh").lexically_normal().string());
  auto bare = load("agent:\n  command: claude\n");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->agent.command, "claude");
  auto absolute = load("agent:\n  command: /usr/bin/env\n");
  ASSERT_TRUE(absolute);
  EXPECT_EQ(absolute->agent.command, "/usr/bin/env");
}

// Each duration key is read in the unit its name ends in: set to 2 of that unit, every setting is 2 units long.
TEST_F(OvernightConfigFile, DurationKeys_AreReadInTheUnitTheirNameEndsIn) {
  auto c = load(
      "agent:\n  command: claude\n  stall_minutes: 2\n  stop_grace_seconds: 2\n"
      "session:\n  max_runtime_hours: 2\n  max_idle_minutes: 2\n  checkpoint_interval_minutes: 2\n"
      "recovery:\n  backoff_base_seconds: 2\n  backoff_max_seconds: 2\n  stable_run_seconds: 2\n"
      "  pause_window_minutes: 2\n  rate_limit_min_wait_seconds: 2\n  rate_limit_max_wait_hours: 2\n"
      "watchdog:\n  check_interval_seconds: 2\ntests:\n  timeout_minutes: 2\nprotocol:\n  verify_timeout_minutes: 2\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->agent.stall, 2min);
  EXPECT_EQ(c->agent.stop_grace, 2s);
  EXPECT_EQ(c->session.max_runtime, 2h);
  EXPECT_EQ(c->session.max_idle, 2min);
  EXPECT_EQ(c->session.checkpoint_interval, 2min);
  EXPECT_EQ(c->recovery.backoff_base, 2s);
  EXPECT_EQ(c->recovery.backoff_max, 2s);
  EXPECT_EQ(c->recovery.stable_run, 2s);
  EXPECT_EQ(c->recovery.pause_window, 2min);
  EXPECT_EQ(c->recovery.rate_limit_min_wait, 2s);
  EXPECT_EQ(c->recovery.rate_limit_max_wait, 2h);
  EXPECT_EQ(c->watchdog.check_interval, 2s);
  EXPECT_EQ(c->tests.timeout, 2min);
  EXPECT_EQ(c->protocol.verify_timeout, 2min);
}

// The naming rules the declarations rely on: a unit-suffixed key is a number, a *_pct key is 0..100.
TEST(OvernightSchema, UnitSuffixedKeysAreNumbersAndPercentagesAreBoundedToHundred) {
  int durations = 0, percentages = 0;
  for (const auto& key : overnight_schema().keys()) {
    if (key.name.ends_with("_hours") || key.name.ends_with("_minutes") || key.name.ends_with("_seconds")) {
      ++durations;
      EXPECT_EQ(key.type, ConfigType::number) << key.path();
    }
    if (key.name.ends_with("_pct")) {
      ++percentages;
      ASSERT_TRUE(key.min && key.max) << key.path();
      EXPECT_EQ(std::get<double>(*key.min), 0) << key.path();
      EXPECT_EQ(std::get<double>(*key.max), 100) << key.path();
    }
  }
  EXPECT_EQ(durations, 14);
  EXPECT_EQ(percentages, 9);
}

TEST(OvernightSchema, EveryKeyHasADescriptionAndTheSchemaIsWellFormed) {
  const auto& schema = overnight_schema();
  EXPECT_TRUE(schema.check(kEnvPrefix));
  for (const auto& key : schema.keys()) EXPECT_FALSE(key.description.empty()) << key.path();
  for (std::string_view section : {"session", "budget", "recovery", "enforcement", "notifications", "watchdog",
                                   "logging", "paths", "agent", "tests", "checkpoints", "http", "protocol"}) {
    EXPECT_TRUE(schema.has_section(section)) << section;
  }
}

TEST(OvernightSchema, WebhooksAreSecret) {
  EXPECT_TRUE(overnight_schema().find("notifications", "discord_webhook")->secret);
  EXPECT_TRUE(overnight_schema().find("notifications", "slack_webhook")->secret);
}

}  // namespace
}  // namespace nightdesk::overnight
