// Loading configuration files: values, defaults, environment overrides, ${VAR} expansion, and the
// promised error text (file, line, key, expected form) for every kind of bad configuration.
#include "common/config.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/config_loader.h"

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A YAML file in the temp directory, removed when the test ends.
class TempYaml {
 public:
  explicit TempYaml(std::string_view text) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("nightdesk_config_test_{}_{}.yaml", ::getpid(), counter.fetch_add(1));
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempYaml() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempYaml(const TempYaml&) = delete;
  TempYaml& operator=(const TempYaml&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string name() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// An overnight-like schema (a test fixture only; the real schemas live with their programs).
class ConfigFile : public ::testing::Test {
 protected:
  Result<Config> load(const TempYaml& file, std::map<std::string, std::string> env = {}) {
    return load_config(schema, file.path(), "OVERNIGHT", environment_from(std::move(env)));
  }
  // The whole error message for `yaml`, written to a temp file whose name is then replaced by "FILE".
  std::string error_for(std::string_view yaml, std::map<std::string, std::string> env = {}) {
    TempYaml file(yaml);
    auto r = load(file, std::move(env));
    if (r) return "(loaded)";
    std::string message = r.error().message;
    for (auto at = message.find(file.name()); at != std::string::npos; at = message.find(file.name())) {
      message.replace(at, file.name().size(), "FILE");
    }
    return message;
  }

  ConfigSchema schema;
  ConfigKey<std::int64_t> max_runtime_hours =
      schema.integer("session", "max_runtime_hours", "hard stop for one session").defaults_to(10).range(1, 168);
  ConfigKey<std::int64_t> max_idle_minutes =
      schema.integer("session", "max_idle_minutes", "restart after this much silence").defaults_to(30).at_least(1);
  ConfigKey<double> max_cost_usd = schema.number("budget", "max_cost_usd", "spend cap").defaults_to(50).at_least(0);
  ConfigKey<bool> continuous_mode = schema.boolean("enforcement", "continuous_mode", "keep going").defaults_to(true);
  ConfigKey<std::string> discord_webhook =
      schema.text("notifications", "discord_webhook", "Discord webhook URL").defaults_to("").secret();
  ConfigKey<std::string> log_level =
      schema.choice("logging", "level", {"DEBUG", "INFO", "WARNING", "ERROR"}, "log level").defaults_to("INFO");
  ConfigKey<ConfigDuration> check_interval =
      schema.duration("watchdog", "check_interval", "how often to look").defaults_to(30s).range(1s, 1h);
  ConfigKey<std::string> state_file = schema.text("paths", "state_file", "state JSON").defaults_to("state.json");
  ConfigKey<std::vector<std::string>> history_files =
      schema.text_list("paths", "history_files", "old runs").defaults_to({});
};

// ---- values, defaults and origins ----

TEST_F(ConfigFile, ReadsEveryTypeFromTheFile) {
  TempYaml file(R"(session:
  max_runtime_hours: 12
budget:
  max_cost_usd: 7.5
enforcement:
  continuous_mode: false
notifications:
  discord_webhook: https://discord.example/hook
logging:
  level: warning
watchdog:
  check_interval: 1m30s
paths:
  state_file: /var/lib/overnight/state.json
  history_files: [a.json, b.json]
)");
  auto config = load(file);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->get(max_runtime_hours), 12);
  EXPECT_EQ(config->get(max_cost_usd), 7.5);
  EXPECT_EQ(config->get(continuous_mode), false);
  EXPECT_EQ(config->get(discord_webhook), "https://discord.example/hook");
  EXPECT_EQ(config->get(log_level), "WARNING");
  EXPECT_EQ(config->get(check_interval), 90s);
  EXPECT_EQ(config->get(state_file), "/var/lib/overnight/state.json");
  EXPECT_THAT(config->get(history_files), ElementsAre("a.json", "b.json"));
}

TEST_F(ConfigFile, KeysNotInTheFileTakeTheirDefaults) {
  TempYaml file("session:\n  max_runtime_hours: 12\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(max_idle_minutes), 30);
  EXPECT_EQ(config->get(max_cost_usd), 50.0);
  EXPECT_EQ(config->get(check_interval), 30s);
  EXPECT_TRUE(config->get(history_files).empty());
}

TEST_F(ConfigFile, OriginSaysDefaultOrFileAndLine) {
  TempYaml file("# comment\nsession:\n  max_idle_minutes: 5\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->origin("session", "max_idle_minutes")->describe(), file.name() + ":3");
  EXPECT_EQ(config->origin("session", "max_idle_minutes")->kind, ConfigOrigin::Kind::file);
  EXPECT_EQ(config->origin("session", "max_runtime_hours")->describe(), "default");
  EXPECT_EQ(config->origins()["session.max_idle_minutes"], file.name() + ":3");
  EXPECT_EQ(config->origin("session", "nope").error().code, ErrorCode::not_found);
}

TEST_F(ConfigFile, EmptyOrCommentOnlyFileGivesAllDefaults) {
  for (std::string_view yaml : {"", "# nothing configured yet\n", "---\n"}) {
    TempYaml file(yaml);
    auto config = load(file);
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->get(max_runtime_hours), 10);
  }
}

TEST_F(ConfigFile, SectionWithEveryKeyCommentedOutIsEmpty) {
  TempYaml file("session:\n  # max_runtime_hours: 12\nbudget:\n  max_cost_usd: 1\n");
  auto config = load(file);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->get(max_runtime_hours), 10);
}

TEST_F(ConfigFile, QuotedNumberIsReadAsItsKeysType) {
  TempYaml file("session:\n  max_runtime_hours: \"12\"\npaths:\n  state_file: 42\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(max_runtime_hours), 12);
  EXPECT_EQ(config->get(state_file), "42");
}

TEST_F(ConfigFile, IntegerIsAValidNumber) { EXPECT_EQ(error_for("budget:\n  max_cost_usd: 10\n"), "(loaded)"); }

TEST(ConfigText, LoadsFromTextWithTheGivenSourceName) {
  ConfigSchema schema;
  ConfigKey<std::int64_t> hours = schema.integer("session", "max_runtime_hours", "").defaults_to(10).range(1, 168);
  auto config =
      load_config_text(schema, "session:\n  max_runtime_hours: 3\n", "inline.yaml", "OVERNIGHT", environment_from({}));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(hours), 3);
  EXPECT_EQ(config->origin("session", "max_runtime_hours")->describe(), "inline.yaml:2");
  auto bad =
      load_config_text(schema, "session:\n  max_runtime_hours: 0\n", "inline.yaml", "OVERNIGHT", environment_from({}));
  EXPECT_EQ(bad.error().message, "inline.yaml:2: session.max_runtime_hours: expected an integer in [1, 168], got 0");
}

TEST(ConfigText, NoFileAtAllGivesDefaultsPlusEnvironment) {
  ConfigSchema schema;
  ConfigKey<std::int64_t> hours = schema.integer("session", "max_runtime_hours", "").defaults_to(10);
  auto config = load_config_text(schema, "", "(none)", "OVERNIGHT",
                                 environment_from({{"OVERNIGHT_SESSION_MAX_RUNTIME_HOURS", "4"}}));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(hours), 4);
}

