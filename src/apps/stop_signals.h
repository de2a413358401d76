// StopSignals: SIGINT and SIGTERM (and, optionally, a deadline) turned into one call of `on_stop` on a watcher
// thread, so the engine stops between events instead of dying inside one. block_stop_signals() must run on the
// main thread before any other thread starts (threads inherit the mask; the watcher takes the signals with
// sigtimedwait). Construct and destroy a StopSignals on one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace nightdesk::apps {

// Blocks SIGINT and SIGTERM for the calling thread and every thread it starts afterwards.
void block_stop_signals();

class StopSignals {
 public:
  // `on_stop(why)` runs once: "SIGTERM", "SIGINT" or "duration".
  StopSignals(std::function<void(const std::string& why)> on_stop, std::optional<std::chrono::steady_clock::duration> deadline);
  ~StopSignals();  // stops watching and joins
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  void watch(std::function<void(const std::string&)> on_stop, std::optional<std::chrono::steady_clock::time_point> deadline);

  std::atomic<bool> done_{false};
  std::thread watcher_;
};

}  // namespace nightdesk::apps
