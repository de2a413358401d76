#include "pricing/bjerksund_stensland.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "pricing/bivariate_normal.h"
#include "pricing/black_scholes.h"
#include "pricing/binomial_tree.h"

namespace nightdesk::pricing {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x * std::numbers::sqrt2 / 2.0); }

// The call-side problem after the put-call transformation: carry b = r - q.
struct CallProblem {
  double s, k, t, r, b, v;
};

// Bjerksund-Stensland phi(S, T, gamma, H, I) with S^gamma replaced by (S / base)^gamma, so that the
// alpha * S^beta products are formed as (I - K) (S / I)^beta and do not overflow for large beta.
double phi(const CallProblem& p, double t, double gamma, double h, double i, double base) {
  const double v2 = p.v * p.v;
  const double sd = p.v * std::sqrt(t);
  const double lambda = (-p.r + gamma * p.b + 0.5 * gamma * (gamma - 1.0) * v2) * t;
  const double d = -(std::log(p.s / h) + (p.b + (gamma - 0.5) * v2) * t) / sd;
  const double kappa = 2.0 * p.b / v2 + (2.0 * gamma - 1.0);
  const double reflected = std::pow(i / p.s, kappa) * normal_cdf(d - 2.0 * std::log(i / p.s) / sd);
  return std::exp(lambda) * std::pow(p.s / base, gamma) * (normal_cdf(d) - reflected);
}

// The 2002 paper's psi(S, T, gamma, H, I2, I1, t1): phi's two-period analogue (bivariate normals).
double psi(const CallProblem& p, double gamma, double h, double i2, double i1, double t1, double base) {
  const double v2 = p.v * p.v;
  const double drift = p.b + (gamma - 0.5) * v2;
  const double sd1 = p.v * std::sqrt(t1);
  const double sd2 = p.v * std::sqrt(p.t);
  const double e1 = (std::log(p.s / i1) + drift * t1) / sd1;
  const double e2 = (std::log(i2 * i2 / (p.s * i1)) + drift * t1) / sd1;
  const double e3 = (std::log(p.s / i1) - drift * t1) / sd1;
  const double e4 = (std::log(i2 * i2 / (p.s * i1)) - drift * t1) / sd1;
  const double f1 = (std::log(p.s / h) + drift * p.t) / sd2;
  const double f2 = (std::log(i2 * i2 / (p.s * h)) + drift * p.t) / sd2;
  const double f3 = (std::log(i1 * i1 / (p.s * h)) + drift * p.t) / sd2;
  const double f4 = (std::log(p.s * i1 * i1 / (h * i2 * i2)) + drift * p.t) / sd2;
  const double rho = std::sqrt(t1 / p.t);
  const double lambda = -p.r + gamma * p.b + 0.5 * gamma * (gamma - 1.0) * v2;
  const double kappa = 2.0 * p.b / v2 + (2.0 * gamma - 1.0);
  const double sum = bivariate_normal_cdf(-e1, -f1, rho) -
                     std::pow(i2 / p.s, kappa) * bivariate_normal_cdf(-e2, -f2, rho) -
                     std::pow(i1 / p.s, kappa) * bivariate_normal_cdf(-e3, -f3, -rho) +
                     std::pow(i1 / i2, kappa) * bivariate_normal_cdf(-e4, -f4, -rho);
  return std::exp(lambda * p.t) * std::pow(p.s / base, gamma) * sum;
}

struct Boundary {
  double beta, b_infinity, b_zero;
};

Boundary flat_boundary(const CallProblem& p) {
  const double v2 = p.v * p.v;
  const double beta = (0.5 - p.b / v2) + std::sqrt((p.b / v2 - 0.5) * (p.b / v2 - 0.5) + 2.0 * p.r / v2);
  return {beta, beta / (beta - 1.0) * p.k, std::max(p.k, p.r / (p.r - p.b) * p.k)};
}

double call_1993(const CallProblem& p) {
  const Boundary bd = flat_boundary(p);
  const double h = -(p.b * p.t + 2.0 * p.v * std::sqrt(p.t)) * bd.b_zero / (bd.b_infinity - bd.b_zero);
  const double trigger = bd.b_zero + (bd.b_infinity - bd.b_zero) * (1.0 - std::exp(h));
  if (p.s >= trigger) return p.s - p.k;
  const double premium = trigger - p.k;  // alpha = premium * trigger^-beta
  return premium * std::pow(p.s / trigger, bd.beta) - premium * phi(p, p.t, bd.beta, trigger, trigger, trigger) +
         phi(p, p.t, 1, trigger, trigger, 1) - phi(p, p.t, 1, p.k, trigger, 1) -
         p.k * phi(p, p.t, 0, trigger, trigger, 1) + p.k * phi(p, p.t, 0, p.k, trigger, 1);
}

