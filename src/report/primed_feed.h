// PrimedFeed: a feed that has already read its first event, so a backtest can start its simulated clock
// at that instant before the replay; it hands that event out first and then the rest of the inner feed.
// One consumer thread, like any Feed.
#pragma once

#include <memory>
#include <optional>

#include "market/feed.h"

namespace nightdesk::report {

class PrimedFeed final : public market::Feed {
 public:
  // Reads the first event of `inner` (the inner feed's error, if it has one at once).
  static Result<std::unique_ptr<PrimedFeed>> create(std::unique_ptr<market::Feed> inner);

  // The first event's time; none for an empty feed.
  std::optional<Timestamp> first_time() const { return first_ ? std::optional(first_->time()) : std::nullopt; }
  Result<bool> next(market::QuoteEvent& event) override;
  const market::LoadStats& stats() const override { return inner_->stats(); }
  const std::string& name() const override { return inner_->name(); }

 private:
  explicit PrimedFeed(std::unique_ptr<market::Feed> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<market::Feed> inner_;
  std::optional<market::QuoteEvent> first_;
  bool first_given_ = false;
};

}  // namespace nightdesk::report
