// OCC option symbology: "SPY   250117C00450000" (root padded to six, YYMMDD, C/P, strike × 1000 in
// eight digits) and the compact form without padding ("SPY250117C00450000"). Plain values.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/option_right.h"
#include "common/time.h"

namespace nightdesk {

struct OccSymbol {
  std::string root;  // the option root (often the underlying: "SPY", "SPXW", "BRKB")
  Date expiry;
  OptionRight right = OptionRight::call;
  Price strike;  // dollars per share, three decimals at most

  // Parses the 21-character padded form or the compact form; names what is wrong otherwise.
  static Result<OccSymbol> parse(std::string_view text);
  // Validates the parts and prints the 21-character padded form.
  Result<std::string> to_padded() const;
  // Validates the parts and prints the compact form (root unpadded).
  Result<std::string> to_compact() const;

  bool operator==(const OccSymbol&) const = default;
};

}  // namespace nightdesk
