// BasisPoints: a percentage as an integer count of 1/100 of a percent (250 bp = 2.50%), and exact ratios of
// money amounts expressed in it. Plain values and pure functions; any thread.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/fixed_point.h"

namespace nightdesk::risk {

class BasisPoints {
 public:
  constexpr BasisPoints() = default;
  constexpr explicit BasisPoints(std::int64_t bp) : bp_(bp) {}
  static constexpr BasisPoints from_percent(std::int64_t pct) { return BasisPoints(pct * 100); }
  // Reads a configuration percentage ("2.5" -> 250 bp); more than two decimal places is an error.
  static Result<BasisPoints> from_percent_number(double pct);

  constexpr std::int64_t count() const { return bp_; }
  // "2.6%", "2.0%", "2.55%": at least one decimal, at most two.
  std::string to_string() const;
  constexpr auto operator<=>(const BasisPoints&) const = default;

 private:
  std::int64_t bp_ = 0;
};

// `part` as a share of `whole` in basis points, rounded as asked. `whole` must be positive.
// The rounding lets a report lean toward the side that was decided (a breach never prints as the limit).
Result<BasisPoints> ratio(Money part, Money whole, Rounding rounding);

// `pct` of `amount`, rounded as asked (the money a limit allows: 2% of equity).
Money share_of(Money amount, BasisPoints pct, Rounding rounding);

// Exact comparison of part/whole with a limit, without rounding: the sign of part/whole - limit.
// `whole` must be positive.
std::strong_ordering compare_ratio(Money part, Money whole, BasisPoints limit);

}  // namespace nightdesk::risk
