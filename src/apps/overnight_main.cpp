// `overnight`: the supervisor for long unattended jobs. Parses arguments and wires modules; no logic here.
#include <CLI/CLI.hpp>

#include "nightdesk_version.h"

int main(int argc, char** argv) {
  CLI::App app{"overnight: keeps long unattended jobs (coding-agent sessions first) alive", "overnight"};
  app.set_version_flag("--version", "overnight " NIGHTDESK_VERSION);
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
  }
  return 0;
}
