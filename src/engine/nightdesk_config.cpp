#include "engine/nightdesk_config.h"

#include "common/config_loader.h"
#include "engine/execution_config.h"

namespace nightdesk::engine {
namespace {

struct EngineSchema {
  ConfigSchema schema;
  NightdeskConfigKeys keys{schema};
};

const EngineSchema& engine_schema() {
  static const EngineSchema instance;
  return instance;
}

}  // namespace

// Every section's keys, declared once on one schema, in the order they appear in nightdesk.yaml.
struct NightdeskConfigKeys::Keys {
  explicit Keys(ConfigSchema& schema)
      : execution(schema),
        paper_venue(schema),
        risk(risk::declare_risk_config(schema)),
        management(portfolio::declare_management_keys(schema)),
        desk(schema) {}
  ExecutionConfigKeys execution;
  PaperVenueConfigKeys paper_venue;
  risk::RiskConfigKeys risk;
  portfolio::ManagementKeys management;
  DeskConfigKeys desk;
};

NightdeskConfigKeys::NightdeskConfigKeys(ConfigSchema& schema) : keys_(std::make_unique<Keys>(schema)) {}
NightdeskConfigKeys::~NightdeskConfigKeys() = default;

Result<NightdeskConfig> NightdeskConfigKeys::read(Config config) const {
  const Keys& k = *keys_;
  NightdeskConfig out;
  auto venue = k.paper_venue.read(config);
  if (!venue) return std::unexpected(venue.error());
  out.paper_venue = std::move(*venue);
  if (auto read = k.execution.read(config, out.execution); !read) return std::unexpected(read.error());
  out.execution.ticks = out.paper_venue.venue.ticks;
  out.execution.stock_tick = out.paper_venue.venue.stock_tick;
  out.execution.combo_tick = out.paper_venue.venue.combo_tick;
  if (auto valid = out.execution.validate(); !valid) {
    std::string key = "execution." + valid.error().field;
    return fail(valid.error().code, key + ": " + valid.error().message, key);
  }
  auto limits = risk::read_risk_limits(config, k.risk);
  if (!limits) return std::unexpected(limits.error());
  out.risk = std::move(*limits);
  auto management = portfolio::read_management_settings(config, k.management);
  if (!management) return std::unexpected(management.error());
  out.management = std::move(*management);
  out.desk = k.desk.read(config);
  out.raw.emplace(std::move(config));
  return out;
}

const ConfigSchema& nightdesk_schema() { return engine_schema().schema; }

Result<NightdeskConfig> load_nightdesk_config(const std::filesystem::path& path, const EnvLookup& env) {
  auto config = load_config(nightdesk_schema(), path, kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return engine_schema().keys.read(std::move(*config));
}

Result<NightdeskConfig> load_nightdesk_config_text(std::string_view yaml, std::string_view source_name, const EnvLookup& env) {
  auto config = load_config_text(nightdesk_schema(), yaml, source_name, kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return engine_schema().keys.read(std::move(*config));
}

}  // namespace nightdesk::engine
