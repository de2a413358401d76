#include "portfolio/roll_settings.h"

#include <fmt/format.h>

namespace nightdesk::portfolio {

std::string_view to_string(StrikeStrategy strategy) {
  switch (strategy) {
    case StrikeStrategy::same_strikes: return "same_strikes";
    case StrikeStrategy::atm_adjust: return "atm_adjust";
    case StrikeStrategy::delta_maintain: return "delta_maintain";
  }
  return "unknown";
}

std::string_view to_string(RollExecutionMode mode) { return mode == RollExecutionMode::combo ? "combo" : "close_first"; }

std::optional<StrikeStrategy> parse_strike_strategy(std::string_view text) {
  for (auto s : {StrikeStrategy::same_strikes, StrikeStrategy::atm_adjust, StrikeStrategy::delta_maintain})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::optional<RollExecutionMode> parse_roll_execution_mode(std::string_view text) {
  for (auto m : {RollExecutionMode::combo, RollExecutionMode::close_first})
    if (to_string(m) == text) return m;
  return std::nullopt;
}

Status RollSettings::validate() const {
  if (min_dte_for_roll < 0) return fail(ErrorCode::out_of_range, "must be >= 0", "min_dte_for_roll");
  if (min_target_dte < 0 || min_target_dte > max_target_dte)
    return fail(ErrorCode::out_of_range, fmt::format("the target window [{}, {}] is empty", min_target_dte, max_target_dte), "min_target_dte");
  if (target_dte < min_target_dte || target_dte > max_target_dte)
    return fail(ErrorCode::out_of_range, fmt::format("{} is outside [{}, {}]", target_dte, min_target_dte, max_target_dte), "target_dte");
  if (min_dte_for_roll >= min_target_dte)
    return fail(ErrorCode::invalid_argument,
                fmt::format("a roll at {} DTE into at least {} DTE would roll again at once", min_dte_for_roll, min_target_dte),
                "min_dte_for_roll");
  if (max_strike_adjustment.units() < 0) return fail(ErrorCode::out_of_range, "must be >= 0", "max_strike_adjustment");
  if (!(delta_breach > 0 && delta_breach <= 1)) return fail(ErrorCode::out_of_range, "must be in (0, 1]", "delta_breach");
  if (close_first_open_retries < 0) return fail(ErrorCode::out_of_range, "must be >= 0", "close_first_open_retries");
  return ok();
}

}  // namespace nightdesk::portfolio
