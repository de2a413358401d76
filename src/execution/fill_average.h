// FillAverage: the exact quantity-weighted average price of a set of fills, kept as the sum of
// price x quantity in fixed point plus the quantity, so the average is never an average of averages.
// Plain value; owned by one Order (engine thread).
#pragma once

#include <cstdint>

#include "common/error.h"
#include "common/fixed_point.h"

namespace nightdesk::execution {

class FillAverage {
 public:
  // Adds `quantity` (> 0) at `price`; an overflow or a non-positive quantity is an error and changes nothing.
  Status add(Price price, Quantity quantity);

  Quantity quantity() const { return quantity_; }
  // Sum of price units x quantity (1e-4 USD per share x contracts); exact.
  std::int64_t price_quantity_units() const { return price_quantity_units_; }
  bool empty() const { return quantity_.count() == 0; }
  // sum(price x qty) / sum(qty), rounded as asked (it lands between representable prices only when the
  // fills do not divide evenly). Error (not_found) when nothing was filled.
  Result<Price> average(Rounding rounding = Rounding::nearest) const;

  bool operator==(const FillAverage&) const = default;

 private:
  std::int64_t price_quantity_units_ = 0;
  Quantity quantity_;
};

}  // namespace nightdesk::execution
