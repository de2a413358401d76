#include "api/ws_channel.h"

#include <array>
#include <utility>

namespace nightdesk::api {
namespace {

constexpr std::array<std::pair<std::string_view, WsChannelKind>, 5> kStateChannels{{
    {"positions", WsChannelKind::positions},
    {"orders", WsChannelKind::orders},
    {"fills", WsChannelKind::fills},
    {"greeks", WsChannelKind::greeks},
    {"risk", WsChannelKind::risk},
}};
constexpr std::string_view kQuotePrefix = "quotes:";

bool is_symbol_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '/' || c == '-' ||
         c == '_' || c == '^';
}

}  // namespace

std::string WsChannel::name() const {
  if (is_quote()) return std::string(kQuotePrefix) + symbol;
  for (const auto& [text, k] : kStateChannels) {
    if (k == kind) return std::string(text);
  }
  return "unknown";
}

Result<WsChannel> parse_ws_channel(std::string_view name, std::string_view field) {
  for (const auto& [text, kind] : kStateChannels) {
    if (name == text) return WsChannel{kind, {}};
  }
  if (!name.starts_with(kQuotePrefix)) {
    return fail(ErrorCode::invalid_argument,
                "unknown channel '" + std::string(name) +
                    "' (expected positions, orders, fills, greeks, risk or quotes:<SYMBOL>)",
                std::string(field));
  }
  const std::string_view symbol = name.substr(kQuotePrefix.size());
  if (symbol.empty() || symbol.size() > kMaxQuoteSymbolLength) {
    return fail(ErrorCode::invalid_argument, "a quote channel needs a symbol of 1-32 characters: quotes:<SYMBOL>",
                std::string(field));
  }
  for (char c : symbol) {
    if (!is_symbol_char(c)) {
      return fail(ErrorCode::invalid_argument,
                  "symbol '" + std::string(symbol) + "' has '" + std::string(1, c) +
                      "': use upper-case letters, digits, space and . / - _ ^",
                  std::string(field));
    }
  }
  return WsChannel{WsChannelKind::quotes, std::string(symbol)};
}

}  // namespace nightdesk::api
