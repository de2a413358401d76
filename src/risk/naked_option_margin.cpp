#include "risk/naked_option_margin.h"

#include <algorithm>

namespace nightdesk::risk {
namespace {

Price percent_up(Price p, int pct) {
  return Price::from_units(fixed_point::throw_if_error(fixed_point::divide(fixed_point::throw_if_error(fixed_point::checked_mul(p.units(), pct)), 100, Rounding::up)));
}

}  // namespace

NakedMargin naked_option_margin(const market::Instrument& option, Price premium, Price underlying_price) {
  NakedMargin m;
  m.rate_pct = option.settlement == market::Settlement::cash ? 15 : 20;
  const bool call = option.right == OptionRight::call;
  const Price otm = call ? option.strike - underlying_price : underlying_price - option.strike;
  m.out_of_the_money = std::max(otm, Price{});
  m.underlying_part = percent_up(underlying_price, m.rate_pct);
  m.minimum_part = percent_up(call ? underlying_price : option.strike, 10);
  m.per_share = std::max(m.underlying_part - m.out_of_the_money + premium, m.minimum_part + premium);
  return m;
}

}  // namespace nightdesk::risk