// ---- bad files: each error names file, line, key and the expected form ----

TEST_F(ConfigFile, MissingFileIsAnIoErrorNamingThePath) {
  auto path = std::filesystem::temp_directory_path() / "nightdesk_config_test_does_not_exist.yaml";
  auto r = load_config(schema, path, "OVERNIGHT", environment_from({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_EQ(r.error().message, "cannot read config file " + path.string() + ": No such file or directory");
}

TEST_F(ConfigFile, DirectoryInsteadOfFileIsAnIoError) {
  auto r = load_config(schema, std::filesystem::temp_directory_path(), "OVERNIGHT", environment_from({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_THAT(r.error().message, HasSubstr("it is a directory"));
}

TEST_F(ConfigFile, WrongTypeNamesFileLineKeyAndExpectedForm) {
  TempYaml file(R"(# overnight.yaml
session:
  max_idle_minutes: 5


  max_runtime_hours: ten
)");
  auto r = load(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "session.max_runtime_hours");
  EXPECT_EQ(r.error().message,
            file.name() + ":6: session.max_runtime_hours: expected an integer in [1, 168], got \"ten\"");
}

TEST_F(ConfigFile, FractionForAnIntegerKeyIsWrongType) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: 10.5\n"),
            "FILE:2: session.max_runtime_hours: expected an integer in [1, 168], got \"10.5\"");
}

TEST_F(ConfigFile, OutOfRangeValueNamesTheRange) {
  TempYaml file("session:\n  max_runtime_hours: 200\n");
  auto r = load(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(r.error().message, file.name() + ":2: session.max_runtime_hours: expected an integer in [1, 168], got 200");
}

TEST_F(ConfigFile, BooleanIsStrictTrueOrFalse) {
  EXPECT_EQ(error_for("enforcement:\n  continuous_mode: yes\n"),
            "FILE:2: enforcement.continuous_mode: expected true or false, got \"yes\"");
  EXPECT_EQ(error_for("enforcement:\n  continuous_mode: 1\n"),
            "FILE:2: enforcement.continuous_mode: expected true or false, got \"1\"");
}

TEST_F(ConfigFile, UnknownChoiceListsTheAllowedValues) {
  EXPECT_EQ(error_for("logging:\n  level: verbose\n"),
            "FILE:2: logging.level: expected one of DEBUG, INFO, WARNING, ERROR, got \"verbose\"");
}

TEST_F(ConfigFile, DurationWithoutUnitIsRefused) {
  EXPECT_EQ(error_for("watchdog:\n  check_interval: 30\n"),
            "FILE:2: watchdog.check_interval: expected a duration such as 500ms, 30s, 5m, 2h or 1h30m in [1s, 1h], "
            "got \"30\"");
}

TEST_F(ConfigFile, UnknownKeySuggestsTheNearestName) {
  TempYaml file("session:\n  max_runtime_hours: 12\n  max_runtim_hours: 12\n");
  auto r = load(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().message,
            file.name() + ":3: session.max_runtim_hours: unknown key (did you mean max_runtime_hours?)");
}

TEST_F(ConfigFile, UnknownKeyWithNothingCloseListsTheSectionsKeys) {
  EXPECT_EQ(error_for("session:\n  color: blue\n"),
            "FILE:2: session.color: unknown key (keys of session are: max_runtime_hours, max_idle_minutes)");
}

TEST_F(ConfigFile, UnknownSectionSuggestsTheNearestName) {
  EXPECT_EQ(error_for("sesion:\n  max_runtime_hours: 12\n"), "FILE:1: sesion: unknown section (did you mean session?)");
  EXPECT_EQ(error_for("database:\n  url: x\n"),
            "FILE:1: database: unknown section (sections are: session, budget, enforcement, notifications, logging, "
            "watchdog, paths)");
}

TEST_F(ConfigFile, SectionThatIsNotAMapIsAnError) {
  EXPECT_EQ(error_for("budget: 50\n"), "FILE:1: budget: expected a map of keys, got \"50\"");
  EXPECT_EQ(error_for("session:\n  - max_runtime_hours\n"), "FILE:1: session: expected a map of keys, got a list");
}

TEST_F(ConfigFile, TopLevelThatIsNotAMapIsAnError) {
  EXPECT_EQ(error_for("- session\n- budget\n"), "FILE:1: expected a map of sections at the top level, got a list");
  EXPECT_EQ(error_for("just text\n"), "FILE:1: expected a map of sections at the top level, got \"just text\"");
}

TEST_F(ConfigFile, ComplexKeyIsAnError) {
  EXPECT_EQ(error_for("? [a, b]\n: 1\n"), "FILE:1: expected a section name, got a list");
  EXPECT_EQ(error_for("session:\n  ? {a: 1}\n  : 2\n"), "FILE:2: session: expected a key name, got a map");
}

TEST_F(ConfigFile, StringKeyRefusesMapsListsAndNull) {
  EXPECT_EQ(error_for("paths:\n  state_file: {dir: /tmp}\n"), "FILE:2: paths.state_file: expected a string, got a map");
  EXPECT_EQ(error_for("paths:\n  state_file: [a, b]\n"), "FILE:2: paths.state_file: expected a string, got a list");
  EXPECT_EQ(error_for("paths:\n  state_file:\n"),
            "FILE:2: paths.state_file: expected a string, got nothing (write \"\" for an empty string)");
}

TEST_F(ConfigFile, NullForANumberIsAnError) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: ~\n"),
            "FILE:2: session.max_runtime_hours: expected an integer in [1, 168], got nothing");
}

TEST_F(ConfigFile, ListKeyRefusesAScalarAndNestedItems) {
  EXPECT_EQ(error_for("paths:\n  history_files: a.json\n"),
            "FILE:2: paths.history_files: expected a list of strings such as [a, b], got \"a.json\"");
  EXPECT_EQ(error_for("paths:\n  history_files:\n    - a.json\n    - {b: 1}\n"),
            "FILE:2: paths.history_files: expected a list of strings, got a map as item 2");
}

TEST_F(ConfigFile, DuplicateKeyIsAnError) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: 12\n  max_runtime_hours: 13\n"),
            "FILE:3: session.max_runtime_hours: duplicate key (first on line 2)");
}

TEST_F(ConfigFile, DuplicateSectionIsAnError) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: 12\nsession:\n  max_idle_minutes: 3\n"),
            "FILE:3: session: duplicate section (first on line 1)");
}

