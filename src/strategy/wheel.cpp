#include "strategy/wheel.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/strategy_context.h"

namespace nightdesk::strategy {
namespace {

constexpr std::array<std::string_view, 4> kPhaseNames = {"selling_puts", "put_open", "selling_calls", "call_open"};

void describe(JsonObjectReader& r, WheelParams& p) {
  describe_entry(r, p.entry);
  describe_band(r, "put_delta", p.put_delta);
  describe_band(r, "call_delta", p.call_delta);
  r.optional("call_at_or_above_cost", p.call_at_or_above_cost);
}

}  // namespace

std::string_view to_string(WheelPhase phase) { return kPhaseNames[static_cast<std::size_t>(phase)]; }

Result<WheelParams> parse_wheel(const nlohmann::json& params, std::string_view path) {
  WheelParams p;
  if (auto s = read_object(params, std::string(path), p, describe); !s) return std::unexpected(s.error());
  if (auto s = validate_entry(p.entry, path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.put_delta, "put_delta", path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.call_delta, "call_delta", path); !s) return std::unexpected(s.error());
  return p;
}

Wheel::Wheel(std::string name, WheelParams params)
    : name_(std::move(name)), params_(std::move(params)), cadence_(std::chrono::minutes(params_.entry.check_interval_minutes)) {}

WheelPhase Wheel::read_phase(const portfolio::Portfolio& portfolio, std::int64_t* shares, double* cost) {
  *shares = 0;
  *cost = 0;
  const portfolio::Position* p = position_id_.empty() ? nullptr : portfolio.position(position_id_);
  if (p == nullptr) return WheelPhase::selling_puts;
  bool short_put = false, short_call = false;
  for (const portfolio::PositionLeg& leg : p->legs()) {
    if (!leg.instrument.is_option()) {
      *shares += leg.quantity.count();
      double paid = 0;
      for (const portfolio::Lot& lot : leg.lots) paid += lot.price.to_double() * static_cast<double>(lot.quantity.count());
      if (leg.quantity.count() > 0) *cost = paid / static_cast<double>(leg.quantity.count());
    } else if (leg.quantity.count() < 0) {
      (leg.instrument.right == OptionRight::put ? short_put : short_call) = true;
      if (leg.instrument.right == OptionRight::put) put_strike_ = leg.instrument.strike;
    }
  }
  // Assigned shares are booked at the settlement price with the put's intrinsic value paid on the option, so
  // what the shares cost is the put's strike.
  if (*shares > 0 && put_strike_) *cost = put_strike_->to_double();
  if (short_put) return WheelPhase::put_open;
  if (*shares <= 0) put_strike_.reset();
  if (short_call) return WheelPhase::call_open;
  return *shares >= 100 ? WheelPhase::selling_calls : WheelPhase::selling_puts;
}

void Wheel::on_quote(StrategyContext& context, const market::QuoteEvent& quote) {
  if (!cadence_.due(quote, params_.entry.underlying, context.now(), context.calendar())) return;
  std::int64_t shares = 0;
  double cost = 0;
  phase_ = read_phase(context.portfolio(), &shares, &cost);
  if (!context.working_orders().empty()) return context.skip("an order is working");
  if (phase_ == WheelPhase::put_open || phase_ == WheelPhase::call_open)
    return context.skip(fmt::format("{}: waiting for expiry or assignment", to_string(phase_)));
  const market::OptionChain* chain = context.chain(params_.entry.underlying);
  if (chain == nullptr) return context.skip("no chain for " + params_.entry.underlying);
  BreakerHold& hold = phase_ == WheelPhase::selling_calls ? call_hold_ : put_hold_;
  if (hold.held(context.breaker())) return context.skip(hold.reason(context.breaker()));
  if (phase_ == WheelPhase::selling_calls) return sell_calls(context, *chain, shares, cost);
  sell_put(context, *chain);
}

void Wheel::sell_put(StrategyContext& context, const market::OptionChain& chain) {
  const BuildContext build = context.build_context(params_.entry.underlying);
  auto slice = expiry_in_window(chain, params_.entry.dte, build);
  if (!slice) return context.skip(slice.error().field + ": " + slice.error().message);
  auto puts = strikes_in_band(chain, **slice, OptionRight::put, params_.put_delta, params_.entry.liquidity, build);
  if (!puts) return context.skip("put_delta: " + puts.error().message);
  CashSecuredPutParams p;
  p.expiry = FixedExpiry{(*slice)->expiry()};
  p.strike = FixedStrike{puts->front().strike};
  p.terms.quantity = params_.entry.quantity;
  auto order = build_order(p, chain, build);
  if (!order) return context.skip(order.error().field + ": " + order.error().message);
  order->request.limit_price = entry_limit(*order, params_.entry.style());
  auto placed = submit_entry(context, put_hold_, std::move(order->request), params_.entry.style());
  if (!placed) return context.skip("refused: " + placed.error().message);
  position_id_ = (*placed)->request.parent_position_id;
  put_strike_ = puts->front().strike;
}

void Wheel::sell_calls(StrategyContext& context, const market::OptionChain& chain, std::int64_t shares, double cost) {
  const BuildContext build = context.build_context(params_.entry.underlying);
  auto slice = expiry_in_window(chain, params_.entry.dte, build);
  if (!slice) return context.skip(slice.error().field + ": " + slice.error().message);
  auto calls = strikes_in_band(chain, **slice, OptionRight::call, params_.call_delta, params_.entry.liquidity, build);
  if (!calls) return context.skip("call_delta: " + calls.error().message);
  const ScreenedStrike* chosen = nullptr;
  for (const ScreenedStrike& c : *calls) {
    if (params_.call_at_or_above_cost && c.strike.to_double() < cost - 1e-9) continue;
    chosen = &c;
    break;
  }
  if (chosen == nullptr)
    return context.skip(fmt::format("call_at_or_above_cost: every call in the band is below the shares' cost {:.2f}", cost));
  CoveredCallParams p;
  p.expiry = FixedExpiry{(*slice)->expiry()};
  p.strike = FixedStrike{chosen->strike};
  p.terms.quantity = shares / 100;
  auto order = build_order(p, chain, build);
  if (!order) return context.skip(order.error().field + ": " + order.error().message);
  order->request.parent_position_id = position_id_;  // the calls cover the shares held in the wheel's position
  order->request.limit_price = entry_limit(*order, params_.entry.style());
  auto placed = submit_entry(context, call_hold_, std::move(order->request), params_.entry.style());
  if (!placed) return context.skip("refused: " + placed.error().message);
}

}  // namespace nightdesk::strategy
