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
  bool as_json = false, as_state = false;
  status->add_flag("--json", as_json, "print the status as JSON (the document GET /status serves)");
  status->add_flag("--state", as_state, "print the state file's JSON");
  auto* stop = app.add_subcommand("stop", "ask the running runner to stop cleanly");
  auto* check = app.add_subcommand("check", "validate the configuration and the environment without running");
  auto* timeline = app.add_subcommand("timeline", "write the run's timeline as an HTML page and/or a Chrome trace");
  std::string html, trace;
  timeline->add_option("--out", html, "HTML page to write (self-contained)");
  timeline->add_option("--trace", trace, "Chrome Trace Event JSON to write (opens in Perfetto)");
  for (auto* sub : {run, resume, status, stop, check, timeline}) {
    sub->add_option("-c,--config", config, "configuration file")->capture_default_str();
  }
  CLI11_PARSE(app, argc, argv);

  if (*run) return run_command(config, std::cout, std::cerr);
  if (*resume) return resume_command(config, std::cout, std::cerr);
  if (*status) {
    return status_command(config, as_state ? StatusFormat::state_json : as_json ? StatusFormat::json : StatusFormat::text,
                          std::cout, std::cerr);
  }
  if (*timeline) return timeline_command(config, html, trace, std::cout, std::cerr);
  if (*stop) return stop_command(config, std::cout, std::cerr);
  if (*check) return check_command(config, std::cout, std::cerr);
  std::cout << app.help();
  return 0;
}
