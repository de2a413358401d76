#include "report/primed_feed.h"

namespace nightdesk::report {

Result<std::unique_ptr<PrimedFeed>> PrimedFeed::create(std::unique_ptr<market::Feed> inner) {
  std::unique_ptr<PrimedFeed> feed(new PrimedFeed(std::move(inner)));
  market::QuoteEvent event;
  auto got = feed->inner_->next(event);
  if (!got) return std::unexpected(got.error());
  if (*got) feed->first_ = std::move(event);
  return feed;
}

Result<bool> PrimedFeed::next(market::QuoteEvent& event) {
  if (!first_given_) {
    first_given_ = true;
    if (!first_) return false;
    event = *first_;
    return true;
  }
  if (!first_) return false;
  return inner_->next(event);
}

}  // namespace nightdesk::report
