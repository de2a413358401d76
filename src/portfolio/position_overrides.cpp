#include "portfolio/position_overrides.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace nightdesk::portfolio {
namespace {

template <class T>
void take(std::optional<T>& mine, const std::optional<T>& later) {
  if (later) mine = later;
}

template <class T>
void apply(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

std::string text(bool b) { return b ? "true" : "false"; }
std::string text(std::int32_t v) { return std::to_string(v); }
std::string text(double v) { return fmt::format("{}", v); }
std::string text(Percent p) { return p.to_string(); }
std::string text(Price p) { return p.to_string(); }
std::string text(Quantity q) { return std::to_string(q.count()); }
std::string text(StrikeStrategy s) { return std::string(to_string(s)); }
std::string text(RollExecutionMode m) { return std::string(to_string(m)); }
std::string text(const ProfitLadder& ladder) {
  std::vector<std::string> levels;
  for (const ProfitLevel& l : ladder.levels) levels.push_back(l.trigger.to_string() + ":" + l.take.to_string());
  return fmt::format("[{}]", fmt::join(levels, ", "));
}

// Collects "name=value" for each field that is set.
class Described {
 public:
  template <class T>
  Described& add(std::string_view name, const std::optional<T>& value) {
    if (value) parts_.push_back(fmt::format("{}={}", name, text(*value)));
    return *this;
  }
  Described& add(const std::string& already) {
    if (!already.empty()) parts_.push_back(already);
    return *this;
  }
  std::string str() const { return fmt::format("{}", fmt::join(parts_, ", ")); }

 private:
  std::vector<std::string> parts_;
};

}  // namespace

bool ExitOverrides::empty() const {
  return !ladder && !min_close && !stop_loss_enabled && !stop_loss && !trailing_enabled && !trailing && !trailing_activation;
}

ExitSettings ExitOverrides::applied_to(ExitSettings base) const {
  apply(base.ladder, ladder);
  apply(base.min_close, min_close);
  apply(base.stop_loss.enabled, stop_loss_enabled);
  apply(base.stop_loss.stop, stop_loss);
  apply(base.trailing.enabled, trailing_enabled);
  apply(base.trailing.trail, trailing);
  apply(base.trailing.activation, trailing_activation);
  return base;
}

void ExitOverrides::merge(const ExitOverrides& later) {
  take(ladder, later.ladder);
  take(min_close, later.min_close);
  take(stop_loss_enabled, later.stop_loss_enabled);
  take(stop_loss, later.stop_loss);
  take(trailing_enabled, later.trailing_enabled);
  take(trailing, later.trailing);
  take(trailing_activation, later.trailing_activation);
}

std::string ExitOverrides::describe() const {
  return Described()
      .add("ladder_levels", ladder)
      .add("min_close", min_close)
      .add("stop_loss_enabled", stop_loss_enabled)
      .add("stop_loss_pct", stop_loss)
      .add("trailing_stop_enabled", trailing_enabled)
      .add("trailing_stop_pct", trailing)
      .add("trailing_activation_pct", trailing_activation)
      .str();
}

bool RollOverrides::empty() const {
  return !enabled && !min_dte_for_roll && !target_dte && !min_target_dte && !max_target_dte && !strike_strategy &&
         !max_strike_adjustment && !require_credit && !execution && !roll_on_delta_breach && !delta_breach &&
         !roll_on_profit_target && !profit_target && !close_first_open_retries && !dry_run;
}

RollSettings RollOverrides::applied_to(RollSettings base) const {
  apply(base.enabled, enabled);
  apply(base.min_dte_for_roll, min_dte_for_roll);
  apply(base.target_dte, target_dte);
  apply(base.min_target_dte, min_target_dte);
  apply(base.max_target_dte, max_target_dte);
  apply(base.strike_strategy, strike_strategy);
  apply(base.max_strike_adjustment, max_strike_adjustment);
  apply(base.require_credit, require_credit);
  apply(base.execution, execution);
  apply(base.roll_on_delta_breach, roll_on_delta_breach);
  apply(base.delta_breach, delta_breach);
  apply(base.roll_on_profit_target, roll_on_profit_target);
  apply(base.profit_target, profit_target);
  apply(base.close_first_open_retries, close_first_open_retries);
  apply(base.dry_run, dry_run);
  return base;
}

void RollOverrides::merge(const RollOverrides& later) {
  take(enabled, later.enabled);
  take(min_dte_for_roll, later.min_dte_for_roll);
  take(target_dte, later.target_dte);
  take(min_target_dte, later.min_target_dte);
  take(max_target_dte, later.max_target_dte);
  take(strike_strategy, later.strike_strategy);
  take(max_strike_adjustment, later.max_strike_adjustment);
  take(require_credit, later.require_credit);
  take(execution, later.execution);
  take(roll_on_delta_breach, later.roll_on_delta_breach);
  take(delta_breach, later.delta_breach);
  take(roll_on_profit_target, later.roll_on_profit_target);
  take(profit_target, later.profit_target);
  take(close_first_open_retries, later.close_first_open_retries);
  take(dry_run, later.dry_run);
}

std::string RollOverrides::describe() const {
  return Described()
      .add("roll_enabled", enabled)
      .add("min_dte_for_roll", min_dte_for_roll)
      .add("target_dte", target_dte)
      .add("min_target_dte", min_target_dte)
      .add("max_target_dte", max_target_dte)
      .add("strike_strategy", strike_strategy)
      .add("max_strike_adjustment", max_strike_adjustment)
      .add("require_credit", require_credit)
      .add("roll_execution", execution)
      .add("roll_on_delta_breach", roll_on_delta_breach)
      .add("delta_breach", delta_breach)
      .add("roll_on_profit_target", roll_on_profit_target)
      .add("roll_profit_target_pct", profit_target)
      .add("close_first_open_retries", close_first_open_retries)
      .add("roll_dry_run", dry_run)
      .str();
}

ManagementSettings PositionOverrides::applied_to(const ManagementSettings& base) const {
  return ManagementSettings{exits.applied_to(base.exits), roll.applied_to(base.roll), base.pricing};
}

void PositionOverrides::merge(const PositionOverrides& later) {
  exits.merge(later.exits);
  roll.merge(later.roll);
}

std::string PositionOverrides::describe() const { return Described().add(exits.describe()).add(roll.describe()).str(); }

Status validate_position_settings(const ManagementSettings& settings) {
  auto valid = settings.validate();
  if (valid) return ok();
  Error e = valid.error();
  const std::string prefix = std::string(kManagementSection) + ".";
  if (e.field.starts_with(prefix)) e.field.erase(0, prefix.size());
  return std::unexpected(std::move(e));
}

}  // namespace nightdesk::portfolio
