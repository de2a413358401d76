#include "engine/quote_board.h"

#include <array>

#include <fmt/format.h>

namespace nightdesk::engine {

void QuoteBoard::on_quote(const market::QuoteEvent& event) {
  auto known = quotes_.find(event);  // a lookup builds no key; only a new instrument's entry does
  if (known != quotes_.end()) {
    known->second = event.quote;
    return;
  }
  quotes_.emplace(broker::InstrumentKey::of(event), event.quote);
}

const market::Quote* QuoteBoard::find(const market::Instrument& instrument) const {
  auto it = quotes_.find(instrument);
  return it == quotes_.end() ? nullptr : &it->second;
}

Result<execution::NetQuote> QuoteBoard::net_quote(const execution::OrderRequest& request) const {
  if (request.legs.empty() || request.legs.size() > execution::kMaxComboLegs)
    return fail(ErrorCode::invalid_argument, fmt::format("{} legs", request.legs.size()), "legs");
  std::array<market::Quote, execution::kMaxComboLegs> legs{};
  for (std::size_t i = 0; i < request.legs.size(); ++i) {
    const market::Quote* q = find(request.legs[i].instrument);
    if (q == nullptr) {
      auto symbol = request.legs[i].instrument.symbol();
      return fail(ErrorCode::not_found, fmt::format("no quote yet for {}", symbol ? *symbol : request.legs[i].instrument.underlying),
                  fmt::format("legs[{}]", i));
    }
    legs[i] = *q;
  }
  return execution::net_quote(request, std::span<const market::Quote>(legs.data(), request.legs.size()));
}

std::optional<Price> QuoteBoard::underlying_mark(const std::string& symbol) const {
  const market::Quote* q = find(market::Instrument::stock(symbol));
  return q == nullptr ? std::nullopt : q->mark();
}

}  // namespace nightdesk::engine
