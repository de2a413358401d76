// Delbourgo-Gregory rational cubic interpolation on one interval, with a control parameter r that can fit a
// second derivative at one end while preserving the data's monotonicity and convexity. Pure; any thread.
// Used by the implied volatility initial guess ("Let's Be Rational", section 4).
#pragma once

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

// The smallest r that keeps the interpolant monotone (if the data are) and convex or concave (if the data are).
double minimum_shape_preserving_control(double d_l, double d_r, double slope);

// Builds the interpolant whose second derivative at x_l (resp. x_r) is `second_derivative`, with r raised to
// the shape-preserving minimum when the fit asks for less.
RationalCubic rational_cubic_fit_left(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                      double second_derivative);
RationalCubic rational_cubic_fit_right(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                       double second_derivative);

}  // namespace nightdesk::pricing
