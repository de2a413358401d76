// `nightdesk serve`: the engine live on the wall clock with its API — config, data-directory lock, recovery,
// the configured market, strategies, journal, REST + WebSocket — until SIGINT/SIGTERM, then a clean stop
// (exit 0). Wiring and presentation only (apps/engine_host.h composes). Called from main() on the main thread.
#pragma once

#include <CLI/CLI.hpp>

namespace nightdesk::apps {

// Exit codes of serve and demo: 2 could not start (the message says why), 3 the engine or its journal failed.
inline constexpr int kServeCannotStart = 2;
inline constexpr int kServeFailed = 3;

void add_serve_command(CLI::App& app);

}  // namespace nightdesk::apps
