// `nightdesk backtest`: replays native CSV / OptionsDX files or the synthetic market through a simulated
// DeskSession with a BacktestRecorder, prints a summary table and writes report.json and report.html;
// --set overrides config keys, --sweep runs variants two at a time (threads) with one summary table.
// Wiring and presentation only; the work is in src/engine and src/report. main()'s thread.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "common/error.h"
#include "engine/desk_session.h"

namespace nightdesk::apps {

// Connects strategies to a freshly built session before its replay (the strategy host's seam). Called
// once per run, on that run's thread; an error stops the run. Empty: no strategies, only the bot's
// management of positions.
using AttachStrategies = std::function<Status(engine::DeskSession&)>;

// Adds the `backtest` subcommand. A failing command prints its own message and throws CLI::RuntimeError
// with its exit code (1: a run failed, 2: cannot run — arguments, config or data).
void add_backtest_command(CLI::App& app, AttachStrategies attach = {});

}  // namespace nightdesk::apps
