#include "apps/demo_settings.h"

#include <filesystem>

#include <fmt/format.h>

namespace nightdesk::apps {

std::string_view builtin_demo_strategies_yaml() {
  return R"(strategies:
  - name: demo-put-spreads
    kind: short_put_vertical
    params: {underlying: SPY, short_delta_min: 0.25, short_delta_max: 0.35, width: 5, min_credit: 0.30,
             min_dte: 7, max_dte: 45, target_dte: 30, quantity: 1, max_positions: 3, check_interval_minutes: 30}
  - name: demo-far-put-spreads
    kind: short_put_vertical
    params: {underlying: SPY, short_delta_min: 0.15, short_delta_max: 0.25, width: 10, min_credit: 0.30,
             min_dte: 14, max_dte: 60, target_dte: 45, quantity: 1, max_positions: 2, check_interval_minutes: 60}
)";
}

Result<std::pair<strategy::StrategiesConfig, std::string>> demo_strategies(const std::string& path, const std::string& cwd) {
  std::string chosen = path;
  if (chosen.empty()) {
    const auto example = std::filesystem::path(cwd) / "config/strategies.yaml";
    std::error_code ec;
    if (std::filesystem::is_regular_file(example, ec)) chosen = example.string();
  }
  if (chosen.empty()) {
    auto builtin = strategy::parse_strategies_config(builtin_demo_strategies_yaml(), "built-in demo strategies");
    if (!builtin) return std::unexpected(builtin.error());
    return std::pair{std::move(*builtin), std::string("the built-in demo strategies")};
  }
  auto loaded = strategy::load_strategies_config(chosen);
  if (!loaded) return std::unexpected(loaded.error());
  return std::pair{std::move(*loaded), chosen};
}

std::string demo_banner(std::string_view url, std::string_view token_shown, std::string_view curl_token, const DemoArgs& args,
                        std::string_view strategies_name, std::string_view data_dir, bool data_dir_is_temporary) {
  std::string out;
  out += fmt::format("Nightdesk demo: a synthetic SPY market (seed {}) at {}x speed, the paper venue, {}\n", args.seed,
                     args.speed, strategies_name);
  out += fmt::format("URL:   {}\n", url);
  out += fmt::format("Token: {}\n", token_shown);
  out += fmt::format("Open:  {}/ in a browser for the dashboard, and paste the token\n", url);
  out += fmt::format("Try:   curl -H \"Authorization: Bearer {}\" {}/api/v1/positions\n", curl_token, url);
  out += fmt::format("Live:  WebSocket {}/api/v1/ws, send {{\"op\":\"subscribe\",\"channels\":[\"orders\",\"positions\",\"fills\"]}}\n",
                     std::string("ws") + std::string(url.substr(url.find(':'))));
  out += fmt::format("Data:  {}{}\n", data_dir, data_dir_is_temporary ? " (temporary: removed at exit)" : "");
  out += args.duration_seconds ? fmt::format("Stops after {} seconds, or on Ctrl-C.\n", *args.duration_seconds)
                               : std::string("Ctrl-C stops it.\n");
  return out;
}

}  // namespace nightdesk::apps
