#include "apps/backtest_command.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "apps/backtest_settings.h"
#include "apps/program_config.h"
#include "apps/strategy_wiring.h"
#include "common/progress.h"
#include "engine/nightdesk_config.h"
#include "market/replay_feed.h"
#include "market/synthetic_market.h"
#include "report/backtest_run.h"
#include "report/primed_feed.h"
#include "report/report_files.h"

namespace nightdesk::apps {
namespace {

constexpr int kRunFailed = 1;
constexpr int kCannotRun = 2;
constexpr std::size_t kParallelRuns = 2;

struct BacktestArgs {
  std::string config;
  std::string strategies;  // the strategies file; empty: none
  std::vector<std::string> data;
  std::optional<std::uint64_t> synthetic_seed;
  std::string out = "backtest-report";
  std::vector<std::string> sets;
  std::string sweep;
  std::string underlying;  // OptionsDX files
  double sample_minutes = 0;
};

struct Variant {
  std::string label;
  std::filesystem::path out;
  RunSettings settings;
  std::vector<std::string> overrides;  // as given, for the report
};

struct Outcome {
  std::string label;
  std::optional<report::BacktestResult> result;
  std::string error;
  double seconds = 0;         // the whole run, reports included
  double replay_seconds = 0;  // the replay alone (events/s)
};

[[noreturn]] void exit_with(int code, const std::string& message) {
  if (!message.empty()) fmt::print(stderr, "{}\n", message);
  throw CLI::RuntimeError(code);
}

std::string directory_name(const std::string& label) {
  std::string out;
  for (char c : label) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return out;
}

std::vector<Variant> variants_of(const BacktestArgs& args) {
  RunSettings base;
  std::vector<std::string> overrides;
  if (args.synthetic_seed) base.synthetic.seed = *args.synthetic_seed;
  for (const auto& text : args.sets) {
    auto a = parse_assignment(text);
    if (!a) exit_with(kCannotRun, "backtest: --set: " + a.error().message);
    if (auto applied = apply_assignment(*a, base); !applied) exit_with(kCannotRun, "backtest: --set " + applied.error().message);
    overrides.push_back(a->text());
  }
  if (args.sweep.empty()) return {Variant{"backtest", args.out, base, overrides}};
  auto sweep = parse_sweep(args.sweep);
  if (!sweep) exit_with(kCannotRun, "backtest: --sweep: " + sweep.error().message);
  std::vector<Variant> out;
  for (const Assignment& a : *sweep) {
    Variant v{a.text(), std::filesystem::path(args.out) / directory_name(a.text()), base, overrides};
    if (auto applied = apply_assignment(a, v.settings); !applied) exit_with(kCannotRun, "backtest: --sweep " + applied.error().message);
    v.overrides.push_back(a.text());
    out.push_back(std::move(v));
  }
  return out;
}

// The feed of a run and how far through it a progress report is (0..1).
struct FeedPlan {
  std::unique_ptr<report::PrimedFeed> feed;
  std::function<double(const report::ReplayProgress&)> fraction;
};

Result<FeedPlan> open_feed(const BacktestArgs& args, const SyntheticSettings& s, const TradingCalendar& calendar) {
  std::unique_ptr<market::Feed> feed;
  FeedPlan plan;
  if (!args.data.empty()) {
    market::LoadOptions options;
    options.underlying = args.underlying;
    std::vector<std::unique_ptr<market::Feed>> inputs;
    std::uint64_t total_bytes = 0;
    for (const auto& path : args.data) {
      auto opened = market::open_replay_feed(path, options);
      if (!opened) return std::unexpected(opened.error());
      inputs.push_back(std::move(*opened));
      std::error_code ec;
      total_bytes += std::filesystem::file_size(path, ec);
    }
    feed = inputs.size() == 1 ? std::move(inputs.front()) : std::make_unique<market::MergedFeed>(std::move(inputs));
    plan.fraction = [total_bytes](const report::ReplayProgress& p) {
      return total_bytes > 0 ? static_cast<double>(p.stats->bytes) / static_cast<double>(total_bytes) : 0.0;
    };
  } else {
    market::SyntheticConfig config;
    config.seed = s.seed;
    config.trading_days = s.days;
    config.path.spot = s.spot;
    config.path.model = s.model == "heston" ? market::PathModel::heston : market::PathModel::gbm;
    config.snapshots_per_day = s.snapshots_per_day;
    config.start = *parse_date(s.start);
    auto synthetic = market::SyntheticFeed::create(config, calendar);
    if (!synthetic) return std::unexpected(synthetic.error());
    const market::SyntheticFeed* raw = synthetic->get();
    const int days = s.days;
    plan.fraction = [raw, days](const report::ReplayProgress&) { return static_cast<double>(raw->days_done()) / days; };
    feed = std::move(*synthetic);
  }
  auto primed = report::PrimedFeed::create(std::move(feed));
  if (!primed) return std::unexpected(primed.error());
  plan.feed = std::move(*primed);
  return plan;
}

Outcome run_variant(const BacktestArgs& args, const Variant& v, const strategy::StrategiesConfig& strategies, bool show_progress) {
  Outcome outcome{v.label, std::nullopt, "", 0, 0};
  const auto began = std::chrono::steady_clock::now();
  auto failed = [&](const std::string& what) {
    outcome.error = what;
    return outcome;
  };
  const EnvLookup env = environment_with(v.settings.config_env);
  auto program = args.config.empty() ? load_program_config_text("", "defaults", env) : load_program_config(args.config, env);
  if (!program) return failed(program.error().message);
  std::optional<engine::NightdeskConfig> config(std::move(program->engine));
  auto calendar = TradingCalendar::nyse();
  if (!calendar) return failed(calendar.error().describe());
  auto plan = open_feed(args, v.settings.synthetic, *calendar);
  if (!plan) return failed(plan.error().describe());
  if (!plan->feed->first_time()) return failed("the data has no quotes");

  engine::DeskSessionOptions options;
  options.config = std::move(*config);
  options.simulated = true;
  options.start = *plan->feed->first_time();
  options.id_seed = 1;
  auto session = engine::DeskSession::create(std::move(options));
  if (!session) return failed(session.error().describe());
  // Declared after the session, so destroyed before it.
  auto host = attach_strategies(**session, strategies);
  if (!host) return failed("strategies: " + host.error().describe());

  report::BacktestRunOptions run;
  if (args.sample_minutes > 0)
    run.recorder.sample_interval = std::chrono::duration_cast<Nanoseconds>(std::chrono::duration<double, std::ratio<60>>(args.sample_minutes));
  std::unique_ptr<ProgressReporter> progress;
  if (show_progress) {
    progress = std::make_unique<ProgressReporter>("backtest", 0, "events");
    run.on_progress = [&](const report::ReplayProgress& p) {
      const double fraction = plan->fraction(p);
      if (fraction > 0.001) progress->set_total(std::max(p.events, static_cast<std::uint64_t>(static_cast<double>(p.events) / fraction)));
      progress->update(p.events);
    };
  }
  const auto replay_began = std::chrono::steady_clock::now();
  auto result = report::run_backtest(**session, *plan->feed, run);
  outcome.replay_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - replay_began).count();
  if (progress) {
    progress->set_total(result ? result->quote_events : 0);
    progress->finish();
  }
  if (!result) return failed(result.error().describe());

