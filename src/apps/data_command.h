// `nightdesk data ...`: check a quote file (`data check`) and write a synthetic market (`data synth`).
// Wiring and presentation only; the work is in src/market. Called from main() on the main thread.
#pragma once

#include <CLI/CLI.hpp>

namespace nightdesk::apps {

// Adds the `data` subcommand group to `app`. A failing command throws CLI::RuntimeError with its exit
// code after printing its own message, so main's CLI11_PARSE returns that code.
void add_data_command(CLI::App& app);

}  // namespace nightdesk::apps
