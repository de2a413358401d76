// Delbourgo-Gregory rational cubic interpolation on one interval, with a control parameter r that can fit a
// second derivative at one end while preserving the data's monotonicity and convexity. Pure; any thread.
// Used by the implied volatility initial guess ("Let's Be Rational", section 4).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace nightdesk::pricing {

// One interval [x_l, x_r] with end values y and end slopes d. r = 3 is the cubic Hermite interpolant; larger r
// pulls the curve towards the chord (r -> inf is linear).
struct RationalCubic {
  double x_l, x_r;
  double y_l, y_r;
  double d_l, d_r;
  double r;

  // f(x) = [y_r t^3 + (r y_r - h d_r) t^2 (1-t) + (r y_l + h d_l) t (1-t)^2 + y_l (1-t)^3] / [1 + (r-3) t (1-t)]
  // with h = x_r - x_l and t = (x - x_l)/h.
  double operator()(double x) const;
};

namespace rational_cubic_detail {
// Beyond this r the rational cubic equals the chord to machine precision.
inline constexpr double kLinearControl = 1.0 / std::numeric_limits<double>::epsilon();
// r must stay above -1 for the denominator 1 + (r-3) t (1-t) to stay positive on [0, 1].
inline constexpr double kMinimumControl = -(1.0 - 1.4901161193847656e-08);
}  // namespace rational_cubic_detail

// The smallest r that keeps the interpolant monotone (if the data are) and convex or concave (if the data are).
// Inline (as the unit-square fits below) so that the implied volatility guess pays no call.
inline double minimum_shape_preserving_control(double d_l, double d_r, double slope) {
  using namespace rational_cubic_detail;
  const bool monotone = d_l * slope >= 0.0 && d_r * slope >= 0.0;
  const bool convex = d_l <= slope && slope <= d_r;
  const bool concave = d_l >= slope && slope >= d_r;
  double r = kMinimumControl;
  if (monotone && slope != 0.0) r = std::max(r, (d_r + d_l) / slope);
  if (convex || concave) {
    const double spread = d_r - d_l;
    const double right_gap = d_r - slope;
    const double left_gap = slope - d_l;
    if (right_gap != 0.0 && left_gap != 0.0) {
      r = std::max(r, std::max(std::fabs(spread / right_gap), std::fabs(spread / left_gap)));
    } else if (spread != 0.0) {
      r = kLinearControl;  // a slope equal to the chord at one end: only the chord keeps the shape
    }
  }
  return r;
}

// r raised to the shape-preserving minimum (the floor also where degenerate data gave NaN), and capped at the chord.
inline double clamp_rational_cubic_control(double r, double d_l, double d_r, double slope) {
  using namespace rational_cubic_detail;
  const double floor = minimum_shape_preserving_control(d_l, d_r, slope);
  if (!(r == r)) r = floor;
  return std::min(std::max(r, floor), kLinearControl);
}

// The r of rational_cubic_fit_left / _right on the unit square (x and y from 0 to 1, so the chord's slope is 1):
// the same value, without the interval's arithmetic or a call.
inline double unit_square_control_left(double d_l, double d_r, double second_derivative) {
  return clamp_rational_cubic_control((0.5 * second_derivative + d_r - d_l) / (1.0 - d_l), d_l, d_r, 1.0);
}
inline double unit_square_control_right(double d_l, double d_r, double second_derivative) {
  return clamp_rational_cubic_control((0.5 * second_derivative + d_r - d_l) / (d_r - 1.0), d_l, d_r, 1.0);
}

// Builds the interpolant whose second derivative at x_l (resp. x_r) is `second_derivative`, with r raised to
// the shape-preserving minimum when the fit asks for less.
RationalCubic rational_cubic_fit_left(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                      double second_derivative);
RationalCubic rational_cubic_fit_right(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                       double second_derivative);

}  // namespace nightdesk::pricing
