// What `nightdesk demo` runs with: its arguments, the built-in strategies used when no strategies file is at
// hand, and the lines it prints (URL, token, a curl line) for a person or a test to read. Plain values; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "strategy/strategies_config.h"

namespace nightdesk::apps {

struct DemoArgs {
  std::uint16_t port = 8080;  // 0: a free port
  double speed = 60;          // engine seconds per real second
  std::uint64_t seed = 1;     // the synthetic market's
  std::optional<double> duration_seconds;  // real seconds, then a clean stop
  std::string data_dir;       // "": a temporary directory, removed at exit
  std::string strategies;     // "": config/strategies.yaml when present, else the built-in ones
};

// Two short put verticals on SPY (near and far) that trade within the first session of the synthetic market.
std::string_view builtin_demo_strategies_yaml();

// The strategies file to use (`path` if given, else config/strategies.yaml under `cwd` when present, else the
// built-in ones) and a name for it in messages.
Result<std::pair<strategy::StrategiesConfig, std::string>> demo_strategies(const std::string& path, const std::string& cwd);

// The banner: "URL:", "Token:" and "Try:" lines (token_shown is the token itself or where it came from).
std::string demo_banner(std::string_view url, std::string_view token_shown, std::string_view curl_token, const DemoArgs& args,
                        std::string_view strategies_name, std::string_view data_dir, bool data_dir_is_temporary);

}  // namespace nightdesk::apps
