// AcceleratedClock: engine time that runs `speed` times faster than the wall clock from a chosen start (the
// demo's market day in minutes instead of hours), and may be moved forward at once over idle stretches
// (a closed market). now() may be called from any thread; jump_to() by the one owner driving it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk {

class AcceleratedClock final : public Clock {
 public:
  // invalid_argument (field "speed") unless speed is finite and at least 1.
  static Result<std::unique_ptr<AcceleratedClock>> create(Timestamp start, double speed);

  Timestamp now() const override;
  double speed() const { return speed_; }
  // Moves time forward to `t` at once (and runs on from there); an earlier `t` is ignored. Returns how far it moved.
  Nanoseconds jump_to(Timestamp t);

 private:
  AcceleratedClock(Timestamp start, double speed);

  const Timestamp start_;
  const double speed_;
  const std::chrono::steady_clock::time_point wall_origin_;
  std::atomic<std::int64_t> jumped_ns_{0};  // the sum of every jump
};

}  // namespace nightdesk
