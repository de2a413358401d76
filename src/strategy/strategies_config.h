// The strategies file: a YAML document with a `strategies:` list (name, kind, params) and an optional
// `recurring_templates:` list (the API's template bodies), read into plain values with errors that name the
// file, line and field ("strategies.yaml:12: strategies[1].params.short_delta_min: must be in (0, 1)"); and
// make_strategies(), the factory the backtest and demo commands call. Stateless; any thread.
//
// Why its own file: nightdesk.yaml is a flat section.key schema declared in engine (below strategy) and
// refuses unknown sections, while strategies are a list of maps whose keys depend on the kind. The app loads
// both files (or one file twice with OtherSections::ignore here, once the engine's loader skips
// `strategies`); docs/STRATEGIES.md shows the layout and config/strategies.yaml is a commented example.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "strategy/recurring_template.h"
#include "strategy/strategy.h"

namespace nightdesk::strategy {

struct StrategySpec {
  std::string name;        // unique; the strategy_tag of its orders
  std::string kind;        // a built-in: short_put_vertical, iron_condor, wheel, two_part_spread
  nlohmann::json params;   // the kind's parameters (docs/STRATEGIES.md), an object
  std::string where;       // "file:line" of the entry, for messages
};

struct StrategiesConfig {
  std::vector<StrategySpec> strategies;
  std::vector<RecurringTemplate> recurring_templates;
};

struct StrategyKindInfo {
  std::string_view kind;
  std::string_view summary;
};
// The built-in kinds, in the order of SPEC A9.
std::span<const StrategyKindInfo> strategy_kinds();

// reject: a top-level key other than `strategies` and `recurring_templates` is an error; ignore: skipped
// (the same file also holds nightdesk.yaml's sections).
enum class OtherSections : std::uint8_t { reject, ignore };

// Reads and checks every entry: names unique and valid, kinds known (with a suggestion for a typo), params
// valid for their kind, templates valid. The first problem is the error; its field is the entry's path.
Result<StrategiesConfig> parse_strategies_config(std::string_view yaml, std::string_view source_name,
                                                 OtherSections others = OtherSections::reject);
// The same from a file; io_error naming the path when it cannot be read.
Result<StrategiesConfig> load_strategies_config(const std::filesystem::path& path, OtherSections others = OtherSections::reject);

// One strategy from its spec; errors name "params.<field>".
Result<std::unique_ptr<Strategy>> make_strategy(const StrategySpec& spec);
// Every strategy of `config`, in order; errors name "strategies[i].<field>".
Result<std::vector<std::unique_ptr<Strategy>>> make_strategies(const StrategiesConfig& config);

}  // namespace nightdesk::strategy
