// Fixed-point accounting types: Price (1e-4 USD per share), Money (1e-4 USD; signed, debit positive
// where a direction applies), Quantity (whole contracts or shares, signed: long positive).
// Plain values; safe to copy across threads. Arithmetic is overflow-checked: the checked_* functions
// return an error value; the operators throw FixedPointOverflow, a programming error that is caught at
// the top of each thread and reported, never silently wrapped.
#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk {

// How a value that falls between two representable values is resolved. Always explicit.
enum class Rounding {
  down,     // toward negative infinity (a buy limit)
  up,       // toward positive infinity (a sell limit)
  nearest,  // to the closer one; an exact half goes up
};

struct FixedPointOverflow : std::overflow_error {
  using std::overflow_error::overflow_error;
};

namespace fixed_point {

inline constexpr std::int64_t kScale = 10'000;  // four decimal places
inline constexpr int kDecimals = 4;

Result<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
Result<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
Result<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);
// num / den rounded as asked; den must not be 0.
Result<std::int64_t> divide(std::int64_t num, std::int64_t den, Rounding rounding);
// Reads "[-+]digits[.digits]" exactly; at most four significant decimal places.
Result<std::int64_t> parse_units(std::string_view text, std::string_view what);
// Prints units with at least `min_decimals` and at most four decimal places, trailing zeros trimmed.
std::string format_units(std::int64_t units, int min_decimals);
// Converts a model value (a double) to units with the given rounding; NaN, inf and overflow are errors.
Result<std::int64_t> units_from_double(double value, Rounding rounding, std::string_view what);
std::int64_t throw_if_error(Result<std::int64_t> r);

}  // namespace fixed_point

// A decimal with four places stored as an integer count of 1e-4. `Tag` keeps Price and Money apart.
template <class Tag>
class Decimal4 {
 public:
  constexpr Decimal4() = default;
  static constexpr Decimal4 from_units(std::int64_t units) { return Decimal4(units); }
  static Result<Decimal4> parse(std::string_view text) {
    auto units = fixed_point::parse_units(text, Tag::kName);
    if (!units) return std::unexpected(units.error());
    return Decimal4(*units);
  }
  static Result<Decimal4> from_double(double value, Rounding rounding) {
    auto units = fixed_point::units_from_double(value, rounding, Tag::kName);
    if (!units) return std::unexpected(units.error());
    return Decimal4(*units);
  }

  constexpr std::int64_t units() const { return units_; }
  // For pricing models only; accounting never sums doubles.
  constexpr double to_double() const { return static_cast<double>(units_) / fixed_point::kScale; }
  std::string to_string() const { return fixed_point::format_units(units_, 2); }

  Result<Decimal4> checked_add(Decimal4 o) const { return wrap(fixed_point::checked_add(units_, o.units_)); }
  Result<Decimal4> checked_sub(Decimal4 o) const { return wrap(fixed_point::checked_sub(units_, o.units_)); }
  Result<Decimal4> checked_times(std::int64_t k) const { return wrap(fixed_point::checked_mul(units_, k)); }

  Decimal4 operator+(Decimal4 o) const { return Decimal4(fixed_point::throw_if_error(fixed_point::checked_add(units_, o.units_))); }
  Decimal4 operator-(Decimal4 o) const { return Decimal4(fixed_point::throw_if_error(fixed_point::checked_sub(units_, o.units_))); }
  Decimal4 operator-() const { return Decimal4(fixed_point::throw_if_error(fixed_point::checked_sub(0, units_))); }
  Decimal4 operator*(std::int64_t k) const { return Decimal4(fixed_point::throw_if_error(fixed_point::checked_mul(units_, k))); }
  Decimal4& operator+=(Decimal4 o) { return *this = *this + o; }
  Decimal4& operator-=(Decimal4 o) { return *this = *this - o; }
  constexpr auto operator<=>(const Decimal4&) const = default;

 private:
  constexpr explicit Decimal4(std::int64_t units) : units_(units) {}
  static Result<Decimal4> wrap(Result<std::int64_t> r) {
    if (!r) return std::unexpected(r.error());
    return Decimal4(*r);
  }
  std::int64_t units_ = 0;
};

struct PriceTag { static constexpr std::string_view kName = "price"; };
struct MoneyTag { static constexpr std::string_view kName = "money"; };

// A price per share (options are quoted per share): 1e-4 USD. May be negative for a combo's net price
// (debit positive, credit negative).
using Price = Decimal4<PriceTag>;
// An amount of money: 1e-4 USD. Cash flows are signed: paying is positive (debit), receiving negative.
using Money = Decimal4<MoneyTag>;

// A count of contracts or shares; signed where it is a position (long positive, short negative).
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(std::int64_t count) : count_(count) {}
  static Result<Quantity> parse(std::string_view text);
  constexpr std::int64_t count() const { return count_; }
  std::string to_string() const { return std::to_string(count_); }
  Quantity operator+(Quantity o) const { return Quantity(fixed_point::throw_if_error(fixed_point::checked_add(count_, o.count_))); }
  Quantity operator-(Quantity o) const { return Quantity(fixed_point::throw_if_error(fixed_point::checked_sub(count_, o.count_))); }
  Quantity operator-() const { return Quantity(fixed_point::throw_if_error(fixed_point::checked_sub(0, count_))); }
  constexpr auto operator<=>(const Quantity&) const = default;

 private:
  std::int64_t count_ = 0;
};

// The money for `quantity` contracts at `price` per share with `multiplier` shares per contract
// (100 for a standard equity option, 1 for stock). Signed like the quantity.
Result<Money> notional(Price price, Quantity quantity, std::int64_t multiplier);

// The price per share that `total` money buys for `quantity` contracts of `multiplier` shares,
// rounded as asked (an average fill price). `quantity` must not be zero.
Result<Price> price_per_share(Money total, Quantity quantity, std::int64_t multiplier, Rounding rounding);

}  // namespace nightdesk
