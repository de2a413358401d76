// The core of Jäckel's "Let's Be Rational": the total volatility s = sigma sqrt(T) whose normalised
// out-of-the-money call price b(x, s) equals a given beta. Pure function; any thread.
#pragma once

#include <span>

namespace nightdesk::pricing {

// What the core solve found. `converged` is false only if the safeguarded iteration did not settle (never
// seen in tests); the caller must then report a failure instead of using `total_volatility`.
struct TotalVolatilitySolve {
  double total_volatility = 0.0;
  bool converged = false;
  int iterations = 0;
};

// Solves b(x, s) = beta for x <= 0 and 0 < beta < e^{x/2}. `distance_to_bound` is e^{x/2} - beta computed
// by the caller without cancellation (from prices: (upper bound - price) / sqrt(F K)); it drives the solve
// when beta is close to its bound. Rational cubic initial guess on four branches (on the lowest and the highest, for
// beta / b_l resp. (b_max - beta) / (b_max - b_u) >= e^-20, a fit of the root itself), then steps to the root of the
// objective's local Taylor model until one settles (an a-priori error bound below rounding, or a step below 1e-7
// relative), at most 12: one evaluation of b, two on the lowest branch beyond its fit.
TotalVolatilitySolve normalised_implied_total_volatility(double x, double beta, double distance_to_bound);

// The same solve started from `guess` (a total volatility near the answer, e.g. the solution for the previous
// quote of the option): the same steps from the guess, without the initial-guess construction and its
// evaluation of b. A guess that is not finite and positive,
// or from which four steps do not settle, falls back to the solve above. Same accuracy either way.
TotalVolatilitySolve normalised_implied_total_volatility_near(double x, double beta, double distance_to_bound,
                                                              double guess);

// One solve of a batch: the arguments of normalised_implied_total_volatility_near (a guess that is not finite
// and positive means a cold solve).
struct TotalVolatilityProblem {
  double x, beta, distance_to_bound, guess;
};

// The solves above for every problem (solves.size() >= problems.size(); a shorter span gets the first
// solves.size() problems only), the same results bit for bit, but
// advanced in lockstep, eight at a time: each stage (initial guess, then each evaluation and step) for every
// unfinished solve before the next stage. A solve is a serial chain bounded by latency; eight independent
// chains side by side let the CPU overlap them.
void normalised_implied_total_volatilities(std::span<const TotalVolatilityProblem> problems,
                                           std::span<TotalVolatilitySolve> solves);

}  // namespace nightdesk::pricing
