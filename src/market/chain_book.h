// ChainBook: the latest option chain of every underlying, kept current by applying quote events in
// time order; snapshots are copies. Owned by one thread (the engine's, or a loader's).
#pragma once

#include <map>
#include <string>

#include "market/feed.h"
#include "market/option_chain.h"

namespace nightdesk::market {

class ChainBook {
 public:
  // Applies one event; expiries that ended before the event's (UTC) date are dropped.
  void apply(const QuoteEvent& event);
  // The current chain of `underlying`; nullptr when nothing was seen for it.
  const OptionChain* chain(std::string_view underlying) const;
  const std::map<std::string, OptionChain, std::less<>>& chains() const { return chains_; }

 private:
  std::map<std::string, OptionChain, std::less<>> chains_;
};

// Replays `feed` up to and including `at` and returns the chain of `underlying` as it stood then. Events
// after `at` are left unread except the one that showed the snapshot was complete. not_found when the
// feed had nothing for `underlying` by then.
Result<OptionChain> chain_snapshot_at(Feed& feed, std::string_view underlying, Timestamp at);

}  // namespace nightdesk::market
