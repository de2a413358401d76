#include "engine/nightdesk_config.h"

#include "common/config_loader.h"
#include "engine/execution_config.h"

namespace nightdesk::engine {
namespace {

// Every section's keys, declared once on one schema, in the order they appear in nightdesk.yaml.
struct Keys {
  ConfigSchema schema;
  ExecutionConfigKeys execution{schema};
  PaperVenueConfigKeys paper_venue{schema};
  risk::RiskConfigKeys risk = risk::declare_risk_config(schema);
  portfolio::ManagementKeys management = portfolio::declare_management_keys(schema);
  DeskConfigKeys desk{schema};
};

const Keys& keys() {
  static const Keys instance;
  return instance;
}

Result<NightdeskConfig> to_settings(Config config) {
  NightdeskConfig out;
  auto venue = keys().paper_venue.read(config);
  if (!venue) return std::unexpected(venue.error());
  out.paper_venue = std::move(*venue);
  if (auto read = keys().execution.read(config, out.execution); !read) return std::unexpected(read.error());
  out.execution.ticks = out.paper_venue.venue.ticks;
  out.execution.stock_tick = out.paper_venue.venue.stock_tick;
  out.execution.combo_tick = out.paper_venue.venue.combo_tick;
  if (auto valid = out.execution.validate(); !valid) {
    std::string key = "execution." + valid.error().field;
    return fail(valid.error().code, key + ": " + valid.error().message, key);
  }
  auto limits = risk::read_risk_limits(config, keys().risk);
  if (!limits) return std::unexpected(limits.error());
  out.risk = std::move(*limits);
  auto management = portfolio::read_management_settings(config, keys().management);
  if (!management) return std::unexpected(management.error());
  out.management = std::move(*management);
  out.desk = keys().desk.read(config);
  out.raw.emplace(std::move(config));
  return out;
}

}  // namespace

const ConfigSchema& nightdesk_schema() { return keys().schema; }

Result<NightdeskConfig> load_nightdesk_config(const std::filesystem::path& path, const EnvLookup& env) {
  auto config = load_config(nightdesk_schema(), path, kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return to_settings(std::move(*config));
}

Result<NightdeskConfig> load_nightdesk_config_text(std::string_view yaml, std::string_view source_name, const EnvLookup& env) {
  auto config = load_config_text(nightdesk_schema(), yaml, source_name, kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return to_settings(std::move(*config));
}

}  // namespace nightdesk::engine
