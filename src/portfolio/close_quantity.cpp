#include "portfolio/close_quantity.h"

#include <algorithm>

namespace nightdesk::portfolio {

// 128-bit intermediates for exact products of 64-bit counts (a GCC/Clang extension).
__extension__ using Int128 = __int128;

Quantity close_quantity(Quantity held, Percent take, Quantity min_close) {
  if (held.count() <= 0 || take.basis_points() <= 0) return Quantity(0);
  if (take >= Percent::points(100)) return held;
  // 128-bit product: held x basis points cannot overflow, and integer division floors (both positive).
  Int128 product = static_cast<Int128>(held.count()) * take.basis_points();
  auto q = static_cast<std::int64_t>(product / Percent::kBasisPointsPerUnit);
  if (q < std::max<std::int64_t>(min_close.count(), 1)) return Quantity(0);
  return Quantity(std::min(q, held.count()));
}

}  // namespace nightdesk::portfolio
