// The `paper_venue:` section of nightdesk.yaml (fill model, latency, commissions and fees, ticks, cash):
// its keys, declared onto the program's schema, and their values read into a PaperVenueConfig.
// Declared at start-up by one thread; read() is const and may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "broker/paper_venue.h"
#include "common/config.h"
#include "common/config_schema.h"

namespace nightdesk::engine {

struct PaperVenueSettings {
  broker::PaperVenueConfig venue;      // venue.calendar is left null: the program points it at its calendar
  bool reject_outside_session = true;  // when true the program sets venue.calendar
};

class PaperVenueConfigKeys {
 public:
  explicit PaperVenueConfigKeys(ConfigSchema& schema);

  // The venue settings from `config`; errors name the key (and the list item) that is wrong.
  Result<PaperVenueSettings> read(const Config& config) const;

 private:
  ConfigKey<std::string> fill_model_;
  ConfigKey<double> probability_at_mid_;
  ConfigKey<ConfigDuration> probability_interval_;
  ConfigKey<std::vector<std::string>> half_spread_fractions_;
  ConfigKey<std::int64_t> seed_;
  ConfigKey<ConfigDuration> order_latency_;
  ConfigKey<ConfigDuration> report_latency_;
  ConfigKey<double> commission_per_contract_;
  ConfigKey<double> exchange_fee_per_contract_;
  ConfigKey<double> regulatory_fee_per_contract_;
  ConfigKey<double> commission_per_share_;
  ConfigKey<std::string> option_ticks_;
  ConfigKey<std::vector<std::string>> penny_pilot_underlyings_;
  ConfigKey<double> stock_tick_;
  ConfigKey<double> combo_tick_;
  ConfigKey<bool> reject_outside_session_;
  ConfigKey<double> starting_cash_;
};

}  // namespace nightdesk::engine