double call_2002(const CallProblem& p) {
  const Boundary bd = flat_boundary(p);
  const double t1 = 0.5 * (std::sqrt(5.0) - 1.0) * p.t;
  const double scale = p.k * p.k / ((bd.b_infinity - bd.b_zero) * bd.b_zero);
  const double h1 = -(p.b * t1 + 2.0 * p.v * std::sqrt(t1)) * scale;
  const double h2 = -(p.b * p.t + 2.0 * p.v * std::sqrt(p.t)) * scale;
  const double i1 = bd.b_zero + (bd.b_infinity - bd.b_zero) * (1.0 - std::exp(h1));
  const double i2 = bd.b_zero + (bd.b_infinity - bd.b_zero) * (1.0 - std::exp(h2));
  if (p.s >= i2) return p.s - p.k;
  const double prem1 = i1 - p.k;  // alpha1 = prem1 * i1^-beta
  const double prem2 = i2 - p.k;  // alpha2 = prem2 * i2^-beta
  const double beta = bd.beta;
  const double k = p.k;
  return prem2 * std::pow(p.s / i2, beta) - prem2 * phi(p, t1, beta, i2, i2, i2) + phi(p, t1, 1, i2, i2, 1) -
         phi(p, t1, 1, i1, i2, 1) - k * phi(p, t1, 0, i2, i2, 1) + k * phi(p, t1, 0, i1, i2, 1) +
         prem1 * phi(p, t1, beta, i1, i2, i1) - prem1 * psi(p, beta, i1, i2, i1, t1, i1) +
         psi(p, 1, i1, i2, i1, t1, 1) - psi(p, 1, k, i2, i1, t1, 1) - k * psi(p, 0, i1, i2, i1, t1, 1) +
         k * psi(p, 0, k, i2, i1, t1, 1);
}

double european_call(const CallProblem& p) {
  return black_scholes_price(OptionRight::call, OptionInputs{p.s, p.k, p.t, p.r, p.r - p.b, p.v});
}

}  // namespace

double american_zero_vol_price(OptionRight right, const OptionInputs& in) {
  // Value of exercising at date u on the forward path: e^{-ru} payoff(S e^{bu}). Its derivative
  // changes sign at most once, so the best date is 0, T or the interior stationary point.
  const double b = in.rate - in.dividend_yield;
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  auto value_at = [&](double u) {
    return std::exp(-in.rate * u) * std::max(sign * (in.spot_or_forward * std::exp(b * u) - in.strike), 0.0);
  };
  double best = std::max(value_at(0.0), value_at(in.years));
  if (in.rate != 0.0 && b != in.rate) {
    // d/du [e^{-ru}(S e^{bu} - K)] = 0  <=>  S e^{bu} = r K / (r - b).
    const double target = in.rate * in.strike / (in.rate - b);
    if (target > 0.0 && b != 0.0) {
      const double u = std::log(target / in.spot_or_forward) / b;
      if (u > 0.0 && u < in.years) best = std::max(best, value_at(u));
    }
  }
  return best;
}

double bjerksund_stensland_price(OptionRight right, const OptionInputs& in, BjerksundStenslandVersion version) {
  const double q = in.dividend_yield;
  if (in.years <= 0.0) return std::max(right == OptionRight::call ? in.spot_or_forward - in.strike
                                                                  : in.strike - in.spot_or_forward, 0.0);
  if (in.vol <= 0.0) return american_zero_vol_price(right, in);
  const double b = in.rate - q;
  const CallProblem p = right == OptionRight::call
                            ? CallProblem{in.spot_or_forward, in.strike, in.years, in.rate, b, in.vol}
                            : CallProblem{in.strike, in.spot_or_forward, in.years, in.rate - b, -b, in.vol};
  if (p.b >= p.r) return european_call(p);  // an American call is never exercised early then
  const double value = version == BjerksundStenslandVersion::y2002 ? call_2002(p) : call_1993(p);
  if (std::isfinite(value)) return std::max(value, european_call(p));
  // Extreme parameters (tiny vol, negative rates) can overflow the closed form: use the tree.
  return leisen_reimer_price(right, ExerciseStyle::american, in, 401);
}

}  // namespace nightdesk::pricing
