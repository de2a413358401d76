// exp, log and the standard normal CDF/PDF without branches or libm calls, so a loop over a chain
// auto-vectorizes (SSE2 is enough). Pure functions; any thread. Accuracy: a few ulp (measured in
// tests/pricing/branchless_math_test.cpp against libm).
#pragma once

#include <bit>
#include <cstdint>

namespace nightdesk::pricing {

// Everything here is always_inline: a call that is not inlined stops the vectorizer.
#define NIGHTDESK_BRANCHLESS [[gnu::always_inline]] inline

// exp(x) for -708.39 <= x <= 709.78 only, where the caller's range guarantees it (the implied volatility
// solver's exponentials): branchless_exp below without its clamps, the same bits.
NIGHTDESK_BRANCHLESS double branchless_exp_in_range(double xc) {
  constexpr double kLog2e = 1.4426950408889634074;
  // ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (Cody-Waite range reduction).
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kRoundMagic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double t = xc * kLog2e + kRoundMagic;
  const double k = t - kRoundMagic;
  const double r = (xc - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln(2)/2
  // Taylor series of e^r to degree 13: truncation error < 5e-18 relative on |r| <= 0.347. The terms from
  // r^3 up are evaluated by Estrin's scheme (pairs, then r^2, r^4, r^8) and only the last three by Horner:
  // 7 dependent multiply-adds instead of 13, which matters where exp sits on a serial chain (the implied
  // volatility iterations), while the low-order Horner steps keep the rounding of the all-Horner form.
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double q01 = 1.0 / 6.0 + r * (1.0 / 24.0);
  const double q23 = 1.0 / 120.0 + r * (1.0 / 720.0);
  const double q45 = 1.0 / 5040.0 + r * (1.0 / 40320.0);
  const double q67 = 1.0 / 362880.0 + r * (1.0 / 3628800.0);
  const double q89 = 1.0 / 39916800.0 + r * (1.0 / 479001600.0);
  const double q10 = 1.0 / 6227020800.0;
  const double q = (q01 + r2 * q23) + r4 * (q45 + r2 * q67) + r8 * (q89 + r2 * q10);  // sum_{k>=3} r^{k-3}/k!
  double p = q * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k built directly in the exponent field; k is the integer sitting in t's low mantissa bits.
  const std::int64_t ki = std::bit_cast<std::int64_t>(t) - std::bit_cast<std::int64_t>(kRoundMagic);
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(ki + 1023) << 52);
  return p * scale;
}

// exp(x); below -708.39 it flushes to 0 (no subnormals), above 709.78 it is +inf.
NIGHTDESK_BRANCHLESS double branchless_exp(double x) {
  const double y = branchless_exp_in_range(x < -708.39 ? -708.39 : (x > 709.78 ? 709.78 : x));
  return x < -708.39 ? 0.0 : (x > 709.78 ? __builtin_inf() : y);
}

// Natural log for finite x > 0 in the normal range (callers pass validated prices and ratios).
NIGHTDESK_BRANCHLESS double branchless_log(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kSqrt2 = 1.4142135623730950488;
  constexpr std::uint64_t kMantissa = 0x000FFFFFFFFFFFFFull;
  constexpr std::uint64_t kOneExponent = 0x3FF0000000000000ull;
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  double m = std::bit_cast<double>((bits & kMantissa) | kOneExponent);  // [1, 2)
  // The biased exponent as a double without int->double conversion (SSE2 has none for 64-bit).
  double e = std::bit_cast<double>((bits >> 52) | 0x4330000000000000ull) - (4503599627370496.0 + 1023.0);
  const bool high = m > kSqrt2;
  m = high ? m * 0.5 : m;  // now m in (0.707, 1.414]
  e = high ? e + 1.0 : e;
  // log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: odd series to s^25, error < 1e-18.
  const double s = (m - 1.0) / (m + 1.0);
  const double z = s * s;
  double p = 1.0 / 25.0;
  p = p * z + 1.0 / 23.0;
  p = p * z + 1.0 / 21.0;
  p = p * z + 1.0 / 19.0;
  p = p * z + 1.0 / 17.0;
  p = p * z + 1.0 / 15.0;
  p = p * z + 1.0 / 13.0;
  p = p * z + 1.0 / 11.0;
  p = p * z + 1.0 / 9.0;
  p = p * z + 1.0 / 7.0;
  p = p * z + 1.0 / 5.0;
  p = p * z + 1.0 / 3.0;
  const double log_m = 2.0 * s + 2.0 * s * z * p;
  return e * kLn2Hi + (e * kLn2Lo + log_m);
}

// exp(-x*x/2) with x*x split exactly (Dekker) so that large |x| keeps full relative accuracy.
NIGHTDESK_BRANCHLESS double branchless_exp_minus_half_square(double x) {
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double c = kSplit * x;
  const double hi = c - (c - x);
  const double lo = x - hi;
  const double sq = x * x;
  const double err = ((hi * hi - sq) + 2.0 * hi * lo) + lo * lo;  // x*x == sq + err exactly
  return branchless_exp(-0.5 * sq) * (1.0 - 0.5 * err);
}

// Standard normal density.
NIGHTDESK_BRANCHLESS double branchless_normal_pdf(double x) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  return kInvSqrt2Pi * branchless_exp_minus_half_square(x);
}

