#include "portfolio/position.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include <fmt/format.h>

namespace nightdesk::portfolio {
namespace {

// price x quantity x multiplier in money units, overflow-checked.
Result<std::int64_t> cost_units(Price price, std::int64_t quantity, std::int64_t multiplier) {
  auto per_contract = fixed_point::checked_mul(price.units(), multiplier);
  if (!per_contract) return per_contract;
  return fixed_point::checked_mul(*per_contract, quantity);
}

Status check_fill(const PositionFill& fill, const std::string& underlying) {
  if (fill.quantity.count() <= 0)
    return fail(ErrorCode::invalid_argument, fmt::format("fill quantity must be > 0, got {}", fill.quantity.count()), "quantity");
  if (fill.price.units() < 0) return fail(ErrorCode::invalid_argument, "fill price must be >= 0", "price");
  if (fill.fees.units() < 0) return fail(ErrorCode::invalid_argument, "fees must be >= 0 (paid)", "fees");
  if (fill.instrument.underlying != underlying)
    return fail(ErrorCode::invalid_argument,
                fmt::format("instrument of {} in a position on {}", fill.instrument.underlying, underlying), "instrument");
  if (fill.instrument.multiplier <= 0) return fail(ErrorCode::invalid_argument, "multiplier must be > 0", "instrument.multiplier");
  return ok();
}

PositionLeg& find_or_add_leg(std::vector<PositionLeg>& legs, const market::Instrument& instrument) {
  auto it = std::find_if(legs.begin(), legs.end(), [&](const PositionLeg& l) { return l.instrument == instrument; });
  if (it != legs.end()) return *it;
  legs.push_back(PositionLeg{instrument, Quantity(0), {}, std::nullopt, std::nullopt});
  return legs.back();
}

}  // namespace

Money PositionLeg::open_cost() const {
  Money total;
  for (const Lot& lot : lots) total += Money::from_units(fixed_point::throw_if_error(cost_units(lot.price, lot.quantity.count(), multiplier())));
  return total;
}

std::optional<Money> PositionLeg::market_value() const {
  if (!mark) return std::nullopt;
  return Money::from_units(fixed_point::throw_if_error(cost_units(*mark, quantity.count(), multiplier())));
}

Position::Position(std::string id, std::string underlying, PositionSource source, Timestamp opened)
    : id_(std::move(id)), underlying_(std::move(underlying)), source_(source), opened_(opened) {}

const PositionLeg* Position::leg(const market::Instrument& instrument) const {
  auto it = std::find_if(legs_.begin(), legs_.end(), [&](const PositionLeg& l) { return l.instrument == instrument; });
  return it == legs_.end() ? nullptr : &*it;
}


UnitShape Position::unit_shape() const {
  UnitShape shape;
  std::int64_t g = 0;
  for (const PositionLeg& l : legs_) g = std::gcd(g, std::llabs(l.quantity.count()));
  shape.units = Quantity(g);
  if (g == 0) return shape;
  for (const PositionLeg& l : legs_) shape.ratios.push_back(l.quantity.count() / g);
  return shape;
}

// Consumes lots of `leg` from the front against a fill of the opposite sign. `remaining` is the fill's
// signed quantity still to apply; realized P&L accumulates in `realized_units`.
static Status close_lots(PositionLeg& leg, Quantity& remaining, Price price, std::int64_t& realized_units) {
  while (!leg.lots.empty() && remaining.count() != 0 && (remaining.count() > 0) != (leg.lots.front().quantity.count() > 0)) {
    Lot& lot = leg.lots.front();
    std::int64_t lot_abs = std::llabs(lot.quantity.count());
    std::int64_t take = std::min<std::int64_t>(lot_abs, std::llabs(remaining.count()));
    std::int64_t closed_signed = lot.quantity.count() > 0 ? take : -take;  // the lot's sign
    // (exit - entry) x lot-signed quantity: a long sold higher gains, a short bought back lower gains.
    auto diff = fixed_point::checked_sub(price.units(), lot.price.units());
    if (!diff) return std::unexpected(diff.error());
    auto pnl = cost_units(Price::from_units(*diff), closed_signed, leg.multiplier());
    if (!pnl) return std::unexpected(pnl.error());
    auto sum = fixed_point::checked_add(realized_units, *pnl);
    if (!sum) return std::unexpected(sum.error());
    realized_units = *sum;
    lot.quantity = Quantity(lot.quantity.count() - closed_signed);
    leg.quantity = Quantity(leg.quantity.count() - closed_signed);
    remaining = Quantity(remaining.count() + closed_signed);
    if (lot.quantity.count() == 0) leg.lots.pop_front();
  }
  return ok();
}

Status Position::apply_fill(const PositionFill& fill) {
  if (auto checked = check_fill(fill, underlying_); !checked) return checked;
  if (!fill.fill_id.empty() && seen_fills_.contains(fill.fill_id)) return ok();
  ++revision_;

  // Work on copies so a failure (overflow) leaves the position as it was.
  std::vector<PositionLeg> legs = legs_;
  PositionLeg& leg = find_or_add_leg(legs, fill.instrument);
  std::int64_t signed_qty = fill.side == execution::Side::buy ? fill.quantity.count() : -fill.quantity.count();
  Quantity remaining(signed_qty);
  std::int64_t realized_units = 0;
  if (auto closed = close_lots(leg, remaining, fill.price, realized_units); !closed) return closed;

  std::int64_t opened_units = 0;
  if (remaining.count() != 0) {
    auto cost = cost_units(fill.price, remaining.count(), leg.multiplier());
    if (!cost) return std::unexpected(cost.error());
    opened_units = *cost;
    leg.lots.push_back(Lot{remaining, fill.price});
    leg.quantity = Quantity(leg.quantity.count() + remaining.count());
  }
  auto entry = entry_cost_.checked_add(Money::from_units(opened_units));
  auto realized = realized_pnl_.checked_add(Money::from_units(realized_units));
  auto fees = fees_.checked_add(fill.fees);
  if (!entry) return std::unexpected(entry.error());
  if (!realized) return std::unexpected(realized.error());
  if (!fees) return std::unexpected(fees.error());

  bool first_fill = entry_cost_.units() == 0 && legs_.empty() && seen_fills_.empty();
  std::erase_if(legs, [](const PositionLeg& l) { return l.quantity.count() == 0; });
  legs_ = std::move(legs);
  entry_cost_ = *entry;
  realized_pnl_ = *realized;
  fees_ = *fees;
  if (!fill.fill_id.empty()) seen_fills_.insert(fill.fill_id);
  if (first_fill)
    record({fill.time, ManagementActionKind::opened, fmt::format("opened with {} {} at {}", to_string(fill.side), fill.quantity.count(), fill.price.to_string()),
            std::nullopt, std::nullopt, fill.quantity, entry_cost_, std::nullopt, {}, {}});
  if (legs_.empty())
    record({fill.time, ManagementActionKind::closed, fmt::format("flat; realized P&L {} before fees {}", realized_pnl_.to_string(), fees_.to_string()),
            std::nullopt, std::nullopt, Quantity(0), realized_pnl_, std::nullopt, {}, {}});
  return ok();
}

bool Position::set_mark(const market::Instrument& instrument, Price mark, std::optional<double> quoted_iv) {
  for (PositionLeg& l : legs_)
    // The strike tells most legs from the quoted contract; checked before the full compare (its strings).
    if (l.instrument.strike == instrument.strike && l.instrument == instrument) {
      ++revision_;
      l.mark = mark;
      l.quoted_iv = quoted_iv;
      return true;
    }
  return false;
}

Money Position::open_cost() const {
  Money total;
  for (const PositionLeg& l : legs_) total += l.open_cost();
  return total;
}

Result<Money> Position::market_value() const {
  Money total;
  for (const PositionLeg& l : legs_) {
    auto value = l.market_value();
    if (!value) return fail(ErrorCode::unavailable, "no mark yet", "mark");
    total += *value;
  }
  return total;
}

Result<Money> Position::unrealized_pnl() const {
  auto value = market_value();
  if (!value) return value;
  return value->checked_sub(open_cost());
}

Result<Percent> Position::pnl_pct() const {
  auto value = market_value();
  if (!value) return std::unexpected(value.error());
  const Money cost = open_cost();  // once: the bot asks this for every position after every quote
  auto pnl = value->checked_sub(cost);
  if (!pnl) return std::unexpected(pnl.error());
  return percent_of(*pnl, cost);
}

}  // namespace nightdesk::portfolio