  report::RunInfo info;
  info.label = v.label;
  info.config_path = args.config;
  info.data = args.data;
  if (args.data.empty()) info.synthetic_seed = v.settings.synthetic.seed;
  info.overrides = v.overrides;
  for (const auto& spec : strategies.strategies) info.strategies.push_back(spec.name + " (" + spec.kind + ")");
  info.generated_at = std::chrono::time_point_cast<Nanoseconds>(std::chrono::system_clock::now());
  if (auto written = report::write_report_files(v.out, *result, info); !written) return failed(written.error().describe());
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  outcome.result = std::move(*result);
  return outcome;
}

std::vector<Outcome> run_all(const BacktestArgs& args, const std::vector<Variant>& variants,
                             const strategy::StrategiesConfig& strategies) {
  std::vector<Outcome> outcomes(variants.size());
  if (variants.size() == 1) {
    outcomes[0] = run_variant(args, variants[0], strategies, true);
    return outcomes;
  }
  std::atomic<std::size_t> next{0};
  std::mutex print;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < variants.size();) {
      outcomes[i] = run_variant(args, variants[i], strategies, false);
      std::lock_guard lock(print);
      fmt::print(stderr, "backtest {}: {} ({:.1f} s)\n", variants[i].label, outcomes[i].error.empty() ? "done" : "failed",
                 outcomes[i].seconds);
    }
  };
  std::vector<std::jthread> threads;
  for (std::size_t t = 0; t < std::min(kParallelRuns, variants.size()); ++t) threads.emplace_back(worker);
  threads.clear();  // joins
  return outcomes;
}

