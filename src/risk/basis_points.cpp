#include "risk/basis_points.h"

#include <cmath>

#include <fmt/format.h>

namespace nightdesk::risk {
namespace {

__extension__ using Wide = __int128;

Wide floor_div(Wide num, Wide den) {
  Wide q = num / den;
  if ((num % den != 0) && ((num < 0) != (den < 0))) --q;
  return q;
}

Wide divide_wide(Wide num, Wide den, Rounding rounding) {
  switch (rounding) {
    case Rounding::down: return floor_div(num, den);
    case Rounding::up: return -floor_div(-num, den);
    case Rounding::nearest: return floor_div(2 * num + den, 2 * den);
  }
  return floor_div(num, den);
}

}  // namespace

Result<BasisPoints> BasisPoints::from_percent_number(double pct) {
  if (!std::isfinite(pct)) return fail(ErrorCode::invalid_argument, "percentage is not a finite number");
  const double scaled = pct * 100.0;
  if (std::fabs(scaled) > 1e15) return fail(ErrorCode::out_of_range, "percentage is too large");
  const double rounded = std::nearbyint(scaled);
  if (std::fabs(scaled - rounded) > 1e-6)
    return fail(ErrorCode::invalid_argument, fmt::format("{} has more than two decimal places", pct));
  return BasisPoints(static_cast<std::int64_t>(rounded));
}

std::string BasisPoints::to_string() const {
  const std::int64_t magnitude = bp_ < 0 ? -bp_ : bp_;
  const std::string sign = bp_ < 0 ? "-" : "";
  const std::int64_t whole = magnitude / 100, hundredths = magnitude % 100;
  if (hundredths % 10 == 0) return fmt::format("{}{}.{}%", sign, whole, hundredths / 10);
  return fmt::format("{}{}.{:02}%", sign, whole, hundredths);
}

Result<BasisPoints> ratio(Money part, Money whole, Rounding rounding) {
  if (whole.units() <= 0) return fail(ErrorCode::invalid_argument, "ratio of a non-positive amount", "whole");
  const Wide bp = divide_wide(Wide{part.units()} * 10'000, Wide{whole.units()}, rounding);
  if (bp > INT64_MAX || bp < INT64_MIN) return fail(ErrorCode::overflow, "ratio does not fit in basis points");
  return BasisPoints(static_cast<std::int64_t>(bp));
}

Money share_of(Money amount, BasisPoints pct, Rounding rounding) {
  const Wide units = divide_wide(Wide{amount.units()} * pct.count(), 10'000, rounding);
  if (units > INT64_MAX || units < INT64_MIN) throw FixedPointOverflow("share_of overflows");
  return Money::from_units(static_cast<std::int64_t>(units));
}

std::strong_ordering compare_ratio(Money part, Money whole, BasisPoints limit) {
  // part/whole <=> limit/10000  <=>  part*10000 <=> limit*whole (whole > 0).
  return Wide{part.units()} * 10'000 <=> Wide{limit.count()} * whole.units();
}

}  // namespace nightdesk::risk
