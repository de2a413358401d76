#include "risk/position_view.h"

#include <algorithm>
#include <tuple>

namespace nightdesk::risk {
namespace {

auto order_key(const HeldLeg& leg) {
  const auto& i = leg.instrument;
  return std::tuple(i.is_option(), i.underlying, i.expiry, i.right, i.strike, i.multiplier);
}

std::int64_t magnitude(Quantity q) { return q.count() < 0 ? -q.count() : q.count(); }

// Adding to a leg marks the sum at the quantity-weighted average, rounded up (a requirement is never
// understated); trading against it keeps the held mark, the market's price for what remains.
Price merged_mark(const HeldLeg& held, const HeldLeg& added) {
  const bool same_side = (held.quantity.count() > 0) == (added.quantity.count() > 0);
  if (!same_side) return held.mark;
  auto held_value = fixed_point::checked_mul(held.mark.units(), magnitude(held.quantity));
  auto added_value = fixed_point::checked_mul(added.mark.units(), magnitude(added.quantity));
  auto total = held_value && added_value ? fixed_point::checked_add(*held_value, *added_value) : held_value;
  auto average = total ? fixed_point::divide(*total, magnitude(held.quantity) + magnitude(added.quantity), Rounding::up) : total;
  return Price::from_units(fixed_point::throw_if_error(average));
}

}  // namespace

std::vector<HeldLeg> net_legs(std::vector<HeldLeg> legs) {
  std::vector<HeldLeg> out;
  for (auto& leg : legs) {
    auto same = std::find_if(out.begin(), out.end(), [&](const HeldLeg& o) { return o.instrument == leg.instrument; });
    if (same == out.end()) {
      out.push_back(std::move(leg));
    } else {
      same->mark = merged_mark(*same, leg);
      same->quantity = same->quantity + leg.quantity;
    }
  }
  std::erase_if(out, [](const HeldLeg& l) { return l.quantity.count() == 0; });
  std::stable_sort(out.begin(), out.end(), [](const HeldLeg& a, const HeldLeg& b) { return order_key(a) < order_key(b); });
  return out;
}

}  // namespace nightdesk::risk
