#include "pricing/rational_cubic.h"

#include <gtest/gtest.h>

namespace nightdesk::pricing {
namespace {

double derivative(const RationalCubic& f, double x, double h = 1e-6) { return (f(x + h) - f(x - h)) / (2 * h); }
double second_derivative(const RationalCubic& f, double x, double h = 1e-4) {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

TEST(RationalCubic, InterpolatesEndValuesAndSlopes) {
  const RationalCubic f{1.0, 3.0, 2.0, 5.0, 0.5, 3.0, 4.5};
  EXPECT_DOUBLE_EQ(f(1.0), 2.0);
  EXPECT_DOUBLE_EQ(f(3.0), 5.0);
  EXPECT_NEAR(derivative(f, 1.0 + 1e-6), 0.5, 1e-5);
  EXPECT_NEAR(derivative(f, 3.0 - 1e-6), 3.0, 1e-5);
}

TEST(RationalCubic, ControlThreeIsTheCubicHermite) {
  const RationalCubic f{0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 3.0};
  EXPECT_NEAR(f(0.25), 3 * 0.0625 - 2 * 0.015625, 1e-15);  // 3t^2 - 2t^3
}

TEST(RationalCubic, FitLeftReproducesRequestedSecondDerivative) {
  // Convex data whose requested curvature is above the shape-preserving floor.
  const RationalCubic f = rational_cubic_fit_left(0.0, 1.0, 0.0, 1.0, 0.5, 1.6, 2.0);
  EXPECT_NEAR(second_derivative(f, 1e-5, 1e-5), 2.0, 1e-3);
}

TEST(RationalCubic, FitRightReproducesZeroSecondDerivativeAtInflection) {
  // Zero curvature at the right end is convexity-compatible when d_r - Delta <= Delta - d_l.
  const RationalCubic f = rational_cubic_fit_right(0.0, 1.0, 0.0, 1.0, 0.2, 1.3, 0.0);
  EXPECT_NEAR(second_derivative(f, 1.0 - 1e-5, 1e-5), 0.0, 1e-3);
}

TEST(RationalCubic, ConvexDataStayConvexWhenFitAsksForConcavity) {
  const RationalCubic f = rational_cubic_fit_left(0.0, 1.0, 0.0, 1.0, 0.2, 3.0, -50.0);
  for (double x = 0.01; x < 1.0; x += 0.01) EXPECT_GE(second_derivative(f, x, 1e-3), -1e-6) << "x=" << x;
}

TEST(RationalCubic, MonotoneDataStayMonotone) {
  const RationalCubic f = rational_cubic_fit_left(0.0, 1.0, 0.0, 1.0, 4.0, 4.0, 0.0);
  for (double x = 0.0; x < 1.0; x += 0.01) EXPECT_LE(f(x), f(x + 0.01)) << "x=" << x;
}

TEST(RationalCubic, ShapeFloorForConvexDataMatchesDelbourgoGregory) {
  // d_l = 0.5, Delta = 1, d_r = 2: max((2-0.5)/(2-1), (2-0.5)/(1-0.5)) = 3; monotone floor (0.5+2)/1 = 2.5.
  EXPECT_DOUBLE_EQ(minimum_shape_preserving_control(0.5, 2.0, 1.0), 3.0);
}

}  // namespace
}  // namespace nightdesk::pricing
