// WsChannel: the WebSocket hub's channels — positions, orders, fills, greeks, risk (state: every update
// matters) and quotes:<SYMBOL> (market data: only the latest value matters). Plain values; any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk::api {

enum class WsChannelKind { positions, orders, fills, greeks, risk, quotes };

struct WsChannel {
  WsChannelKind kind = WsChannelKind::positions;
  std::string symbol;  // quotes only: "SPY", "SPY   250117C00450000"

  // "orders", "quotes:SPY".
  std::string name() const;
  bool is_quote() const { return kind == WsChannelKind::quotes; }
};

inline constexpr std::size_t kMaxQuoteSymbolLength = 32;

// Reads a channel name. A quote symbol is 1-32 characters of A-Z, 0-9, space and . / - _ ^ (upper case only:
// "quotes:spy" is refused rather than left silently empty). invalid_argument naming `field` for anything else.
Result<WsChannel> parse_ws_channel(std::string_view name, std::string_view field = "channel");

}  // namespace nightdesk::api
