#include "apps/serve_command.h"

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "apps/engine_host.h"
#include "apps/redacted_config.h"
#include "apps/stop_signals.h"
#include "common/logging.h"

namespace nightdesk::apps {
namespace {

struct ServeArgs {
  std::string config;
  std::string data_dir;
  std::optional<std::uint16_t> port;
  std::string strategies;
  bool insecure_no_auth = false;
};

[[noreturn]] void exit_with(int code, const std::string& message) {
  fmt::print(stderr, "nightdesk serve: {}\n", message);
  throw CLI::RuntimeError(code);
}

void serve(const ServeArgs& args) {
  block_stop_signals();  // before any thread starts: the watcher below takes them
  configure_logging(LogFormat::text, spdlog::level::info);
  const EnvLookup env = process_environment();
  auto config = load_program_config(args.config, env);
  if (!config) exit_with(kServeCannotStart, "config: " + config.error().describe());

  EngineHostOptions options;
  options.config = std::move(*config);
  options.data_dir = args.data_dir;
  options.port = args.port;
  options.insecure_no_auth = args.insecure_no_auth;
  options.env = env;
  options.mode = "paper";
  if (!args.strategies.empty()) {
    auto strategies = strategy::load_strategies_config(args.strategies);
    if (!strategies) exit_with(kServeCannotStart, "strategies: " + strategies.error().describe());
    options.strategies = std::move(*strategies);
  }
  auto host = EngineHost::start(std::move(options));
  if (!host) exit_with(kServeCannotStart, "cannot start: " + host.error().message);

  fmt::print("nightdesk serve: listening on {} (data directory {}, journal {})\n", (*host)->url(), args.data_dir,
             redact_url_password((*host)->store_url()));
  std::fflush(stdout);
  Status ran = ok();
  {
    StopSignals stop([&host](const std::string& why) {
      spdlog::info("serve: {}: stopping", why);
      (*host)->request_stop();
    }, std::nullopt);
    ran = (*host)->run();
  }
  host->reset();
  if (!ran) exit_with(kServeFailed, ran.error().describe());
  fmt::print("nightdesk serve: stopped cleanly\n");
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Run the engine live with its REST + WebSocket API until SIGINT/SIGTERM");
  cmd->add_option("--config", args->config, "nightdesk.yaml (engine, api, market and store sections)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data-dir", args->data_dir, "the engine's data directory (one engine at a time)")->default_val("data");
  cmd->add_option("--port", args->port, "the API's port over api.port (0: a free one, printed)");
  cmd->add_option("--strategies", args->strategies, "strategies file (config/strategies.yaml)")->check(CLI::ExistingFile);
  cmd->add_flag("--insecure-no-auth", args->insecure_no_auth, "no API token (local demo on loopback only; prints a warning)");
  cmd->callback([args] { serve(*args); });
}

}  // namespace nightdesk::apps
