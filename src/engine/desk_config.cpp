#include "engine/desk_config.h"

namespace nightdesk::engine {
namespace {
constexpr const char* kSection = "desk";
}  // namespace

DeskConfigKeys::DeskConfigKeys(ConfigSchema& s)
    : management_interval_(s.duration(kSection, "management_interval",
                                      "Engine time between runs of the bot's exits and rolls (0 = after every quote)")
                               .defaults_to(ConfigDuration{0})
                               .range(ConfigDuration{0}, std::chrono::hours(24))),
      account_interval_(s.duration(kSection, "account_interval",
                                   "Quotes re-measure the account for the circuit breaker at most this often (fills always do)")
                            .defaults_to(std::chrono::seconds(1))
                            .range(ConfigDuration{0}, std::chrono::hours(1))),
      bot_execution_(s.choice(kSection, "bot_execution", {"smart", "direct"},
                              "How the bot's exits and rolls are worked: the smart walk or a plain limit")
                         .defaults_to("smart")) {}

DeskSettings DeskConfigKeys::read(const Config& c) const {
  DeskSettings out;
  out.management_interval = c.get(management_interval_);
  out.account_interval = c.get(account_interval_);
  out.bot_style = c.get(bot_execution_) == "direct" ? ExecutionStyle::direct : ExecutionStyle::smart;
  return out;
}

}  // namespace nightdesk::engine
