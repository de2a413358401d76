#include "engine/event_loop.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace nightdesk::engine {
namespace {

// A live loop re-checks the clock at least this often, so a clock that jumps (tests, accelerated demo
// clocks) is noticed without a command to wake it.
constexpr Nanoseconds kMaxLiveWait = std::chrono::milliseconds(50);

}  // namespace

TimerId EventLoop::schedule_at(Timestamp when, Callback callback) {
  return timers_.schedule_at(when, std::move(callback));
}

TimerId EventLoop::schedule_after(Nanoseconds delay, Callback callback) {
  return timers_.schedule_at(now() + delay, std::move(callback));
}

Result<TimerId> EventLoop::schedule_every(Nanoseconds period, Callback callback) {
  return timers_.schedule_every(now() + period, period, std::move(callback));
}

bool EventLoop::cancel(TimerId id) { return timers_.cancel(id); }

void EventLoop::post(CommandQueue::Command command) { commands_.push(std::move(command)); }

void EventLoop::request_stop() {
  stop_requested_.store(true, std::memory_order_release);
  commands_.wake();
}

Status EventLoop::run(market::Feed& feed) { return run_loop(&feed, std::nullopt); }
Status EventLoop::run() { return run_loop(nullptr, std::nullopt); }
Status EventLoop::run_until(Timestamp end) { return run_loop(nullptr, end); }

void EventLoop::note_error(const char* where, const char* what) {
  ++stats_.errors;
  spdlog::error("event loop: a {} threw: {}", where, what);
}

void EventLoop::run_commands() {
  if (!commands_.maybe_pending()) return;
  commands_.drain(batch_);
  for (auto& command : batch_) {
    ++stats_.commands_run;
    try {
      command();
    } catch (const std::exception& e) {
      note_error("command", e.what());
    } catch (...) {
      note_error("command", "unknown exception");
    }
  }
  batch_.clear();  // releases captured state now; the vector's capacity stays for the next drain
}

void EventLoop::fire_timer() {
  ++stats_.timers_fired;
  try {
    timers_.run_next_due(now());
  } catch (const std::exception& e) {
    note_error("timer", e.what());
  } catch (...) {
    note_error("timer", "unknown exception");
  }
}

bool EventLoop::reach(Timestamp t) {
  if (simulated_ != nullptr) {
    if (t > simulated_->now()) (void)simulated_->set(t);  // an overdue event runs at the current time
    return true;
  }
  Timestamp current = clock_.now();
  if (current >= t) return true;
  commands_.wait_for(std::min<Nanoseconds>(t - current, kMaxLiveWait));
  return false;
}

Status EventLoop::run_loop(market::Feed* feed, std::optional<Timestamp> end) {
  bool have_quote = false;
  Status status = ok();
  while (!stop_requested_.load(std::memory_order_acquire)) {
    run_commands();
    if (feed != nullptr && !have_quote) {
      auto more = feed->next(quote_);
      if (!more) {
        status = std::unexpected(more.error());
        break;
      }
      if (*more) {
        have_quote = true;
      } else {  // the feed ended: finish what is due by the last quote's time, then return
        feed = nullptr;
        if (!end) end = now();
        continue;
      }
    }
    std::optional<Timestamp> timer = timers_.next_due();
    std::optional<Timestamp> next = timer;
    if (have_quote && (!next || quote_.time() < *next)) next = quote_.time();

    if (end && (!next || *next > *end)) {
      if (reach(*end)) break;
      continue;
    }
    if (!next) {
      if (simulated_ != nullptr) break;  // nothing left to simulate
      commands_.wait_for(kMaxLiveWait);
      continue;
    }
    if (!reach(*next)) continue;
    if (timer && *timer <= *next) {
      fire_timer();
    } else {
      ++stats_.quotes;
      have_quote = false;
      bus_.publish(quote_);
    }
  }
  stop_requested_.store(false, std::memory_order_release);
  return status;
}

}  // namespace nightdesk::engine
