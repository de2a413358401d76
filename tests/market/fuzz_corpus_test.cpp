// Replays the fuzz corpus (tests/fuzz/corpus) through both parsers on every test run, so inputs that once
// crashed stay fixed even where libFuzzer (clang >= 16) is not available.
#include <gtest/gtest.h>

#include "support/paths.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "market/replay_feed.h"

namespace nightdesk::market {
namespace {

TEST(FuzzCorpus, EveryInputParsesOrIsRejectedWithoutCrashing) {
  std::filesystem::path corpus = testing::source_dir() / "tests/fuzz/corpus/replay_feed";
  int inputs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string data = text.str();
    ++inputs;
    for (OnBadRow policy : {OnBadRow::skip, OnBadRow::fail}) {
      LoadOptions options;
      options.on_bad_row = policy;
      options.underlying = "SPY";
      options.max_line_bytes = 512;
      auto feed = open_replay_feed_from_memory(data, entry.path().filename().string(), options);
      if (!feed) continue;
      QuoteEvent event;
      int guard = 0;
      while (true) {
        auto got = (*feed)->next(event);
        if (!got || !*got) break;
        ASSERT_LT(++guard, 1'000'000);
        if (event.is_option()) {
          ASSERT_GE(event.quote.bid.units(), 0) << entry.path();
        }
      }
    }
  }
  EXPECT_GE(inputs, 4);
}

}  // namespace
}  // namespace nightdesk::market
