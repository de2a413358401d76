// The runner's Prometheus metrics (spec B8): prefix overnight_, base units (seconds, USD, ratios), counters
// ending in _total, and only bounded labels (role, exit class, priority, task state, warning kind, channel,
// result, feature state). Rendered per scrape from the run's recordings (state, session and checkpoint
// histories) plus the runner process's own counters (notifications, HTTP). Pure; any thread.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/http_server.h"
#include "common/time.h"
#include "common/webhook_sender.h"
#include "overnight/overnight_config.h"
#include "overnight/run_recordings.h"

namespace nightdesk::overnight {

// What only the running runner process knows.
struct RunnerCounters {
  std::vector<std::pair<std::string, WebhookStats>> notifications;  // by channel: discord, slack
  HttpServerStats http;
};

// Session durations are bucketed at these bounds (seconds): 10 s to 4 h.
const std::vector<double>& session_duration_buckets();

std::string render_run_metrics(const RunRecordings& run, const OvernightConfig& config, Timestamp now,
                               const RunnerCounters& counters);

}  // namespace nightdesk::overnight
