// `overnight`: the supervisor for long unattended jobs. Parses arguments and wires modules; no logic here.
#include <CLI/CLI.hpp>
#include <iostream>

#include "nightdesk_version.h"
#include "overnight_commands.h"

int main(int argc, char** argv) {
  using namespace nightdesk::overnight;
  CLI::App app{"overnight: keeps long unattended jobs (coding-agent sessions first) alive", "overnight"};
  app.set_version_flag("--version", "overnight " NIGHTDESK_VERSION);
  app.require_subcommand(0, 1);
  std::string config = "overnight.yaml";
  app.add_option("-c,--config", config, "configuration file")->capture_default_str();

  auto* run = app.add_subcommand(
      "run", "run the job in the foreground until done, failed, paused or stopped; an unfinished run in the state "
             "file is resumed, else a new run starts");
  auto* resume = app.add_subcommand(
      "resume", "resume the unfinished run after a crash or kill -9 of its runner, from the last completed step "
                "(never starts a new run; exit 1 when there is none)");
  auto* status = app.add_subcommand("status", "show the run's state and progress");
  bool as_json = false;
  status->add_flag("--json", as_json, "print the state file's JSON");
  auto* stop = app.add_subcommand("stop", "ask the running runner to stop cleanly");
  auto* check = app.add_subcommand("check", "validate the configuration and the environment without running");
  for (auto* sub : {run, resume, status, stop, check}) {
    sub->add_option("-c,--config", config, "configuration file")->capture_default_str();
  }
  CLI11_PARSE(app, argc, argv);

  if (*run) return run_command(config, std::cout, std::cerr);
  if (*resume) return resume_command(config, std::cout, std::cerr);
  if (*status) return status_command(config, as_json, std::cout, std::cerr);
  if (*stop) return stop_command(config, std::cout, std::cerr);
  if (*check) return check_command(config, std::cout, std::cerr);
  std::cout << app.help();
  return 0;
}
