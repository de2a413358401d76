// How a template names an expiry (a date or a target days-to-expiry) and a strike (fixed, by target delta or
// as an offset from the at-the-money strike). Plain values; any thread.
#pragma once

#include <string_view>
#include <variant>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"

namespace nightdesk::strategy {

// A listed expiry date, exactly.
struct FixedExpiry {
  Date date{};
  bool operator==(const FixedExpiry&) const = default;
};
// The listed expiry whose calendar days-to-expiry are closest to `days` (ties go to the earlier one).
struct TargetDte {
  int days = 30;  // >= 0
  bool operator==(const TargetDte&) const = default;
};
using ExpiryChoice = std::variant<FixedExpiry, TargetDte>;

// A listed strike, exactly.
struct FixedStrike {
  Price strike;  // > 0
  bool operator==(const FixedStrike&) const = default;
};
// The strike whose |delta| is closest to `delta` on the leg's right (0.30 means +0.30 for a call and -0.30
// for a put); ties go to the lower strike. Deltas come from src/pricing with the quote's IV (or the IV
// solved from the mid).
struct TargetDelta {
  double delta = 0.30;  // in (0, 1)
  bool operator==(const TargetDelta&) const = default;
};
// The listed strike nearest to (ATM strike + offset) (ties go to the lower strike); 0 is the ATM strike.
struct AtmOffset {
  Price offset;  // dollars per share, signed
  bool operator==(const AtmOffset&) const = default;
};
using StrikeChoice = std::variant<FixedStrike, TargetDelta, AtmOffset>;

// ok, or invalid_argument naming `field` ("expiry.dte": negative days).
Status validate_expiry_choice(const ExpiryChoice& choice, std::string_view field);
// ok, or invalid_argument naming `field` (a strike <= 0) or "<field>.delta" (outside (0, 1)).
Status validate_strike_choice(const StrikeChoice& choice, std::string_view field);

}  // namespace nightdesk::strategy
