// NightdeskConfig: nightdesk.yaml as one schema composed of each section's keys (execution, paper_venue, risk, management, desk;
// other modules add theirs here), and the loaded settings as plain values. Environment overrides are
// NIGHTDESK_<SECTION>_<KEY>. nightdesk_schema() is built once and immutable; the loaders are stateless;
// any thread may call them.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "common/config.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"
#include "engine/desk_config.h"
#include "engine/order_manager.h"
#include "engine/paper_venue_config.h"
#include "portfolio/management_config.h"
#include "risk/risk_config.h"

namespace nightdesk::engine {

inline constexpr std::string_view kNightdeskEnvPrefix = "NIGHTDESK";

struct NightdeskConfig {
  OrderManagerConfig execution;  // its option tick table is the paper venue's; calendar left null
  PaperVenueSettings paper_venue;
  risk::RiskLimits risk;
  portfolio::ManagementSettings management;
  DeskSettings desk;
  std::optional<Config> raw;     // every value with its origin (GET /config, start-up log)
};

// The engine's sections declared onto a program's schema (a program adds its own sections beside them, e.g.
// `nightdesk serve` the api, market and store sections) and read back into NightdeskConfig.
class NightdeskConfigKeys {
 public:
  explicit NightdeskConfigKeys(ConfigSchema& schema);
  ~NightdeskConfigKeys();
  NightdeskConfigKeys(const NightdeskConfigKeys&) = delete;
  NightdeskConfigKeys& operator=(const NightdeskConfigKeys&) = delete;

  // The engine's settings from `config` (which it keeps as `raw`); errors name the key.
  Result<NightdeskConfig> read(Config config) const;

 private:
  struct Keys;
  std::unique_ptr<Keys> keys_;
};

// The engine's sections only (backtests, tests); a program with more sections composes NightdeskConfigKeys.
const ConfigSchema& nightdesk_schema();

// Loads and checks the file (every problem listed, each naming file:line and the key).
Result<NightdeskConfig> load_nightdesk_config(const std::filesystem::path& path, const EnvLookup& env);
// The same from YAML text; `source_name` stands for the file in messages ("" gives the defaults).
Result<NightdeskConfig> load_nightdesk_config_text(std::string_view yaml, std::string_view source_name, const EnvLookup& env);

}  // namespace nightdesk::engine
