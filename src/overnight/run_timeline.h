// The timeline of a run (spec B8): a self-contained HTML page (inline CSS and SVG, no scripts, no external
// resources) with sessions, restarts, checkpoints, rollbacks, waits as gaps and progress over time; and the same
// run as Chrome Trace Event JSON that Perfetto and chrome://tracing open. Pure; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/time.h"
#include "overnight/run_recordings.h"

namespace nightdesk::overnight {

// A stretch between two sessions (or before the first, or after the last while the run goes on).
struct TimelineGap {
  Timestamp from{}, to{};
  std::string
      kind;  // "health check and baseline", "restart backoff", "usage-limit wait", "between sessions", "waiting"
};

// The gaps of a run, in time order; `now` ends an open gap of a run that is not final.
std::vector<TimelineGap> timeline_gaps(const RunRecordings& run, Timestamp now);

// The page; `now` ends the time axis of a run that is still going.
std::string render_timeline_html(const RunRecordings& run, Timestamp now);

// {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}: sessions and gaps as complete events
// ("X") on their own tracks, checkpoints, rollbacks and restarts as instant events ("i"), tasks done as a
// counter ("C"); times in microseconds from the run's start.
nlohmann::json render_trace_events(const RunRecordings& run, Timestamp now);

}  // namespace nightdesk::overnight
