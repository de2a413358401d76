// The terms that describe an order: side, order type, time in force and where the order came from.
// Plain enums with stable text names (used by the journal, the API and metrics labels).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace nightdesk::execution {

enum class Side : std::uint8_t { buy, sell };
enum class OrderType : std::uint8_t { limit, market, stop, stop_limit };
// day: until the session's close; gtc: until cancelled; ioc: fill what is possible now, cancel the rest.
enum class TimeInForce : std::uint8_t { day, gtc, ioc };
// Who asked for the order. The bot never manages positions opened by manual_api orders.
enum class OrderSource : std::uint8_t { strategy, bot_management, manual_api, roll };

std::string_view to_string(Side side);
std::string_view to_string(OrderType type);
std::string_view to_string(TimeInForce tif);
std::string_view to_string(OrderSource source);

// Read the names above exactly (lower case, as printed); anything else is nullopt.
std::optional<Side> parse_side(std::string_view text);
std::optional<OrderType> parse_order_type(std::string_view text);
std::optional<TimeInForce> parse_time_in_force(std::string_view text);
std::optional<OrderSource> parse_order_source(std::string_view text);

// +1 for a buy (paying more is walking toward the far side), -1 for a sell.
constexpr int direction(Side side) { return side == Side::buy ? 1 : -1; }
constexpr Side opposite(Side side) { return side == Side::buy ? Side::sell : Side::buy; }

}  // namespace nightdesk::execution
