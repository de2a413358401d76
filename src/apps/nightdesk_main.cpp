// `nightdesk`: the trading engine's command line. Parses arguments and wires modules; no logic here.
#include <CLI/CLI.hpp>

#include "apps/backtest_command.h"
#include "apps/data_command.h"
#include "apps/demo_command.h"
#include "apps/price_command.h"
#include "apps/run_command.h"
#include "apps/serve_command.h"
#include "nightdesk_version.h"

int main(int argc, char** argv) {
  CLI::App app{"Nightdesk: options trading engine (pricing, market data, execution, risk, paper venue)", "nightdesk"};
  app.set_version_flag("--version", "nightdesk " NIGHTDESK_VERSION);
  app.require_subcommand(0, 1);
  nightdesk::apps::add_price_commands(app);
  nightdesk::apps::add_data_command(app);
  nightdesk::apps::add_run_command(app);
  nightdesk::apps::add_backtest_command(app);
  nightdesk::apps::add_serve_command(app);
  nightdesk::apps::add_demo_command(app);
  CLI11_PARSE(app, argc, argv);
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
  }
  return 0;
}
