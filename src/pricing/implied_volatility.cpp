#include "pricing/implied_volatility.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

constexpr double kIntrinsicTolerance = 4.0 * std::numeric_limits<double>::epsilon();

// Which input field is unusable, or nullptr. Order: price, underlying, strike, years, rates.
struct Inputs {
  double price, underlying, strike, years, rate, dividend_yield;
  const char* underlying_field;
};

const char* invalid_field(const Inputs& in) {
  if (!(std::isfinite(in.price) && in.price >= 0.0)) return "price";
  if (!(std::isfinite(in.underlying) && in.underlying > 0.0)) return in.underlying_field;
  if (!(std::isfinite(in.strike) && in.strike > 0.0)) return "strike";
  if (std::isnan(in.years) || in.years == std::numeric_limits<double>::infinity()) return "years";
  if (!std::isfinite(in.rate)) return "rate";
  if (!std::isfinite(in.dividend_yield)) return "dividend_yield";
  return nullptr;
}

// One option reduced to the normalised problem (the out-of-the-money call at x = -|ln(F/K)|, prices divided by
// sqrt(F K)), or its answer where no solve is needed. volatility_guess: not finite and positive for a cold solve.
struct Normalised {
  std::optional<std::expected<double, IvFailure>> answer;
  TotalVolatilityProblem problem;
  double sqrt_years;
};

[[gnu::always_inline]] inline Normalised normalise(double price, double forward, double strike, double years,
                                                   bool is_call, double volatility_guess) {
  const auto answer = [](std::expected<double, IvFailure> a) { return Normalised{a, {}, 0.0}; };
  if (!(std::isfinite(price) && price >= 0.0 && std::isfinite(forward) && forward > 0.0 &&
        std::isfinite(strike) && strike > 0.0 && std::isfinite(years) && !std::isnan(years))) {
    if (years == -std::numeric_limits<double>::infinity()) return answer(std::unexpected(IvFailure::zero_time));
    return answer(std::unexpected(IvFailure::invalid_input));
  }
  if (years <= 0.0) return answer(std::unexpected(IvFailure::zero_time));
  const double upper_bound = is_call ? forward : strike;
  if (price >= upper_bound) return answer(std::unexpected(IvFailure::above_upper_bound));
  const double intrinsic = std::max(is_call ? forward - strike : strike - forward, 0.0);
  const double time_value = price - intrinsic;
  if (time_value <= 0.0) {
    if (-time_value <= kIntrinsicTolerance * std::max(forward, strike)) return answer(0.0);
    return answer(std::unexpected(IvFailure::below_intrinsic));
  }
  const double scale = std::sqrt(forward) * std::sqrt(strike);
  const double x = -std::fabs(std::log(forward / strike));
  const double beta = time_value / scale;
  const double distance_to_bound = (upper_bound - price) / scale;
  if (!(beta > 0.0)) return answer(0.0);  // time value below the smallest normalised price: indistinguishable
  if (!(distance_to_bound > 0.0)) return answer(std::unexpected(IvFailure::above_upper_bound));
  const double sqrt_years = std::sqrt(years);
  return {std::nullopt, {x, beta, distance_to_bound, volatility_guess * sqrt_years}, sqrt_years};
}

std::expected<double, IvFailure> volatility_of(const TotalVolatilitySolve& solve, double sqrt_years) {
  const double volatility = solve.total_volatility / sqrt_years;
  if (!solve.converged || !std::isfinite(volatility)) return std::unexpected(IvFailure::no_convergence);
  return volatility;
}

std::expected<double, IvFailure> solve_undiscounted(double price, double forward, double strike, double years,
                                                    bool is_call, double volatility_guess = 0.0) {
  const Normalised n = normalise(price, forward, strike, years, is_call, volatility_guess);
  if (n.answer) return *n.answer;
  const TotalVolatilityProblem& p = n.problem;
  if (volatility_guess == 0.0) {  // the cold solve, without the warm start's test of the guess
    return volatility_of(normalised_implied_total_volatility(p.x, p.beta, p.distance_to_bound), n.sqrt_years);
  }
  return volatility_of(normalised_implied_total_volatility_near(p.x, p.beta, p.distance_to_bound, p.guess),
                       n.sqrt_years);
}

// black_implied_volatilities for at most kBatchWidth quotes.
constexpr std::size_t kBatchWidth = 8;
void solve_batch(std::span<const BlackIvQuote> quotes, std::span<std::expected<double, IvFailure>> out) {
  Normalised normalised[kBatchWidth];
  TotalVolatilityProblem problems[kBatchWidth];
  TotalVolatilitySolve solves[kBatchWidth];
  std::size_t solving = 0;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    const BlackIvQuote& q = quotes[i];
    normalised[i] = normalise(q.price, q.forward, q.strike, q.years, q.is_call, q.volatility_guess);
    if (!normalised[i].answer) problems[solving++] = normalised[i].problem;
  }
  normalised_implied_total_volatilities(std::span(problems, solving), std::span(solves, solving));
  solving = 0;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    out[i] = normalised[i].answer ? *normalised[i].answer : volatility_of(solves[solving++], normalised[i].sqrt_years);
  }
}

