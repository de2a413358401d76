// Backtest replay throughput (spec C2): synthetic option chains replayed through the full session path
// (simulated DeskSession: event loop, paper venue, OrderManager, TradingDesk with positions, risk and the
// bot's management, expiry schedule) with the BacktestRecorder attached; journal off (no store is built).
// Reports quote events per CPU second for (1) events pre-generated in memory (the replay path alone) and
// (2) the synthetic generator feeding the session directly (what `nightdesk backtest --synthetic` does),
// and the process's peak RSS. No strategies are attached (the strategy host is not merged yet).
// Run: build-release/bench/backtest_bench [trading days, default 252] [snapshots per day, default 1] [stream]
// ("stream": the generator path only, so the peak RSS is that of a streaming backtest).
#include <fmt/format.h>
#include <sys/resource.h>

#include <cstdlib>
#include <string_view>
#include <ctime>
#include <vector>

#include "common/trading_calendar.h"
#include "engine/desk_session.h"
#include "market/synthetic_market.h"
#include "report/backtest_run.h"
#include "memory_feed.h"

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

using bench::MemoryFeed;

market::SyntheticConfig synthetic(int days, int snapshots) {
  market::SyntheticConfig c;
  c.seed = 7;
  c.trading_days = days;
  c.snapshots_per_day = snapshots;
  return c;
}

std::unique_ptr<engine::DeskSession> session_at(Timestamp start) {
  engine::DeskSessionOptions options;
  options.config = *engine::load_nightdesk_config_text("", "defaults", environment_from({}));
  options.simulated = true;
  options.start = start;
  options.id_seed = 1;
  auto s = engine::DeskSession::create(std::move(options));
  if (!s) {
    fmt::print(stderr, "session: {}\n", s.error().describe());
    std::exit(1);
  }
  return std::move(*s);
}

void report_run(const char* what, std::uint64_t events, double seconds, std::size_t days) {
  fmt::print("{:<44} {:>11} events {:>8.2f} CPU s {:>12.0f} events/s  ({} samples)\n", what, events, seconds,
             static_cast<double>(events) / seconds, days);
}

}  // namespace
}  // namespace nightdesk

int main(int argc, char** argv) {
  using namespace nightdesk;
  const int days = argc > 1 ? std::atoi(argv[1]) : 252;
  const int snapshots = argc > 2 ? std::atoi(argv[2]) : 1;
  auto calendar = *TradingCalendar::nyse();

  const bool stream_only = argc > 3 && std::string_view(argv[3]) == "stream";
  // (1) Pre-generated: the replay path alone.
  std::vector<market::QuoteEvent> events;
  if (!stream_only) {
    auto feed = *market::SyntheticFeed::create(synthetic(days, snapshots), calendar);
    market::QuoteEvent e;
    while (*feed->next(e)) events.push_back(e);
  }
  const double rss_events = peak_rss_mb();
  if (!stream_only) {
    auto session = session_at(events.front().time());
    MemoryFeed feed(events);
    const double t0 = cpu_seconds();
    auto result = report::run_backtest(*session, feed, {});
    const double t1 = cpu_seconds();
    if (!result) return fmt::print(stderr, "{}\n", result.error().describe()), 1;
    report_run("replay from memory (journal off)", result->quote_events, t1 - t0, result->equity_curve.size());
  }
  events.clear();
  events.shrink_to_fit();

  // (2) Generator -> session: the `nightdesk backtest --synthetic` path.
  {
    auto feed = *market::SyntheticFeed::create(synthetic(days, snapshots), calendar);
    auto session = session_at(*parse_iso8601("2025-01-02T00:00:00Z"));
    const double t0 = cpu_seconds();
    auto result = report::run_backtest(*session, *feed, {});
    const double t1 = cpu_seconds();
    if (!result) return fmt::print(stderr, "{}\n", result.error().describe()), 1;
    report_run("synthetic generator -> session (journal off)", result->quote_events, t1 - t0, result->equity_curve.size());
  }
  if (stream_only) fmt::print("peak RSS {:.1f} MB (streaming)\n", peak_rss_mb());
  else fmt::print("peak RSS {:.1f} MB ({:.1f} MB after holding the pre-generated events)\n", peak_rss_mb(), rss_events);
  return 0;
}
