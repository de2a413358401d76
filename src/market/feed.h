// Feed: a source of time-ordered quote events (file replay, synthetic market, and later a live source;
// the spec's LiveFeed is this interface). One consumer thread pulls events with next().
#pragma once

#include <string>

#include "common/error.h"
#include "market/load_report.h"
#include "market/quote_event.h"

namespace nightdesk::market {

class Feed {
 public:
  virtual ~Feed() = default;
  // Fills `event` with the next quote (time never decreases) and returns true; false at the end.
  // An error ends the feed: an I/O failure, or a bad row under on_bad_row: fail ("file:line: reason").
  virtual Result<bool> next(QuoteEvent& event) = 0;
  // What the feed has read and skipped so far.
  virtual const LoadStats& stats() const = 0;
  // A name for messages: the file path, or "synthetic(seed=7)".
  virtual const std::string& name() const = 0;
};

// The spec's name for a real-time source; replay and synthetic feeds implement the same interface.
using LiveFeed = Feed;

}  // namespace nightdesk::market
