// Cumulative bivariate standard normal distribution. Pure function; any thread.
#pragma once

namespace nightdesk::pricing {

// P(X <= a, Y <= b) for standard normals with correlation rho in [-1, 1]; absolute accuracy about
// 1e-15 (Genz 2004, "Numerical computation of rectangular bivariate and trivariate normal and t
// probabilities", after Drezner and Wesolowsky 1989).
double bivariate_normal_cdf(double a, double b, double rho);

}  // namespace nightdesk::pricing
