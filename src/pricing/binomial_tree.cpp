#include "pricing/binomial_tree.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "pricing/bjerksund_stensland.h"
#include "pricing/black_scholes.h"

namespace nightdesk::pricing {
namespace {

// Peizer-Pratt method 2: the binomial probability whose n-step distribution matches N(z).
double peizer_pratt(double z, int n) {
  const double nn = static_cast<double>(n);
  const double a = z / (nn + 1.0 / 3.0 + 0.1 / (nn + 1.0));
  const double root = std::sqrt(0.25 - 0.25 * std::exp(-a * a * (nn + 1.0 / 6.0)));
  return z >= 0 ? 0.5 + root : 0.5 - root;
}

struct Lattice {
  double up, down, p_up, discount;
};

Lattice leisen_reimer_lattice(const OptionInputs& in, int n) {
  const double b = in.rate - in.dividend_yield;
  const double dt = in.years / n;
  const double sd = in.vol * std::sqrt(in.years);
  const double d1 = (std::log(in.spot_or_forward / in.strike) + (b + 0.5 * in.vol * in.vol) * in.years) / sd;
  const double d2 = d1 - sd;
  const double growth = std::exp(b * dt);
  const double p = peizer_pratt(d2, n);
  const double p_bar = peizer_pratt(d1, n);
  const double up = growth * p_bar / p;
  const double down = (growth - p * up) / (1.0 - p);
  if (p > 0.0 && p < 1.0 && down > 0.0 && up > down) return {up, down, p, std::exp(-in.rate * dt)};
  // So far in or out of the money that the probabilities round to 0 or 1: fall back to
  // Cox-Ross-Rubinstein, which is well defined there (the value is then essentially deterministic).
  const double u = std::exp(in.vol * std::sqrt(dt));
  const double p_crr = std::clamp((growth - 1.0 / u) / (u - 1.0 / u), 0.0, 1.0);
  return {u, 1.0 / u, p_crr, std::exp(-in.rate * dt)};
}

}  // namespace

double leisen_reimer_price(OptionRight right, ExerciseStyle style, const OptionInputs& in, int steps) {
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  const double s = in.spot_or_forward;
  const double k = in.strike;
  if (in.years <= 0.0) return std::max(sign * (s - k), 0.0);
  if (in.vol <= 0.0) {
    return style == ExerciseStyle::american ? american_zero_vol_price(right, in) : black_scholes_price(right, in);
  }
  const int n = std::max(steps, 1) | 1;  // odd
  const Lattice lat = leisen_reimer_lattice(in, n);
  const double ratio = lat.up / lat.down;
  const double p_down = 1.0 - lat.p_up;

  thread_local std::vector<double> values;
  values.resize(static_cast<std::size_t>(n) + 1);
  double node = s * std::pow(lat.down, n);
  for (int j = 0; j <= n; ++j, node *= ratio) values[j] = std::max(sign * (node - k), 0.0);

  const bool american = style == ExerciseStyle::american;
  for (int i = n - 1; i >= 0; --i) {
    node = s * std::pow(lat.down, i);
    for (int j = 0; j <= i; ++j, node *= ratio) {
      const double held = lat.discount * (lat.p_up * values[j + 1] + p_down * values[j]);
      values[j] = american ? std::max(held, sign * (node - k)) : held;
    }
  }
  return values[0];
}

}  // namespace nightdesk::pricing
