// The grid check both fitted guesses of "Let's Be Rational" pass (lower_guess.h, upper_guess.h): the fit against the
// solved root. Test-only; any thread.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace nightdesk::pricing {

// Checks edge(y) * ratio(y, log_t) against root(y, log_t) to within 1e-6 relative on a 0.0025-step grid in y (incl.
// every piece boundary) times 0.1 steps in ln t from -20 to 0; `worst` is the largest relative error seen.
template <typename Edge, typename Ratio, typename Root>
void check_fit_within_a_millionth(Edge edge, Ratio ratio, Root root, double& worst) {
  worst = 0.0;
  for (int i = 0; i < 1600; ++i) {
    const double y = i == 0 ? 1e-4 : 0.0025 * i;
    const double s_edge = edge(y);
    for (int k = 0; k < 200; ++k) {
      const double log_t = -20.0 + 0.1 * k + (k == 0 ? 0.0 : 1e-9);
      const double s = root(y, log_t);
      const double fitted = s_edge * ratio(y, log_t);
      worst = std::max(worst, std::fabs(fitted - s) / s);
      ASSERT_NEAR(fitted, s, 1e-6 * s) << y << " " << log_t;
    }
  }
}

}  // namespace nightdesk::pricing
