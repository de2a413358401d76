// ProgramConfig: nightdesk.yaml as the engine programs read it — the engine's sections (execution,
// paper_venue, risk, management, desk) plus the program's own: api (api/api_config.h), market (where quotes
// come from when the engine runs live) and store (the journal's URL). One schema, built once; the loaders are
// stateless and any thread may call them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "api/api_config.h"
#include "common/env_expansion.h"
#include "engine/nightdesk_config.h"

namespace nightdesk::apps {

// Where a live engine's quotes come from.
struct MarketSettings {
  enum class Source { synthetic, none };
  Source source = Source::synthetic;
  std::uint64_t seed = 1;
  std::string underlying = "SPY";
  double spot = 580.0;
  int snapshots_per_day = 361;  // chain snapshots per session: 361 is one a minute from 9:45 to 15:45 New York
  int trading_days = 252;       // sessions the synthetic market generates ahead
};

struct ProgramConfig {
  engine::NightdeskConfig engine;  // engine.raw holds every key of the program's schema (GET /config)
  api::ApiSettings api;
  MarketSettings market;
  std::string store_url;  // "": sqlite in the data directory
};

const ConfigSchema& program_schema();

// Loads and checks the file; every problem names file:line and the key.
Result<ProgramConfig> load_program_config(const std::filesystem::path& path, const EnvLookup& env);
// The same from YAML text; `source_name` stands for the file in messages.
Result<ProgramConfig> load_program_config_text(std::string_view yaml, std::string_view source_name, const EnvLookup& env);

}  // namespace nightdesk::apps
