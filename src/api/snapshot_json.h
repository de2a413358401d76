// How the API shows the engine's snapshot in JSON: money and prices as exact decimal strings ("-125.50"),
// quantities as integers, times as ISO 8601 UTC, enums by name, Greeks and ratios as numbers. Each view is
// what one endpoint (or WebSocket channel) returns for that resource. Pure functions of a DeskSnapshot
// (immutable); any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/desk_snapshot.h"
#include "market/option_chain.h"

namespace nightdesk::api {

using Json = nlohmann::json;

Json instrument_json(const market::Instrument& instrument);
// A position with its legs, P&L, Greeks (when it could be priced) and management history.
Json position_json(const portfolio::Position& position, const engine::DeskSnapshot& snapshot);
Json positions_json(const engine::DeskSnapshot& snapshot);
// Counts and totals, bot-managed vs manual: open positions, P&L, Greeks.
Json positions_summary_json(const engine::DeskSnapshot& snapshot);
// An order with its legs, fills, average price, walk progress (replaces) and transition history.
Json order_json(const execution::Order& order);
// One fill of an order (as in order_json's "fills").
Json fill_json(const execution::Fill& fill);
Json portfolio_greeks_json(const engine::DeskSnapshot& snapshot);
Json portfolio_pnl_json(const engine::DeskSnapshot& snapshot);
// Limits, usage against them, the breaker and buying power.
Json risk_json(const engine::DeskSnapshot& snapshot);
Json breaker_transition_json(const risk::BreakerTransition& transition);
Json execution_quality_json(const engine::DeskSnapshot& snapshot);
// Expiries, strikes, both sides' quotes with size, IV and delta where known.
Json chain_json(const market::OptionChain& chain);

}  // namespace nightdesk::api
