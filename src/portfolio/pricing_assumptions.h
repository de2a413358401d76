// PricingAssumptions: the model inputs the portfolio's Greeks use besides the market (rate, dividend yield,
// which model). Plain value; safe to copy across threads.
#pragma once

#include <map>
#include <string>

namespace nightdesk::portfolio {

struct PricingAssumptions {
  double rate = 0.04;            // continuously compounded, per year
  double dividend_yield = 0.0;   // default continuous yield, per year
  std::map<std::string, double, std::less<>> dividend_yields;  // per underlying, overrides the default
  // true: American-style contracts use the American model (Bjerksund-Stensland, finite-difference Greeks);
  // false: every option is priced as European BSM (faster; fine for index options and quick looks).
  bool honour_exercise_style = true;

  double dividend_for(std::string_view underlying) const {
    auto it = dividend_yields.find(underlying);
    return it == dividend_yields.end() ? dividend_yield : it->second;
  }
};

}  // namespace nightdesk::portfolio
