#include "execution/order_terms.h"

#include <array>
#include <utility>

namespace nightdesk::execution {
namespace {

constexpr std::array<std::string_view, 2> kSides{"buy", "sell"};
constexpr std::array<std::string_view, 4> kTypes{"limit", "market", "stop", "stop_limit"};
constexpr std::array<std::string_view, 3> kTifs{"day", "gtc", "ioc"};
constexpr std::array<std::string_view, 4> kSources{"strategy", "bot_management", "manual_api", "roll"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Side side) { return kSides[std::to_underlying(side)]; }
std::string_view to_string(OrderType type) { return kTypes[std::to_underlying(type)]; }
std::string_view to_string(TimeInForce tif) { return kTifs[std::to_underlying(tif)]; }
std::string_view to_string(OrderSource source) { return kSources[std::to_underlying(source)]; }

std::optional<Side> parse_side(std::string_view text) { return parse_name<Side>(kSides, text); }
std::optional<OrderType> parse_order_type(std::string_view text) { return parse_name<OrderType>(kTypes, text); }
std::optional<TimeInForce> parse_time_in_force(std::string_view text) { return parse_name<TimeInForce>(kTifs, text); }
std::optional<OrderSource> parse_order_source(std::string_view text) { return parse_name<OrderSource>(kSources, text); }

}  // namespace nightdesk::execution
