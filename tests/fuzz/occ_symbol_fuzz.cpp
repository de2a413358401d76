// libFuzzer target: OCC symbol parsing. Any input parses or is rejected with an error; whatever parses
// formats back to a symbol that parses to the same contract.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/occ_symbol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = nightdesk::OccSymbol::parse(text);
  if (!parsed) return 0;
  auto padded = parsed->to_padded();
  if (!padded) __builtin_trap();  // a parsed symbol is always printable
  auto again = nightdesk::OccSymbol::parse(*padded);
  if (!again || !(*again == *parsed)) __builtin_trap();
  return 0;
}
