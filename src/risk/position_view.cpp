#include "risk/position_view.h"

#include <algorithm>
#include <tuple>

namespace nightdesk::risk {
namespace {

auto order_key(const HeldLeg& leg) {
  const auto& i = leg.instrument;
  return std::tuple(i.is_option(), i.underlying, i.expiry, i.right, i.strike, i.multiplier);
}

}  // namespace

std::vector<HeldLeg> net_legs(std::vector<HeldLeg> legs) {
  std::vector<HeldLeg> out;
  for (auto& leg : legs) {
    auto same = std::find_if(out.begin(), out.end(), [&](const HeldLeg& o) { return o.instrument == leg.instrument; });
    if (same == out.end()) {
      out.push_back(std::move(leg));
    } else {
      same->quantity = same->quantity + leg.quantity;
      same->mark = leg.mark;
    }
  }
  std::erase_if(out, [](const HeldLeg& l) { return l.quantity.count() == 0; });
  std::stable_sort(out.begin(), out.end(), [](const HeldLeg& a, const HeldLeg& b) { return order_key(a) < order_key(b); });
  return out;
}

}  // namespace nightdesk::risk
