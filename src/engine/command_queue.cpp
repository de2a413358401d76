#include "engine/command_queue.h"

#include <utility>

namespace nightdesk::engine {

void CommandQueue::push(Command command) {
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(command));
    pending_.store(queued_.size(), std::memory_order_release);
  }
  ready_.notify_one();
}

std::size_t CommandQueue::drain(std::vector<Command>& batch) {
  batch.clear();
  std::lock_guard lock(mutex_);
  batch.swap(queued_);
  pending_.store(0, std::memory_order_release);
  return batch.size();
}

void CommandQueue::wait_for(Nanoseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return !queued_.empty() || woken_; });
  woken_ = false;
}

void CommandQueue::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  ready_.notify_one();
}

}  // namespace nightdesk::engine
