// libFuzzer target: the YAML configuration loader with env expansion. Any input loads or gives an error
// value; no yaml-cpp exception escapes, nothing crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/config_loader.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"

namespace {

const nightdesk::ConfigSchema& schema() {
  static const nightdesk::ConfigSchema s = [] {
    nightdesk::ConfigSchema built;
    built.integer("session", "max_runtime_hours", "hours").defaults_to(10).range(1, 168);
    built.number("budget", "max_cost_usd", "dollars").defaults_to(50.0).at_least(0.0);
    built.boolean("enforcement", "continuous_mode", "flag").defaults_to(true);
    built.text("session", "name", "name").defaults_to(std::string("run"));
    built.choice("logging", "level", {"debug", "info", "warn"}, "level").defaults_to(std::string("info"));
    built.duration("logging", "timeout", "timeout").defaults_to(nightdesk::ConfigDuration(1000));
    built.text_list("session", "tags", "tags").defaults_to(std::vector<std::string>{});
    built.text("secrets", "token", "token").defaults_to(std::string("")).secret();
    return built;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto env = nightdesk::environment_from({{"USER", "fuzz"}, {"FUZZ_SESSION_MAX_RUNTIME_HOURS", "12"}});
  auto config = nightdesk::load_config_text(schema(), yaml, "fuzz.yaml", "FUZZ", env);
  if (!config && config.error().message.empty()) __builtin_trap();  // every error says what is wrong
  return 0;
}
