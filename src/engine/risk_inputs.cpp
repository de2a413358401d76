#include "engine/risk_inputs.h"

#include <fmt/format.h>

#include "portfolio/leg_greeks.h"
#include "portfolio/position_greeks.h"

namespace nightdesk::engine {
namespace {

risk::LegGreeks to_risk(const pricing::Greeks& per_share) {
  portfolio::GreekSet g = portfolio::greek_set(per_share);
  return risk::LegGreeks{g.delta, g.gamma, g.vega};
}

// The held leg of `instrument` in the order's position, or in any position when the order names none.
const portfolio::PositionLeg* held_leg(const portfolio::Portfolio& portfolio, const execution::OrderRequest& request,
                                       const market::Instrument& instrument, std::string* position_id) {
  for (const auto& [id, position] : portfolio.positions()) {
    if (!request.parent_position_id.empty() && id != request.parent_position_id) continue;
    if (const auto* leg = position.leg(instrument)) {
      *position_id = id;
      return leg;
    }
  }
  return nullptr;
}

std::optional<risk::LegGreeks> held_greeks(const portfolio::Portfolio& portfolio, const std::string& position_id,
                                           const market::Instrument& instrument) {
  const portfolio::PositionGreeks* g = portfolio.greeks(position_id);
  if (g == nullptr) return std::nullopt;
  for (const auto& leg : g->legs)
    if (leg.instrument == instrument) return to_risk(leg.per_share);
  return std::nullopt;
}

risk::LegGreeks priced_greeks(const market::Instrument& instrument, Price mark, std::optional<double> iv,
                              std::optional<Price> spot, const portfolio::Portfolio& portfolio,
                              const TradingCalendar& calendar, Timestamp now) {
  if (instrument.kind != market::InstrumentKind::option) return risk::LegGreeks{1.0, 0.0, 0.0};
  if (!spot) return {};
  auto years = calendar.years_to_expiry(now, instrument.expiry);
  if (!years) return {};
  auto g = portfolio::leg_greeks(instrument, mark, iv, spot->to_double(), std::max(*years, 0.0), portfolio.settings().pricing);
  return g ? to_risk(g->per_share) : risk::LegGreeks{};
}

}  // namespace

std::optional<double> quoted_iv(const market::ChainBook& chains, const market::Instrument& instrument) {
  const market::OptionChain* chain = chains.chain(instrument.underlying);
  const market::ExpirySlice* slice = chain == nullptr ? nullptr : chain->expiry(instrument.expiry);
  const market::StrikeRow* row = slice == nullptr ? nullptr : slice->find(instrument.strike);
  if (row == nullptr || !row->side(instrument.right)) return std::nullopt;
  return row->side(instrument.right)->iv;
}

risk::PortfolioView portfolio_view(const portfolio::Portfolio& portfolio, const QuoteBoard& quotes) {
  risk::PortfolioView view;
  for (const auto& [id, position] : portfolio.positions()) {
    if (position.is_flat()) continue;
    risk::PositionView p;
    p.position_id = id;
    p.underlying = position.underlying();
    p.underlying_price = quotes.underlying_mark(position.underlying()).value_or(Price{});
    for (const auto& leg : position.legs()) {
      Price mark = leg.mark ? *leg.mark : (leg.lots.empty() ? Price{} : leg.lots.front().price);
      p.legs.push_back(risk::HeldLeg{leg.instrument, leg.quantity, mark});
    }
    view.positions.push_back(std::move(p));
  }
  for (const auto& [underlying, g] : portfolio.portfolio_greeks().by_underlying)
    view.greeks[underlying] = risk::GreekExposure{g.greeks.delta, g.greeks.gamma, g.greeks.vega};
  return view;
}

Result<risk::CandidateOrder> candidate_order(const execution::OrderRequest& request, const portfolio::Portfolio& portfolio,
                                             const QuoteBoard& quotes, const market::ChainBook& chains,
                                             const TradingCalendar& calendar, Timestamp now) {
  risk::CandidateOrder candidate;
  candidate.request = request;
  bool has_option = false;
  std::optional<Price> spot;
  if (!request.legs.empty()) spot = quotes.underlying_mark(request.legs.front().instrument.underlying);
  for (std::size_t i = 0; i < request.legs.size(); ++i) {
    const market::Instrument& instrument = request.legs[i].instrument;
    has_option = has_option || instrument.kind == market::InstrumentKind::option;
    const market::Quote* quote = quotes.find(instrument);
    std::string position_id;
    const portfolio::PositionLeg* held = held_leg(portfolio, request, instrument, &position_id);
    std::optional<Price> mark = quote != nullptr ? quote->mark() : std::nullopt;
    if (!mark && held != nullptr) mark = held->mark;
    if (!mark && instrument.kind != market::InstrumentKind::option) mark = spot;
    if (!mark) return fail(ErrorCode::unavailable, fmt::format("no mark for leg {} ({})", i + 1, instrument.symbol().value_or(instrument.underlying)), "legs");
    std::optional<risk::LegGreeks> greeks;
    if (held != nullptr) greeks = held_greeks(portfolio, position_id, instrument);
    if (!greeks) greeks = priced_greeks(instrument, *mark, quoted_iv(chains, instrument), spot, portfolio, calendar, now);
    candidate.legs.push_back(risk::LegMarket{*mark, *greeks});
  }
  if (has_option && !spot)
    return fail(ErrorCode::unavailable, fmt::format("no price for the underlying {}", request.legs.front().instrument.underlying),
                "underlying_price");
  candidate.underlying_price = spot.value_or(Price{});
  return candidate;
}

}  // namespace nightdesk::engine
