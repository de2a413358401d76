// The adapter from the engine's state to the risk module's inputs: the portfolio's positions, marks and
// Greeks become risk::PortfolioView, and an order request becomes a risk::CandidateOrder priced from the
// latest quotes. The only place these conversions live. Pure functions of their inputs; engine thread
// (they read engine-owned state).
//
// Units: the portfolio's position Greeks (delta and gamma in shares, vega in $ per vol point) are the risk
// module's GreekExposure units, and a leg's per-share Greeks convert with portfolio::greek_set.
#pragma once

#include <optional>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/quote_board.h"
#include "execution/order_request.h"
#include "market/chain_book.h"
#include "portfolio/portfolio.h"
#include "risk/candidate_order.h"
#include "risk/pre_trade_check.h"

namespace nightdesk::engine {

// The implied volatility the feed sent with `instrument`'s latest quote in `chains`; nullopt when none.
std::optional<double> quoted_iv(const market::ChainBook& chains, const market::Instrument& instrument);

// Every open position with its legs at their marks (a leg not yet marked stands at its oldest lot's price)
// and the underlying's latest mark from `quotes`, plus the portfolio's Greeks per underlying.
risk::PortfolioView portfolio_view(const portfolio::Portfolio& portfolio, const QuoteBoard& quotes);

// `request` with each leg's mark (its latest quote, else the held leg's mark) and per-share Greeks (the held
// leg's, else priced from the mark with the IV `chains` quotes for it or one solved from the mark; a leg the model cannot price
// counts as zero Greeks) and the underlying's mark. unavailable naming the leg when a leg has no mark, or
// an option order's underlying has never been quoted.
Result<risk::CandidateOrder> candidate_order(const execution::OrderRequest& request, const portfolio::Portfolio& portfolio,
                                             const QuoteBoard& quotes, const market::ChainBook& chains,
                                             const TradingCalendar& calendar, Timestamp now);

}  // namespace nightdesk::engine
