#include "common/request_rate_window.h"

#include <algorithm>

namespace nightdesk {

RequestRateWindow::RequestRateWindow(int limit, std::chrono::milliseconds period) : limit_(limit), period_(period) {}

RequestRateWindow::Time RequestRateWindow::next_allowed(Time now) const {
  Time at = std::max(now, held_until_);
  if (limit_ > 0 && static_cast<int>(sent_.size()) >= limit_) {
    // The oldest of the last `limit_` sends must have left the window.
    at = std::max(at, sent_.front() + period_);
  }
  return at;
}

void RequestRateWindow::record(Time sent) {
  if (limit_ <= 0) return;
  sent_.push_back(sent);
  while (static_cast<int>(sent_.size()) > limit_) sent_.pop_front();
}

void RequestRateWindow::hold_until(Time until) { held_until_ = std::max(held_until_, until); }

}  // namespace nightdesk
