// `nightdesk price` and `nightdesk iv`: price one option (or solve its implied volatility) from flags, or a
// whole CSV file of them, streamed. Wiring and presentation only; the work is in src/pricing.
// Called from main() on the main thread.
#pragma once

#include <CLI/CLI.hpp>

namespace nightdesk::apps {

// Adds the `price` and `iv` subcommands to `app`. A failing command prints its own message and throws
// CLI::RuntimeError with its exit code (1: some rows or the option failed, 2: cannot run).
void add_price_commands(CLI::App& app);

}  // namespace nightdesk::apps
