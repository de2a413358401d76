// P. Jäckel, "Let's Be Rational", Wilmott (2015), sections 4-5. For x < 0 the normalised call price b(s)
// is convex below its inflection point s_c = sqrt(2|x|) and concave above. The tangent at s_c meets 0 at s_l
// and the upper bound b_max = e^{x/2} at s_u; this splits beta into four branches:
//   beta < b_l          lower map f = (2 pi |x| / sqrt 27) Phi(-|x| / (sqrt3 s))^3 ~ b as s -> 0, interpolated
//                       in beta and inverted in closed form; objective 1/ln b - 1/ln beta.
//   b_l <= beta <= b_c  s(beta) interpolated directly; s''(b_c) = 0 at the inflection point. Objective b - beta.
//   b_c < beta <= b_u   likewise on the concave side.
//   beta > b_u          upper map f = Phi(-s/2) ~ (b_max - b)/2 as s -> inf, interpolated in b_max - beta;
//                       objective ln(b_max - beta) - ln(b_max - b).
// Each objective is nearly linear in s on its branch, so two Householder(3) steps from the guess reach
// machine precision.
#include "pricing/normalised_implied_volatility.h"

#include "pricing/fma_clones.h"

#include <cmath>
#include <limits>

#include "pricing/normalised_black.h"
#include "pricing/rational_cubic.h"
#include "pricing/special_functions.h"

