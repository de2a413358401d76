#include "apps/run_command.h"

#include <cstdio>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "common/trading_calendar.h"
#include "engine/desk_session.h"
#include "apps/program_config.h"
#include "market/replay_feed.h"
#include "market/synthetic_market.h"
#include "store/data_directory_lock.h"
#include "store/desk_journal.h"
#include "store/desk_recovery.h"
#include "store/order_script.h"
#include "store/resume_feed.h"

namespace nightdesk::apps {
namespace {

constexpr int kCannotStart = 2;
constexpr int kRunFailed = 3;

struct RunArgs {
  std::string config;
  std::string data_dir;
  std::vector<std::string> data;
  std::optional<std::uint64_t> synthetic_seed;
  int synthetic_days = 5;
  int snapshots_per_day = 13;
  double spot = 580.0;  // as `nightdesk data synth`
  std::string store_url;
  std::string orders;
  std::string ack_log;
  bool live_journal = false;
  double venue_snapshot_seconds = 60;
};

[[noreturn]] void exit_with(int code, const std::string& message) {
  fmt::print(stderr, "nightdesk run: {}\n", message);
  throw CLI::RuntimeError(code);
}

template <class T>
T must(Result<T> result, int code, std::string_view doing) {
  if (!result) exit_with(code, fmt::format("{}: {}", doing, result.error().describe()));
  return std::move(*result);
}

std::unique_ptr<market::Feed> open_feed(const RunArgs& args, const TradingCalendar& calendar) {
  if (args.synthetic_seed) {
    market::SyntheticConfig config;
    config.seed = *args.synthetic_seed;
    config.trading_days = args.synthetic_days;
    config.snapshots_per_day = args.snapshots_per_day;
    config.path.spot = args.spot;
    return must(market::SyntheticFeed::create(config, calendar), kCannotStart, "synthetic market");
  }
  std::vector<std::unique_ptr<market::Feed>> feeds;
  for (const auto& path : args.data) feeds.push_back(must(market::open_replay_feed(path, {}), kCannotStart, path));
  if (feeds.size() == 1) return std::move(feeds.front());
  return std::make_unique<market::MergedFeed>(std::move(feeds));
}

// The first quote's time: where a fresh session's simulated clock starts.
Timestamp first_quote_time(const RunArgs& args, const TradingCalendar& calendar) {
  auto feed = open_feed(args, calendar);
  market::QuoteEvent event;
  auto more = must(feed->next(event), kCannotStart, "reading the feed");
  return more ? event.time() : Timestamp{};
}

void run(const RunArgs& args) {
  if (args.data.empty() == !args.synthetic_seed) exit_with(kCannotStart, "give --data FILE... or --synthetic SEED");
  auto lock = must(store::lock_data_directory(args.data_dir), kCannotStart, "data directory");
  auto config = must(load_program_config(args.config, process_environment()), kCannotStart, "config").engine;
  const std::string url = args.store_url.empty() ? "sqlite://" + (std::filesystem::absolute(args.data_dir) / "journal.db").string()
                                                 : args.store_url;
  auto journal = must(store::open_journal(url), kCannotStart, "journal");
  const TradingCalendar calendar = must(TradingCalendar::nyse(), kCannotStart, "calendar");

  // Where the clock starts: the journal's last engine time after a restart, else the first quote.
  std::optional<Timestamp> resume_at;
  store::RecordVisitor last_time = [&](const store::JournalRecord& r) -> Status {
    resume_at = r.entry.engine_time;
    return ok();
  };
  auto last = must(journal->last_sequence(), kCannotStart, "journal");
  if (last > 0) (void)journal->read(last - 1, last_time);

  engine::DeskSessionOptions options;
  options.config = std::move(config);
  options.start = resume_at ? *resume_at : first_quote_time(args, calendar);
  options.id_seed = 1;
  auto session = must(engine::DeskSession::create(std::move(options)), kCannotStart, "engine");
  store::DeskParts parts{session->loop(), session->orders(), &session->desk(), &session->venue()};

  auto report = must(store::rebuild_desk(*journal, parts, &session->desk()), kCannotStart, "recovery");
  (void)session->loop().run_until(session->clock().now());  // the desk's follow-ups of the replayed fills
  store::DeskJournalOptions journal_options;
  journal_options.wait_in_place = !args.live_journal;
  journal_options.venue_snapshot_interval = std::chrono::nanoseconds(static_cast<std::int64_t>(args.venue_snapshot_seconds * 1e9));
  auto desk_journal = must(store::DeskJournal::attach(std::move(journal), parts, journal_options), kCannotStart, "journal");
  if (auto s = store::reconcile_desk(report, parts, &session->desk()); !s) exit_with(kCannotStart, "reconcile: " + s.error().describe());

  std::FILE* acks = args.ack_log.empty() ? nullptr : std::fopen(args.ack_log.c_str(), "a");
  if (!args.ack_log.empty() && !acks) exit_with(kCannotStart, "cannot open --ack-log " + args.ack_log);
  session->loop().bus().subscribe<engine::Acknowledged>([acks](const engine::Acknowledged& a) {
    if (!acks) return;
    if (a.what == engine::Acknowledged::What::order) fmt::print(acks, "order {} {}\n", a.client_order_id.value(), a.sequence);
    else fmt::print(acks, "fill {} {} {}\n", a.fill_id, a.client_order_id.value(), a.sequence);
    std::fflush(acks);  // in the kernel's hands: a kill -9 after this line keeps it
  });

  std::size_t scripted = 0;
  if (!args.orders.empty()) {
    for (auto& s : must(store::read_order_script(args.orders), kCannotStart, "orders")) {
      if (session->orders().find(s.order.order.client_order_id)) continue;  // journaled: never sent again
      ++scripted;
      session->loop().schedule_at(s.at, [&desk = session->desk(), order = std::move(s.order)]() mutable {
        if (auto placed = desk.submit(std::move(order)); !placed) fmt::print(stderr, "order refused: {}\n", placed.error().describe());
      });
    }
  }

  auto feed = std::make_unique<store::ResumeFeed>(open_feed(args, calendar), resume_at.value_or(Timestamp{}));
  Status ran = session->run(*feed);
  desk_journal->snapshot_venue();
  Status flushed = desk_journal->flush();

  fmt::print("nightdesk run: {} (data directory {}, journal {})\n", feed->name(), args.data_dir, url);
  fmt::print("recovered: {} records, {} orders ({} open), {} fills, {} venue fills rolled forward\n", report.replay.records,
             report.orders, report.open_orders, report.fills, report.venue_fills_rolled_forward);
  for (const auto& d : report.differences) fmt::print("  difference resolved: {}\n", d);
  auto stats = desk_journal->writer_stats();
  const auto& counts = desk_journal->counts();
  fmt::print("replayed: {} quotes ({} skipped), {} scripted orders; journal {} records in {} commits; acknowledged {} orders, {} fills\n",
             session->loop().stats().quotes, feed->skipped(), scripted, stats.committed, stats.batches, counts.acknowledged_orders, counts.acknowledged_fills);
  fmt::print("positions: {}, venue cash {}\n", session->desk().portfolio().positions().size(), session->venue().ledger().cash.to_string());
  if (acks) std::fclose(acks);
  if (!ran) exit_with(kRunFailed, "replay: " + ran.error().describe());
  if (!flushed) exit_with(kRunFailed, "journal: " + flushed.error().describe());
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run the engine on a replay, journaled and recovered from its data directory");
  cmd->add_option("--config", args->config, "nightdesk.yaml")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data-dir", args->data_dir, "the engine's data directory (one engine at a time)")->required();
  cmd->add_option("--data", args->data, "quote files to replay (native CSV or OptionsDX)");
  cmd->add_option("--synthetic", args->synthetic_seed, "replay a synthetic market with this seed");
  cmd->add_option("--days", args->synthetic_days, "synthetic trading days")->check(CLI::Range(1, 2520));
  cmd->add_option("--snapshots-per-day", args->snapshots_per_day, "synthetic chain snapshots per session")->check(CLI::Range(1, 390));
  cmd->add_option("--spot", args->spot, "synthetic underlying's first price")->check(CLI::PositiveNumber);
  cmd->add_option("--store", args->store_url, "journal URL (sqlite:///path or postgresql://...); default DIR/journal.db");
  cmd->add_option("--orders", args->orders, "timed orders, one JSON object per line (docs/RECOVERY.md)");
  cmd->add_option("--ack-log", args->ack_log, "append every acknowledged order and fill to this file");
  cmd->add_option("--venue-snapshot-seconds", args->venue_snapshot_seconds, "engine seconds between venue snapshots")->check(CLI::PositiveNumber);
  cmd->add_flag("--live-journal", args->live_journal, "do not wait for commits in place (live pacing of the journal)");
  cmd->callback([args] { run(*args); });
}

}  // namespace nightdesk::apps