TEST_F(ConfigFile, SecondYamlDocumentIsAnError) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: 12\n---\nsession:\n  max_runtime_hours: 13\n"),
            "FILE:4: a second YAML document; a config file holds exactly one");
}

// yaml-cpp 0.7's LoadAll never returned on this input (found by tests/fuzz/config_loader_fuzz).
TEST_F(ConfigFile, MalformedFlowCollectionIsAnErrorNotAHang) {
  EXPECT_THAT(error_for(",{"), HasSubstr("YAML syntax error"));
}

TEST_F(ConfigFile, LeadingDocumentMarkerIsOneDocument) {
  EXPECT_EQ(error_for("---\nsession:\n  max_runtime_hours: ten\n").find("second YAML document"), std::string::npos);
}

TEST_F(ConfigFile, YamlSyntaxErrorNamesTheLine) {
  TempYaml file("session:\n  max_runtime_hours: [1, 2\nbudget:\n  max_cost_usd: 1\n");
  auto r = load(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::parse_error);
  EXPECT_THAT(r.error().message, HasSubstr(file.name() + ":3: YAML syntax error: end of sequence flow not found"));
}

TEST_F(ConfigFile, TabIndentationGetsAHint) {
  std::string message = error_for("session:\n\tmax_runtime_hours: 12\n");
  EXPECT_THAT(message, HasSubstr("FILE:2: YAML syntax error: "));
  EXPECT_THAT(message, HasSubstr("(this line contains a tab; YAML indents with spaces only)"));
}

