// erfcx(x) = exp(x^2) erfc(x) and the Cody pieces it is built from, inline so that the implied volatility
// solver and the normalised Black function (several erfcx per solve) pay no call; its exponentials are the
// table-driven ones of table_exp.h (within ~0.51 ulp, no call). Internal to src/pricing;
// pure; any thread. The public declarations are in special_functions.h.
#pragma once

#include <cmath>
#include <limits>

#include "pricing/table_exp.h"

namespace nightdesk::pricing::special {
namespace detail {

constexpr double kOneOverSqrtPi = 0.56418958354775628694807945156077;

// Evaluates c[0] + c[1] x + ... + c[N-1] x^(N-1).
template <int N>
inline double polynomial(const double (&c)[N], double x) {
  double r = c[N - 1];
  for (int i = N - 2; i >= 0; --i) r = r * x + c[i];
  return r;
}

// erf(x) = x P(x^2) / Q(x^2) for |x| <= 0.5.
inline constexpr double kErfNum[] = {3.20937758913846947e03, 3.77485237685302021e02, 1.13864154151050156e02,
                              3.16112374387056560e00, 1.85777706184603153e-1};
inline constexpr double kErfDen[] = {2.84423683343917062e03, 1.28261652607737228e03, 2.44024637934444173e02,
                              2.36012909523441209e01, 1.0};
// erfcx(x) = P(x) / Q(x) for 0.5 <= x <= 4.
inline constexpr double kMidNum[] = {1.23033935479799725e03, 2.05107837782607147e03, 1.71204761263407058e03,
                              8.81952221241769090e02, 2.98635138197400131e02, 6.61191906371416295e01,
                              8.88314979438837594e00, 5.64188496988670089e-1, 2.15311535474403846e-8};
inline constexpr double kMidDen[] = {1.23033935480374942e03, 3.43936767414372164e03, 4.36261909014324716e03,
                              3.29079923573345963e03, 1.62138957456669019e03, 5.37181101862009858e02,
                              1.17693950891312499e02, 1.57449261107098347e01, 1.0};
// erfcx(x) = (1/sqrt(pi) - z P(z) / Q(z)) / x with z = 1/x^2 for x > 4.
inline constexpr double kTailNum[] = {6.58749161529837803e-4, 1.60837851487422766e-2, 1.25781726111229246e-1,
                               3.60344899949804439e-1, 3.05326634961232344e-1, 1.63153871373020978e-2};
inline constexpr double kTailDen[] = {2.33520497626869185e-3, 6.05183413124413191e-2, 5.27905102951428412e-1,
                               1.87295284992346725e00, 2.56852019228982242e00, 1.0};

[[gnu::always_inline]] inline double erf_small(double x) {
  const double z = x * x;
  return x * polynomial(kErfNum, z) / polynomial(kErfDen, z);
}

// c[0] + ... + c[8] x^8 as two Horner passes (degrees 3 and 4) joined by x^4: 5 dependent multiply-adds instead
// of 8, on the normalised Black function's dependency chain. Every coefficient of kMidNum and kMidDen is positive
// and x > 0 there, so the order of the sums does not matter for rounding.
[[gnu::always_inline]] inline double polynomial_split(const double (&c)[9], double x) {
  const double x2 = x * x;
  const double x4 = x2 * x2;
  const double low = ((c[3] * x + c[2]) * x + c[1]) * x + c[0];
  const double high = (((c[8] * x + c[7]) * x + c[6]) * x + c[5]) * x + c[4];
  return high * x4 + low;
}

// erfcx for x >= 0.5.
[[gnu::always_inline]] inline double erfcx_large(double x) {
  if (x <= 4.0) return polynomial_split(kMidNum, x) / polynomial_split(kMidDen, x);
  const double z = 1.0 / (x * x);
  return (kOneOverSqrtPi - z * polynomial(kTailNum, z) / polynomial(kTailDen, z)) / x;
}

// exp(-x^2) without the relative error |x^2| eps that rounding x^2 would cause: x^2 = p + e exactly (e from
// a fused multiply-add), and exp(-p - e) = exp(-p) (1 - e) since |e| <= ulp(p)/2.
[[gnu::always_inline]] inline double exp_minus_square(double x) {
  const double p = x * x;
  const double e = std::fma(x, x, -p);
  return (p < 708.0 ? table_exp_in_range(-p) : std::exp(-p)) * (1.0 - e);  // libm where the result is subnormal
}

}  // namespace detail

// erfcx(x) = exp(x^2) erfc(x). Relative accuracy ~1e-16; +inf when x < -26.6 (overflow).
[[gnu::always_inline]] inline double erfcx(double x) {
  using namespace detail;
  const double ax = std::fabs(x);
  if (ax <= 0.5) return table_exp_in_range(x * x) * (1.0 - erf_small(x));
  if (x > 0) return erfcx_large(x);
  if (x < -26.6) return std::numeric_limits<double>::infinity();
  return 2.0 / exp_minus_square(x) - erfcx_large(ax);
}

}  // namespace nightdesk::pricing::special
