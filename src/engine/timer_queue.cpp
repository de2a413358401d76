#include "engine/timer_queue.h"

#include <algorithm>
#include <utility>

namespace nightdesk::engine {
namespace {

TimerId make_id(std::uint32_t slot, std::uint32_t generation) {
  return TimerId{(static_cast<std::uint64_t>(generation) << 32) | (static_cast<std::uint64_t>(slot) + 1)};
}

}  // namespace

bool TimerQueue::Later::operator()(const Entry& a, const Entry& b) const {
  if (a.when != b.when) return a.when > b.when;
  return a.sequence > b.sequence;
}

std::uint32_t TimerQueue::allocate_slot() {
  if (!free_slots_.empty()) {
    std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void TimerQueue::release_slot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.live = false;
  s.callback = nullptr;
  ++s.generation;  // every heap entry and TimerId naming the old generation is now stale
  free_slots_.push_back(slot);
  --live_;
}

void TimerQueue::push(Timestamp when, std::uint32_t slot) {
  heap_.push_back(Entry{when, next_sequence_++, slot, slots_[slot].generation});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

TimerId TimerQueue::schedule_at(Timestamp when, Callback callback) {
  std::uint32_t slot = allocate_slot();
  Slot& s = slots_[slot];
  s.callback = std::move(callback);
  s.period = Nanoseconds{0};
  s.live = true;
  ++live_;
  push(when, slot);
  return make_id(slot, s.generation);
}

Result<TimerId> TimerQueue::schedule_every(Timestamp first, Nanoseconds period, Callback callback) {
  if (period.count() <= 0) return fail(ErrorCode::invalid_argument, "a periodic timer needs a period > 0", "period");
  TimerId id = schedule_at(first, std::move(callback));
  slots_[static_cast<std::uint32_t>(id.value & 0xffffffffu) - 1].period = period;
  return id;
}

bool TimerQueue::cancel(TimerId id) {
  if (!id.valid()) return false;
  std::uint64_t low = id.value & 0xffffffffu;
  if (low == 0 || low > slots_.size()) return false;
  auto slot = static_cast<std::uint32_t>(low - 1);
  if (!slots_[slot].live || slots_[slot].generation != static_cast<std::uint32_t>(id.value >> 32)) return false;
  release_slot(slot);
  compact_if_mostly_stale();
  return true;
}

bool TimerQueue::is_stale(const Entry& e) const {
  const Slot& s = slots_[e.slot];
  return !s.live || s.generation != e.generation;
}

void TimerQueue::drop_stale_top() {
  while (!heap_.empty() && is_stale(heap_.front())) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
  }
}

// Cancelled timers stay in the heap until they surface; rebuild when they dominate so that a walk that
// cancels many far-future timers does not grow the heap without bound.
void TimerQueue::compact_if_mostly_stale() {
  if (heap_.size() < 64 || heap_.size() < 4 * live_) return;
  std::erase_if(heap_, [this](const Entry& e) { return is_stale(e); });
  std::make_heap(heap_.begin(), heap_.end(), Later{});
}

std::optional<Timestamp> TimerQueue::next_due() {
  drop_stale_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().when;
}

bool TimerQueue::run_next_due(Timestamp now) {
  drop_stale_top();
  if (heap_.empty() || heap_.front().when > now) return false;
  Entry top = heap_.front();
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  heap_.pop_back();

  Slot& s = slots_[top.slot];
  // The callback is moved out before it runs: it may schedule timers (slots_ may reallocate) or cancel
  // itself, neither of which may destroy the function while it executes.
  Callback callback = std::move(s.callback);
  const Nanoseconds period = s.period;
  if (period.count() == 0) {
    release_slot(top.slot);
    callback();
    return true;
  }
  Timestamp next = top.when + period;
  if (next <= now) next += period * ((now - next) / period + 1);
  push(next, top.slot);
  struct Restore {  // puts the periodic callback back, unless the timer was cancelled meanwhile
    TimerQueue& q;
    std::uint32_t slot, generation;
    Callback& callback;
    ~Restore() {
      Slot& live_slot = q.slots_[slot];
      if (live_slot.live && live_slot.generation == generation) live_slot.callback = std::move(callback);
    }
  } restore{*this, top.slot, top.generation, callback};
  callback();
  return true;
}

}  // namespace nightdesk::engine
