// The engine's metric families for GET /api/v1/metrics (beside the API's own): orders by state, submits,
// fills, rejects by reason, walk steps, slippage, risk refusals, the breaker, positions, the loop, the WebSocket
// hub and the journal's lag. Built from copies (a DeskSnapshot, hub stats, journal progress); any thread.
#pragma once

#include <cstdint>

#include "api/ws_hub.h"
#include "common/prometheus_text.h"
#include "engine/desk_snapshot.h"

namespace nightdesk::apps {

// The journal as the engine thread last saw it.
struct JournalProgress {
  std::uint64_t appended = 0;   // records handed to the writer
  std::uint64_t processed = 0;  // of which the commit came back
  std::uint64_t committed = 0;
  bool failed = false;
};

void append_engine_metrics(PrometheusText& out, const engine::DeskSnapshot& snapshot);
void append_journal_metrics(PrometheusText& out, const JournalProgress& journal);

}  // namespace nightdesk::apps
