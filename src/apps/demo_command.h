// `nightdesk demo`: a synthetic market on an accelerated clock, the paper venue, built-in (or the example)
// strategies, the API on 127.0.0.1 with a freshly generated token, in a temporary data directory. Prints the
// URL, the token and a curl line on stdout (flushed) and runs until Ctrl-C, SIGTERM or --duration. Wiring and
// presentation only. Called from main() on the main thread.
#pragma once

#include <CLI/CLI.hpp>

namespace nightdesk::apps {

void add_demo_command(CLI::App& app);

}  // namespace nightdesk::apps
