#include "strategy/strike_screen.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "strategy/chain_selection.h"
#include "strategy/option_analytics.h"

namespace nightdesk::strategy {

Result<const market::ExpirySlice*> expiry_in_window(const market::OptionChain& chain, const DteWindow& window,
                                                    const BuildContext& context) {
  auto today = today_of(context);
  if (!today) return std::unexpected(today.error());
  const market::ExpirySlice* best = nullptr;
  int best_gap = 0;
  for (const auto& [expiry, slice] : chain.expiries()) {
    const int dte = market::calendar_days_between(*today, expiry);
    if (dte < window.min || dte > window.max) continue;
    const int gap = std::abs(dte - window.target);
    if (best == nullptr || gap < best_gap) {  // strict: ties keep the earlier expiry
      best = &slice;
      best_gap = gap;
    }
  }
  if (best == nullptr)
    return fail(ErrorCode::not_found,
                fmt::format("no {} expiry between {} and {} days out on {}", chain.underlying(), window.min, window.max,
                            format_date(*today)),
                "dte");
  return best;
}

std::optional<std::string> liquidity_shortfall(const market::OptionQuote& quote, const LiquidityFloor& floor) {
  if (floor.min_open_interest > 0) {
    if (!quote.open_interest) return std::string("open interest unknown");
    if (*quote.open_interest < floor.min_open_interest)
      return fmt::format("open interest {} < {}", *quote.open_interest, floor.min_open_interest);
  }
  if (floor.min_volume > 0) {
    if (!quote.volume) return std::string("volume unknown");
    if (*quote.volume < floor.min_volume) return fmt::format("volume {} < {}", *quote.volume, floor.min_volume);
  }
  return std::nullopt;
}

Result<std::vector<ScreenedStrike>> strikes_in_band(const market::OptionChain& chain, const market::ExpirySlice& slice,
                                                    OptionRight right, const DeltaBand& band, const LiquidityFloor& floor,
                                                    const BuildContext& context) {
  auto spot = spot_of(chain);
  if (!spot) return std::unexpected(spot.error());
  std::vector<ScreenedStrike> out;
  int in_band = 0;
  std::string first_shortfall;
  for (const auto& row : slice.strikes()) {
    const auto& side = row.side(right);
    if (!side) continue;
    auto analytics = analyse_option(*side, right, row.strike, slice.expiry(), *spot, context);
    if (!analytics) continue;
    const double d = std::fabs(analytics->greeks.delta);
    if (d < band.min || d > band.max) continue;
    ++in_band;
    if (auto shortfall = liquidity_shortfall(*side, floor)) {
      if (first_shortfall.empty()) first_shortfall = fmt::format("{} {}", row.strike.to_string(), *shortfall);
      continue;
    }
    out.push_back({row.strike, analytics->greeks.delta});
  }
  if (out.empty()) {
    std::string why = in_band == 0 ? "none in the band" : fmt::format("{} in the band, none liquid (first: {})", in_band, first_shortfall);
    return fail(ErrorCode::not_found,
                fmt::format("no {} with |delta| in [{:.2f}, {:.2f}] on {}: {}", to_string(right), band.min, band.max,
                            format_date(slice.expiry()), why),
                "delta");
  }
  const double middle = band.middle();
  std::stable_sort(out.begin(), out.end(), [middle](const ScreenedStrike& a, const ScreenedStrike& b) {
    return std::fabs(std::fabs(a.delta) - middle) < std::fabs(std::fabs(b.delta) - middle);
  });
  return out;
}

Result<const market::OptionQuote*> liquid_quote(const market::ExpirySlice& slice, Price strike, OptionRight right,
                                                const LiquidityFloor& floor) {
  const market::StrikeRow* row = slice.find(strike);
  if (row == nullptr || !row->side(right))
    return fail(ErrorCode::not_found, fmt::format("no {} {} listed for {}", to_string(right), strike.to_string(), format_date(slice.expiry())),
                "width");
  if (auto shortfall = liquidity_shortfall(*row->side(right), floor))
    return fail(ErrorCode::not_found, fmt::format("{} {} {}: {}", format_date(slice.expiry()), strike.to_string(), to_string(right), *shortfall),
                "width");
  return &*row->side(right);
}

}  // namespace nightdesk::strategy
