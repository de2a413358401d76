#include "risk/margin_structure.h"

#include <algorithm>

namespace nightdesk::risk {
namespace {

bool is_long(const HeldLeg& l) { return l.quantity.count() > 0; }
bool is_short(const HeldLeg& l) { return l.quantity.count() < 0; }
bool is_call(const HeldLeg& l) { return l.instrument.is_option() && l.instrument.right == OptionRight::call; }
bool is_put(const HeldLeg& l) { return l.instrument.is_option() && l.instrument.right == OptionRight::put; }
std::int64_t size(const HeldLeg& l) { return l.quantity.count() < 0 ? -l.quantity.count() : l.quantity.count(); }

bool same_size_and_expiry(const std::vector<HeldLeg>& legs) {
  return std::all_of(legs.begin(), legs.end(), [&](const HeldLeg& l) {
    return l.instrument.is_option() && size(l) == size(legs.front()) && l.instrument.expiry == legs.front().instrument.expiry &&
           l.instrument.multiplier == legs.front().instrument.multiplier;
  });
}

Structure classify_single_short(const HeldLeg& leg, ShortPutCollateral short_puts) {
  if (is_put(leg)) return short_puts == ShortPutCollateral::cash_secured ? Structure::cash_secured_put : Structure::naked_put;
  if (is_call(leg)) return Structure::naked_call;
  return Structure::uncovered_mix;  // short stock
}

// Two legs: a vertical, a short straddle/strangle, or a covered call.
Structure classify_pair(const HeldLeg& a, const HeldLeg& b) {
  if (!a.instrument.is_option() && is_long(a) && is_call(b) && is_short(b) &&
      a.quantity.count() >= size(b) * b.instrument.multiplier)
    return Structure::covered_call;
  if (!a.instrument.is_option() || !b.instrument.is_option() || size(a) != size(b) ||
      a.instrument.multiplier != b.instrument.multiplier)
    return Structure::uncovered_mix;
  if (is_short(a) && is_short(b) && a.instrument.right != b.instrument.right) {
    const bool same_strike = a.instrument.strike == b.instrument.strike && a.instrument.expiry == b.instrument.expiry;
    return same_strike ? Structure::short_straddle : Structure::short_strangle;
  }
  if (!same_size_and_expiry({a, b}) || a.instrument.right != b.instrument.right || is_long(a) == is_long(b))
    return Structure::uncovered_mix;
  // a has the lower strike (net_legs order). A call spread long the lower strike, or a put spread long the
  // higher strike, costs a debit.
  const HeldLeg& long_leg = is_long(a) ? a : b;
  const bool long_is_lower = &long_leg == &a;
  return (is_call(a) == long_is_lower) ? Structure::debit_vertical : Structure::credit_vertical;
}

// Four legs sorted calls then puts by strike: short call K3 < long call K4; long put K1 < short put K2 <= K3.
bool is_iron_condor(const std::vector<HeldLeg>& l) {
  if (!same_size_and_expiry(l)) return false;
  const bool shape = is_call(l[0]) && is_short(l[0]) && is_call(l[1]) && is_long(l[1]) && is_put(l[2]) &&
                     is_long(l[2]) && is_put(l[3]) && is_short(l[3]);
  return shape && l[3].instrument.strike <= l[0].instrument.strike;
}

}  // namespace

std::string_view to_string(Structure s) {
  switch (s) {
    case Structure::flat: return "flat";
    case Structure::long_premium: return "long_premium";
    case Structure::covered_call: return "covered_call";
    case Structure::cash_secured_put: return "cash_secured_put";
    case Structure::naked_put: return "naked_put";
    case Structure::naked_call: return "naked_call";
    case Structure::debit_vertical: return "debit_vertical";
    case Structure::credit_vertical: return "credit_vertical";
    case Structure::iron_condor: return "iron_condor";
    case Structure::short_straddle: return "short_straddle";
    case Structure::short_strangle: return "short_strangle";
    case Structure::uncovered_mix: return "uncovered_mix";
  }
  return "unknown";
}

Structure classify_structure(const std::vector<HeldLeg>& legs, ShortPutCollateral short_puts) {
  if (legs.empty()) return Structure::flat;
  if (std::all_of(legs.begin(), legs.end(), is_long)) return Structure::long_premium;
  if (legs.size() == 1) return classify_single_short(legs.front(), short_puts);
  if (legs.size() == 2) return classify_pair(legs[0], legs[1]);
  if (legs.size() == 4 && is_iron_condor(legs)) return Structure::iron_condor;
  return Structure::uncovered_mix;
}

}  // namespace nightdesk::risk
