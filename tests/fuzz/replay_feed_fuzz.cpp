// libFuzzer target for both quote-file parsers (native CSV and OptionsDX, chosen by the header like
// `data check` does): any input must give events or bad-row reports, never a crash, hang or leak.
// Built by scripts/fuzz with clang -fsanitize=fuzzer,address,undefined; not part of the CMake build.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "market/replay_feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nightdesk::market;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (OnBadRow policy : {OnBadRow::skip, OnBadRow::fail}) {
    LoadOptions options;
    options.on_bad_row = policy;
    options.underlying = "SPY";
    options.max_line_bytes = 512;
    auto feed = open_replay_feed_from_memory(text, "fuzz.csv", options);
    if (!feed) continue;
    QuoteEvent event;
    while (true) {
      auto got = (*feed)->next(event);
      if (!got || !*got) break;
      if (event.is_option() && event.quote.ask.units() < 0) __builtin_trap();  // validated: never negative
    }
  }
  return 0;
}
