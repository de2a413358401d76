// EventLoop: the single engine thread that owns all trading state. It delivers quotes from a feed,
// timers and cross-thread commands in time order through one loop; a backtest moves a SimulatedClock to
// each next event, live mode waits for real time. Engine thread only, except post() and request_stop().
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/error.h"
#include "common/scheduler.h"
#include "engine/command_queue.h"
#include "engine/message_bus.h"
#include "engine/timer_queue.h"
#include "market/feed.h"

namespace nightdesk::engine {

struct LoopStats {
  std::uint64_t quotes = 0;         // QuoteEvents published
  std::uint64_t timers_fired = 0;
  std::uint64_t commands_run = 0;
  std::uint64_t errors = 0;         // exceptions caught from timers and commands (bus handlers: bus())
};

class EventLoop final : public Scheduler {
 public:
  // Backtest pacing: the loop sets `clock` to each next event's time and never waits.
  static EventLoop simulated(SimulatedClock& clock) { return EventLoop(clock, &clock); }
  // Live pacing: the loop waits until `clock` reaches each next event's time.
  static EventLoop live(const Clock& clock) { return EventLoop(clock, nullptr); }
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Timestamp now() const override { return clock_.now(); }
  bool is_simulated() const { return simulated_ != nullptr; }
  MessageBus& bus() { return bus_; }
  const LoopStats& stats() const { return stats_; }

  TimerId schedule_at(Timestamp when, Callback callback) override;
  TimerId schedule_after(Nanoseconds delay, Callback callback);
  // First run one period from now.
  Result<TimerId> schedule_every(Nanoseconds period, Callback callback);
  bool cancel(TimerId id) override;
  std::size_t pending_timers() const { return timers_.pending(); }

  // Any thread: queues `command` to run on the engine thread at its next turn.
  void post(CommandQueue::Command command);
  // Any thread: the running run*() returns after the event in hand. A request made while no run is
  // active stops the next one at once.
  void request_stop();

  // Publishes every quote of `feed` on the bus (as market::QuoteEvent), with timers and commands
  // interleaved in time order; at equal times timers run before the quote. Returns when the feed ends
  // and the timers due by its last quote have run (later ones stay pending for run_until()), on
  // request_stop(), or with the feed's error.
  Status run(market::Feed& feed);
  // Timers and commands only. Simulated: until no timer is left. Live: until request_stop().
  Status run();
  // Everything due at or before `end`; then a simulated clock is set to `end`. Live: waits until `end`.
  Status run_until(Timestamp end);

 private:
  EventLoop(const Clock& clock, SimulatedClock* simulated) : clock_(clock), simulated_(simulated) {}
  Status run_loop(market::Feed* feed, std::optional<Timestamp> end);
  void run_commands();
  // Moves time to `t`: simulated sets the clock (never backwards); live waits. False when a live wait
  // was cut short (a command arrived or stop was requested) and the loop must look again.
  bool reach(Timestamp t);
  void fire_timer();
  void note_error(const char* where, const char* what);

  const Clock& clock_;
  SimulatedClock* simulated_;
  MessageBus bus_;
  TimerQueue timers_;
  CommandQueue commands_;
  std::vector<CommandQueue::Command> batch_;
  std::atomic<bool> stop_requested_{false};
  market::QuoteEvent quote_;  // reused for every quote: the feed fills it in place
  LoopStats stats_;
};

}  // namespace nightdesk::engine
