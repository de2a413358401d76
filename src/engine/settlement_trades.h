// Expiry settlement as trades on the portfolio's positions: the venue's ExpirySettlement of one instrument
// becomes, for each position holding it, a closing fill of its leg at the intrinsic value (0 when it
// expired worthless), so the position realizes its P&L and goes flat; an exercise or assignment adds the
// delivered shares to the same position at the settlement price of the underlying. Together the two are
// worth exactly the strike the venue books (intrinsic + price = strike for a call's buyer, and so on).
// Pure; engine thread (reads the portfolio).
#pragma once

#include <vector>

#include "broker/expiry_settlement.h"
#include "execution/fill.h"
#include "execution/order_request.h"
#include "portfolio/portfolio.h"

namespace nightdesk::engine {

// One booking for Portfolio::apply_fill: a one-leg request naming the position, and its fill.
struct SettlementTrade {
  execution::OrderRequest order;
  execution::Fill fill;
};

// The trades that settle `settlement` on every position holding its instrument, the venue's quantity
// shared out by each position's own quantity. Fill ids are derived from the instrument and date, so a
// settlement applied twice is ignored by the positions. Empty when no position holds it.
std::vector<SettlementTrade> settlement_trades(const broker::ExpirySettlement& settlement, const portfolio::Portfolio& portfolio);

}  // namespace nightdesk::engine
