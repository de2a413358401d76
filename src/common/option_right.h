// OptionRight: call or put. A plain enum shared by symbols, pricing and orders.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace nightdesk {

enum class OptionRight : std::uint8_t { call, put };

constexpr std::string_view to_string(OptionRight right) { return right == OptionRight::call ? "call" : "put"; }

// Accepts "call"/"put" and "C"/"P" in any case.
constexpr std::optional<OptionRight> parse_option_right(std::string_view text) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (lower(text[i]) != word[i]) return false;
    return true;
  };
  if (equals("call") || equals("c")) return OptionRight::call;
  if (equals("put") || equals("p")) return OptionRight::put;
  return std::nullopt;
}

}  // namespace nightdesk
