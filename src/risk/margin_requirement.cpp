#include "risk/margin_requirement.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "risk/naked_option_margin.h"

namespace nightdesk::risk {
namespace {

std::int64_t size(const HeldLeg& l) { return l.quantity.count() < 0 ? -l.quantity.count() : l.quantity.count(); }

Money money(Price per_share, std::int64_t count, std::int32_t multiplier) {
  auto m = notional(per_share, Quantity(count), multiplier);
  if (!m) throw FixedPointOverflow(m.error().message);
  return *m;
}

// The leg's marked value, positive for long and short alike.
Money market_value(const HeldLeg& l) { return money(l.mark, size(l), l.instrument.multiplier); }

std::string show(Money m) { return m.to_string(); }
std::string show(Price p) { return p.to_string(); }

MarginRequirement finish(Structure s, Money requirement, Money received, std::string formula) {
  const Money effect = std::max(requirement - received, Money{});
  return MarginRequirement{s, requirement, received, effect, std::move(formula)};
}

Money naked_short(const HeldLeg& l, Price underlying, std::string& formula) {
  const NakedMargin m = naked_option_margin(l.instrument, l.mark, underlying);
  const Money total = money(m.per_share, size(l), l.instrument.multiplier);
  formula += fmt::format("{} {}: max({}% x {} - {} OTM + {}, 10% = {} + {}) = {} x {} x {} = {}; ",
                         to_string(l.instrument.right), show(l.instrument.strike), m.rate_pct, show(underlying),
                         show(m.out_of_the_money), show(l.mark), show(m.minimum_part), show(l.mark),
                         show(m.per_share), l.instrument.multiplier, size(l), show(total));
  return total;
}

Money cash_secured(const HeldLeg& l, std::string& formula) {
  const Money total = money(l.instrument.strike, size(l), l.instrument.multiplier);
  formula += fmt::format("put {} cash-secured: {} x {} x {} = {}; ", show(l.instrument.strike),
                         show(l.instrument.strike), l.instrument.multiplier, size(l), show(total));
  return total;
}

Money sum_values(const std::vector<HeldLeg>& legs, bool want_long) {
  Money total;
  for (const auto& l : legs)
    if ((l.quantity.count() > 0) == want_long) total += market_value(l);
  return total;
}

MarginRequirement long_premium(const std::vector<HeldLeg>& legs) {
  const Money paid = sum_values(legs, true);
  return finish(Structure::long_premium, paid, Money{}, fmt::format("long legs' value {}", show(paid)));
}

MarginRequirement single_short(Structure s, const HeldLeg& l, Price underlying) {
  std::string formula;
  const Money req = s == Structure::cash_secured_put ? cash_secured(l, formula) : naked_short(l, underlying, formula);
  formula += fmt::format("premium {}", show(market_value(l)));
  return finish(s, req, market_value(l), std::move(formula));
}

MarginRequirement covered_call(const std::vector<HeldLeg>& legs) {
  const Money stock = market_value(legs[0]), premium = market_value(legs[1]);
  return finish(Structure::covered_call, stock, premium,
                fmt::format("stock {} x {} = {} fully paid; call premium {}", show(legs[0].mark), size(legs[0]),
                            show(stock), show(premium)));
}

MarginRequirement vertical(Structure s, const std::vector<HeldLeg>& legs) {
  const Money long_value = sum_values(legs, true), short_value = sum_values(legs, false);
  if (s == Structure::debit_vertical) {
    const Money debit = std::max(long_value - short_value, Money{});
    return finish(s, debit, Money{}, fmt::format("net debit {} - {} = {}", show(long_value), show(short_value), show(debit)));
  }
  const Price width = legs[1].instrument.strike - legs[0].instrument.strike;
  const Money req = money(width, size(legs[0]), legs[0].instrument.multiplier);
  const Money credit = short_value - long_value;
  return finish(s, req, credit,
                fmt::format("width {} x {} x {} = {}; credit {}", show(width), legs[0].instrument.multiplier,
                            size(legs[0]), show(req), show(credit)));
}

MarginRequirement iron_condor(const std::vector<HeldLeg>& l) {
  const Price call_wing = l[1].instrument.strike - l[0].instrument.strike;
  const Price put_wing = l[3].instrument.strike - l[2].instrument.strike;
  const Price wider = std::max(call_wing, put_wing);
  const Money req = money(wider, size(l[0]), l[0].instrument.multiplier);
  const Money credit = sum_values(l, false) - sum_values(l, true);
  return finish(Structure::iron_condor, req, credit,
                fmt::format("wider wing max({}, {}) = {} x {} x {} = {}; credit {}", show(call_wing), show(put_wing),
                            show(wider), l[0].instrument.multiplier, size(l[0]), show(req), show(credit)));
}

MarginRequirement short_pair(Structure s, const std::vector<HeldLeg>& l, Price underlying) {
  std::string formula;
  const Money call = naked_short(l[0], underlying, formula), put = naked_short(l[1], underlying, formula);
  const bool call_greater = call >= put;
  const Money other_premium = market_value(call_greater ? l[1] : l[0]);
  const Money req = std::max(call, put) + other_premium;
  formula += fmt::format("greater side {} + other premium {} = {}", show(std::max(call, put)), show(other_premium), show(req));
  return finish(s, req, market_value(l[0]) + market_value(l[1]), std::move(formula));
}

// Every short leg on its own (options naked or cash-secured per policy, stock at 150% of its value), long legs
// at their value: no offsets, so never less than a recognised structure would need.
MarginRequirement uncovered_mix(const std::vector<HeldLeg>& legs, Price underlying, ShortPutCollateral short_puts) {
  std::string formula;
  Money req = sum_values(legs, true);
  formula += fmt::format("long legs {}; ", show(req));
  for (const auto& l : legs) {
    if (l.quantity.count() > 0) continue;
    if (!l.instrument.is_option()) {
      const Money stock = market_value(l) * 3;
      const Money short_stock = Money::from_units(fixed_point::throw_if_error(fixed_point::divide(stock.units(), 2, Rounding::up)));
      formula += fmt::format("short stock 150% x {} = {}; ", show(market_value(l)), show(short_stock));
      req += short_stock;
    } else if (l.instrument.right == OptionRight::put && short_puts == ShortPutCollateral::cash_secured) {
      req += cash_secured(l, formula);
    } else {
      req += naked_short(l, underlying, formula);
    }
  }
  const Money received = sum_values(legs, false);
  formula += fmt::format("premium received {}", show(received));
  return finish(Structure::uncovered_mix, req, received, std::move(formula));
}

MarginRequirement price_structure(Structure s, const std::vector<HeldLeg>& legs, Price underlying,
                                  ShortPutCollateral short_puts) {
  switch (s) {
    case Structure::flat: return finish(s, Money{}, Money{}, "no legs");
    case Structure::long_premium: return long_premium(legs);
    case Structure::cash_secured_put:
    case Structure::naked_put:
    case Structure::naked_call: return single_short(s, legs.front(), underlying);
    case Structure::covered_call: return covered_call(legs);
    case Structure::debit_vertical:
    case Structure::credit_vertical: return vertical(s, legs);
    case Structure::iron_condor: return iron_condor(legs);
    case Structure::short_straddle:
    case Structure::short_strangle: return short_pair(s, legs, underlying);
    case Structure::uncovered_mix: break;
  }
  return uncovered_mix(legs, underlying, short_puts);
}

}  // namespace

Result<MarginRequirement> margin_requirement(std::vector<HeldLeg> legs, Price underlying_price,
                                             ShortPutCollateral short_puts) {
  try {
    legs = net_legs(std::move(legs));
    for (const auto& l : legs) {
      if (l.mark < Price{}) return fail(ErrorCode::invalid_argument, "a leg's mark is negative", "mark");
      if (l.instrument.multiplier < 1) return fail(ErrorCode::invalid_argument, "multiplier must be >= 1", "multiplier");
    }
    const bool has_short_option = std::any_of(legs.begin(), legs.end(), [](const HeldLeg& l) {
      return l.instrument.is_option() && l.quantity.count() < 0;
    });
    if (has_short_option && underlying_price <= Price{})
      return fail(ErrorCode::invalid_argument, "a short option needs the underlying's price", "underlying_price");
    return price_structure(classify_structure(legs, short_puts), legs, underlying_price, short_puts);
  } catch (const FixedPointOverflow& e) {
    return fail(ErrorCode::overflow, e.what(), "legs");
  }
}

Result<MarginRequirement> margin_requirement(const PositionView& position, ShortPutCollateral short_puts) {
  auto r = margin_requirement(position.legs, position.underlying_price, short_puts);
  if (!r) r.error().message = fmt::format("position {}: {}", position.position_id, r.error().message);
  return r;
}

}  // namespace nightdesk::risk
