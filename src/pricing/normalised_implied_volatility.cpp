// P. Jäckel, "Let's Be Rational", Wilmott (2015), sections 4-5. For x < 0 the normalised call price b(s)
// is convex below its inflection point s_c = sqrt(2|x|) and concave above. The tangent at s_c meets 0 at s_l
// and the upper bound b_max = e^{x/2} at s_u; this splits beta into four branches:
//   beta < b_l          lower map f = (2 pi |x| / sqrt 27) Phi(-|x| / (sqrt3 s))^3 ~ b as s -> 0, interpolated
//                       in beta and inverted in closed form; objective 1/ln b - 1/ln beta.
//   b_l <= beta <= b_c  s(beta) interpolated directly; s''(b_c) = 0 at the inflection point. Objective b - beta.
//   b_c < beta <= b_u   likewise on the concave side.
//   beta > b_u          upper map f = Phi(-s/2) ~ (b_max - b)/2 as s -> inf, interpolated in b_max - beta;
//                       objective ln(b_max - beta) - ln(b_max - b).
// Each objective is nearly linear in s on its branch. On the middle branches the guess is within 0.3% of the
// root, and one evaluation of b and b' gives the objective's whole Taylor polynomial (every derivative of b is b'
// times a polynomial in x and s): solving its degree-7 part reaches machine precision in that one evaluation. On
// the lower and upper branches the guess is the root itself from a 2-D fit in (sqrt|x|, ln t) (lower_guess.h,
// upper_guess.h, within ~5e-7 for t >= e^-20): one Householder(3) step; beyond the fits the rational guesses (the
// lower ~2% off, two steps; the upper with the degree-7 model, one).
// Everything the guess needs except beta depends on x alone: for 1e-8 <= |x| < 16 it comes from a fit in sqrt|x|
// (tangent_edges.h: b_c, b and b' at s_l and s_u, and the lower, middle and upper interpolants' data on the unit
// square), so no evaluation of b, erfcx or the maps sits on the guess's dependency chain; s_l and s_u follow from
// the fitted b_c, well inside the brackets' slack. Outside that range the construction is evaluated exactly.
// One evaluation and step of the iteration (objectives, Taylor model, series reversion, stopping bound) are in
// implied_volatility_step.h. A solve is a serial chain bounded by latency; normalised_implied_total_volatilities
// runs up to eight of them stage by stage in lockstep, on the same code as the single solve, so the CPU overlaps
// their chains.
#include "pricing/normalised_implied_volatility.h"

#include "pricing/fma_clones.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "pricing/implied_volatility_step.h"
#include "pricing/lower_guess.h"
#include "pricing/normalised_black.h"
#include "pricing/rational_cubic.h"
#include "pricing/special_functions.h"
#include "pricing/table_exp.h"
#include "pricing/tangent_edges.h"
#include "pricing/upper_guess.h"

