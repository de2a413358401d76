// One evaluation and step of the "Let's Be Rational" iteration (normalised_implied_volatility.cpp): the objective's
// local Taylor model at s from one evaluation of b and b', and the step to its root with an a-priori bound on the
// error it leaves. Internal to src/pricing; pure, inline, any thread.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "pricing/normalised_black.h"

namespace nightdesk::pricing::implied_volatility_step {

// The objective on each branch of the initial guess (normalised_implied_volatility.cpp): 1/ln b - 1/ln beta below
// s_l, b - beta between s_l and s_u, ln(b_max - beta) - ln(b_max - b) above.
enum class Objective { lower_log, linear, upper_log };

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
inline constexpr double kConvergedStep = 1e-7;
inline constexpr double kSettledPriceError = 1e-20;  // see step_settles
inline constexpr double kModelRadius = 0.2;  // Newton steps (relative) up to which the full model is solved

// One evaluation of the objective g at s, with what the step needs. Every derivative of b is b' times a
// polynomial in x^2/s^3 and s (b''/b' = r = x^2/s^3 - s/4), so one evaluation of b and b' gives the whole
// local Taylor polynomial of g. `newton`, `halley`, `third` are -g/g', g''/g' and g'''/g' (Householder(3));
// `full` says that `g` holds the Taylor coefficients s^k g^(k)(s)/k!, k = 0..kTaylorTerms, in the relative
// step. `valid` is false when the objective cannot be evaluated at s (price underflow); `below` says whether
// b(s) < beta; `elasticity` is s b'/b (relative price change per relative change in s).
inline constexpr int kTaylorTerms = 7;
struct Step {
  bool valid;
  bool below;
  bool full;
  double elasticity;
  double newton, halley, third;
  double g[kTaylorTerms + 1];
};

// 1/k for the series recursions: multiplications keep divisions off their dependency chains.
inline constexpr double kInverse[8] = {0.0, 1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7};
static_assert(kTaylorTerms <= 7, "extend kInverse");

// The series of b(s (1 + e)) in the relative step e, from b and b' = v. With h = x/s,
// ln(v(s (1 + e))/v) = (h^2/2) (1 - (1 + e)^-2) - (s^2/8) ((1 + e)^2 - 1) = sum_k q_k e^k,
// q_k = (-1)^(k-1) (k + 1) h^2/2 - [k = 1] s^2/4 - [k = 2] s^2/8, and b(s (1 + e)) = b + s v int_0^e exp(...).
// Relative units keep every coefficient O(h^2) however small s is.
template <int n>
[[gnu::always_inline]] inline void price_series(double x, double s, double b, double v, double* series) {
  const double h2 = (x / s) * (x / s);
  double p[n];  // p[k] = k q_k, q_k the coefficient of e^k in ln(v(s (1 + e))/v), k >= 1
  #pragma GCC unroll 8
  for (int k = 1; k < n; ++k) p[k] = (k % 2 == 1 ? 0.5 : -0.5) * (k * (k + 1)) * h2;
  p[1] -= 0.25 * s * s;
  p[2] -= 0.25 * s * s;
  // exp of that series: k e_k = sum_{j=1..k} p_j e_{k-j}, the newest term added last so that only one
  // fused multiply-add per k sits on the dependency chain.
  double e[n];
  e[0] = 1.0;
  #pragma GCC unroll 8
  for (int k = 1; k < n; ++k) {
    double sum = 0.0;
    #pragma GCC unroll 8
    for (int j = k; j >= 2; --j) sum += p[j] * e[k - j];
    e[k] = sum * kInverse[k] + (p[1] * kInverse[k]) * e[k - 1];
  }
  series[0] = b;
  const double sv = s * v;
  #pragma GCC unroll 8
  for (int k = 1; k <= n; ++k) series[k] = sv * e[k - 1] * kInverse[k];
}

// ln of a series whose constant term is 1 (the caller's price series divided by the price); out[0] is left to
// the caller. With m_k = k l_k: m_k = k u_k - sum_{j<k} m_j u_{k-j}, the newest m last.
template <int n>
[[gnu::always_inline]] inline void log_series(const double* u, double* out) {
  double m[n + 1];
  #pragma GCC unroll 8
  for (int k = 1; k <= n; ++k) {
    double sum = k * u[k];
    #pragma GCC unroll 8
    for (int j = 1; j < k - 1; ++j) sum -= m[j] * u[k - j];
    m[k] = k > 1 ? sum - m[k - 1] * u[1] : sum;
    out[k] = m[k] * kInverse[k];
  }
}

// s b'/b, or infinity (no step settles on the model alone) where b has lost relative precision: b is 0 or
// within 2^53 of the subnormal range, where the last bits of the evaluation are not significant.
inline double elasticity(double s, double v, double b) {
  constexpr double kFullPrecision = std::numeric_limits<double>::min() * 0x1p53;
  return b > kFullPrecision ? s * v / b : kInfinity;
}

// The lower branch's guess is the fitted root (one Householder(3) step settles), or beyond the fit the rational
// guess (median 2% from the root: two Householder(3) steps, cheaper than the full model's series). The other branches
// get the full model where `model` asks for it (not from the upper branch's fitted root), except once the Newton step
// is below kConvergedStep (a warm start near the root), where the extra terms change nothing.
[[gnu::always_inline]] inline Step evaluate(Objective objective, double x, double s, double beta, double log_beta,
                                            double distance_to_bound, bool model) {
  const double inverse_s = 1.0 / s;
  const double x_over_s_squared = x * x * inverse_s * inverse_s;
  const double b2 = x_over_s_squared * inverse_s - 0.25 * s;
  const double b3 = b2 * b2 - 3.0 * x_over_s_squared * inverse_s * inverse_s - 0.25;
  // One object for every return (no copy of its 104 bytes); g is filled only when full, no zeroing.
  Step step;
  step.full = false;
  step.elasticity = step.newton = step.halley = step.third = 0.0;
  switch (objective) {
    case Objective::lower_log: {
      const auto [b, v] = normalised_otm_black_and_vega(x, s);
      if (!(b > 0.0) || !(v > 0.0)) {
        step.valid = false;
        step.below = true;
        return step;
      }
      const double lambda = v / b;
      const double log_b = std::log(b);
      step.newton = log_b * (log_beta - log_b) / (lambda * log_beta);
      step.halley = b2 - lambda * (1.0 + 2.0 / log_b);
      step.third = 6.0 * lambda * lambda / (log_b * log_b) - 6.0 * (lambda * b2 - lambda * lambda) / log_b + b3 -
                   3.0 * lambda * b2 + 2.0 * lambda * lambda;
      step.below = b < beta;
      step.elasticity = elasticity(s, v, b);
      break;
    }
    case Objective::linear: {
      const auto [b, v] = normalised_otm_black_and_vega(x, s);
      if (!(v > 0.0)) {
        step.valid = false;
        step.below = b < beta;
        return step;
      }
      step.newton = (beta - b) / v;
      step.halley = b2;
      step.third = b3;
      step.below = b < beta;
      step.elasticity = elasticity(s, v, b);
      step.full = model && !(std::fabs(step.newton) <= kConvergedStep * s);
      if (step.full) {
        price_series<kTaylorTerms>(x, s, b, v, step.g);
        step.g[0] = b - beta;
      }
      break;
    }
    case Objective::upper_log: {
      const auto [c, v] = normalised_otm_black_complement_and_vega(x, s);
      if (!(c > 0.0) || !(v > 0.0)) {
        step.valid = false;
        step.below = false;
        return step;
      }
      const double mu = v / c;
      const double log_ratio = std::log(c / distance_to_bound);
      step.newton = log_ratio / mu;
      step.halley = b2 + mu;
      step.third = b3 + 3.0 * mu * b2 + 2.0 * mu * mu;
      step.below = c > distance_to_bound;
      step.elasticity = elasticity(s, v, c);
      step.full = model && !(std::fabs(step.newton) <= kConvergedStep * s);
      if (step.full) {
        double series[kTaylorTerms + 1];
        price_series<kTaylorTerms>(x, s, 1.0, -mu, series);  // (b_max - b(s (1 + e)))/(b_max - b)
        step.g[0] = log_ratio;
        log_series<kTaylorTerms>(series, step.g);
      }
      break;
    }
  }
  step.valid = true;
  return step;
}

// Householder(3): the root of the cubic part of the objective, rational so safe far from the root; Newton where
// even that overshoots.
inline double householder_step(double nu, double halley, double third) {
  const double delta = nu * (1.0 + 0.5 * halley * nu) / (1.0 + nu * (halley + third * nu / 6.0));
  return std::isfinite(delta) && delta * nu >= 0.0 ? delta : nu;
}

// The step to the root of the objective's local model. On the full model, for a Newton step within
// kModelRadius, the root of the degree-7 polynomial by series reversion: with a_k = g_k/g_1 and nu = -g_0/g_1,
// e = nu + d_2 nu^2 + ... + d_7 nu^7 (Lagrange inversion), error ~nu^8; otherwise Householder(3), error ~nu^4.
// Series reversion rather than Householder(3) plus Newton on the polynomial: one division, and the d_k are
// independent of each other, so the step adds little latency to the evaluation.
[[gnu::always_inline]] inline double model_step(const Step& step, double s) {
  if (!step.full) return householder_step(step.newton, step.halley, step.third);
  const double* g = step.g;
  const double inverse = 1.0 / g[1];
  const double nu = -g[0] * inverse;
  const double a2 = g[2] * inverse, a3 = g[3] * inverse, a4 = g[4] * inverse;
  const double a5 = g[5] * inverse, a6 = g[6] * inverse, a7 = g[7] * inverse;
  if (!(std::fabs(nu) <= kModelRadius)) return s * householder_step(nu, 2.0 * a2, 6.0 * a3);
  const double a2s = a2 * a2;
  const double d2 = -a2;
  const double d3 = 2.0 * a2s - a3;
  const double d4 = -5.0 * a2s * a2 + 5.0 * a2 * a3 - a4;
  const double d5 = 14.0 * a2s * a2s - 21.0 * a2s * a3 + 6.0 * a2 * a4 + 3.0 * a3 * a3 - a5;
  const double d6 = -42.0 * a2s * a2s * a2 + 84.0 * a2s * a2 * a3 - 28.0 * a2s * a4 - 28.0 * a2 * a3 * a3 +
                    7.0 * a2 * a5 + 7.0 * a3 * a4 - a6;
  const double d7 = 132.0 * a2s * a2s * a2s - 330.0 * a2s * a2s * a3 + 120.0 * a2s * a2 * a4 +
                    180.0 * a2s * a3 * a3 - 36.0 * a2s * a5 - 72.0 * a2 * a3 * a4 + 8.0 * a2 * a6 -
                    12.0 * a3 * a3 * a3 + 8.0 * a3 * a5 + 4.0 * a4 * a4 - a7;
  // Estrin's scheme in nu: the d_k are ready before b is (they need b' only), so the polynomial's depth after
  // nu is the step's latency: 4 dependent operations instead of Horner's 7.
  const double nu2 = nu * nu;
  const double nu4 = nu2 * nu2;
  const double e = nu * (((1.0 + nu * d2) + nu2 * (d3 + nu * d4)) + nu4 * ((d5 + nu * d6) + nu2 * d7));
  // Far from the root the truncated reversion can be meaningless while nu is still small (large a_k): a
  // correction of more than half the Newton step falls back to Householder(3).
  const bool trusted = std::isfinite(e) && std::fabs(e - nu) <= 0.5 * std::fabs(nu);
  return trusted ? s * e : s * householder_step(nu, 2.0 * a2, 6.0 * a3);
}

// Whether the error left after a step whose larger of step and Newton step is d (relative) is below rounding.
// A step that solves the full degree-7 model leaves a relative error in s of ~C d^8, a Householder(3) step
// ~C d^4; the relative price error is the elasticity times that. Measured over the spec grid (161 x 121 x 61
// x call/put, first step from the cold guess against a reference converged further): Householder(3) C <= 0.13;
// the full model never left more than rounding (no first-step error above 1e-14), the guess being within
// 0.3% there. kSettledPriceError = 1e-20 keeps a margin of ~10^3 on C, for warm starts whose guess sits on
// another branch's objective (the grid test's x40 guesses failed at 1e-16).
inline bool step_settles(double d, double elasticity, bool full) {
  const double d2 = d * d;
  const double d4 = d2 * d2;
  return (full ? d4 * d4 : d4) * elasticity <= kSettledPriceError;
}

}  // namespace nightdesk::pricing::implied_volatility_step