TEST_F(ConfigFile, UndefinedAnchorIsASyntaxErrorNotAnException) {
  EXPECT_THAT(error_for("session:\n  max_runtime_hours: *hours\n"),
              HasSubstr("FILE:2: YAML syntax error: the referenced anchor is not defined"));
}

TEST_F(ConfigFile, EveryProblemIsReportedAtOnceInFileOrder) {
  TempYaml file(R"(session:
  max_runtime_hours: ten
  max_idle_minutes: 0
budget:
  max_cost_usd: lots
loging:
  level: INFO
)");
  auto r = load(file, {{"OVERNIGHT_ENFORCEMENT_CONTINUOUS_MODE", "maybe"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "session.max_runtime_hours");
  EXPECT_EQ(r.error().message,
            file.name() + ":2: session.max_runtime_hours: expected an integer in [1, 168], got \"ten\"\n" +
                file.name() + ":3: session.max_idle_minutes: expected an integer >= 1, got 0\n" + file.name() +
                ":5: budget.max_cost_usd: expected a number >= 0, got \"lots\"\n" + file.name() +
                ":6: loging: unknown section (did you mean logging?)\n"
                "env OVERNIGHT_ENFORCEMENT_CONTINUOUS_MODE: enforcement.continuous_mode: expected true or false, "
                "got \"maybe\"");
}

// ---- required keys ----

class RequiredKey : public ::testing::Test {
 protected:
  ConfigSchema schema;
  ConfigKey<std::string> store_url = schema.text("store", "url", "database URL");
};

TEST_F(RequiredKey, MissingRequiredKeyNamesTheKeyTheEnvVariableAndTheForm) {
  TempYaml file("store: {}\n");
  auto r = load_config(schema, file.path(), "NIGHTDESK", environment_from({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "store.url");
  EXPECT_EQ(r.error().message, file.name() +
                                   ": store.url: required key is missing: set it in the file or env "
                                   "NIGHTDESK_STORE_URL (expected a string)");
}

TEST_F(RequiredKey, FileOrEnvironmentSatisfiesARequiredKey) {
  TempYaml file("store:\n  url: sqlite:///var/lib/nightdesk/db\n");
  EXPECT_EQ(load_config(schema, file.path(), "NIGHTDESK", environment_from({}))->get(store_url),
            "sqlite:///var/lib/nightdesk/db");
  TempYaml empty("");
  auto from_env =
      load_config(schema, empty.path(), "NIGHTDESK", environment_from({{"NIGHTDESK_STORE_URL", "sqlite:///x"}}));
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->get(store_url), "sqlite:///x");
}

// ---- environment overrides ----

TEST_F(ConfigFile, EnvironmentOverridesTheFileAndRecordsTheVariable) {
  TempYaml file("session:\n  max_runtime_hours: 10\n");
  auto config = load(file, {{"OVERNIGHT_SESSION_MAX_RUNTIME_HOURS", "12"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(max_runtime_hours), 12);
  auto origin = config->origin("session", "max_runtime_hours");
  EXPECT_EQ(origin->kind, ConfigOrigin::Kind::environment);
  EXPECT_EQ(origin->describe(), "env OVERNIGHT_SESSION_MAX_RUNTIME_HOURS");
}

TEST_F(ConfigFile, EnvironmentOverridesADefault) {
  TempYaml file("");
  auto config = load(file, {{"OVERNIGHT_WATCHDOG_CHECK_INTERVAL", "2m"}, {"OVERNIGHT_LOGGING_LEVEL", "debug"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(check_interval), 2min);
  EXPECT_EQ(config->get(log_level), "DEBUG");
}

TEST_F(ConfigFile, BadEnvironmentValueNamesTheVariableKeyAndForm) {
  TempYaml file("session:\n  max_runtime_hours: 10\n");
  auto r = load(file, {{"OVERNIGHT_SESSION_MAX_RUNTIME_HOURS", "ten"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "env OVERNIGHT_SESSION_MAX_RUNTIME_HOURS: session.max_runtime_hours: expected an integer in [1, 168], "
            "got \"ten\"");
}

TEST_F(ConfigFile, EnvironmentListIsCommaSeparated) {
  TempYaml file("paths:\n  history_files: [old.json]\n");
  auto config = load(file, {{"OVERNIGHT_PATHS_HISTORY_FILES", "a.json, b.json"}});
  ASSERT_TRUE(config);
  EXPECT_THAT(config->get(history_files), ElementsAre("a.json", "b.json"));
}

TEST_F(ConfigFile, EnvironmentValueMayBeEmptyForAString) {
  TempYaml file("paths:\n  state_file: s.json\n");
  auto config = load(file, {{"OVERNIGHT_PATHS_STATE_FILE", ""}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(state_file), "");
}

TEST_F(ConfigFile, EmptyPrefixTurnsEnvironmentOverridesOff) {
  TempYaml file("");
  auto config = load_config(schema, file.path(), "", environment_from({{"SESSION_MAX_RUNTIME_HOURS", "12"}}));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(max_runtime_hours), 10);
}

TEST_F(ConfigFile, OtherProgramsPrefixIsIgnored) {
  TempYaml file("");
  auto config = load(file, {{"NIGHTDESK_SESSION_MAX_RUNTIME_HOURS", "12"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(max_runtime_hours), 10);
}

// ---- ${VAR} expansion ----

TEST_F(ConfigFile, StringValuesExpandVariables) {
  TempYaml file("paths:\n  state_file: ${STATE_DIR}/state.json\n  history_files: [\"${STATE_DIR}/h1\", h2]\n");
  auto config = load(file, {{"STATE_DIR", "/srv/run"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->get(state_file), "/srv/run/state.json");
  EXPECT_THAT(config->get(history_files), ElementsAre("/srv/run/h1", "h2"));
}

TEST_F(ConfigFile, ExpansionDefaultAppliesWhenVariableUnset) {
  TempYaml file("logging:\n  level: ${LOG_LEVEL:-ERROR}\nsession:\n  max_runtime_hours: ${HOURS:-8}\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(log_level), "ERROR");
  EXPECT_EQ(config->get(max_runtime_hours), 8);
}

TEST_F(ConfigFile, UndefinedVariableNamesFileLineKeyAndVariable) {
  EXPECT_EQ(error_for("session:\n  max_idle_minutes: 3\nnotifications:\n  discord_webhook: ${DISCORD_URL}\n"),
            "FILE:4: notifications.discord_webhook: ${DISCORD_URL} is not set (set DISCORD_URL, or write "
            "${DISCORD_URL:-default})");
}

TEST_F(ConfigFile, DoubleDollarIsALiteralDollar) {
  TempYaml file("paths:\n  state_file: /tmp/$$weird/${X:-x}\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(state_file), "/tmp/$weird/x");
}

TEST_F(ConfigFile, BareDollarVariableIsAnError) {
  EXPECT_EQ(error_for("paths:\n  state_file: $HOME/state.json\n"),
            "FILE:2: paths.state_file: $HOME is not expanded: write ${HOME}, or $$HOME for a literal \"$HOME\"");
}

TEST_F(ConfigFile, BadExpandedValueShowsTheOriginalText) {
  EXPECT_EQ(error_for("session:\n  max_runtime_hours: ${HOURS}\n", {{"HOURS", "ten"}}),
            "FILE:2: session.max_runtime_hours: expected an integer in [1, 168], got \"ten\" (expanded from "
            "\"${HOURS}\")");
}

TEST_F(ConfigFile, EnvironmentValuesAreExpandedToo) {
  TempYaml file("");
  auto config = load(file, {{"OVERNIGHT_PATHS_STATE_FILE", "${RUN_DIR}/s.json"}, {"RUN_DIR", "/run/o"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->get(state_file), "/run/o/s.json");
  auto bad = load(file, {{"OVERNIGHT_PATHS_STATE_FILE", "${RUN_DIR}/s.json"}});
  EXPECT_EQ(bad.error().message,
            "env OVERNIGHT_PATHS_STATE_FILE: paths.state_file: ${RUN_DIR} is not set (set RUN_DIR, or write "
            "${RUN_DIR:-default})");
}

// ---- secrets ----

TEST_F(ConfigFile, RedactedDumpHidesSecretsAndShowsEverythingElse) {
  TempYaml file("notifications:\n  discord_webhook: https://discord.example/hook/abc\n");
  auto config = load(file);
  ASSERT_TRUE(config);
  nlohmann::json shown = config->redacted();
  EXPECT_EQ(shown["notifications"]["discord_webhook"], "***");
  EXPECT_EQ(shown["session"]["max_runtime_hours"], 10);
  EXPECT_EQ(shown["budget"]["max_cost_usd"], 50.0);
  EXPECT_EQ(shown["enforcement"]["continuous_mode"], true);
  EXPECT_EQ(shown["watchdog"]["check_interval"], "30s");
  EXPECT_EQ(shown["paths"]["history_files"], nlohmann::json::array());
  EXPECT_THAT(shown.dump(), Not(HasSubstr("discord.example")));
}

TEST_F(ConfigFile, UnsetSecretStaysVisiblyEmpty) {
  TempYaml file("");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->redacted()["notifications"]["discord_webhook"], "");
}

TEST_F(ConfigFile, SecretIsNeverQuotedInErrors) {
  ConfigSchema s;
  s.integer("api", "pin", "").defaults_to(1).range(1, 9999).secret();
  TempYaml file("api:\n  pin: ${PIN}\n");
  auto r = load_config(s, file.path(), "NIGHTDESK", environment_from({{"PIN", "123456"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            file.name() + ":2: api.pin: expected an integer in [1, 9999], got a secret value (not shown)");
}

// ---- typed access ----

TEST_F(ConfigFile, LookupByNameChecksTheType) {
  TempYaml file("");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->lookup<std::int64_t>("session", "max_runtime_hours").value(), 10);
  auto wrong = config->lookup<bool>("session", "max_runtime_hours");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(wrong.error().describe(), "session.max_runtime_hours: the key's type is integer, not the type asked for");
  auto missing = config->lookup<std::int64_t>("session", "max_runtime_minutes");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().field, "session.max_runtime_minutes");
}

TEST_F(ConfigFile, ConfigOutlivesTheSchemaItWasLoadedWith) {
  TempYaml file("session:\n  max_runtime_hours: 7\n");
  std::optional<Config> kept;
  {
    ConfigSchema temporary;
    temporary.integer("session", "max_runtime_hours", "").defaults_to(1);
    kept = load_config(temporary, file.path(), "OVERNIGHT", environment_from({})).value();
  }
  Config copy = *kept;
  kept.reset();
  EXPECT_EQ(copy.get(max_runtime_hours), 7);
  EXPECT_EQ(copy.entries().front().spec->path(), "session.max_runtime_hours");
}

TEST_F(ConfigFile, KeyFromAnotherSchemaAbortsInsteadOfReadingGarbage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ConfigSchema other;
  ConfigKey<std::int64_t> foreign = other.integer("risk", "max_consecutive_losses", "").defaults_to(5);
  TempYaml file("");
  auto config = load(file);
  ASSERT_TRUE(config);
  EXPECT_DEATH((void)config->get(foreign), "risk.max_consecutive_losses is not in this configuration's schema");
}

TEST_F(ConfigFile, InvalidSchemaIsAnInternalError) {
  schema.integer("session", "max_runtime_hours", "again").defaults_to(1);
  TempYaml file("");
  auto r = load(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_THAT(r.error().message, HasSubstr("session.max_runtime_hours: declared twice"));
}

}  // namespace
}  // namespace nightdesk
