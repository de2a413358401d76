// Backtest replay throughput (spec C2): a year of synthetic option chains replayed through the full session
// path (simulated DeskSession: event loop, paper venue, OrderManager, TradingDesk with positions, risk and
// the bot's management, expiry schedule) with the BacktestRecorder attached, as `nightdesk backtest` runs it.
// Runs, each timed on the process's CPU clock (quote events per CPU second = per core):
//   bare        no strategy (no position ever opens): the engine's per-quote path alone
//   strategies  the example strategies file (config/strategies.yaml: put spreads, condors, the wheel, the
//               two-part spread, a recurring template) on the same session: positions opened and managed
//   journal     as strategies, with the store's DeskJournal on a SQLite file in /tmp (wait in place, as
//               `nightdesk run` replays; the writer thread's CPU is in the process's CPU time)
// Each run streams from the synthetic generator (the `--synthetic` path) unless `memory` is given, which
// pre-generates the events first (the replay path without the generator; the RSS then holds the events).
// `european` sets management.american_exercise: false (the positions' Greeks by closed-form Black-Scholes
// instead of Bjerksund-Stensland with finite differences), to show what the American Greeks cost.
// Run: build-release/bench/backtest_bench [trading days=252] [snapshots per day=1] [run=all] [memory] [european]
// (run: all | bare | strategies | journal; one run per process gives that run's own peak RSS).
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string_view>
#include <vector>

#include "apps/strategy_wiring.h"
#include "common/trading_calendar.h"
#include "engine/desk_session.h"
#include "market/synthetic_market.h"
#include "memory_feed.h"
#include "report/backtest_run.h"
#include "store/desk_journal.h"
#include "store/journal_backend.h"
#include "strategy/strategies_config.h"

namespace nightdesk {
namespace {

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

[[noreturn]] void die(std::string_view what, const Error& e) {
  fmt::print(stderr, "{}: {}\n", what, e.describe());
  std::exit(1);
}

market::SyntheticConfig synthetic(int days, int snapshots) {
  market::SyntheticConfig c;
  c.seed = 7;
  c.trading_days = days;
  c.snapshots_per_day = snapshots;
  return c;
}

bool european_greeks = false;  // management.american_exercise: false

std::unique_ptr<engine::DeskSession> session_at(Timestamp start) {
  engine::DeskSessionOptions options;
  auto config = engine::load_nightdesk_config_text(european_greeks ? "management:\n  american_exercise: false\n" : "",
                                                   "defaults", environment_from({}));
  if (!config) die("config", config.error());
  options.config = std::move(*config);
  options.simulated = true;
  options.start = start;
  options.id_seed = 1;
  auto s = engine::DeskSession::create(std::move(options));
  if (!s) die("session", s.error());
  return std::move(*s);
}

enum class Run { bare, strategies, journal };
constexpr std::string_view kRunNames[] = {"bare", "strategies", "journal"};

struct Outcome {
  std::uint64_t events = 0;
  double cpu = 0, wall = 0;
  std::size_t days = 0, fills = 0, trades = 0;
  std::uint64_t journal_records = 0, commits = 0;
};

Outcome replay(Run run, market::Feed& feed, Timestamp start, const strategy::StrategiesConfig& strategies) {
  auto session = session_at(start);
  std::unique_ptr<strategy::StrategyHost> host;
  if (run != Run::bare) {
    auto attached = apps::attach_strategies(*session, strategies);
    if (!attached) die("strategies", attached.error());
    host = std::move(*attached);
  }
  std::unique_ptr<store::DeskJournal> journal;
  const std::filesystem::path db = fmt::format("/tmp/nightdesk-backtest-bench-{}.db", ::getpid());
  if (run == Run::journal) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    auto backend = store::open_journal("sqlite://" + db.string());
    if (!backend) die("journal", backend.error());
    store::DeskJournalOptions options;
    options.wait_in_place = true;  // a replay: the simulated clock waits for each commit it depends on
    auto attached = store::DeskJournal::attach(std::move(*backend),
                                               store::DeskParts{session->loop(), session->orders(), &session->desk(), &session->venue()},
                                               options);
    if (!attached) die("journal", attached.error());
    journal = std::move(*attached);
  }
  Outcome o;
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  auto result = report::run_backtest(*session, feed, {});
  if (journal) {
    if (auto flushed = journal->flush(); !flushed) die("journal", flushed.error());
  }
  o.cpu = cpu_seconds() - cpu0;
  o.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  if (!result) die("replay", result.error());
  o.events = result->quote_events;
  o.days = result->days.size();
  o.fills = result->fills.size();
  o.trades = result->trades.size();
  if (journal) {
    o.journal_records = journal->writer_stats().committed;
    o.commits = journal->writer_stats().batches;
    journal.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  }
  host.reset();
  return o;
}

void print(Run run, const Outcome& o) {
  fmt::print("{:<11} {:>10} events {:>7.2f} CPU s {:>7.2f} wall s {:>11.0f} events/CPU s  {} days, {} fills, {} trades",
             kRunNames[static_cast<int>(run)], o.events, o.cpu, o.wall, static_cast<double>(o.events) / o.cpu, o.days, o.fills,
             o.trades);
  if (o.journal_records > 0) fmt::print(", {} journal records in {} commits", o.journal_records, o.commits);
  fmt::print("\n");
}

}  // namespace
}  // namespace nightdesk

int main(int argc, char** argv) {
  using namespace nightdesk;
  const int days = argc > 1 ? std::atoi(argv[1]) : 252;
  const int snapshots = argc > 2 ? std::atoi(argv[2]) : 1;
  const std::string_view which = argc > 3 ? argv[3] : "all";
  bool memory = false;
  for (int i = 4; i < argc; ++i) {
    memory = memory || std::string_view(argv[i]) == "memory";
    european_greeks = european_greeks || std::string_view(argv[i]) == "european";
  }
  auto calendar = *TradingCalendar::nyse();
  auto strategies = strategy::load_strategies_config(std::string(NIGHTDESK_SOURCE_DIR) + "/config/strategies.yaml");
  if (!strategies) return fmt::print(stderr, "strategies: {}\n", strategies.error().message), 1;

  std::vector<market::QuoteEvent> events;
  if (memory) {
    auto feed = *market::SyntheticFeed::create(synthetic(days, snapshots), calendar);
    market::QuoteEvent e;
    while (*feed->next(e)) events.push_back(e);
  }
  const double rss_events = peak_rss_mb();
  for (Run run : {Run::bare, Run::strategies, Run::journal}) {
    if (which != "all" && which != kRunNames[static_cast<int>(run)]) continue;
    Outcome o;
    if (memory) {
      bench::MemoryFeed feed(events);
      o = replay(run, feed, events.front().time(), *strategies);
    } else {
      auto feed = *market::SyntheticFeed::create(synthetic(days, snapshots), calendar);
      o = replay(run, *feed, *parse_iso8601("2025-01-02T00:00:00Z"), *strategies);
    }
    print(run, o);
  }
  fmt::print("peak RSS {:.1f} MB ({})\n", peak_rss_mb(),
             memory ? fmt::format("{:.1f} MB of it after pre-generating the events", rss_events) : "streaming");
  return 0;
}
