#include "broker/venue_ledger.h"

#include <cstdlib>

namespace nightdesk::broker {
namespace {

struct Booking {
  BrokerPosition position;
  Money realized;
};

// The position after trading `qty` for `value` (price x qty x multiplier; debit positive). The part that
// closes realizes (what it was sold or bought back for) minus its pro-rata share of the cost; a trade
// larger than the position closes it and opens the rest the other way at the same price.
Result<Booking> book(BrokerPosition p, Quantity qty, Price price) {
  const std::int64_t held = p.quantity.count(), q = qty.count();
  const std::int64_t mult = p.instrument.multiplier;
  Money realized;
  std::int64_t closing = 0;  // signed like q
  if (held != 0 && (held > 0) != (q > 0)) closing = std::abs(q) < std::abs(held) ? q : -held;
  if (closing != 0) {
    auto value = notional(price, Quantity(closing), mult);
    if (!value) return std::unexpected(value.error());
    // share of cost leaving = cost x |closing| / |held|; exact when it divides, else rounded to nearest
    auto scaled = fixed_point::checked_mul(p.cost.units(), std::abs(closing));
    if (!scaled) return std::unexpected(scaled.error());
    auto leaving = fixed_point::divide(*scaled, std::abs(held), Rounding::nearest);
    if (!leaving) return std::unexpected(leaving.error());
    auto r = (-*value).checked_sub(Money::from_units(*leaving));
    if (!r) return std::unexpected(r.error());
    realized = *r;
    p.cost = p.cost - Money::from_units(*leaving);
    p.realized_pnl = p.realized_pnl + realized;
    p.quantity = Quantity(held + closing);
  }
  const std::int64_t opening = q - closing;
  if (opening != 0) {
    auto value = notional(price, Quantity(opening), mult);
    if (!value) return std::unexpected(value.error());
    auto c = p.cost.checked_add(*value);
    if (!c) return std::unexpected(c.error());
    p.cost = *c;
    p.quantity = Quantity(p.quantity.count() + opening);
  }
  return Booking{std::move(p), realized};
}

}  // namespace

Result<Money> VenueLedger::apply_trade(const market::Instrument& instrument, Quantity quantity, Price price,
                                       Money fees) {
  if (quantity.count() == 0) return Money{};
  auto it = index_.find(instrument);
  BrokerPosition current = it == index_.end() ? BrokerPosition{instrument, Quantity{}, Money{}, Money{}}
                                              : state_.positions[it->second];
  auto booked = book(std::move(current), quantity, price);
  if (!booked) return std::unexpected(booked.error());
  auto paid = notional(price, quantity, instrument.multiplier);
  if (!paid) return std::unexpected(paid.error());
  auto cash = state_.cash.checked_sub(*paid);
  if (cash) cash = cash->checked_sub(fees);
  if (!cash) return std::unexpected(cash.error());

  state_.cash = *cash;
  state_.fees_paid += fees;
  state_.realized_pnl += booked->realized;
  if (booked->position.quantity.count() == 0) {
    if (it != index_.end()) {
      state_.positions.erase(state_.positions.begin() + static_cast<std::ptrdiff_t>(it->second));
      reindex();
    }
  } else if (it != index_.end()) {
    state_.positions[it->second] = std::move(booked->position);
  } else {
    index_.emplace(InstrumentKey::of(instrument), state_.positions.size());
    state_.positions.push_back(std::move(booked->position));
  }
  return booked->realized;
}

const BrokerPosition* VenueLedger::find(const InstrumentKey& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &state_.positions[it->second];
}

void VenueLedger::restore(LedgerState state) {
  state_ = std::move(state);
  reindex();
}

void VenueLedger::reindex() {
  index_.clear();
  for (std::size_t i = 0; i < state_.positions.size(); ++i)
    index_.emplace(InstrumentKey::of(state_.positions[i].instrument), i);
}

}  // namespace nightdesk::broker
