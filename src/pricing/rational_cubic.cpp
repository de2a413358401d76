// R. Delbourgo and J. A. Gregory, "Shape preserving piecewise rational interpolation", SIAM J. Sci. Stat.
// Comput. 6 (1985). Expanding f = N/D around t = 0 gives f''(x_l) = 2 [r (Delta - d_l) + d_l - d_r] / h with
// Delta = (y_r - y_l)/h; mirroring gives f''(x_r) = 2 [r (d_r - Delta) + d_l - d_r] / h. Solving for r yields
// the fits below. Shape: monotone if r >= (d_l + d_r)/Delta; convex/concave if
// r >= max((d_r - d_l)/(d_r - Delta), (d_r - d_l)/(Delta - d_l)).
#include "pricing/rational_cubic.h"

#include "pricing/fma_clones.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nightdesk::pricing {
using rational_cubic_detail::kLinearControl;

NIGHTDESK_FMA_CLONES double RationalCubic::operator()(double x) const {
  const double h = x_r - x_l;
  if (!(std::fabs(h) > 0.0)) return 0.5 * (y_l + y_r);
  const double t = (x - x_l) / h;
  if (r >= kLinearControl) return y_l + (y_r - y_l) * t;
  const double omt = 1.0 - t;
  const double t2 = t * t;
  const double omt2 = omt * omt;
  const double numerator =
      y_r * t2 * t + (r * y_r - h * d_r) * t2 * omt + (r * y_l + h * d_l) * t * omt2 + y_l * omt2 * omt;
  return numerator / (1.0 + (r - 3.0) * t * omt);
}

NIGHTDESK_FMA_CLONES RationalCubic rational_cubic_fit_left(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                      double second_derivative) {
  const double h = x_r - x_l;
  const double slope = (y_r - y_l) / h;
  const double r = (0.5 * h * second_derivative + d_r - d_l) / (slope - d_l);
  return {x_l, x_r, y_l, y_r, d_l, d_r, clamp_rational_cubic_control(r, d_l, d_r, slope)};
}

NIGHTDESK_FMA_CLONES RationalCubic rational_cubic_fit_right(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                       double second_derivative) {
  const double h = x_r - x_l;
  const double slope = (y_r - y_l) / h;
  const double r = (0.5 * h * second_derivative + d_r - d_l) / (d_r - slope);
  return {x_l, x_r, y_l, y_r, d_l, d_r, clamp_rational_cubic_control(r, d_l, d_r, slope)};
}

}  // namespace nightdesk::pricing
