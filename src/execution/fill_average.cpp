#include "execution/fill_average.h"

#include <fmt/format.h>

namespace nightdesk::execution {

Status FillAverage::add(Price price, Quantity quantity) {
  if (quantity.count() <= 0)
    return fail(ErrorCode::invalid_argument, fmt::format("fill quantity must be > 0, got {}", quantity.count()), "quantity");
  auto product = fixed_point::checked_mul(price.units(), quantity.count());
  if (!product) return std::unexpected(product.error());
  auto sum = fixed_point::checked_add(price_quantity_units_, *product);
  if (!sum) return std::unexpected(sum.error());
  auto total_quantity = fixed_point::checked_add(quantity_.count(), quantity.count());
  if (!total_quantity) return std::unexpected(total_quantity.error());
  price_quantity_units_ = *sum;
  quantity_ = Quantity(*total_quantity);
  return ok();
}

Result<Price> FillAverage::average(Rounding rounding) const {
  if (empty()) return fail(ErrorCode::not_found, "no fills to average", "average_fill_price");
  auto units = fixed_point::divide(price_quantity_units_, quantity_.count(), rounding);
  if (!units) return std::unexpected(units.error());
  return Price::from_units(*units);
}

}  // namespace nightdesk::execution
