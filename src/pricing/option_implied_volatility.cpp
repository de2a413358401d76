#include "pricing/option_implied_volatility.h"

#include <boost/math/tools/toms748_solve.hpp>

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "pricing/bjerksund_stensland.h"
#include "pricing/implied_volatility.h"

namespace nightdesk::pricing {
namespace {

constexpr double kMaxAmericanVol = 10.0;  // 1000%: beyond it a quote is not an option price
constexpr std::uintmax_t kMaxIterations = 200;

Status validate_price(double price) {
  if (!std::isfinite(price) || price < 0.0)
    return fail(ErrorCode::invalid_argument, fmt::format("price must be finite and >= 0, got {}", price), "price");
  return ok();
}

}  // namespace

Result<double> american_implied_volatility(OptionRight right, double price, const OptionInputs& inputs,
                                           const AmericanSettings& american) {
  OptionInputs in = inputs;
  in.vol = 0.0;
  if (Status valid = validate_option_inputs(in); !valid) return std::unexpected(valid.error());
  if (Status valid = validate_price(price); !valid) return std::unexpected(valid.error());
  if (in.years == 0.0) return fail(ErrorCode::invalid_argument, "zero time to expiry: volatility is undefined", "years");

  auto value_at = [&](double vol) {
    in.vol = vol;
    return american_price(right, in, american);
  };
  const double floor_value = american_zero_vol_price(right, in);
  const double upper_bound = right == OptionRight::call ? in.spot_or_forward : in.strike;
  // Prices are compared with a tolerance of a few ulp of the bound, so that a quote exactly at the
  // zero-volatility value solves to 0 rather than failing on round-off.
  const double slack = 8 * std::numeric_limits<double>::epsilon() * upper_bound;
  if (price < floor_value - slack)
    return fail(ErrorCode::out_of_range,
                fmt::format("price {} is below the zero-volatility American value {}", price, floor_value), "price");
  if (price >= upper_bound)
    return fail(ErrorCode::out_of_range,
                fmt::format("price {} is at or above the upper bound {} ({})", price, upper_bound,
                            right == OptionRight::call ? "spot" : "strike"), "price");
  if (price <= floor_value + slack) return 0.0;
  if (value_at(kMaxAmericanVol) < price)
    return fail(ErrorCode::out_of_range,
                fmt::format("price {} needs a volatility above {:.0f}%", price, kMaxAmericanVol * 100), "price");

  std::uintmax_t iterations = kMaxIterations;
  auto objective = [&](double vol) { return value_at(vol) - price; };
  auto close_enough = [](double a, double b) { return std::fabs(a - b) <= 1e-14 * std::max(1.0, std::fabs(b)); };
  // The objective is increasing in vol; TOMS 748 keeps the root bracketed and needs no derivatives,
  // which matters because the tree's price is only piecewise smooth in vol.
  auto [lo, hi] = boost::math::tools::toms748_solve(objective, 0.0, kMaxAmericanVol, floor_value - price,
                                                    value_at(kMaxAmericanVol) - price, close_enough, iterations);
  if (iterations >= kMaxIterations)
    return fail(ErrorCode::internal, "American implied volatility did not converge", "price");
  return 0.5 * (lo + hi);
}

Result<double> implied_volatility(Model model, OptionRight right, double price, const OptionInputs& inputs,
                                  const AmericanSettings& american) {
  OptionInputs in = inputs;
  in.vol = 0.0;
  if (Status valid = validate_option_inputs(in); !valid) return std::unexpected(valid.error());
  const bool is_call = right == OptionRight::call;
  switch (model) {
    case Model::bsm:
      return bsm_implied_volatility_result(price, in.spot_or_forward, in.strike, in.years, in.rate, in.dividend_yield,
                                           is_call);
    case Model::black76:
      return black76_implied_volatility_result(price, in.spot_or_forward, in.strike, in.years, in.rate, is_call);
    case Model::american:
      return american_implied_volatility(right, price, in, american);
  }
  return fail(ErrorCode::invalid_argument, "unknown model", "model");
}

}  // namespace nightdesk::pricing
