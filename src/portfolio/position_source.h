// PositionSource: who owns the decisions about a position. The bot manages only bot_managed positions;
// a manual position (opened by a person through the API) is never closed, rolled or stopped by the bot.
// Plain enum; any thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "execution/order_terms.h"

namespace nightdesk::portfolio {

enum class PositionSource : std::uint8_t { bot_managed, manual };

constexpr std::string_view to_string(PositionSource source) {
  return source == PositionSource::manual ? "manual" : "bot_managed";
}

// A position opened by a manual/API order is manual; strategy, bot and roll orders open bot-managed ones.
constexpr PositionSource source_of(execution::OrderSource order_source) {
  return order_source == execution::OrderSource::manual_api ? PositionSource::manual : PositionSource::bot_managed;
}

}  // namespace nightdesk::portfolio
