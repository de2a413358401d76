#include "strategy/chain_selection.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "strategy/option_analytics.h"

namespace nightdesk::strategy {
namespace {

bool quoted(const market::StrikeRow& row, OptionRight right) { return row.side(right).has_value(); }

std::string listed_range(const market::ExpirySlice& slice) {
  if (slice.strikes().empty()) return "no strikes";
  return fmt::format("strikes {} to {}", slice.strikes().front().strike.to_string(), slice.strikes().back().strike.to_string());
}

// The quoted strike nearest to `target`; ties go to the lower strike.
const market::StrikeRow* nearest_quoted(const market::ExpirySlice& slice, OptionRight right, Price target) {
  const market::StrikeRow* best = nullptr;
  std::int64_t best_gap = std::numeric_limits<std::int64_t>::max();
  for (const auto& row : slice.strikes()) {
    if (!quoted(row, right)) continue;
    std::int64_t gap = std::llabs((row.strike - target).units());
    if (gap < best_gap) {
      best_gap = gap;
      best = &row;
    }
  }
  return best;
}

Result<Price> fixed_strike(const market::ExpirySlice& slice, OptionRight right, Price strike, std::string_view field) {
  const auto* row = slice.find(strike);
  if (row == nullptr || !quoted(*row, right))
    return fail(ErrorCode::not_found, fmt::format("no {} at strike {} listed for {} ({})", to_string(right), strike.to_string(),
                                                  format_date(slice.expiry()), listed_range(slice)), std::string(field));
  return strike;
}

Result<Price> delta_strike(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right,
                           double target, const BuildContext& context, std::string_view field) {
  auto spot = spot_of(chain);
  if (!spot) return std::unexpected(Error{spot.error().code, spot.error().message, std::string(field)});
  const market::StrikeRow* best = nullptr;
  double best_gap = std::numeric_limits<double>::infinity();
  for (const auto& row : slice.strikes()) {
    const auto& side = row.side(right);
    if (!side) continue;
    auto analytics = analyse_option(*side, right, row.strike, slice.expiry(), *spot, context);
    if (!analytics) continue;
    double gap = std::fabs(std::fabs(analytics->greeks.delta) - target);
    if (gap < best_gap) {  // strict: a tie keeps the lower strike
      best_gap = gap;
      best = &row;
    }
  }
  if (best == nullptr)
    return fail(ErrorCode::unavailable, fmt::format("no {} delta could be computed for {}", to_string(right), format_date(slice.expiry())),
                std::string(field));
  return best->strike;
}

Result<Price> offset_strike(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right,
                            Price offset, std::string_view field) {
  auto atm = chain.atm_strike(slice);
  if (!atm) return fail(ErrorCode::unavailable, fmt::format("no ATM strike for {} (no spot or no strikes)", format_date(slice.expiry())),
                        std::string(field));
  const auto* row = nearest_quoted(slice, right, *atm + offset);
  if (row == nullptr)
    return fail(ErrorCode::not_found, fmt::format("no {} listed for {}", to_string(right), format_date(slice.expiry())), std::string(field));
  return row->strike;
}

}  // namespace

Result<Date> today_of(const BuildContext& context) {
  if (context.calendar == nullptr) return fail(ErrorCode::internal, "build context has no calendar", "calendar");
  return context.calendar->new_york_date(context.now);
}

Result<double> spot_of(const market::OptionChain& chain) {
  auto spot = chain.spot();
  if (!spot || spot->units() <= 0)
    return fail(ErrorCode::unavailable, fmt::format("{} has no underlying price", chain.underlying()), "spot");
  return spot->to_double();
}

Result<const market::ExpirySlice*> select_expiry(const market::OptionChain& chain, const ExpiryChoice& choice,
                                                 const BuildContext& context, std::string_view field) {
  auto today = today_of(context);
  if (!today) return std::unexpected(today.error());
  if (const auto* fixed = std::get_if<FixedExpiry>(&choice)) {
    const auto* slice = chain.expiry(fixed->date);
    if (slice == nullptr || fixed->date < *today)
      return fail(ErrorCode::not_found, fmt::format("{} has no expiry {} listed", chain.underlying(), format_date(fixed->date)),
                  std::string(field));
    return slice;
  }
  int dte = std::get<TargetDte>(choice).days;
  const auto* slice = chain.expiry_nearest_dte(*today, dte);
  if (slice == nullptr)
    return fail(ErrorCode::not_found, fmt::format("{} has no expiry on or after {}", chain.underlying(), format_date(*today)),
                std::string(field));
  return slice;
}

Result<Price> select_strike(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right,
                            const StrikeChoice& choice, const BuildContext& context, std::string_view field) {
  if (const auto* fixed = std::get_if<FixedStrike>(&choice)) return fixed_strike(slice, right, fixed->strike, field);
  if (const auto* delta = std::get_if<TargetDelta>(&choice)) return delta_strike(chain, slice, right, delta->delta, context, field);
  return offset_strike(chain, slice, right, std::get<AtmOffset>(choice).offset, field);
}

Result<Price> strike_at_width(const market::ExpirySlice& slice, OptionRight right, Price from, Price width,
                              std::string_view field) {
  auto target = from.checked_add(width);
  const auto* row = target ? slice.find(*target) : nullptr;
  if (row == nullptr || !quoted(*row, right)) {
    Price magnitude = width.units() < 0 ? -width : width;
    return fail(ErrorCode::not_found, fmt::format("no {} strike {} {} {} listed for {}", to_string(right), magnitude.to_string(),
                                                  width.units() < 0 ? "below" : "above", from.to_string(), format_date(slice.expiry())),
                std::string(field));
  }
  return *target;
}

}  // namespace nightdesk::strategy
