// `nightdesk run`: one engine on one data directory (locked, naming the holder), recovered from its journal,
// replaying a quote feed (files or a synthetic market) through a DeskSession with its DeskJournal, with
// optional timed orders; prints a summary. Wiring and presentation only. Called from main() on the main thread.
#pragma once

#include <CLI/CLI.hpp>

namespace nightdesk::apps {

// Adds the `run` subcommand to `app`. A failing run throws CLI::RuntimeError with its exit code after
// printing its message (2: cannot start, 3: the journal or the replay failed).
void add_run_command(CLI::App& app);

}  // namespace nightdesk::apps