std::string ratio(const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : "n/a"; }
std::string percent(const std::optional<double>& v) { return v ? fmt::format("{:.2f}%", *v * 100) : "n/a"; }

void print_summary(const std::vector<Outcome>& outcomes) {
  fmt::print("{:<32} {:>5} {:>7} {:>14} {:>9} {:>7} {:>7} {:>8} {:>8} {:>6} {:>10} {:>12}\n", "run", "days", "trades",
             "total P&L", "return", "Sharpe", "Sortino", "max DD", "win rate", "PF", "events", "events/s");
  for (const Outcome& o : outcomes) {
    if (!o.result) {
      fmt::print("{:<32} failed: {}\n", o.label, o.error);
      continue;
    }
    const auto& r = *o.result;
    const auto& p = r.performance;
    fmt::print("{:<32} {:>5} {:>7} {:>14} {:>9} {:>7} {:>7} {:>8} {:>8} {:>6} {:>10} {:>12.0f}\n", o.label,
               p.trading_days, p.trades.closed, p.total_pnl.to_string(), percent(p.total_return), ratio(p.sharpe),
               ratio(p.sortino), fmt::format("{:.2f}%", p.max_drawdown.ratio * 100), percent(p.trades.win_rate),
               ratio(p.trades.profit_factor), r.quote_events,
               o.replay_seconds > 0 ? static_cast<double>(r.quote_events) / o.replay_seconds : 0.0);
  }
}

void run_backtest_command(const BacktestArgs& args) {
  if (args.data.empty() && args.synthetic_seed == std::nullopt)
    exit_with(kCannotRun, "backtest: give --data FILE (native CSV or OptionsDX) or --synthetic SEED");
  if (!args.data.empty() && args.synthetic_seed)
    exit_with(kCannotRun, "backtest: --data and --synthetic are alternatives; give one");
  const std::vector<Variant> variants = variants_of(args);
  strategy::StrategiesConfig strategies;
  if (!args.strategies.empty()) {
    auto loaded = strategy::load_strategies_config(args.strategies);
    if (!loaded) exit_with(kCannotRun, "backtest: " + loaded.error().message);
    strategies = std::move(*loaded);
  } else {
    fmt::print(stderr, "backtest: no --strategies file; the bot manages positions only\n");
  }
  const std::vector<Outcome> outcomes = run_all(args, variants, strategies);
  print_summary(outcomes);
  bool any_failed = false;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].result) fmt::print("report: {}\n", (variants[i].out / "report.html").string());
    any_failed = any_failed || !outcomes[i].result;
  }
  if (any_failed) exit_with(kRunFailed, "");
}

}  // namespace

void add_backtest_command(CLI::App& app) {
  auto args = std::make_shared<BacktestArgs>();
  auto* cmd = app.add_subcommand("backtest", "Replay market data through the engine and write a backtest report");
  cmd->add_option("--config", args->config, "nightdesk.yaml (execution, paper_venue, risk, management); default: built-in defaults")
      ->check(CLI::ExistingFile);
  cmd->add_option("--strategies", args->strategies, "Strategies file (config/strategies.yaml): strategies and recurring templates")
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", args->data, "Quote files to replay (native CSV or OptionsDX, detected; several are merged by time)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--synthetic", args->synthetic_seed, "Replay the synthetic market with this seed (synthetic.* keys shape it)");
  cmd->add_option("--out", args->out, "Directory for report.json and report.html (a sweep: one sub-directory per variant)");
  cmd->add_option("--set", args->sets, "Override a key: section.key=value (nightdesk.yaml keys, or synthetic.seed/days/spot/model/snapshots_per_day/start)");
  cmd->add_option("--sweep", args->sweep, "Run one variant per value, two at a time: section.key=v1,v2,...");
  cmd->add_option("--underlying", args->underlying, "Underlying of OptionsDX files (default: from the file name)");
  cmd->add_option("--sample-minutes", args->sample_minutes, "Also sample the account every N minutes of engine time while the market is open")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { run_backtest_command(*args); });
}

}  // namespace nightdesk::apps