// Maps a failure to an Error naming `field` (the field to blame for invalid_input).
Error to_error(IvFailure failure, const char* field) {
  switch (failure) {
    case IvFailure::below_intrinsic:
      return {ErrorCode::out_of_range, "option price is below intrinsic value; no volatility reaches it", "price"};
    case IvFailure::above_upper_bound:
      return {ErrorCode::out_of_range,
              "option price is at or above its upper bound (forward for a call, strike for a put)", "price"};
    case IvFailure::zero_time:
      return {ErrorCode::invalid_argument, "time to expiry must be positive", "years"};
    case IvFailure::invalid_input:
      return {ErrorCode::invalid_argument, "input is NaN, infinite or not positive", field ? field : ""};
    case IvFailure::no_convergence:
      return {ErrorCode::internal, "implied volatility solver did not converge", "price"};
  }
  return {ErrorCode::internal, "unknown implied volatility failure", ""};
}

Result<double> to_result(std::expected<double, IvFailure> solved, const Inputs& inputs) {
  if (solved) return *solved;
  return std::unexpected(to_error(solved.error(), invalid_field(inputs)));
}

}  // namespace

std::string_view to_string(IvFailure failure) {
  switch (failure) {
    case IvFailure::below_intrinsic: return "below_intrinsic";
    case IvFailure::above_upper_bound: return "above_upper_bound";
    case IvFailure::zero_time: return "zero_time";
    case IvFailure::invalid_input: return "invalid_input";
    case IvFailure::no_convergence: return "no_convergence";
  }
  return "unknown";
}

std::expected<double, IvFailure> black_implied_volatility(double price, double forward, double strike,
                                                          double years, bool is_call) {
  return solve_undiscounted(price, forward, strike, years, is_call);
}

std::expected<double, IvFailure> black_implied_volatility(double price, double forward, double strike,
                                                          double years, bool is_call, double volatility_guess) {
  return solve_undiscounted(price, forward, strike, years, is_call, volatility_guess);
}

std::expected<double, IvFailure> bsm_implied_volatility(double price, double spot, double strike, double years,
                                                        double rate, double dividend_yield, bool is_call) {
  if (!std::isfinite(rate) || !std::isfinite(dividend_yield) || !std::isfinite(spot) || !(spot > 0.0)) {
    return std::unexpected(IvFailure::invalid_input);
  }
  if (!(years > 0.0) || years == std::numeric_limits<double>::infinity()) {
    return solve_undiscounted(price, spot, strike, years, is_call);  // same classification of bad years
  }
  const double forward = spot * std::exp((rate - dividend_yield) * years);
  return solve_undiscounted(price * std::exp(rate * years), forward, strike, years, is_call);
}

std::expected<double, IvFailure> black76_implied_volatility(double price, double futures_price, double strike,
                                                            double years, double rate, bool is_call) {
  if (!std::isfinite(rate)) return std::unexpected(IvFailure::invalid_input);
  if (!(years > 0.0) || years == std::numeric_limits<double>::infinity()) {
    return solve_undiscounted(price, futures_price, strike, years, is_call);
  }
  return solve_undiscounted(price * std::exp(rate * years), futures_price, strike, years, is_call);
}

void black_implied_volatilities(std::span<const BlackIvQuote> quotes,
                                std::span<std::expected<double, IvFailure>> out) {
  const std::size_t n = std::min(quotes.size(), out.size());
  for (std::size_t first = 0; first < n; first += kBatchWidth) {
    const std::size_t count = std::min(kBatchWidth, n - first);
    solve_batch(quotes.subspan(first, count), out.subspan(first, count));
  }
}

Result<double> black_implied_volatility_result(double price, double forward, double strike, double years,
                                               bool is_call) {
  return to_result(black_implied_volatility(price, forward, strike, years, is_call),
                   {price, forward, strike, years, 0.0, 0.0, "forward"});
}

Result<double> bsm_implied_volatility_result(double price, double spot, double strike, double years, double rate,
                                             double dividend_yield, bool is_call) {
  return to_result(bsm_implied_volatility(price, spot, strike, years, rate, dividend_yield, is_call),
                   {price, spot, strike, years, rate, dividend_yield, "spot"});
}

Result<double> black76_implied_volatility_result(double price, double futures_price, double strike, double years,
                                                 double rate, bool is_call) {
  return to_result(black76_implied_volatility(price, futures_price, strike, years, rate, is_call),
                   {price, futures_price, strike, years, rate, 0.0, "futures_price"});
}

}  // namespace nightdesk::pricing
