// `nightdesk backtest`: replays native CSV / OptionsDX files or the synthetic market through a simulated
// DeskSession with a BacktestRecorder and the strategies file's strategies, prints a summary table and writes report.json and report.html;
// --set overrides config keys, --sweep runs variants two at a time (threads) with one summary table.
// Wiring and presentation only; the work is in src/engine and src/report. main()'s thread.
#pragma once

#include <CLI/CLI.hpp>


namespace nightdesk::apps {

// Adds the `backtest` subcommand. `--strategies FILE` puts the strategies file's strategies and recurring
// templates on every run (each run builds its own); without it only the bot manages positions. A failing
// command prints its own message and throws CLI::RuntimeError with its exit code (1: a run failed,
// 2: cannot run — arguments, config, strategies or data).
void add_backtest_command(CLI::App& app);

}  // namespace nightdesk::apps
