// Instrument: an underlying (equity, ETF, index) or one listed option contract on it.
// Plain values; safe to copy across threads.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/option_right.h"
#include "common/time.h"

namespace nightdesk::market {

enum class InstrumentKind : std::uint8_t { underlying, option };
enum class ExerciseStyle : std::uint8_t { american, european };
// How an exercised contract settles: shares delivered (equity/ETF) or cash (index).
enum class Settlement : std::uint8_t { physical, cash };

struct Instrument {
  InstrumentKind kind = InstrumentKind::underlying;
  std::string underlying;  // "SPY"; for an option, the underlying's symbol (also the OCC root here)
  // Option fields; meaningless for an underlying.
  Date expiry{};
  Price strike;
  OptionRight right = OptionRight::call;
  ExerciseStyle style = ExerciseStyle::american;
  Settlement settlement = Settlement::physical;
  std::int32_t multiplier = 100;  // shares per contract; 1 for the underlying itself

  static Instrument stock(std::string symbol);
  static Instrument option(std::string underlying, Date expiry, Price strike, OptionRight right);

  bool is_option() const { return kind == InstrumentKind::option; }
  // "SPY" for an underlying; the padded OCC symbol ("SPY   250117C00450000") for an option.
  Result<std::string> symbol() const;

  bool operator==(const Instrument&) const = default;
};

}  // namespace nightdesk::market
