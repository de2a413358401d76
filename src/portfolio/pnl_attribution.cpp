#include "portfolio/pnl_attribution.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace nightdesk::portfolio {
namespace {

constexpr double kSecondsPerYear = 365.0 * 86400.0;

Result<Money> to_money(double value, std::string_view what) {
  auto m = Money::from_double(value, Rounding::nearest);
  if (!m) return fail(ErrorCode::overflow, fmt::format("{} term does not fit in money", what), std::string(what));
  return *m;
}

}  // namespace

PnlAttribution& PnlAttribution::operator+=(const PnlAttribution& o) {
  actual += o.actual, delta += o.delta, gamma += o.gamma, theta += o.theta, vega += o.vega, residual += o.residual;
  return *this;
}

Result<PnlAttribution> attribute_pnl(const PositionGreeks& start, const PositionGreeks& end) {
  if (start.position_id != end.position_id)
    return fail(ErrorCode::invalid_argument, "snapshots of two different positions", "position_id");
  if (end.as_of < start.as_of) return fail(ErrorCode::invalid_argument, "the end is before the start", "as_of");
  double years = std::chrono::duration<double>(end.as_of - start.as_of).count() / kSecondsPerYear;
  double d_spot = end.spot - start.spot;
  double delta = 0, gamma = 0, theta = 0, vega = 0;
  PnlAttribution out;
  for (const LegRisk& leg : start.legs) {
    auto it = std::find_if(end.legs.begin(), end.legs.end(), [&](const LegRisk& l) { return l.instrument == leg.instrument; });
    if (it == end.legs.end())
      return fail(ErrorCode::invalid_argument, "a leg was closed during the period", "legs");
    double scale = static_cast<double>(leg.quantity.count()) * leg.instrument.multiplier;
    delta += leg.per_share.delta * d_spot * scale;
    gamma += 0.5 * leg.per_share.gamma * d_spot * d_spot * scale;
    theta += leg.per_share.theta * years * scale;
    vega += leg.per_share.vega * (it->iv - leg.iv) * scale;
    auto moved = notional(it->mark - leg.mark, leg.quantity, leg.instrument.multiplier);
    if (!moved) return std::unexpected(moved.error());
    out.actual += *moved;
  }
  auto d = to_money(delta, "delta"), g = to_money(gamma, "gamma"), t = to_money(theta, "theta"), v = to_money(vega, "vega");
  for (auto* r : {&d, &g, &t, &v})
    if (!*r) return std::unexpected(r->error());
  out.delta = *d, out.gamma = *g, out.theta = *t, out.vega = *v;
  out.residual = out.actual - out.delta - out.gamma - out.theta - out.vega;
  return out;
}

DailyAttribution attribute_day(std::span<const PositionGreeks> start_of_day, std::span<const PositionGreeks> end_of_day) {
  DailyAttribution out;
  for (const PositionGreeks& start : start_of_day) {
    auto end = std::find_if(end_of_day.begin(), end_of_day.end(),
                            [&](const PositionGreeks& e) { return e.position_id == start.position_id; });
    if (end == end_of_day.end()) {
      out.skipped.push_back(start.position_id + ": no end-of-day snapshot (closed or unpriced)");
      continue;
    }
    auto a = attribute_pnl(start, *end);
    if (!a) {
      out.skipped.push_back(start.position_id + ": " + a.error().describe());
      continue;
    }
    out.by_position[start.position_id] = *a;
    out.total += *a;
  }
  return out;
}

}  // namespace nightdesk::portfolio
