// Percent: a percentage held exactly as an integer count of basis points (1 bp = 0.01%), so that ladder
// triggers and close fractions compare and multiply without floating-point drift (0.29 x 100 is 28.999...).
// Plain value; safe to copy across threads.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/fixed_point.h"

namespace nightdesk::portfolio {

class Percent {
 public:
  static constexpr std::int64_t kBasisPointsPerUnit = 10'000;  // 100% = 10,000 bp

  constexpr Percent() = default;
  static constexpr Percent from_basis_points(std::int64_t bp) { return Percent(bp); }
  // 30 -> 30%; whole percent points.
  static constexpr Percent points(std::int64_t pct) { return Percent(pct * 100); }
  // A fraction (0.30 = 30%), rounded to the nearest basis point; NaN, inf and huge values are errors.
  static Result<Percent> from_fraction(double fraction);
  // Percent points as written in configuration (50 = 50%, -200 = -200%, 12.5 = 12.5%).
  static Result<Percent> from_points(double points);
  // "50%", "+50%", "-200%", "12.5%" (the % sign is required, at most two decimals).
  static Result<Percent> parse(std::string_view text);

  constexpr std::int64_t basis_points() const { return bp_; }
  constexpr double fraction() const { return static_cast<double>(bp_) / kBasisPointsPerUnit; }
  // "+50%", "-200%", "12.5%": sign shown for non-zero values.
  std::string to_string() const;

  constexpr auto operator<=>(const Percent&) const = default;
  constexpr Percent operator-(Percent o) const { return Percent(bp_ - o.bp_); }
  constexpr Percent operator+(Percent o) const { return Percent(bp_ + o.bp_); }

 private:
  constexpr explicit Percent(std::int64_t bp) : bp_(bp) {}
  std::int64_t bp_ = 0;
};

// numerator / |denominator| as a Percent, truncated toward zero to a whole basis point, so that against
// whole-basis-point thresholds a gain reaches `ratio >= trigger` (trigger > 0) and a loss reaches
// `ratio <= stop` (stop < 0) exactly when the true ratio does. invalid_argument when the denominator is zero.
Result<Percent> percent_of(Money numerator, Money denominator);

}  // namespace nightdesk::portfolio
