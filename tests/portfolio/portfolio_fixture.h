// The portfolio tests' fixture: a synthetic chain of 2025-01-13, opening orders of a 440/430 put spread,
// and the engine's part played by hand (fills applied, the Order record handed over when it ends). One thread.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/id_generator.h"
#include "execution/order.h"
#include "portfolio/portfolio.h"
#include "synthetic_chain.h"
#include "test_positions.h"

namespace nightdesk::portfolio::testing {

using execution::Side;

inline execution::OrderRequest opening_order(const std::string& position_id, execution::OrderSource source, std::int64_t units = 2) {
  execution::OrderRequest r;
  r.client_order_id = execution::ClientOrderId("open-" + position_id);
  r.legs = {{put("2025-01-17", "440"), 1, Side::sell}, {put("2025-01-17", "430"), 1, Side::buy}};
  r.quantity = Quantity(units);
  r.limit_price = px("-1.50");
  r.source = source;
  r.parent_position_id = position_id;
  return r;
}

// Fills `units` of every leg of `request` at `prices` (one per leg) on the portfolio and returns the
// engine's Order record of it, as the engine would hand it over when the order ends.
inline execution::Order fill_order(Portfolio& portfolio, const execution::OrderRequest& request, std::int64_t units,
                            std::vector<const char*> prices, std::string reason = "") {
  execution::Order order(request, at("2025-01-13T20:50:00Z"));
  for (std::size_t i = 0; i < request.legs.size() && units > 0; ++i) {
    execution::Fill f;
    f.client_order_id = request.client_order_id;
    f.fill_id = "x" + std::to_string(i);
    f.leg = i;
    f.quantity = Quantity(units * request.legs[i].ratio);
    f.price = px(prices.at(i));
    f.fees = usd("0.65");
    f.engine_time = at("2025-01-13T20:50:00Z");
    EXPECT_TRUE(portfolio.apply_fill(request, f));
    EXPECT_TRUE(order.leg_fills[i].add(f.price, f.quantity));
    order.fills.push_back(f);
    order.fees += f.fees;
  }
  order.history.push_back({execution::OrderState::accepted, units > 0 ? execution::OrderState::filled : execution::OrderState::rejected,
                           units > 0 ? execution::OrderEvent::fill : execution::OrderEvent::reject, at("2025-01-13T20:50:00Z"),
                           std::nullopt, std::move(reason)});
  return order;
}

// Quotes every event of `chain` (the underlying and each option) into the portfolio.
inline void quote_chain(Portfolio& portfolio, const market::OptionChain& chain) {
  market::QuoteEvent u;
  u.underlying = chain.underlying();
  u.quote = *chain.underlying_quote();
  portfolio.on_quote(u);
  for (const auto& [expiry, slice] : chain.expiries())
    for (const auto& row : slice.strikes())
      for (OptionRight right : {OptionRight::call, OptionRight::put})
        if (row.side(right)) {
          market::QuoteEvent e;
          e.kind = market::InstrumentKind::option;
          e.underlying = chain.underlying();
          e.expiry = expiry;
          e.strike = row.strike;
          e.right = right;
          e.quote = row.side(right)->quote;
          e.iv = row.side(right)->iv;
          portfolio.on_quote(e);
        }
}

struct PortfolioFixture : ::testing::Test {
  IdGenerator ids{"ord", 3};
  market::OptionChain chain = synthetic_chain(day("2025-01-13"));
};

}  // namespace nightdesk::portfolio::testing
