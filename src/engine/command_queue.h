// CommandQueue: the only way into the engine from another thread (API, signal handler, live feed).
// Any thread may push(); only the engine thread drains and waits (many producers, one consumer).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "common/time.h"

namespace nightdesk::engine {

class CommandQueue {
 public:
  // Runs on the engine thread, which owns all trading state.
  using Command = std::function<void()>;

  // Any thread. Commands from one thread run in the order pushed.
  void push(Command command);
  // Engine thread: swaps every queued command into `batch` (cleared first; its capacity is reused, so a
  // steady state allocates nothing here). Returns how many.
  std::size_t drain(std::vector<Command>& batch);
  // Lock-free hint for the hot loop: true when a push may be waiting.
  bool maybe_pending() const { return pending_.load(std::memory_order_acquire) != 0; }
  // Engine thread: blocks until a command is pushed, wake() is called, or `timeout` passes.
  void wait_for(Nanoseconds timeout);
  // Any thread: ends a wait_for early (used to stop the loop).
  void wake();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<Command> queued_;
  std::atomic<std::size_t> pending_{0};
  bool woken_ = false;
};

}  // namespace nightdesk::engine
