// Building the OrderRequest for a set of signed legs (closing a position, or both sides of a roll): leg
// sides from the signs, ratios from the magnitudes, and a limit at the legs' net mark. The portfolio only
// PRODUCES these requests; the engine submits them (through risk and smart execution). Pure; any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "execution/order_request.h"
#include "market/instrument.h"
#include "portfolio/position.h"

namespace nightdesk::portfolio {

// `contracts_per_unit` contracts of `instrument` per unit of the order: positive to buy, negative to sell.
struct SignedLeg {
  market::Instrument instrument;
  std::int64_t contracts_per_unit = 0;
  std::optional<Price> mark;  // per share; required to price the order
};

struct OrderIdentity {
  std::string client_order_id;
  std::string position_id;
  execution::OrderSource source = execution::OrderSource::bot_management;
  std::string strategy_tag = "bot";
};

// A limit order for `units` of `legs`. Single leg: quantity units x |contracts|, limit = the mark (a
// worthless leg is priced at the one-cent minimum, since a limit must be > 0). Combo: limit = the NET mark
// per unit, debit positive (sum of +-contracts x mark). The engine's smart execution re-anchors the price on
// the live quote, so this is the opening reference. unavailable when a leg has no mark; invalid_argument
// for no legs, a zero ratio, or zero units.
Result<execution::OrderRequest> make_position_order(const std::vector<SignedLeg>& legs, Quantity units,
                                                   const OrderIdentity& identity);

// The legs that close `units` of `position` (every open leg reversed, in the position's unit shape).
std::vector<SignedLeg> closing_legs(const Position& position);

}  // namespace nightdesk::portfolio
