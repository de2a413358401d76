#include "portfolio/roll_planner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "execution/order_request.h"

namespace nightdesk::portfolio {
namespace {

const market::OptionQuote* usable_side(const market::StrikeRow& row, OptionRight right) {
  const auto& side = row.side(right);
  if (!side || !side->quote.has_offer() || side->quote.is_crossed()) return nullptr;
  return &*side;
}

RollLeg roll_leg(const market::Instrument& instrument, std::int64_t held, const market::OptionQuote& q) {
  return RollLeg{instrument, held, q.quote.bid, q.quote.ask, q.quote.mid(), q.delta};
}

std::int64_t distance(Price a, Price b) { return std::llabs(a.units() - b.units()); }

// The listed strike (with a usable `right` side) nearest `desired` among those within `max_move` of `old`;
// ties go to the strike nearer the old one, then the lower.
const market::StrikeRow* nearest_allowed(const market::ExpirySlice& slice, OptionRight right, Price desired, Price old,
                                         Price max_move) {
  const market::StrikeRow* best = nullptr;
  for (const market::StrikeRow& row : slice.strikes()) {
    if (usable_side(row, right) == nullptr || distance(row.strike, old) > max_move.units()) continue;
    if (best == nullptr || distance(row.strike, desired) < distance(best->strike, desired) ||
        (distance(row.strike, desired) == distance(best->strike, desired) &&
         distance(row.strike, old) < distance(best->strike, old)))
      best = &row;
  }
  return best;
}

// The strike whose delta is nearest `target` within `max_move` of `old`.
const market::StrikeRow* nearest_delta_allowed(const market::ExpirySlice& slice, OptionRight right, double target,
                                               Price old, Price max_move) {
  const market::StrikeRow* best = nullptr;
  double best_gap = 0;
  for (const market::StrikeRow& row : slice.strikes()) {
    const market::OptionQuote* q = usable_side(row, right);
    if (q == nullptr || !q->delta || distance(row.strike, old) > max_move.units()) continue;
    double gap = std::fabs(*q->delta - target);
    if (best == nullptr || gap < best_gap) {
      best = &row;
      best_gap = gap;
    }
  }
  return best;
}

Status check_legs(const Position& position, const market::OptionChain& chain) {
  if (position.is_flat()) return fail(ErrorCode::invalid_argument, "the position is flat", "legs");
  Date expiry = position.legs().front().instrument.expiry;
  for (const PositionLeg& leg : position.legs()) {
    if (!leg.instrument.is_option())
      return fail(ErrorCode::invalid_argument, "only option legs roll; this position holds the underlying", "legs");
    if (leg.instrument.expiry != expiry)
      return fail(ErrorCode::invalid_argument, "legs in several expiries (a calendar) are rolled leg by leg, not as one", "legs");
    if (leg.instrument.underlying != chain.underlying())
      return fail(ErrorCode::invalid_argument, fmt::format("chain of {} for a leg on {}", chain.underlying(), leg.instrument.underlying), "legs");
  }
  return ok();
}

Result<std::vector<RollLeg>> old_legs_of(const Position& position, const market::OptionChain& chain) {
  std::vector<RollLeg> legs;
  UnitShape shape = position.unit_shape();
  for (std::size_t i = 0; i < position.legs().size(); ++i) {
    const market::Instrument& inst = position.legs()[i].instrument;
    const market::ExpirySlice* slice = chain.expiry(inst.expiry);
    const market::StrikeRow* row = slice ? slice->find(inst.strike) : nullptr;
    const market::OptionQuote* q = row ? usable_side(*row, inst.right) : nullptr;
    if (q == nullptr)
      return fail(ErrorCode::unavailable, fmt::format("no usable quote for the {} {} {} to close", format_date(inst.expiry),
                                                      inst.strike.to_string(), to_string(inst.right)), "quote");
    legs.push_back(roll_leg(inst, shape.ratios[i], *q));
  }
  return legs;
}

Result<Price> new_strike(const RollSettings& settings, const market::ExpirySlice& target,
                         const RollLeg& old, Price shift) {
  const market::Instrument& inst = old.instrument;
  const market::StrikeRow* row = nullptr;
  switch (settings.strike_strategy) {
    case StrikeStrategy::same_strikes: {
      row = target.find(inst.strike);
      if (row == nullptr || usable_side(*row, inst.right) == nullptr)
        return fail(ErrorCode::not_found, fmt::format("strike {} {} is not listed (with a quote) in {}", inst.strike.to_string(),
                                                      to_string(inst.right), format_date(target.expiry())), "strike");
      return row->strike;
    }
    case StrikeStrategy::atm_adjust: {
      Price desired = inst.strike + shift;
      row = nearest_allowed(target, inst.right, desired, inst.strike, settings.max_strike_adjustment);
      break;
    }
    case StrikeStrategy::delta_maintain: {
      if (!old.delta)
        return fail(ErrorCode::unavailable, fmt::format("no delta for the {} {} to maintain", inst.strike.to_string(), to_string(inst.right)), "delta");
      row = nearest_delta_allowed(target, inst.right, *old.delta, inst.strike, settings.max_strike_adjustment);
      break;
    }
  }
  if (row == nullptr)
    return fail(ErrorCode::not_found, fmt::format("no {} strike listed in {} within {} of {}", to_string(inst.right),
                                                  format_date(target.expiry()), settings.max_strike_adjustment.to_string(),
                                                  inst.strike.to_string()), "strike");
  return row->strike;
}

// atm_adjust: how far the structure's centre (midway between its lowest and highest strike) is from ATM.
Result<Price> atm_shift(const market::OptionChain& chain, const market::ExpirySlice& target, const std::vector<RollLeg>& old) {
  auto atm = chain.atm_strike(target);
  if (!atm) return fail(ErrorCode::unavailable, "no underlying price for the ATM strike", "quote");
  auto [lo, hi] = std::minmax_element(old.begin(), old.end(), [](const RollLeg& a, const RollLeg& b) {
    return a.instrument.strike < b.instrument.strike;
  });
  std::int64_t centre = (lo->instrument.strike.units() + hi->instrument.strike.units()) / 2;
  return Price::from_units(atm->units() - centre);
}

Result<Price> net_price_of(const std::vector<RollLeg>& old_legs, const std::vector<RollLeg>& new_legs) {
  std::int64_t net = 0;
  for (const RollLeg& leg : old_legs) net -= leg.contracts_per_unit * leg.mid.units();
  for (const RollLeg& leg : new_legs) net += leg.contracts_per_unit * leg.mid.units();
  return Price::from_units(net);
}

}  // namespace

const market::ExpirySlice* roll_target_expiry(const market::OptionChain& chain, Date today, Date after,
                                              const RollSettings& settings) {
  const market::ExpirySlice* best = nullptr;
  int best_gap = 0;
  for (const auto& [expiry, slice] : chain.expiries()) {
    if (expiry <= after) continue;
    int dte = market::calendar_days_between(today, expiry);
    if (dte < settings.min_target_dte || dte > settings.max_target_dte) continue;
    int gap = std::abs(dte - settings.target_dte);
    if (best == nullptr || gap < best_gap) {  // strict: the earlier expiry wins a tie
      best = &slice;
      best_gap = gap;
    }
  }
  return best;
}

Result<RollPlan> plan_roll(const Position& position, const market::OptionChain& chain, Date today,
                           const RollSettings& settings, RollReason reason) {
  if (!position.is_bot_managed()) return fail(ErrorCode::conflict, "the bot never rolls a manual position", "source");
  if (auto legs_ok = check_legs(position, chain); !legs_ok) return std::unexpected(legs_ok.error());
  RollPlan plan;
  plan.position_id = position.id();
  plan.reason = reason;
  plan.strategy = settings.strike_strategy;
  plan.execution = settings.execution;
  plan.from_expiry = position.legs().front().instrument.expiry;
  plan.units = position.unit_shape().units;

  const market::ExpirySlice* target = roll_target_expiry(chain, today, plan.from_expiry, settings);
  if (target == nullptr)
    return fail(ErrorCode::not_found, fmt::format("no expiry listed between {} and {} DTE after {}", settings.min_target_dte,
                                                  settings.max_target_dte, format_date(plan.from_expiry)), "expiry");
  plan.to_expiry = target->expiry();
  plan.to_dte = market::calendar_days_between(today, plan.to_expiry);

  auto old_legs = old_legs_of(position, chain);
  if (!old_legs) return std::unexpected(old_legs.error());
  plan.old_legs = std::move(*old_legs);
  Price shift;
  if (settings.strike_strategy == StrikeStrategy::atm_adjust) {
    auto s = atm_shift(chain, *target, plan.old_legs);
    if (!s) return std::unexpected(s.error());
    shift = *s;
  }
  for (const RollLeg& old : plan.old_legs) {
    auto strike = new_strike(settings, *target, old, shift);
    if (!strike) return std::unexpected(strike.error());
    market::Instrument inst = old.instrument;
    inst.expiry = plan.to_expiry;
    inst.strike = *strike;
    for (const RollLeg& other : plan.new_legs)
      if (other.instrument == inst)
        return fail(ErrorCode::not_found, fmt::format("two legs would roll into the same {} {}", strike->to_string(), to_string(inst.right)), "strike");
    plan.new_legs.push_back(roll_leg(inst, old.contracts_per_unit, *usable_side(*target->find(*strike), inst.right)));
  }

  auto net = net_price_of(plan.old_legs, plan.new_legs);
  if (!net) return std::unexpected(net.error());
  plan.net_price = *net;
  auto multiplier = plan.old_legs.front().instrument.multiplier;
  auto credit = notional(-plan.net_price, plan.units, multiplier);
  if (!credit) return std::unexpected(credit.error());
  plan.net_credit = *credit;
  if (settings.require_credit && plan.net_price.units() > 0)
    return fail(ErrorCode::conflict, fmt::format("the roll is a net debit of {} per unit at the mids and a credit is required",
                                                 plan.net_price.to_string()), "require_credit");
  if (plan.execution == RollExecutionMode::combo && plan.old_legs.size() + plan.new_legs.size() > execution::kMaxComboLegs) {
    plan.execution = RollExecutionMode::close_first;
    plan.note = fmt::format("{} legs exceed a combo's {}; rolled close-first instead", plan.old_legs.size() + plan.new_legs.size(),
                            execution::kMaxComboLegs);
  }
  return plan;
}

}  // namespace nightdesk::portfolio
