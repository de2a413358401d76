// Region choice and expansions follow P. Jäckel, "Let's Be Rational" (Wilmott 2015), section 3. With h = x/s,
// t = s/2 and Y(z) = Phi(z)/phi(z) (so that Y' = 1 + zY):
//   b = exp(-(h^2 + t^2)/2) / sqrt(2 pi) * [Y(h + t) - Y(h - t)].
// The bracket cancels when t << |h|, so small t and large negative h get expansions of their own.
#include "pricing/normalised_black.h"

#include "pricing/fma_clones.h"

#include <algorithm>
#include <cmath>

#include "pricing/special_functions.h"
#include "pricing/table_exp.h"

namespace nightdesk::pricing {
namespace {

constexpr double kOneOverSqrtTwoPi = 0.39894228040143267793994605993438;
constexpr double kOneOverSqrtTwo = 0.70710678118654752440084436210485;
constexpr double kSqrtHalfPi = 1.2533141373155002512078826424055;

// Boundaries of the evaluation regions (Jäckel's choices): the asymptotic expansion is used for
// h < kLargeNegativeH and h + t < kLargeNegativeH + kSmallT; the Taylor expansion for t < kSmallT, which makes
// its truncation error (t/2)^16 ~ machine epsilon.
constexpr double kLargeNegativeH = -10.0;
constexpr double kSmallT = 0.21022410381342863;  // 2 * DBL_EPSILON^(1/16)
constexpr double kPhiFormThreshold = 0.85;       // h + t above this: Phi form loses nothing

// Y^{(2k+1)}(h) / (2k+1)! = E_k(h^2) + h O_k(h^2) Y(h): even and odd parts of the derivative polynomials,
// from the recursion Y^{(n+1)} = P_n' + Q_n + (Q_n' + h Q_n) Y, coefficients in ascending powers of h^2.
constexpr int kSmallTTerms = 8;  // through t^15
constexpr double kSmallTEven[kSmallTTerms][8] = {
    {1.00000000000000000e+00, 0, 0, 0, 0, 0, 0, 0},
    {3.33333333333333315e-01, 1.66666666666666657e-01, 0, 0, 0, 0, 0, 0},
    {6.66666666666666657e-02, 7.49999999999999972e-02, 8.33333333333333322e-03, 0, 0, 0, 0, 0},
    {9.52380952380952467e-03, 1.72619047619047630e-02, 3.96825396825396803e-03, 1.98412698412698413e-04, 0, 0,
     0, 0},
    {1.05820105820105827e-03, 2.68683862433862419e-03, 9.50727513227513175e-04, 9.64506172839506119e-05,
     2.75573192239858925e-06, 0, 0, 0},
    {9.62000962000961955e-05, 3.16783910533910537e-04, 1.52567340067340056e-04, 2.34988776655443307e-05,
     1.35281385281385281e-06, 2.50521083854417202e-08, 0, 0},
    {7.40000740000739972e-06, 3.00986629111629125e-05, 1.84301616593283270e-05, 3.82430069930069930e-06,
     3.32422207422207404e-07, 1.23654637543526426e-08, 1.60590438368216133e-10, 0},
    {4.93333826667159988e-07, 2.39657140698807356e-06, 1.78640803640803641e-06, 4.67559061309061326e-07,
     5.45089830804116499e-08, 3.05351247811565281e-09, 7.95305028109260882e-11, 7.64716373181981641e-13},
};
constexpr double kSmallTOdd[kSmallTTerms][8] = {
    {1.00000000000000000e+00, 0, 0, 0, 0, 0, 0, 0},
    {5.00000000000000000e-01, 1.66666666666666657e-01, 0, 0, 0, 0, 0, 0},
    {1.25000000000000000e-01, 8.33333333333333287e-02, 8.33333333333333322e-03, 0, 0, 0, 0, 0},
    {2.08333333333333322e-02, 2.08333333333333322e-02, 4.16666666666666661e-03, 1.98412698412698413e-04, 0, 0,
     0, 0},
    {2.60416666666666652e-03, 3.47222222222222203e-03, 1.04166666666666665e-03, 9.92063492063492063e-05,
     2.75573192239858925e-06, 0, 0, 0},
    {2.60416666666666663e-04, 4.34027777777777754e-04, 1.73611111111111118e-04, 2.48015873015873016e-05,
     1.37786596119929463e-06, 2.50521083854417202e-08, 0, 0},
    {2.17013888888888897e-05, 4.34027777777777794e-05, 2.17013888888888897e-05, 4.13359788359788388e-06,
     3.44466490299823656e-07, 1.25260541927208601e-08, 1.60590438368216133e-10, 0},
    {1.55009920634920635e-06, 3.61689814814814829e-06, 2.17013888888888889e-06, 5.16699735449735485e-07,
     5.74110817166372739e-08, 3.13151354818021503e-09, 8.02952191841080667e-11, 7.64716373181981641e-13},
};

// exp for the evaluations the implied volatility solver repeats: the table-driven one of table_exp.h (within
// ~0.51 ulp, no call, a short dependency chain), and libm where the result is subnormal.
// Its arguments are never positive (-(h^2 + t^2)/2 and x/2 with x <= 0), so the range check is one-sided.
inline double solver_exp(double x) { return x > -708.0 ? table_exp_in_range(x) : std::exp(x); }

// Y(z) = Phi(z)/phi(z) = sqrt(pi/2) erfcx(-z/sqrt(2)).
[[gnu::always_inline]] inline double mills_ratio_y(double z) { return kSqrtHalfPi * special::erfcx(-z * kOneOverSqrtTwo); }

// Number of Taylor terms for a truncation error below 1e-17 relative over -10 <= h <= 0: term k is below that
// for t under kSmallTTermNeeded[k] (computed with 40-digit arithmetic, with a 10% margin).
constexpr double kSmallTTermNeeded[kSmallTTerms] = {0.0, 4.9e-9, 9.9e-5, 2.8e-3, 1.58e-2, 4.5e-2, 9.2e-2, 0.155};
int small_t_terms(double t) {
  int terms = kSmallTTerms;
  while (terms > 1 && t < kSmallTTermNeeded[terms - 1]) --terms;
  return terms;
}

// sum_{k<K} w^k [E_k(h^2) + h Y O_k(h^2)], with K fixed at compile time so every loop unrolls.
template <int K>
double small_t_sum(double h2, double w, double hy) {
  double sum = 0.0;
  for (int k = K - 1; k >= 0; --k) {
    double even = kSmallTEven[k][k];
    double odd = kSmallTOdd[k][k];
    for (int j = k - 1; j >= 0; --j) {
      even = even * h2 + kSmallTEven[k][j];
      odd = odd * h2 + kSmallTOdd[k][j];
    }
    sum = sum * w + (even + hy * odd);
  }
  return sum;
}

// Taylor series in t: Y(h+t) - Y(h-t) = 2 sum_k t^{2k+1} Y^{(2k+1)}(h) / (2k+1)!.
NIGHTDESK_FMA_CLONES PriceAndVega small_t_expansion(double h, double t) {
  const double h2 = h * h;
  const double w = t * t;
  const double hy = h * mills_ratio_y(h);
  double sum;
  switch (small_t_terms(t)) {
    case 1: sum = small_t_sum<1>(h2, w, hy); break;
    case 2: sum = small_t_sum<2>(h2, w, hy); break;
    case 3: sum = small_t_sum<3>(h2, w, hy); break;
    case 4: sum = small_t_sum<4>(h2, w, hy); break;
    case 5: sum = small_t_sum<5>(h2, w, hy); break;
    case 6: sum = small_t_sum<6>(h2, w, hy); break;
    case 7: sum = small_t_sum<7>(h2, w, hy); break;
    default: sum = small_t_sum<8>(h2, w, hy); break;
  }
  const double vega = kOneOverSqrtTwoPi * solver_exp(-0.5 * (h2 + w));
  return {2.0 * t * vega * sum, vega};
}

// Asymptotic series for z -> -inf: Y(z) ~ sum_k (-1)^k (2k-1)!! u^{-(2k+1)}, u = -z. With u1 = -(h+t) < u2 = -(h-t)
// and rho = u1/u2, u1^{-n} - u2^{-n} = u1^{-n} (1 - rho) G_n, G_n = 1 + rho + ... + rho^{n-1}: every factor is
// positive, so the difference is formed without cancellation. Summed until terms stop mattering (u1 > 9.79,
// so at most ~30 terms, well before the divergent tail).
NIGHTDESK_FMA_CLONES PriceAndVega asymptotic_expansion(double h, double t) {
  const double u1 = -(h + t);
  const double u2 = t - h;
  const double rho = u1 / u2;
  const double one_minus_rho = 2.0 * t / u2;
  const double inverse_u1_squared = 1.0 / (u1 * u1);
  double geometric = 1.0;  // G_n
  double rho_power = rho;  // rho^n
  double coefficient = 1.0;
  double sum = 1.0;
  for (int k = 1; k < 60; ++k) {
    geometric += rho_power * (1.0 + rho);
    rho_power *= rho * rho;
    coefficient *= -(2 * k - 1) * inverse_u1_squared;
    const double term = coefficient * geometric;
    sum += term;
    if (std::fabs(term) <= 1e-17 * sum) break;
  }
  const double vega = kOneOverSqrtTwoPi * solver_exp(-0.5 * (h * h + t * t));
  return {vega * one_minus_rho / u1 * sum, vega};
}

// b = exp(-(h^2+t^2)/2)/2 [erfcx(-(h+t)/sqrt2) - erfcx(-(h-t)/sqrt2)], used where h + t <= 0.85 keeps the
// first erfcx argument above -0.6.
NIGHTDESK_FMA_CLONES PriceAndVega erfcx_form(double h, double t) {
  const double a = special::erfcx(-(h + t) * kOneOverSqrtTwo);
  const double b = special::erfcx((t - h) * kOneOverSqrtTwo);
  const double e = solver_exp(-0.5 * (h * h + t * t));
  return {0.5 * e * (a - b), kOneOverSqrtTwoPi * e};
}

// Where h + t > 0.85 the call is far from worthless: b = e^{x/2} - [e^{x/2} Phi(-(h+t)) + e^{-x/2} Phi(h-t)],
// and with e^{x/2} = e^{ht} both bracketed terms are exp(-(h^2+t^2)/2) erfcx(..)/2: no overflow, no cancellation
// beyond the final subtraction (the bracket is below e^{x/2} Phi(-0.85) ~ 0.2 e^{x/2}).
NIGHTDESK_FMA_CLONES PriceAndVega phi_form(double x, double h, double t) {
  const double e = solver_exp(-0.5 * (h * h + t * t));
  const double complement =
      0.5 * e * (special::erfcx((h + t) * kOneOverSqrtTwo) + special::erfcx((t - h) * kOneOverSqrtTwo));
  return {solver_exp(0.5 * x) - complement, kOneOverSqrtTwoPi * e};
}

}  // namespace

NIGHTDESK_FMA_CLONES PriceAndVega normalised_otm_black_and_vega(double x, double s) {
  if (!(s > 0.0)) return {0.0, 0.0};
  const double h = x / s;
  const double t = 0.5 * s;
  if (h < kLargeNegativeH && h + t < kLargeNegativeH + kSmallT) return asymptotic_expansion(h, t);
  if (t < kSmallT) return small_t_expansion(h, t);
  if (h + t > kPhiFormThreshold) return phi_form(x, h, t);
  return erfcx_form(h, t);
}

double normalised_otm_black(double x, double s) { return normalised_otm_black_and_vega(x, s).price; }

// e^{x/2} Phi(-(h+t)) + e^{-x/2} Phi(h-t): two positive terms. When h + t >= 0 the first is also written with
// erfcx (e^{x/2} = e^{ht}), so both share the factor exp(-(h^2+t^2)/2).
NIGHTDESK_FMA_CLONES PriceAndVega normalised_otm_black_complement_and_vega(double x, double s) {
  if (!(s > 0.0)) return {std::exp(0.5 * x), 0.0};
  const double h = x / s;
  const double t = 0.5 * s;
  const double e = solver_exp(-0.5 * (h * h + t * t));
  const double second = 0.5 * e * special::erfcx((t - h) * kOneOverSqrtTwo);
  const double first = h + t >= 0.0 ? 0.5 * e * special::erfcx((h + t) * kOneOverSqrtTwo)
                                    : std::exp(0.5 * x) * special::normal_cdf(-(h + t));
  return {first + second, kOneOverSqrtTwoPi * e};
}

double normalised_otm_black_complement(double x, double s) {
  return normalised_otm_black_complement_and_vega(x, s).price;
}

double normalised_vega(double x, double s) {
  const double h = x / s;
  const double t = 0.5 * s;
  return kOneOverSqrtTwoPi * std::exp(-0.5 * (h * h + t * t));
}

double normalised_black(double x, double s, bool is_call) {
  const double theta = is_call ? 1.0 : -1.0;
  const double intrinsic = std::max(theta * (std::exp(0.5 * x) - std::exp(-0.5 * x)), 0.0);
  return intrinsic + normalised_otm_black(-std::fabs(x), s);
}

double undiscounted_black_price(double forward, double strike, double volatility, double years, bool is_call) {
  const double intrinsic = std::max(is_call ? forward - strike : strike - forward, 0.0);
  const double x = std::log(forward / strike);
  const double s = volatility * std::sqrt(years);
  return intrinsic + std::sqrt(forward) * std::sqrt(strike) * normalised_otm_black(-std::fabs(x), s);
}

}  // namespace nightdesk::pricing
