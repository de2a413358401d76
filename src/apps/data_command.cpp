#include "apps/data_command.h"

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "common/progress.h"
#include "common/trading_calendar.h"
#include "market/data_check.h"
#include "market/native_csv_writer.h"
#include "market/synthetic_market.h"

namespace nightdesk::apps {
namespace {

constexpr int kBadData = 1;    // --strict and the file has bad rows or crossed quotes
constexpr int kCannotRun = 2;  // the file could not be read, or arguments are wrong

struct CheckArgs {
  std::string path;
  std::string underlying;
  bool strict = false;
};

struct SynthArgs {
  std::uint64_t seed = 1;
  int days = 5;
  std::string out;
  std::string underlying = "SPY";
  std::string model = "gbm";
  std::string start = "2025-01-02";
  double spot = 580.0;
  int snapshots_per_day = 1;
};

[[noreturn]] void exit_with(int code, const std::string& message) {
  if (!message.empty()) fmt::print(stderr, "{}\n", message);
  throw CLI::RuntimeError(code);
}

void run_check(const CheckArgs& args) {
  market::DataCheckOptions options;
  options.load.underlying = args.underlying;
  options.load.report_bad_row = [](const market::BadRow& bad) { fmt::print(stderr, "{}\n", bad.describe()); };
  std::unique_ptr<ProgressReporter> progress;
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    if (!progress) progress = std::make_unique<ProgressReporter>("data check", total, "bytes");
    progress->update(done);
  };
  auto summary = market::check_data_file(args.path, options);
  if (progress) progress->finish();
  if (!summary) exit_with(kCannotRun, "data check: " + summary.error().describe());
  fmt::print("{}", summary->describe());
  if (args.strict && summary->has_bad_data())
    exit_with(kBadData, fmt::format("data check: {} bad rows, {} crossed quotes (--strict)", summary->stats.bad_rows,
                                    summary->stats.crossed));
}

void run_synth(const SynthArgs& args) {
  market::SyntheticConfig config;
  config.seed = args.seed;
  config.trading_days = args.days;
  config.underlying = args.underlying;
  config.path.spot = args.spot;
  config.snapshots_per_day = args.snapshots_per_day;
  config.path.model = args.model == "heston" ? market::PathModel::heston : market::PathModel::gbm;
  auto start = parse_date(args.start);
  if (!start) exit_with(kCannotRun, "data synth: --start: " + start.error().message);
  config.start = *start;

  auto calendar = TradingCalendar::nyse();
  if (!calendar) exit_with(kCannotRun, "data synth: " + calendar.error().describe());
  auto feed = market::SyntheticFeed::create(config, *calendar);
  if (!feed) exit_with(kCannotRun, "data synth: " + feed.error().describe());
  auto writer = market::NativeCsvWriter::create(args.out);
  if (!writer) exit_with(kCannotRun, "data synth: " + writer.error().describe());

  ProgressReporter progress("data synth", static_cast<std::uint64_t>(args.days), "days");
  market::QuoteEvent event;
  while (true) {
    auto got = (*feed)->next(event);
    if (!got) exit_with(kCannotRun, "data synth: " + got.error().describe());
    if (!*got) break;
    auto written = writer->write(event);
    if (!written) exit_with(kCannotRun, "data synth: " + written.error().describe());
    progress.update(static_cast<std::uint64_t>((*feed)->days_done()));
  }
  auto finished = writer->finish();
  if (!finished) exit_with(kCannotRun, "data synth: " + finished.error().describe());
  progress.finish(fmt::format("{} quotes written to {}", writer->rows_written(), args.out));
}

}  // namespace

void add_data_command(CLI::App& app) {
  auto* data = app.add_subcommand("data", "Market data files: validate them, or write a synthetic market");
  data->require_subcommand(1);

  auto check_args = std::make_shared<CheckArgs>();
  auto* check = data->add_subcommand("check", "Validate a quote file (native CSV or OptionsDX, detected) and summarize it");
  check->add_option("path", check_args->path, "The file to check")->required();
  check->add_option("--underlying", check_args->underlying, "Underlying of an OptionsDX file (default: from the file name)");
  check->add_flag("--strict", check_args->strict, "Exit 1 when any row is bad or any quote is crossed");
  check->callback([check_args] { run_check(*check_args); });

  auto synth_args = std::make_shared<SynthArgs>();
  auto* synth = data->add_subcommand("synth", "Write a deterministic synthetic option market as native CSV");
  synth->add_option("--seed", synth_args->seed, "Random seed: the same seed gives the same file")->required();
  synth->add_option("--days", synth_args->days, "Trading days to generate")->check(CLI::Range(1, 5000));
  synth->add_option("--out", synth_args->out, "Output file (native CSV)")->required();
  synth->add_option("--underlying", synth_args->underlying, "Underlying symbol");
  synth->add_option("--model", synth_args->model, "Underlying path: gbm or heston")->check(CLI::IsMember({"gbm", "heston"}));
  synth->add_option("--start", synth_args->start, "First session (YYYY-MM-DD; the next trading day if closed)");
  synth->add_option("--spot", synth_args->spot, "Starting underlying price");
  synth->add_option("--snapshots-per-day", synth_args->snapshots_per_day, "Chain snapshots per session")
      ->check(CLI::Range(1, 390));
  synth->callback([synth_args] { run_synth(*synth_args); });
}

}  // namespace nightdesk::apps