// Standard normal CDF by W. J. Cody's rational approximations (Math. Comp. 23, 1969; the
// coefficients of his ANORM routine): three ranges of |x|. All three numerators and denominators are
// evaluated (cheap multiply-adds), the pair for x's range is selected, and one division finishes:
// no branch, and one divide instead of five (divides are the slow port in a vectorized chain loop).
// Relative accuracy in both tails; N(x) + N(-x) == 1 to rounding.
// `gauss` must be branchless_exp_minus_half_square(x): callers that also need the density share it.
NIGHTDESK_BRANCHLESS double branchless_normal_cdf_given_gauss(double x, double gauss) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  const double y = x < 0 ? -x : x;
  const double z = x * x;
  // |x| <= 0.66291: N(x) = 1/2 + x P(x^2) / Q(x^2).
  double num = 0.065682337918207449113 * z;
  double den = z;
  num = (num + 2.2352520354606839287) * z;
  den = (den + 47.20258190468824187) * z;
  num = (num + 161.02823106855587881) * z;
  den = (den + 976.09855173777669322) * z;
  num = (num + 1067.6894854603709582) * z;
  den = (den + 10260.932208618978205) * z;
  const double central_num = x * (num + 18154.981253343561249);
  const double central_den = den + 45507.789335026729956;
  // 0.66291 < |x| <= sqrt(32): upper tail = exp(-y^2/2) P(y) / Q(y).
  double cn = 1.0765576773720192317e-8 * y;
  double cd = y;
  cn = (cn + 0.39894151208813466764) * y;
  cd = (cd + 22.266688044328115691) * y;
  cn = (cn + 8.8831497943883759412) * y;
  cd = (cd + 235.38790178262499861) * y;
  cn = (cn + 93.506656132177855979) * y;
  cd = (cd + 1519.377599407554805) * y;
  cn = (cn + 597.27027639480026226) * y;
  cd = (cd + 6485.558298266760755) * y;
  cn = (cn + 2494.5375852903726711) * y;
  cd = (cd + 18615.571640885098091) * y;
  cn = (cn + 6848.1904505362823326) * y;
  cd = (cd + 34900.952721145977266) * y;
  cn = (cn + 11602.651437647350124) * y;
  cd = (cd + 38912.003286093271411) * y;
  const double middle_num = cn + 9842.7148383839780218;
  const double middle_den = cd + 19685.429676859990727;
  // |x| > sqrt(32): upper tail = exp(-y^2/2) (1/sqrt(2 pi) - w A(w) / B(w)) / y with w = 1/y^2. Cody's
  // A and B are quintics in w; multiplied through by z^5 they are quintics in z with the coefficients
  // reversed (A', B'), so the tail factor is (c z B'(z) - A'(z)) / (y z B'(z)) without computing 1/z.
  // Beyond |x| = 40 gauss is 0 (exp flushes), so clamping there keeps z^6 finite at no cost.
  const double yf = y < 40.0 ? y : 40.0;
  const double zf = yf * yf;
  double pn = 2.9112874951168792e-5 * zf;
  double pd = 7.29751555083966205e-5 * zf;
  pn = (pn + 0.001421619193227893466) * zf;
  pd = (pd + 0.00378239633202758244) * zf;
  pn = (pn + 0.022235277870649807) * zf;
  pd = (pd + 0.0659881378689285515) * zf;
  pn = (pn + 0.1274011611602473639) * zf;
  pd = (pd + 0.468238212480865118) * zf;
  pn = (pn + 0.21589853405795699) * zf;
  pd = (pd + 1.28426009614491121) * zf;
  pn = pn + 0.02307344176494017303;  // A'(zf)
  pd = (pd + 1.0) * zf;               // zf B'(zf)
  const double far_num = kInvSqrt2Pi * pd - pn;
  const double far_den = yf * pd;
  const bool central = y <= 0.66291;
  const bool middle = y <= 5.656854249492380195;
  const double ratio = (central ? central_num : (middle ? middle_num : far_num)) /
                       (central ? central_den : (middle ? middle_den : far_den));
  const double upper_tail = gauss * ratio;
  const double tails = x > 0 ? 1.0 - upper_tail : upper_tail;
  return central ? 0.5 + ratio : tails;
}

NIGHTDESK_BRANCHLESS double branchless_normal_cdf(double x) {
  return branchless_normal_cdf_given_gauss(x, branchless_exp_minus_half_square(x));
}

#undef NIGHTDESK_BRANCHLESS

}  // namespace nightdesk::pricing