namespace nightdesk::pricing {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSqrtThree = 1.7320508075688772935274463415059;
constexpr double kSqrtTwoPi = 2.5066282746310005024157652848110;
constexpr double kLowerMapScale = 1.2091995761561452337293855632731;  // 2 pi / sqrt(27)
constexpr double kConvergedStep = 1e-7;  // a Householder(3) step this small leaves an error ~ (1e-7)^4
constexpr int kMaxIterations = 12;
// A guess this many steps from the root is a bad guess: the cold start is cheaper from there on.
constexpr int kMaxWarmIterations = 4;
constexpr double kBracketSlack = 1e-6;
constexpr double kOneOverSqrtTwoPi = 0.39894228040143267793994605993438;
constexpr double kClosedFormInflection = 0.1;
constexpr double kSqrtHalfPi = 1.2533141373155002512078826424055;
constexpr double kOneOverSqrtTwo = 0.70710678118654752440084436210485;

enum class Objective { lower_log, linear, upper_log };

// Where the iteration starts and which objective and bracket it uses.
struct Start {
  double s;
  double s_left;
  double s_right;
  Objective objective;
};

// b''/b' as a function of s.
inline double vega_slope_ratio(double x, double s) { return x * x / (s * s * s) - 0.25 * s; }

// The lower map f(s), df/ds and d2f/ds2, with z = |x| / (sqrt3 s), P = Phi(-z), p = phi(z).
struct LowerMap {
  double f, fs, fss;
};
NIGHTDESK_FMA_CLONES LowerMap lower_map(double x, double s) {
  const double ax = std::fabs(x);
  const double z = ax / (kSqrtThree * s);
  const double p = special::normal_pdf(z);
  const double big_p = p * kSqrtHalfPi * special::erfcx(z * kOneOverSqrtTwo);  // Phi(-z) = phi(z) Y(-z)
  const double scale = kLowerMapScale * ax;
  return {scale * big_p * big_p * big_p, 3.0 * scale * big_p * big_p * p * z / s,
          3.0 * scale * (big_p * p * z / (s * s)) * (2.0 * p * z + big_p * (z * z - 2.0))};
}

// Inverse of the lower map: s with (2 pi |x| / sqrt27) Phi(-|x| / (sqrt3 s))^3 = f.
NIGHTDESK_FMA_CLONES double invert_lower_map(double x, double f) {
  const double ax = std::fabs(x);
  const double z = -special::inverse_normal_cdf(std::cbrt(f / (kLowerMapScale * ax)));
  return ax / (kSqrtThree * z);
}

// 1 - erfcx(sqrt(a)) for 0 <= a <= 0.25, where erf is Cody's small-argument rational (erfcx.h).
inline double at_the_money_side_gap(double a) {
  const double y = std::sqrt(a);
  return std::exp(a) * special::detail::erf_small(y) - std::expm1(a);
}

// Converts df/ds, d2f/ds2 into df/dbeta, d2f/dbeta2 given b' = v and b''/b' = ratio.
inline double d_dbeta(double fs, double v) { return fs / v; }
inline double d2_dbeta2(double fs, double fss, double v, double ratio) { return (fss - fs * ratio) / (v * v); }

NIGHTDESK_FMA_CLONES Start at_the_money_start(double beta, double distance_to_bound) {
  // b(0, s) = 1 - 2 Phi(-s/2). Phi^{-1} of 0.5 - beta/2 loses digits for small beta, where
  // b ~ s/sqrt(2 pi) (1 - s^2/24) gives the guess instead.
  double s;
  if (beta < 0.2) {
    s = kSqrtTwoPi * beta * (1.0 + kSqrtTwoPi * kSqrtTwoPi * beta * beta / 24.0);
  } else {
    s = -2.0 * special::inverse_normal_cdf(0.5 * distance_to_bound);
  }
  return {s, 0.0, kInfinity, beta > 0.5 ? Objective::upper_log : Objective::linear};
}

// The inflection point s_c = sqrt(2|x|) of b(x, .) for x < 0, where the tangent construction of the initial
// guess starts: b_c = b(s_c), its slope v_c = b'(s_c) and the upper bound b_max = e^{x/2}.
struct Inflection {
  double b_max, s_c, b_c, v_c;
  double s_l() const { return s_c - b_c / v_c; }            // the tangent at s_c meets 0
  double s_u() const { return s_c + (b_max - b_c) / v_c; }  // ... and b_max
};

NIGHTDESK_FMA_CLONES Inflection inflection(double x) {
  const double b_max = std::exp(0.5 * x);
  // At s_c, h = -t, so the erfcx form collapses to b_c = b_max (1 - erfcx(sqrt|x|)) / 2 and
  // b'(s_c) = b_max / sqrt(2 pi). Near the money 1 - erfcx cancels; there erfcx(y) = e^{y^2} (1 - erf(y))
  // with y^2 = |x| gives 1 - erfcx(y) = e^{|x|} erf(y) - expm1(|x|), about 1.13 y - y^2: no cancellation, and
  // no evaluation of b (which near the money would land in the small-t expansion).
  const double b_c = std::fabs(x) > kClosedFormInflection
                         ? 0.5 * b_max * (1.0 - special::erfcx(std::sqrt(std::fabs(x))))
                         : 0.5 * b_max * at_the_money_side_gap(std::fabs(x));
  return {b_max, std::sqrt(2.0 * std::fabs(x)), b_c, b_max * kOneOverSqrtTwoPi};
}

NIGHTDESK_FMA_CLONES Start rational_start(double x, double beta, double distance_to_bound) {
  const Inflection point = inflection(x);
  const auto [b_max, s_c, b_c, v_c] = point;
  if (beta <= b_c) {
    const double s_l = point.s_l();
    const auto [b_l, v_l] = s_l > 0.0 ? normalised_otm_black_and_vega(x, s_l) : PriceAndVega{0.0, 0.0};
    if (!(b_l > 0.0 && v_l > 0.0)) {
      // Degenerate tangent (only for |x| near the smallest representable): start from the chord.
      return {s_c * beta / b_c, 0.0, s_c, Objective::linear};
    }
    if (beta < b_l) {
      const LowerMap m = lower_map(x, s_l);
      const RationalCubic f = rational_cubic_fit_right(
          0.0, b_l, 0.0, m.f, 1.0, d_dbeta(m.fs, v_l), d2_dbeta2(m.fs, m.fss, v_l, vega_slope_ratio(x, s_l)));
      const double f_beta = f(beta);
      const double s = f_beta > 0.0 ? invert_lower_map(x, f_beta) : 0.5 * s_l;
      return {s, 0.0, s_l, Objective::lower_log};
    }
    const RationalCubic s_of_beta = rational_cubic_fit_right(b_l, b_c, s_l, s_c, 1.0 / v_l, 1.0 / v_c, 0.0);
    return {s_of_beta(beta), s_l, s_c, Objective::linear};
  }

  const double s_u = point.s_u();
  const auto [c_u, v_u] = normalised_otm_black_complement_and_vega(x, s_u);  // c_u = b_max - b_u
  if (distance_to_bound >= c_u) {
    const RationalCubic s_of_beta = rational_cubic_fit_left(b_c, b_max - c_u, s_c, s_u, 1.0 / v_c, 1.0 / v_u, 0.0);
    return {s_of_beta(beta), s_c, s_u, Objective::linear};
  }
  // Upper map f(s) = Phi(-s/2) as a function of y = b_max - beta on [0, c_u]: f(0) = 0, df/dy(0) = 1/2.
  const double half_s = 0.5 * s_u;
  const double density = special::normal_pdf(half_s);
  const double f_u = density * kSqrtHalfPi * special::erfcx(half_s * kOneOverSqrtTwo);  // Phi(-s_u/2)
  const double fs = -0.5 * density;
  const double fss = 0.25 * half_s * density;
  const RationalCubic f = rational_cubic_fit_right(0.0, c_u, 0.0, f_u, 0.5, -d_dbeta(fs, v_u),
                                                   d2_dbeta2(fs, fss, v_u, vega_slope_ratio(x, s_u)));
  const double f_y = f(distance_to_bound);
  const double s = (f_y > 0.0 && f_y < 0.5) ? -2.0 * special::inverse_normal_cdf(f_y) : 2.0 * s_u;
  return {s, s_u, kInfinity, Objective::upper_log};
}

// One objective evaluation: Newton step nu = -g/g' and the ratios g''/g', g'''/g'. `valid` is false when the
// objective cannot be evaluated at s (price underflow); `below` says whether b(s) < beta.
struct Step {
  bool valid;
  bool below;
  double newton, halley, third;
};

NIGHTDESK_FMA_CLONES Step evaluate(Objective objective, double x, double s, double beta, double log_beta, double distance_to_bound) {
  const double inverse_s = 1.0 / s;
  const double x_over_s_squared = x * x * inverse_s * inverse_s;
  const double b2 = x_over_s_squared * inverse_s - 0.25 * s;
  const double b3 = b2 * b2 - 3.0 * x_over_s_squared * inverse_s * inverse_s - 0.25;
  switch (objective) {
    case Objective::lower_log: {
      const auto [b, v] = normalised_otm_black_and_vega(x, s);
      if (!(b > 0.0) || !(v > 0.0)) return {false, true, 0, 0, 0};
      const double lambda = v / b;
      const double log_b = std::log(b);
      const double newton = log_b * (log_beta - log_b) / (lambda * log_beta);
      const double halley = b2 - lambda * (1.0 + 2.0 / log_b);
      const double third = 6.0 * lambda * lambda / (log_b * log_b) - 6.0 * (lambda * b2 - lambda * lambda) / log_b +
                           b3 - 3.0 * lambda * b2 + 2.0 * lambda * lambda;
      return {true, b < beta, newton, halley, third};
    }
    case Objective::linear: {
      const auto [b, v] = normalised_otm_black_and_vega(x, s);
      if (!(v > 0.0)) return {false, b < beta, 0, 0, 0};
      return {true, b < beta, (beta - b) / v, b2, b3};
    }
    case Objective::upper_log: {
      const auto [c, v] = normalised_otm_black_complement_and_vega(x, s);
      if (!(c > 0.0) || !(v > 0.0)) return {false, false, 0, 0, 0};
      const double mu = v / c;
      return {true, c > distance_to_bound, std::log(c / distance_to_bound) / mu, b2 + mu, b3 + 3.0 * mu * b2 + 2.0 * mu * mu};
    }
  }
  return {false, false, 0, 0, 0};
}

// A step that leaves the bracket is replaced by halving the distance to the bracket's edge.
double keep_inside(double s, double proposed, double s_left, double s_right) {
  if (!(proposed > s_left)) return 0.5 * (s + s_left);
  if (!(proposed < s_right)) return s_right == kInfinity ? 2.0 * s : 0.5 * (s + s_right);
  return proposed;
}

// The safeguarded Householder(3) iteration from `start`. A step below kConvergedStep (relative) ends it: from
// a cold guess only from the second step on (the first step of a cold start is never that small in
// practice, and taking it alone would trust a single evaluation), from a warm one at once.
NIGHTDESK_FMA_CLONES TotalVolatilitySolve iterate(Start start, double x, double beta, double distance_to_bound,
                                                  int max_iterations, int min_iterations) {
  double s = start.s;
  if (!(s > start.s_left && s < start.s_right)) {
    s = start.s_right == kInfinity ? 2.0 * start.s_left + 1.0 : 0.5 * (start.s_left + start.s_right);
  }
  const double log_beta = start.objective == Objective::lower_log ? std::log(beta) : 0.0;
  TotalVolatilitySolve result;
  for (int i = 1; i <= max_iterations; ++i) {
    result.iterations = i;
    const Step step = evaluate(start.objective, x, s, beta, log_beta, distance_to_bound);
    if (step.below) {
      start.s_left = s;
    } else {
      start.s_right = s;
    }
    if (!step.valid) {
      s = keep_inside(s, step.below ? kInfinity : 0.0, start.s_left, start.s_right);
      continue;
    }
    const double nu = step.newton;
    const double denominator = 1.0 + nu * (step.halley + step.third * nu / 6.0);
    double delta = nu * (1.0 + 0.5 * step.halley * nu) / denominator;
    if (!std::isfinite(delta) || delta * nu < 0.0) delta = nu;  // fall back to Newton far from the root
    // Near the root the bracket edge can sit on s itself (rounding noise in b), so a tiny step is accepted
    // even when it points outside the bracket.
    if (std::fabs(delta) <= kConvergedStep * s) {
      const double next = s + delta;
      if (next > 0.0) s = next;
      if (i >= min_iterations || delta == 0.0) {
        result.converged = true;
        break;
      }
      continue;
    }
    s = keep_inside(s, s + delta, start.s_left, start.s_right);
  }
  result.total_volatility = s;
  return result;
}

// The objective a warm start iterates on: the branch the guess lies in (the root is close to it).
NIGHTDESK_FMA_CLONES Objective objective_near(double x, double beta, double s) {
  if (x == 0.0) return beta > 0.5 ? Objective::upper_log : Objective::linear;  // as at_the_money_start
  const Inflection point = inflection(x);
  if (s < point.s_l()) return Objective::lower_log;
  if (s > point.s_u()) return Objective::upper_log;
  return Objective::linear;
}

}  // namespace

NIGHTDESK_FMA_CLONES TotalVolatilitySolve normalised_implied_total_volatility(double x, double beta, double distance_to_bound) {
  Start start = x == 0.0 ? at_the_money_start(beta, distance_to_bound) : rational_start(x, beta, distance_to_bound);
  // The branch edges bracket the root only up to rounding, and beta can sit exactly on one (beta = b_c gives
  // s = s_c): widen them a little so the root is strictly inside.
  start.s_left *= 1.0 - kBracketSlack;
  start.s_right *= 1.0 + kBracketSlack;
  return iterate(start, x, beta, distance_to_bound, kMaxIterations, 2);
}

NIGHTDESK_FMA_CLONES TotalVolatilitySolve normalised_implied_total_volatility_near(double x, double beta,
                                                                                 double distance_to_bound,
                                                                                 double guess) {
  if (std::isfinite(guess) && guess > 0.0) {
    const Start start{guess, 0.0, kInfinity, objective_near(x, beta, guess)};
    const TotalVolatilitySolve warm = iterate(start, x, beta, distance_to_bound, kMaxWarmIterations, 1);
    if (warm.converged) return warm;
  }
  return normalised_implied_total_volatility(x, beta, distance_to_bound);
}

}  // namespace nightdesk::pricing
