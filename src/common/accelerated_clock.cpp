#include "common/accelerated_clock.h"

#include <cmath>
#include <memory>

namespace nightdesk {

Result<std::unique_ptr<AcceleratedClock>> AcceleratedClock::create(Timestamp start, double speed) {
  if (!std::isfinite(speed) || speed < 1.0)
    return fail(ErrorCode::invalid_argument, "the clock's speed must be a number of at least 1", "speed");
  return std::unique_ptr<AcceleratedClock>(new AcceleratedClock(start, speed));
}

AcceleratedClock::AcceleratedClock(Timestamp start, double speed)
    : start_(start), speed_(speed), wall_origin_(std::chrono::steady_clock::now()) {}

Timestamp AcceleratedClock::now() const {
  const auto wall = std::chrono::duration_cast<Nanoseconds>(std::chrono::steady_clock::now() - wall_origin_);
  const auto scaled = Nanoseconds(static_cast<std::int64_t>(static_cast<double>(wall.count()) * speed_));
  return start_ + scaled + Nanoseconds(jumped_ns_.load(std::memory_order_acquire));
}

Nanoseconds AcceleratedClock::jump_to(Timestamp t) {
  const Nanoseconds ahead = t - now();
  if (ahead <= Nanoseconds{0}) return Nanoseconds{0};
  jumped_ns_.fetch_add(ahead.count(), std::memory_order_acq_rel);
  return ahead;
}

}  // namespace nightdesk
