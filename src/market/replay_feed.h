// Replay feeds: open a quote file in either supported format (detected from its header) as a Feed,
// and merge several feeds into one time-ordered stream. One consumer thread per feed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "market/feed.h"
#include "market/line_source.h"

namespace nightdesk::market {

enum class DataFormat : std::uint8_t { native_csv, optionsdx };
std::string_view to_string(DataFormat format);

// Tells the format from the first line: bracketed names ("[QUOTE_UNIXTIME], ...") are OptionsDX, a
// line starting with a native column name is native CSV; anything else is a missing header.
Result<DataFormat> detect_format(std::string_view first_line);

// Opens `path`, detects its format and returns a feed that replays it.
Result<std::unique_ptr<Feed>> open_replay_feed(const std::string& path, LoadOptions options);
// The same over text in memory (tests, fuzzing); `text` must outlive the feed.
Result<std::unique_ptr<Feed>> open_replay_feed_from_memory(std::string_view text, std::string name,
                                                          LoadOptions options);

// Interleaves feeds by time; on equal times the earlier feed in the list goes first, so a merge is
// deterministic. Its stats are the sum of its inputs'.
class MergedFeed final : public Feed {
 public:
  explicit MergedFeed(std::vector<std::unique_ptr<Feed>> inputs);
  Result<bool> next(QuoteEvent& event) override;
  const LoadStats& stats() const override;
  const std::string& name() const override { return name_; }

 private:
  Status prime(std::size_t i);  // reads the next event of input i into heads_[i]

  std::vector<std::unique_ptr<Feed>> inputs_;
  std::vector<QuoteEvent> heads_;
  std::vector<bool> live_;  // heads_[i] holds an undelivered event
  bool primed_ = false;
  std::string name_;
  mutable LoadStats stats_;
};

}  // namespace nightdesk::market
