// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969): three
// intervals (|x| <= 0.5, 0.5..4, > 4) with the published near-minimax coefficients.
// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Appl. Stat. 37 (1988).
#include "pricing/special_functions.h"

#include "pricing/erfcx.h"

#include <cmath>
#include <limits>

namespace nightdesk::pricing::special {
namespace {

using namespace detail;  // erfcx.h: Cody's pieces, shared with erf, erfc and normal_cdf
constexpr double kOneOverSqrtTwoPi = 0.39894228040143267793994605993438;
constexpr double kOneOverSqrtTwo = 0.70710678118654752440084436210485;
constexpr double kOneOverSqrtTwoResidue = -4.8336466567264565e-17;  // 1/sqrt2 - kOneOverSqrtTwo

}  // namespace

double erfc(double x) {
  const double ax = std::fabs(x);
  if (ax <= 0.5) return 1.0 - erf_small(x);
  if (x > 26.7) return 0.0;
  const double positive = exp_minus_square(ax) * erfcx_large(ax);
  return x > 0 ? positive : 2.0 - positive;
}

double erf(double x) {
  const double ax = std::fabs(x);
  if (ax <= 0.5) return erf_small(x);
  const double one_minus = ax > 6.0 ? 0.0 : exp_minus_square(ax) * erfcx_large(ax);
  return x > 0 ? 1.0 - one_minus : one_minus - 1.0;
}

double normal_pdf(double z) { return kOneOverSqrtTwoPi * std::exp(-0.5 * z * z); }

// In the left tail Phi(z) = erfc(u)/2 with u = -z/sqrt2, and rounding u costs a relative error 2 u^2 eps.
// The rounding residue d (from an exact product and the error of the constant 1/sqrt2) is put back to first
// order: erfc(u + d) = erfc(u) (1 - 2 d / (sqrt(pi) erfcx(u))).
double normal_cdf(double z) {
  if (z > -1.0) return 0.5 * erfc(-z * kOneOverSqrtTwo);
  const double u = -z * kOneOverSqrtTwo;
  if (u > 26.7) return 0.0;
  const double residue = std::fma(-z, kOneOverSqrtTwo, -u) - z * kOneOverSqrtTwoResidue;
  const double scaled = erfcx_large(u);
  return 0.5 * exp_minus_square(u) * scaled * (1.0 - 2.0 * kOneOverSqrtPi * residue / scaled);
}

namespace {
// AS241 PPND16 coefficients: central region |p - 0.5| <= 0.425 in r = 0.180625 - q^2.
constexpr double kCentralNum[] = {3.387132872796366608,  133.14166789178437745, 1971.5909503065514427,
                                  13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                                  33430.575583588128105, 2509.0809287301226727};
constexpr double kCentralDen[] = {1.0,                   42.313330701600911252, 687.1870074920579083,
                                  5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
                                  28729.085735721942674, 5226.495278852545925};
// Intermediate tail: r = sqrt(-log(min(p, 1-p))) - 1.6 for r <= 5.
constexpr double kNearNum[] = {1.42343711074968357734, 4.6303378461565452959,  5.7694972214606914055,
                               3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
                               0.0227238449892691845833, 7.7454501427834140764e-4};
constexpr double kNearDen[] = {1.0,                    2.05319162663775882187,   1.6763848301838038494,
                               0.68976733498510000455, 0.14810397642748007459,   0.0151986665636164571966,
                               5.475938084995344946e-4, 1.05075007164441684324e-9};
// Far tail: r - 5.
constexpr double kFarNum[] = {6.6579046435011037772,   5.4637849111641143699,    1.7848265399172913358,
                              0.29656057182850489123,  0.026532189526576123093,  0.0012426609473880784386,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kFarDen[] = {1.0,                      0.59983220655588793769,   0.13692988092273580531,
                              0.0148753612908506148525, 7.868691311456132591e-4,  1.8463183175100546818e-5,
                              1.4215117583164458887e-7, 2.04426310338993978564e-15};

// AS241 beyond |p - 1/2| = 0.425: |Phi^{-1}| as a rational function of r = sqrt(-ln(min(p, 1 - p))).
double tail_quantile(double r) {
  if (r <= 5.0) return polynomial(kNearNum, r - 1.6) / polynomial(kNearDen, r - 1.6);
  return polynomial(kFarNum, r - 5.0) / polynomial(kFarDen, r - 5.0);
}

// ln 0.075: below it AS241 uses its tail rationals.
constexpr double kLogTailStart = -2.5902671654458267;
}  // namespace

double inverse_normal_cdf(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -std::numeric_limits<double>::infinity();
    if (p == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * polynomial(kCentralNum, r) / polynomial(kCentralDen, r);
  }
  const double value = tail_quantile(std::sqrt(-std::log(q < 0 ? p : 1.0 - p)));
  return q < 0 ? -value : value;
}

double inverse_normal_cdf_of_log(double log_p) {
  if (log_p < kLogTailStart) return -tail_quantile(std::sqrt(-log_p));
  return inverse_normal_cdf(std::exp(log_p));
}

}  // namespace nightdesk::pricing::special
