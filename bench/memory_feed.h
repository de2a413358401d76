// MemoryFeed: a market::Feed over quote events generated before the timing starts, so a benchmark measures
// the engine path and not the generator. Borrows the events (they must outlive the feed). One thread.
#pragma once

#include <string>
#include <vector>

#include "market/feed.h"

namespace nightdesk::bench {

class MemoryFeed final : public market::Feed {
 public:
  explicit MemoryFeed(const std::vector<market::QuoteEvent>& events) : events_(events) {}
  Result<bool> next(market::QuoteEvent& e) override {
    if (next_ == events_.size()) return false;
    e = events_[next_++];
    return true;
  }
  const market::LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return name_; }

 private:
  const std::vector<market::QuoteEvent>& events_;
  std::size_t next_ = 0;
  market::LoadStats stats_;
  std::string name_ = "memory";
};

}  // namespace nightdesk::bench
