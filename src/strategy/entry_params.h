// EntryParams: the parameters every built-in strategy shares (underlying, expiry window, liquidity floors,
// size, how many positions at once, how often to look, how orders are worked), read from the `params` map of
// a strategies entry with errors that name the field; and EntryCadence, which turns the underlying's quotes
// into "look now" at most once per interval while the session is open. Engine thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/order_manager.h"
#include "market/quote_event.h"
#include "portfolio/portfolio.h"
#include "strategy/breaker_hold.h"
#include "strategy/built_order.h"
#include "strategy/json_fields.h"
#include "strategy/strategy_context.h"
#include "strategy/strike_screen.h"

namespace nightdesk::strategy {

struct EntryParams {
  std::string underlying;                  // required
  DteWindow dte;                           // min_dte, max_dte, target_dte
  LiquidityFloor liquidity{100, 0};        // min_open_interest, min_volume (every leg)
  std::int64_t quantity = 1;               // units of the structure per entry
  std::int64_t max_positions = 1;          // open positions plus entry orders working, at most
  std::int32_t check_interval_minutes = 30;  // engine time between looks at the chain
  std::string execution = "smart";         // "smart": walked from the mid; "direct": a limit at the mid, resting

  engine::ExecutionStyle style() const { return execution == "direct" ? engine::ExecutionStyle::direct : engine::ExecutionStyle::smart; }
};

// Reads the shared keys from `reader` (the caller reads its own keys on the same reader).
void describe_entry(JsonObjectReader& reader, EntryParams& p);
// ok, or invalid_argument naming the field ("min_dte", "max_positions", ...).
Status validate_entry(const EntryParams& p, std::string_view path);
// A DeltaBand from "<prefix>_min" and "<prefix>_max"; validated to 0 < min <= max < 1.
void describe_band(JsonObjectReader& reader, std::string_view prefix, DeltaBand& band);
Status validate_band(const DeltaBand& band, std::string_view prefix, std::string_view path);

// "Look now" at most once per `every` of engine time, on the underlying's own quotes, while the NYSE session
// is open (a chain seen outside the session has stale or no quotes).
class EntryCadence {
 public:
  explicit EntryCadence(std::chrono::minutes every) : every_(every) {}
  bool due(const market::QuoteEvent& quote, std::string_view underlying, Timestamp now, const TradingCalendar& calendar);

 private:
  std::chrono::minutes every_;
  std::optional<Timestamp> last_;
};

// The positions a strategy opened (by id), so it can count the ones still open.
class OwnedPositions {
 public:
  void add(std::string position_id);
  // Positions not flat in `portfolio` (a position never booked, e.g. an entry that did not fill, is flat).
  std::int64_t open(const portfolio::Portfolio& portfolio) const;
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  std::vector<std::string> ids_;
};

// The limit to send a built order with. direct: its own (the net mid). smart: the walk opens at the mid and
// never passes the order's limit, so the limit is the far touch (the worst price accepted), and for a net
// price no worse than `worst` when given (e.g. -min_credit); a single leg keeps the mid when its far touch is 0.
Price entry_limit(const BuiltOrder& order, engine::ExecutionStyle style, std::optional<Price> worst = std::nullopt);

// True when the strategy may open another position: its open positions plus its working orders are below
// `max_positions`; otherwise records a skip saying so.
bool has_room(StrategyContext& context, const OwnedPositions& positions, std::int64_t max_positions);

// Sends an entry through context.submit and notes a breaker refusal on `hold` (breaker_hold.h).
Result<const execution::Order*> submit_entry(StrategyContext& context, BreakerHold& hold, execution::OrderRequest request,
                                             engine::ExecutionStyle style);

// One entry attempt of a credit strategy on a quote: when the cadence is due, there is room and the breaker
// has not refused the last attempt in its current state (`hold`), picks the order from the underlying's chain
// with `pick(chain, build_context)`, prices it no worse than -min_credit, submits it through the desk and owns
// its position; every reason not to enter is recorded as a skip.
template <class Pick>
void try_credit_entry(StrategyContext& context, const market::QuoteEvent& quote, const EntryParams& entry,
                      EntryCadence& cadence, BreakerHold& hold, OwnedPositions& positions, Price min_credit, Pick pick) {
  if (!cadence.due(quote, entry.underlying, context.now(), context.calendar())) return;
  if (!has_room(context, positions, entry.max_positions)) return;
  if (hold.held(context.breaker())) return context.skip(hold.reason(context.breaker()));
  const market::OptionChain* chain = context.chain(entry.underlying);
  if (chain == nullptr) return context.skip("no chain for " + entry.underlying);
  Result<BuiltOrder> order = pick(*chain, context.build_context(entry.underlying));
  if (!order) return context.skip(order.error().field + ": " + order.error().message);
  order->request.limit_price = entry_limit(*order, entry.style(), -min_credit);
  auto placed = submit_entry(context, hold, std::move(order->request), entry.style());
  if (!placed) return context.skip("refused: " + placed.error().message);
  positions.add((*placed)->request.parent_position_id);
}

}  // namespace nightdesk::strategy
