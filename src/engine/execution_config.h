// The `execution:` section of nightdesk.yaml (smart walk, slippage budgets, rate limit): its keys,
// declared onto the program's schema, and their values read into an OrderManagerConfig.
// Declared at start-up by one thread; read() is const and may be called from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/config.h"
#include "common/config_schema.h"
#include "engine/order_manager.h"

namespace nightdesk::engine {

class ExecutionConfigKeys {
 public:
  explicit ExecutionConfigKeys(ConfigSchema& schema);

  // Fills the walk, budget, rate-limit and account fields of `out` from `config` (loaded with the schema
  // these keys were declared on). Cross-key errors name the key and where it was set.
  Status read(const Config& config, OrderManagerConfig& out) const;

 private:
  ConfigKey<bool> use_mid_price_;
  ConfigKey<double> cancel_after_seconds_;
  ConfigKey<double> step_pct_of_spread_;
  ConfigKey<std::int64_t> max_attempts_;
  ConfigKey<double> max_walk_pct_of_spread_;
  ConfigKey<std::string> on_exhausted_;
  ConfigKey<bool> order_budget_enabled_;
  ConfigKey<double> order_budget_pct_;
  ConfigKey<std::string> on_budget_;
  ConfigKey<double> daily_budget_usd_;
  ConfigKey<std::int64_t> per_minute_;
  ConfigKey<std::int64_t> per_second_;
  ConfigKey<std::string> when_rate_limited_;
  ConfigKey<std::int64_t> max_queue_;
  ConfigKey<std::string> account_;
};

}  // namespace nightdesk::engine
