// Greeks of one option and the unit conventions for reading them. Plain value type; any thread.
// Stored units: theta and charm per year of time passing (calendar), vega/vanna per 1.00 of vol
// (i.e. per 100 vol points), volga per 1.00^2, rho per 1.00 of rate. Convert with the helpers below.
#pragma once

namespace nightdesk::pricing {

struct Greeks {
  double price = 0;
  double delta = 0;  // dV/dS (dV/dF for black76)
  double gamma = 0;  // d2V/dS2
  double vega = 0;   // dV/dvol, per 1.00 of vol
  double theta = 0;  // -dV/dT: value change per year as time passes (negative for a long option)
  double rho = 0;    // dV/drate per 1.00 (bsm/american: q held fixed; black76: forward held fixed)
  double vanna = 0;  // d(delta)/dvol = d(vega)/dS
  double volga = 0;  // d(vega)/dvol (vomma)
  double charm = 0;  // -d(delta)/dT: delta change per year as time passes
};

// How theta (and charm) are quoted: per year, per calendar day (/365) or per trading day (/252).
enum class ThetaConvention { per_year, per_calendar_day, per_trading_day };

constexpr double days_per_year(ThetaConvention convention) {
  switch (convention) {
    case ThetaConvention::per_year: return 1.0;
    case ThetaConvention::per_calendar_day: return 365.0;
    case ThetaConvention::per_trading_day: return 252.0;
  }
  return 1.0;
}

constexpr double theta_in(const Greeks& g, ThetaConvention convention) {
  return g.theta / days_per_year(convention);
}

constexpr double charm_in(const Greeks& g, ThetaConvention convention) {
  return g.charm / days_per_year(convention);
}

// Vega for a one vol point move (20% -> 21%), the way desks quote it.
constexpr double vega_per_vol_point(const Greeks& g) { return g.vega / 100.0; }

// Rho for a one percentage point move in the rate.
constexpr double rho_per_rate_point(const Greeks& g) { return g.rho / 100.0; }

}  // namespace nightdesk::pricing
