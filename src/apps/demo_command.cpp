#include "apps/demo_command.h"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/token_grants.h"
#include "apps/demo_settings.h"
#include "apps/demo_token.h"
#include "apps/engine_host.h"
#include "apps/serve_command.h"
#include "apps/stop_signals.h"
#include "common/logging.h"

namespace nightdesk::apps {
namespace {

[[noreturn]] void exit_with(int code, const std::string& message) {
  fmt::print(stderr, "nightdesk demo: {}\n", message);
  throw CLI::RuntimeError(code);
}

// A fresh directory under the system's temporary directory, removed when this goes.
class TemporaryDataDir {
 public:
  TemporaryDataDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nightdesk-demo-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryDataDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void demo(const DemoArgs& args) {
  block_stop_signals();
  configure_logging(LogFormat::text, spdlog::level::info);
  const EnvLookup process = process_environment();

  // The token: the environment's if set (the server checks its strength), else a fresh one.
  std::optional<std::string> generated;
  if (!process(std::string(api::kApiTokenVariable))) {
    auto token = generate_api_token();
    if (!token) exit_with(kServeCannotStart, token.error().message);
    generated = std::move(*token);
  }
  EnvLookup env = [process, generated](const std::string& name) -> std::optional<std::string> {
    if (generated && name == api::kApiTokenVariable) return generated;
    return process(name);
  };

  auto config = load_program_config_text("", "demo defaults", env);
  if (!config) exit_with(kServeCannotStart, "config: " + config.error().describe());
  config->market.seed = args.seed;
  config->market.source = MarketSettings::Source::synthetic;

  std::error_code ec;
  auto strategies = demo_strategies(args.strategies, std::filesystem::current_path(ec).string());
  if (!strategies) exit_with(kServeCannotStart, "strategies: " + strategies.error().describe());

  std::optional<TemporaryDataDir> temporary;
  std::filesystem::path data_dir = args.data_dir;
  if (data_dir.empty()) {
    temporary.emplace();
    if (temporary->path().empty()) exit_with(kServeCannotStart, "cannot create a temporary data directory");
    data_dir = temporary->path();
  }

  EngineHostOptions options;
  options.config = std::move(*config);
  options.data_dir = data_dir;
  options.port = args.port;
  options.bind = "127.0.0.1";
  options.env = env;
  options.strategies = std::move(strategies->first);
  options.mode = "demo";
  options.speed = args.speed;
  auto host = EngineHost::start(std::move(options));
  if (!host) exit_with(kServeCannotStart, "cannot start: " + host.error().message);

  const std::string shown = generated ? *generated : fmt::format("the value of {}", api::kApiTokenVariable);
  const std::string curl_token = generated ? *generated : fmt::format("${}", api::kApiTokenVariable);
  fmt::print("{}", demo_banner((*host)->url(), shown, curl_token, args, strategies->second, data_dir.string(), temporary.has_value()));
  std::fflush(stdout);

  std::optional<std::chrono::steady_clock::duration> deadline;
  if (args.duration_seconds)
    deadline = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(*args.duration_seconds));
  Status ran = ok();
  {
    StopSignals stop([&host](const std::string& why) {
      spdlog::info("demo: {}: stopping", why);
      (*host)->request_stop();
    }, deadline);
    ran = (*host)->run();
  }
  host->reset();
  if (!ran) exit_with(kServeFailed, ran.error().describe());
  fmt::print("nightdesk demo: stopped cleanly\n");
  std::fflush(stdout);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo", "Run the engine on a synthetic market with its API on 127.0.0.1 (prints URL and token)");
  cmd->add_option("--port", args->port, "the API's port (0: a free one, printed)")->default_val(8080);
  cmd->add_option("--speed", args->speed, "engine seconds per real second (nights are skipped)")->default_val(60)->check(CLI::Range(1.0, 100000.0));
  cmd->add_option("--seed", args->seed, "the synthetic market's seed")->default_val(1);
  cmd->add_option("--duration", args->duration_seconds, "stop cleanly after this many real seconds")->check(CLI::PositiveNumber);
  cmd->add_option("--data-dir", args->data_dir, "keep the journal here (default: a temporary directory, removed at exit)");
  cmd->add_option("--strategies", args->strategies, "strategies file (default: config/strategies.yaml if present, else built-in)")
      ->check(CLI::ExistingFile);
  cmd->callback([args] { demo(*args); });
}

}  // namespace nightdesk::apps
