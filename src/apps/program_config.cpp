#include "apps/program_config.h"

#include "common/config_loader.h"

namespace nightdesk::apps {
namespace {

// The program's keys in the order nightdesk.yaml shows them: the engine's sections, then api, market, store.
struct ProgramKeys {
  ConfigSchema schema;
  engine::NightdeskConfigKeys engine{schema};
  api::ApiConfigKeys api{schema};
  ConfigKey<std::string> market_source =
      schema.choice("market", "source", {"synthetic", "none"}, "Quotes for the live engine: a synthetic market, or none")
          .defaults_to("synthetic");
  ConfigKey<std::int64_t> market_seed =
      schema.integer("market", "seed", "The synthetic market's seed: the same seed gives the same market").defaults_to(1).at_least(0);
  ConfigKey<std::string> market_underlying =
      schema.text("market", "underlying", "The synthetic market's underlying symbol").defaults_to("SPY");
  ConfigKey<double> market_spot =
      schema.number("market", "spot", "The synthetic underlying's first price, USD").defaults_to(580.0).range(1.0, 1e6);
  ConfigKey<std::int64_t> market_snapshots =
      schema.integer("market", "snapshots_per_day", "Synthetic chain snapshots per session (361: one a minute)")
          .defaults_to(361).range(1, 390);
  ConfigKey<std::int64_t> market_days =
      schema.integer("market", "trading_days", "Sessions the synthetic market generates ahead").defaults_to(252).range(1, 2520);
  ConfigKey<std::string> store_url =
      schema.text("store", "url", "Journal URL: sqlite:///path or postgresql://user:password@host/db; \"\" for DATA_DIR/journal.db")
          .defaults_to("");
};

const ProgramKeys& keys() {
  static const ProgramKeys instance;
  return instance;
}

Result<ProgramConfig> to_program(Config config) {
  const ProgramKeys& k = keys();
  ProgramConfig out;
  auto api = k.api.read(config);
  if (!api) return std::unexpected(api.error());
  out.api = std::move(*api);
  out.market.source = config.get(k.market_source) == "none" ? MarketSettings::Source::none : MarketSettings::Source::synthetic;
  out.market.seed = static_cast<std::uint64_t>(config.get(k.market_seed));
  out.market.underlying = config.get(k.market_underlying);
  out.market.spot = config.get(k.market_spot);
  out.market.snapshots_per_day = static_cast<int>(config.get(k.market_snapshots));
  out.market.trading_days = static_cast<int>(config.get(k.market_days));
  out.store_url = config.get(k.store_url);
  auto engine = k.engine.read(std::move(config));
  if (!engine) return std::unexpected(engine.error());
  out.engine = std::move(*engine);
  return out;
}

}  // namespace

const ConfigSchema& program_schema() { return keys().schema; }

Result<ProgramConfig> load_program_config(const std::filesystem::path& path, const EnvLookup& env) {
  auto config = load_config(program_schema(), path, engine::kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return to_program(std::move(*config));
}

Result<ProgramConfig> load_program_config_text(std::string_view yaml, std::string_view source_name, const EnvLookup& env) {
  auto config = load_config_text(program_schema(), yaml, source_name, engine::kNightdeskEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  return to_program(std::move(*config));
}

}  // namespace nightdesk::apps