namespace nightdesk::pricing {
namespace {

using namespace implied_volatility_step;  // Objective, Step, evaluate, model_step, step_settles

constexpr double kSqrtThree = 1.7320508075688772935274463415059;
constexpr double kSqrtTwoPi = 2.5066282746310005024157652848110;
constexpr double kLowerMapScale = 1.2091995761561452337293855632731;  // 2 pi / sqrt(27)
constexpr int kMaxIterations = 12;
// A guess this many steps from the root is a bad guess: the cold start is cheaper from there on.
constexpr int kMaxWarmIterations = 4;
constexpr double kBracketSlack = 1e-6;
constexpr double kOneOverSqrtTwoPi = 0.39894228040143267793994605993438;
constexpr double kClosedFormInflection = 0.1;
constexpr double kSqrtHalfPi = 1.2533141373155002512078826424055;
constexpr double kOneOverSqrtTwo = 0.70710678118654752440084436210485;

// Where the iteration starts and which objective and bracket it uses.
struct Start {
  double s;
  double s_left;
  double s_right;
  Objective objective;
  double log_beta = 0.0;  // ln beta if the guess took it (the fitted lower guess), else 0 (beta < 1, so ln beta < 0)
  bool fitted_root = false;  // s is the fitted root (within ~5e-7): the first step needs no degree-7 model
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
  // Phi^{-1} of a cube root, taken from the logarithm: no cbrt on the guess's dependency chain.
  const double z = -special::inverse_normal_cdf_of_log(std::log(f / (kLowerMapScale * ax)) * (1.0 / 3.0));
  return ax / (kSqrtThree * z);
}

// s with ln Phi(-|x| / (sqrt3 s)) = log_cdf: the inverse of the lower map from the logarithm of its scaled cube
// root.
inline double invert_lower_map_from_log(double x, double log_cdf) {
  return std::fabs(x) / (kSqrtThree * -special::inverse_normal_cdf_of_log(log_cdf));
}

// The rational cubic through (0, 0) and (1, 1) with end slopes d_l, d_r and control r (RationalCubic on the unit
// square, without its divisions by the interval's width).
inline double unit_rational_cubic(double t, double r, double d_l, double d_r) {
  if (r >= 1.0 / std::numeric_limits<double>::epsilon()) return t;  // the chord (rational_cubic.cpp)
  const double omt = 1.0 - t;
  const double numerator = t * t * t + (r - d_r) * t * t * omt + d_l * t * omt * omt;
  return numerator / (1.0 + (r - 3.0) * t * omt);
}

// unit_rational_cubic at t = delta / width as a numerator and a denominator, the width multiplied through: the
// middle branches' width is known only shortly before delta (both from the fit), and this way the guess has one
// division on its chain instead of two.
struct CubicParts {
  double numerator, denominator;
};
inline CubicParts unit_rational_cubic_parts(double delta, double width, double r, double d_l, double d_r) {
  if (r >= 1.0 / std::numeric_limits<double>::epsilon()) return {delta, width};  // the chord
  const double rest = width - delta;
  return {delta * delta * delta + (r - d_r) * delta * delta * rest + d_l * delta * rest * rest,
          width * width * width + (r - 3.0) * delta * rest * width};
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

// The inflection point from the fit (tangent_edges.h): b_c = b_max y gap, and b_c / v_c = sqrt(2 pi) y gap.
// In the fit's range x/2 > -8, so the exponential needs no range check (table_exp.h; the guess only).
[[gnu::always_inline]] inline Inflection fitted_inflection(double x, const TangentEdges& fitted) {
  const double b_max = table_exp_in_range(0.5 * x);
  return {b_max, std::sqrt(2.0 * std::fabs(x)), b_max * fitted.y * fitted.gap, b_max * kOneOverSqrtTwoPi};
}

// The rational guess in three stages, so that several solves can take each stage side by side (the lockstep
// below): the inflection point and the side of it beta is on; b at the tangent's edge (s_l below b_c, s_u
// above); the interpolation from there.
// Inlined into the scalar cold start and the lockstep (both FMA clones).
struct Tangent {
  Inflection point;
  double b_c;             // the side test's b_c: fitted where the fit is in range (see tangent_of)
  bool below_inflection;  // beta <= b_c: the edge is s_l, else s_u
  TangentEdges fitted;    // tangent_edges.h
  PriceAndVega edge;      // b(s_l) and b'(s_l), or b_max - b(s_u) and b'(s_u)
};

[[gnu::always_inline]] inline Tangent tangent_of(double x, double beta) {
  const TangentEdges fitted = fitted_tangent_edges(x);
  // In the fit's range the inflection point is the fitted one too (b_c within ~4e-13 relative, so s_l and s_u within
  // ~4e-13 (s_c - s_l) / s_l <= 5e-9 for |x| >= 1e-8, far inside the brackets' slack): no erfcx, and a mispredicted
  // side of b_c costs the fit's latency only.
  const Inflection point =
      fitted.in_range ? fitted_inflection(x, fitted) : inflection(x);
  return {point, point.b_c, beta <= point.b_c, fitted, {0.0, 0.0}};
}

[[gnu::always_inline]] inline void evaluate_edge(Tangent& tangent, double x) {
  const double b_max = tangent.point.b_max;
  const TangentEdges& fitted = tangent.fitted;
  if (tangent.below_inflection) {
    const double s_l = tangent.point.s_l();
    if (fitted.in_range && s_l > 0.0) {
      tangent.edge = {b_max * std::fabs(x) * fitted.lower_price, 0.0};  // the fitted guesses need no vega
    } else {
      tangent.edge = s_l > 0.0 ? normalised_otm_black_and_vega(x, s_l) : PriceAndVega{0.0, 0.0};
    }
  } else if (fitted.in_range) {
    tangent.edge = {b_max * fitted.upper_gap, 0.0};
  } else {
    tangent.edge = normalised_otm_black_complement_and_vega(x, tangent.point.s_u());
  }
}

[[gnu::always_inline]] inline Start rational_start_from(const Tangent& tangent, double x, double beta,
                                               double distance_to_bound) {
  const Inflection& point = tangent.point;
  const auto [b_max, s_c, b_c, v_c] = point;
  if (tangent.below_inflection) {
    const double s_l = point.s_l();
    const auto [b_l, v_l] = tangent.edge;
    if (!(b_l > 0.0 && (v_l > 0.0 || tangent.fitted.in_range))) {
      // Degenerate tangent (only for |x| near the smallest representable): start from the chord.
      return {s_c * beta / b_c, 0.0, s_c, Objective::linear};
    }
    if (beta < b_l && tangent.fitted.in_range) {
      // The root itself, fitted in (sqrt|x|, ln t) (lower_guess.h): within ~2.4e-7, so one step settles. ln b_l from
      // x and the fit (tangent_edges.h): ln t waits for no division or logarithm after the fit.
      const double log_b_l = 0.5 * x + std::log(std::fabs(x)) + fitted_log_lower_price(tangent.fitted);
      const double log_beta = std::log(beta);
      const double ratio = fitted_lower_volatility_ratio(tangent.fitted.y, log_beta - log_b_l);
      if (ratio > 0.0) return {s_l * ratio, 0.0, s_l, Objective::lower_log, log_beta};
      // Beyond the fit (t < e^-20): the same interpolant on the unit square, its data fitted (tangent_edges.h).
      const LowerGuessFit fit = fitted_lower_guess(tangent.fitted);
      const double r = unit_square_control_right(fit.left_slope, fit.right_slope, fit.right_curvature);
      const double f_t = unit_rational_cubic(beta / b_l, r, fit.left_slope, fit.right_slope);
      const double s = f_t > 0.0 ? invert_lower_map_from_log(x, fit.log_cdf + std::log(f_t) * (1.0 / 3.0))
                                 : 0.5 * s_l;
      return {s, 0.0, s_l, Objective::lower_log};
    }
    if (beta < b_l) {
      const LowerMap m = lower_map(x, s_l);
      const RationalCubic f = rational_cubic_fit_right(
          0.0, b_l, 0.0, m.f, 1.0, d_dbeta(m.fs, v_l), d2_dbeta2(m.fs, m.fss, v_l, vega_slope_ratio(x, s_l)));
      const double f_beta = f(beta);
      const double s = f_beta > 0.0 ? invert_lower_map(x, f_beta) : 0.5 * s_l;
      return {s, 0.0, s_l, Objective::lower_log};
    }
    if (tangent.fitted.in_range) {
      const double y = tangent.fitted.y;
      const double gap = tangent.fitted.gap;
      const MiddleGuessFit fit = fitted_middle_guess(tangent.fitted, true);
      const double r = unit_square_control_right(fit.left_slope, fit.right_slope, 0.0);
      const double width = b_max * y * (gap - y * tangent.fitted.lower_price);  // b_c - b_l
      const double s_width = kSqrtTwoPi * y * gap;
      const auto [n, d] = unit_rational_cubic_parts(beta - b_l, width, r, fit.left_slope, fit.right_slope);
      return {s_c - s_width * ((d - n) / d), s_l, s_c, Objective::linear};
    }
    const RationalCubic s_of_beta = rational_cubic_fit_right(b_l, b_c, s_l, s_c, 1.0 / v_l, 1.0 / v_c, 0.0);
    return {s_of_beta(beta), s_l, s_c, Objective::linear};
  }

  const double s_u = point.s_u();
  const auto [c_u, v_u] = tangent.edge;  // c_u = b_max - b_u
  if (distance_to_bound >= c_u && tangent.fitted.in_range) {
    const double y = tangent.fitted.y;
    const double gap = tangent.fitted.gap;
    const MiddleGuessFit fit = fitted_middle_guess(tangent.fitted, false);
    const double r = unit_square_control_left(fit.left_slope, fit.right_slope, 0.0);
    const double width = b_max * (1.0 - tangent.fitted.upper_gap - y * gap);  // b_u - b_c
    const double s_width = kSqrtTwoPi * (1.0 - y * gap);
    const auto [n, d] = unit_rational_cubic_parts(beta - b_max * y * gap, width, r, fit.left_slope, fit.right_slope);
    return {s_c + s_width * (n / d), s_c, s_u, Objective::linear};
  }
  if (distance_to_bound >= c_u) {
    const RationalCubic s_of_beta = rational_cubic_fit_left(b_c, b_max - c_u, s_c, s_u, 1.0 / v_c, 1.0 / v_u, 0.0);
    return {s_of_beta(beta), s_c, s_u, Objective::linear};
  }
  if (tangent.fitted.in_range) {
    // The root itself, fitted in (sqrt|x|, ln t), t = d / c_u (upper_guess.h): within ~5.2e-7, so one Householder(3)
    // step settles.
    const double ratio = fitted_upper_volatility_ratio(tangent.fitted.y, std::log(distance_to_bound / c_u));
    if (ratio > 0.0) return {s_u * ratio, s_u, kInfinity, Objective::upper_log, 0.0, true};
    // Beyond the fit (t < e^-20): the same interpolant on the unit square, its data fitted (tangent_edges.h).
    const UpperGuessFit fit = fitted_upper_guess(tangent.fitted);
    const double r = unit_square_control_right(fit.left_slope, fit.right_slope, fit.right_curvature);
    const double f_y = fit.cdf * unit_rational_cubic(distance_to_bound / c_u, r, fit.left_slope, fit.right_slope);
    const double s = (f_y > 0.0 && f_y < 0.5) ? -2.0 * special::inverse_normal_cdf(f_y) : 2.0 * s_u;
    return {s, s_u, kInfinity, Objective::upper_log};
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

// A step that leaves the bracket is replaced by halving the distance to the bracket's edge.
double keep_inside(double s, double proposed, double s_left, double s_right) {
  if (!(proposed > s_left)) return 0.5 * (s + s_left);
  if (!(proposed < s_right)) return s_right == kInfinity ? 2.0 * s : 0.5 * (s + s_right);
  return proposed;
}

// The safeguarded iteration from `start`: each evaluation of b gives a step to the root of the objective's local
// model. The iteration ends with the step that settles (step_settles, or a step below kConvergedStep
// relative): from the cold guess, one evaluation on the middle and upper branches (99.9% of those solves on
// the spec grid), one on the lower inside its fit, two beyond it. Its state is a value so that several solves can
// advance in lockstep.
struct Iteration {
  Start start;
  double x, beta, distance_to_bound, log_beta;
  int max_iterations;
  double s;
  TotalVolatilitySolve result;
};

[[gnu::always_inline]] inline Iteration begin_iteration(Start start, double x, double beta, double distance_to_bound,
                                                int max_iterations) {
  double s = start.s;
  if (!(s > start.s_left && s < start.s_right)) {
    s = start.s_right == kInfinity ? 2.0 * start.s_left + 1.0 : 0.5 * (start.s_left + start.s_right);
  }
  const double log_beta =
      start.objective != Objective::lower_log ? 0.0 : (start.log_beta < 0.0 ? start.log_beta : std::log(beta));
  return {start, x, beta, distance_to_bound, log_beta, max_iterations, s, {s, false, 0}};
}

// One evaluation and step; true once the iteration has ended (converged, or out of iterations).
// Inlined into the scalar and the lockstep loops (both FMA clones), so both run the same code.
[[gnu::always_inline]] inline bool advance(Iteration& it) {
  Start& start = it.start;
  double s = it.s;
  const int i = ++it.result.iterations;
  // From a fitted root the first step is Householder(3) (the degree-7 model would add nothing but its series).
  const bool model = !(start.fitted_root && i == 1);
  const Step step = evaluate(start.objective, it.x, s, it.beta, it.log_beta, it.distance_to_bound, model);
  if (step.below) {
    start.s_left = s;
  } else {
    start.s_right = s;
  }
  bool done = false;
  if (!step.valid) {
    s = keep_inside(s, step.below ? kInfinity : 0.0, start.s_left, start.s_right);
  } else {
    const double delta = model_step(step, s);
    const double next = s + delta;
    // The larger of the step and the Newton step measures the distance to the root: a model step that is small
    // only because the model is poor (far from the root) does not settle.
    const double distance = std::max(std::fabs(delta), std::fabs(step.newton)) / s;
    if (std::fabs(delta) <= kConvergedStep * s) {
      // Near the root the bracket edge can sit on s itself (rounding noise in b), so a tiny step is accepted
      // even when it points outside the bracket; a larger one settles only inside it.
      if (next > 0.0) s = next;
      done = it.result.converged = true;
    } else if (step_settles(distance, step.elasticity, step.full) && next > start.s_left && next < start.s_right) {
      s = next;
      done = it.result.converged = true;
    } else {
      s = keep_inside(s, next, start.s_left, start.s_right);
    }
  }
  it.s = s;
  it.result.total_volatility = s;
  return done || i >= it.max_iterations;
}

[[gnu::always_inline]] inline TotalVolatilitySolve iterate(Start start, double x, double beta, double distance_to_bound,
                                                           int max_iterations) {
  Iteration it = begin_iteration(start, x, beta, distance_to_bound, max_iterations);
  while (!advance(it)) {
  }
  return it.result;
}

// The objective a warm start iterates on: the branch the guess lies in (the root is close to it).
NIGHTDESK_FMA_CLONES Objective objective_near(double x, double beta, double s) {
  if (x == 0.0) return beta > 0.5 ? Objective::upper_log : Objective::linear;  // as at_the_money_start
  const Inflection point = inflection(x);
  if (s < point.s_l()) return Objective::lower_log;
  if (s > point.s_u()) return Objective::upper_log;
  return Objective::linear;
}

// The cold start: the rational guess and its branch.
// The branch edges bracket the root only up to rounding, and beta can sit exactly on one (beta = b_c gives
// s = s_c): widen them a little so the root is strictly inside.
Start widened(Start start) {
  start.s_left *= 1.0 - kBracketSlack;
  start.s_right *= 1.0 + kBracketSlack;
  return start;
}

[[gnu::always_inline]] inline Start cold_start(double x, double beta, double distance_to_bound) {
  if (x == 0.0) return widened(at_the_money_start(beta, distance_to_bound));
  Tangent tangent = tangent_of(x, beta);
  evaluate_edge(tangent, x);
  return widened(rational_start_from(tangent, x, beta, distance_to_bound));
}

bool usable_guess(double guess) { return std::isfinite(guess) && guess > 0.0; }

// The cold solve (the public normalised_implied_total_volatility), here so that the lockstep can call it: clang
// refuses a call to a multiversioned function above its definition.
NIGHTDESK_FMA_CLONES TotalVolatilitySolve cold_solve(double x, double beta, double distance_to_bound) {
  return iterate(cold_start(x, beta, distance_to_bound), x, beta, distance_to_bound, kMaxIterations);
}

// Up to kLockstepWidth solves, each stage (start, then each evaluation and step) for every unfinished one before
// the next stage: their dependency chains are independent, so the CPU overlaps them.
constexpr std::size_t kLockstepWidth = 8;
NIGHTDESK_FMA_CLONES void solve_in_lockstep(std::span<const TotalVolatilityProblem> problems, std::span<TotalVolatilitySolve> solves) {
  const std::size_t n = problems.size();
  Iteration lanes[kLockstepWidth];
  bool warm[kLockstepWidth];
  bool running[kLockstepWidth];
  // The cold starts in the stages of cold_start, each for every lane before the next. The tangent depends only
  // on x and the side of b_c that beta is on, so a lane with the x and side of an earlier one (the call and the
  // put of one strike, in a chain) copies it, the evaluation of b at the edge included: the same bits.
  Tangent tangents[kLockstepWidth];
  bool staged[kLockstepWidth];
  std::size_t source[kLockstepWidth];  // the lane whose tangent this one copies, or itself
  for (std::size_t i = 0; i < n; ++i) {
    const auto [x, beta, distance_to_bound, guess] = problems[i];
    warm[i] = usable_guess(guess);
    staged[i] = !warm[i] && x != 0.0;
    source[i] = i;
    if (!staged[i]) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (!staged[j] || source[j] != j || problems[j].x != x) continue;  // only lanes that made their own tangent
      if (tangents[j].below_inflection == (beta <= tangents[j].b_c)) {
        source[i] = j;
        break;
      }
    }
    if (source[i] == i) tangents[i] = tangent_of(x, beta);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (staged[i] && source[i] == i) evaluate_edge(tangents[i], problems[i].x);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (staged[i] && source[i] != i) tangents[i] = tangents[source[i]];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto [x, beta, distance_to_bound, guess] = problems[i];
    if (warm[i]) {
      lanes[i] = begin_iteration({guess, 0.0, kInfinity, objective_near(x, beta, guess)}, x, beta, distance_to_bound,
                                 kMaxWarmIterations);
    } else {
      const Start start = staged[i] ? widened(rational_start_from(tangents[i], x, beta, distance_to_bound))
                                    : widened(at_the_money_start(beta, distance_to_bound));
      lanes[i] = begin_iteration(start, x, beta, distance_to_bound, kMaxIterations);
    }
    running[i] = true;
  }
  for (bool any = true; any;) {
    any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!running[i]) continue;
      running[i] = !advance(lanes[i]);
      any |= running[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const TotalVolatilityProblem& p = problems[i];
    // A warm start that did not settle falls back to the cold solve, as normalised_implied_total_volatility_near.
    solves[i] = warm[i] && !lanes[i].result.converged
                    ? cold_solve(p.x, p.beta, p.distance_to_bound)
                    : lanes[i].result;
  }
}

}  // namespace

NIGHTDESK_FMA_CLONES TotalVolatilitySolve normalised_implied_total_volatility(double x, double beta, double distance_to_bound) {
  return cold_solve(x, beta, distance_to_bound);
}

NIGHTDESK_FMA_CLONES TotalVolatilitySolve normalised_implied_total_volatility_near(double x, double beta,
                                                                                 double distance_to_bound,
                                                                                 double guess) {
  if (usable_guess(guess)) {
    const Start start{guess, 0.0, kInfinity, objective_near(x, beta, guess)};
    const TotalVolatilitySolve warm = iterate(start, x, beta, distance_to_bound, kMaxWarmIterations);
    if (warm.converged) return warm;
  }
  return normalised_implied_total_volatility(x, beta, distance_to_bound);
}


void normalised_implied_total_volatilities(std::span<const TotalVolatilityProblem> problems,
                                           std::span<TotalVolatilitySolve> solves) {
  const std::size_t n = std::min(problems.size(), solves.size());
  for (std::size_t first = 0; first < n; first += kLockstepWidth) {
    const std::size_t count = std::min(kLockstepWidth, n - first);
    solve_in_lockstep(problems.subspan(first, count), solves.subspan(first, count));
  }
}

}  // namespace nightdesk::pricing
