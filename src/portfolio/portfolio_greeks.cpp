#include "portfolio/portfolio_greeks.h"

namespace nightdesk::portfolio {

PortfolioGreeks aggregate_greeks(std::span<const PositionGreeks> positions, const BetaReference* reference) {
  PortfolioGreeks out;
  for (const PositionGreeks& p : positions) {
    UnderlyingGreeks& u = out.by_underlying[p.underlying];
    u.spot = p.spot;
    u.greeks += p.position;
    u.dollar_delta += p.dollar_delta;
    u.dollar_gamma_1pct += p.dollar_gamma_1pct;
    ++u.positions;
    out.total += p.position;
    out.dollar_delta += p.dollar_delta;
    out.dollar_gamma_1pct += p.dollar_gamma_1pct;
  }
  if (reference != nullptr && reference->price > 0) {
    double weighted = 0;
    for (const auto& [underlying, u] : out.by_underlying) {
      auto beta = reference->betas.find(underlying);
      weighted += u.greeks.delta * u.spot * (beta == reference->betas.end() ? 1.0 : beta->second) / reference->price;
    }
    out.beta_weighted_delta = weighted;
  }
  return out;
}

}  // namespace nightdesk::portfolio
