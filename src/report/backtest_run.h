// One backtest from start to finish: replays a feed through a simulated DeskSession with a
// BacktestRecorder attached, lets the last day close (its 16:00 expiry settlement included) and returns
// what the recorder saw. The caller builds the session and attaches any strategies before. Runs on the
// calling thread, which becomes the session's engine thread for the duration.
#pragma once

#include <cstdint>
#include <functional>

#include "common/error.h"
#include "engine/desk_session.h"
#include "market/feed.h"
#include "report/backtest_recorder.h"

namespace nightdesk::report {

struct ReplayProgress {
  std::uint64_t events = 0;         // quote events delivered so far
  const market::LoadStats* stats;   // the feed's own counters (bytes read for a file)
  Timestamp engine_time{};          // the last event's time
};

struct BacktestRunOptions {
  RecorderConfig recorder;
  // Called on the engine thread every `progress_every` events and once at the end; may be empty.
  std::function<void(const ReplayProgress&)> on_progress;
  std::uint64_t progress_every = 1u << 16;
};

// Errors: the recorder's config, or the feed's error (the run stops there; nothing is returned).
Result<BacktestResult> run_backtest(engine::DeskSession& session, market::Feed& feed, const BacktestRunOptions& options);

}  // namespace nightdesk::report
