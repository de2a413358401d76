#include "store/resume_feed.h"

namespace nightdesk::store {

Result<bool> ResumeFeed::next(market::QuoteEvent& event) {
  for (;;) {
    auto more = input_->next(event);
    if (!more || !*more) return more;
    if (event.time() >= resume_at_) return true;
    ++skipped_;
  }
}

}  // namespace nightdesk::store
