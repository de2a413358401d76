// The `desk:` section of nightdesk.yaml (how often the bot manages positions and the breaker measures the
// account, and how the bot's orders are worked): its keys, declared onto the program's schema, and their
// values. Declared at start-up by one thread; read() is const and may be called from any thread.
#pragma once

#include "common/config.h"
#include "common/config_schema.h"
#include "engine/order_manager.h"

namespace nightdesk::engine {

struct DeskSettings {
  Nanoseconds management_interval{0};                  // 0: exits and rolls after every quote
  Nanoseconds account_interval = std::chrono::seconds(1);
  ExecutionStyle bot_style = ExecutionStyle::smart;
};

class DeskConfigKeys {
 public:
  explicit DeskConfigKeys(ConfigSchema& schema);

  DeskSettings read(const Config& config) const;

 private:
  ConfigKey<ConfigDuration> management_interval_;
  ConfigKey<ConfigDuration> account_interval_;
  ConfigKey<std::string> bot_execution_;
};

}  // namespace nightdesk::engine
