#include "portfolio/percent.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace nightdesk::portfolio {

// 128-bit intermediates for exact products of 64-bit counts (a GCC/Clang extension).
__extension__ using Int128 = __int128;

Result<Percent> Percent::from_fraction(double fraction) {
  if (!std::isfinite(fraction) || std::fabs(fraction) > 1e9)
    return fail(ErrorCode::invalid_argument, fmt::format("not a usable percentage: {}", fraction), "percent");
  return Percent(static_cast<std::int64_t>(std::llround(fraction * kBasisPointsPerUnit)));
}

Result<Percent> Percent::from_points(double points) {
  if (!std::isfinite(points)) return fail(ErrorCode::invalid_argument, "not a usable percentage", "percent");
  return from_fraction(points / 100.0);
}

Result<Percent> Percent::parse(std::string_view text) {
  if (text.empty() || text.back() != '%')
    return fail(ErrorCode::parse_error, fmt::format("expected a percentage like 50%, got \"{}\"", text), "percent");
  text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  // Reuse the exact decimal reader: "12.5" -> 125000 units of 1e-4, i.e. 1250 bp after /100.
  auto units = fixed_point::parse_units(text, "percent");
  if (!units) return std::unexpected(units.error());
  if (*units % 100 != 0)
    return fail(ErrorCode::parse_error, fmt::format("at most two decimals in a percentage, got \"{}%\"", text), "percent");
  return Percent(*units / 100);
}

std::string Percent::to_string() const {
  std::string body = fixed_point::format_units(std::llabs(bp_) * 100, 0);
  const char* sign = bp_ > 0 ? "+" : bp_ < 0 ? "-" : "";
  return fmt::format("{}{}%", sign, body);
}

Result<Percent> percent_of(Money numerator, Money denominator) {
  if (denominator.units() == 0)
    return fail(ErrorCode::invalid_argument, "percentage of a zero amount", "denominator");
  Int128 num = static_cast<Int128>(numerator.units()) * Percent::kBasisPointsPerUnit;
  Int128 den = denominator.units() < 0 ? -static_cast<Int128>(denominator.units()) : denominator.units();
  return Percent::from_basis_points(static_cast<std::int64_t>(num / den));  // C++ division truncates toward 0
}

}  // namespace nightdesk::portfolio
