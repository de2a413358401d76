#include "common/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nightdesk {
namespace fixed_point {
namespace {

std::uint64_t magnitude(std::int64_t x) {
  return x < 0 ? 0 - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
}

Error overflow_error(std::string_view op) {
  return Error{ErrorCode::overflow, "fixed-point " + std::string(op) + " overflows 64 bits", {}};
}

}  // namespace

Result<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::unexpected(overflow_error("addition"));
  return r;
}

Result<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::unexpected(overflow_error("subtraction"));
  return r;
}

Result<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::unexpected(overflow_error("multiplication"));
  return r;
}

Result<std::int64_t> divide(std::int64_t num, std::int64_t den, Rounding rounding) {
  if (den == 0) return fail(ErrorCode::invalid_argument, "division by zero");
  if (num == std::numeric_limits<std::int64_t>::min() && den == -1) return std::unexpected(overflow_error("division"));
  std::int64_t q = num / den;  // truncates toward zero
  std::int64_t r = num % den;
  if (r == 0) return q;
  bool negative = (r < 0) != (den < 0);  // sign of the exact quotient's fraction
  switch (rounding) {
    case Rounding::down: return negative ? q - 1 : q;
    case Rounding::up: return negative ? q : q + 1;
    case Rounding::nearest: {
      // |r| < |den| <= 2^63, so 2|r| fits in 64 unsigned bits.
      std::uint64_t twice_r = magnitude(r) * 2;
      std::uint64_t abs_den = magnitude(den);
      bool away = negative ? twice_r > abs_den : twice_r >= abs_den;  // an exact half goes up
      if (!away) return q;
      return negative ? q - 1 : q + 1;
    }
  }
  return q;
}

Result<std::int64_t> parse_units(std::string_view text, std::string_view what) {
  auto bad = [&](std::string_view why) {
    return fail(ErrorCode::parse_error, std::string(why) + ": '" + std::string(text) + "'", std::string(what));
  };
  if (text.empty()) return bad("expected a decimal number, got an empty string");
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  std::int64_t units = 0;
  int int_digits = 0, frac_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return bad("more than one decimal point");
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return bad("expected a decimal number (digits, one '.', optional sign)");
    if (seen_point) {
      if (frac_digits == kDecimals) {
        if (c != '0') return bad("more than 4 decimal places");
        continue;  // trailing zeros beyond four places change nothing
      }
      ++frac_digits;
    } else {
      ++int_digits;
    }
    std::int64_t digit = c - '0';
    if (__builtin_mul_overflow(units, 10, &units) || __builtin_add_overflow(units, digit, &units))
      return bad("number too large");
  }
  if (int_digits + frac_digits == 0) return bad("expected at least one digit");
  for (int k = frac_digits; k < kDecimals; ++k)
    if (__builtin_mul_overflow(units, 10, &units)) return bad("number too large");
  return negative ? -units : units;
}

std::string format_units(std::int64_t units, int min_decimals) {
  bool negative = units < 0;
  std::uint64_t abs_units = magnitude(units);
  std::uint64_t whole = abs_units / kScale;
  std::uint64_t frac = abs_units % kScale;
  std::string frac_text = std::to_string(frac);
  frac_text.insert(0, kDecimals - frac_text.size(), '0');
  while (static_cast<int>(frac_text.size()) > min_decimals && frac_text.back() == '0') frac_text.pop_back();
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (!frac_text.empty()) out += "." + frac_text;
  return out;
}

Result<std::int64_t> units_from_double(double value, Rounding rounding, std::string_view what) {
  if (!std::isfinite(value))
    return fail(ErrorCode::invalid_argument, "not a finite number", std::string(what));
  double scaled = value * kScale;
  // Absorb the binary representation error of decimal inputs (1.05 * 1e4 = 10499.999999999998)
  // before a directed rounding, so an exact decimal is never pushed a whole unit away.
  double nearest = std::nearbyint(scaled);
  if (std::fabs(scaled - nearest) <= 1e-9 * std::max(1.0, std::fabs(scaled))) scaled = nearest;
  double rounded = rounding == Rounding::down ? std::floor(scaled)
                   : rounding == Rounding::up ? std::ceil(scaled)
                                              : std::floor(scaled + 0.5);
  if (rounded >= 9.2e18 || rounded <= -9.2e18)
    return fail(ErrorCode::overflow, "value too large for fixed point", std::string(what));
  return static_cast<std::int64_t>(rounded);
}

std::int64_t throw_if_error(Result<std::int64_t> r) {
  if (!r) throw FixedPointOverflow(r.error().message);
  return *r;
}

}  // namespace fixed_point

Result<Quantity> Quantity::parse(std::string_view text) {
  auto units = fixed_point::parse_units(text, "quantity");
  if (!units) return std::unexpected(units.error());
  if (*units % fixed_point::kScale != 0)
    return fail(ErrorCode::invalid_argument, "quantity must be a whole number: '" + std::string(text) + "'", "quantity");
  return Quantity(*units / fixed_point::kScale);
}

Result<Money> notional(Price price, Quantity quantity, std::int64_t multiplier) {
  auto per_contract = fixed_point::checked_mul(price.units(), multiplier);
  if (!per_contract) return std::unexpected(per_contract.error());
  auto total = fixed_point::checked_mul(*per_contract, quantity.count());
  if (!total) return std::unexpected(total.error());
  return Money::from_units(*total);
}

Result<Price> price_per_share(Money total, Quantity quantity, std::int64_t multiplier, Rounding rounding) {
  auto shares = fixed_point::checked_mul(quantity.count(), multiplier);
  if (!shares) return std::unexpected(shares.error());
  if (*shares == 0) return fail(ErrorCode::invalid_argument, "quantity times multiplier is zero", "quantity");
  auto units = fixed_point::divide(total.units(), *shares, rounding);
  if (!units) return std::unexpected(units.error());
  return Price::from_units(*units);
}

}  // namespace nightdesk
