// The engine path with its journal on (plain main; numbers go to docs/BENCHMARKS.md): synthetic option quotes
// replayed from memory -> a minimal strategy sending a marketable order every 50 quotes -> OrderManager ->
// paper venue -> fills, with a DeskJournal appending every transition and fill (and the ack-after-commit
// seam holding each broker request until its commit). Three runs: no journal; SQLite journal waiting in
// place (the backtest mode: one commit per order, deterministic); SQLite journal live (requests wait
// without blocking; commits group). Wall time and CPU time. Run: build/bench/desk_journal_bench
// (DESK_BENCH_DAYS synthetic days, default 5).
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "broker/paper_venue.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/paper_venue_wiring.h"
#include "market/synthetic_market.h"
#include "store/desk_journal.h"
#include "support/temp_dir.h"
#include "memory_feed.h"

namespace nightdesk {
namespace {

using Steady = std::chrono::steady_clock;
enum class Journal { none, wait_in_place, live };

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

using bench::MemoryFeed;

std::vector<market::QuoteEvent> synthetic_quotes() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  market::SyntheticConfig config;
  const char* days = std::getenv("DESK_BENCH_DAYS");
  config.trading_days = days && std::atoi(days) > 0 ? std::atoi(days) : 5;
  config.snapshots_per_day = 4;
  auto feed = std::move(*market::SyntheticFeed::create(config, calendar));
  std::vector<market::QuoteEvent> out;
  market::QuoteEvent e;
  while (*feed->next(e)) out.push_back(e);
  return out;
}

void run(const std::vector<market::QuoteEvent>& quotes, Journal mode) {
  testing::TempDir dir;
  SimulatedClock clock(quotes.front().time());
  auto loop = engine::EventLoop::simulated(clock);
  broker::PaperVenueConfig vc;
  vc.ticks = TickTable(TickRule::penny_pilot());
  auto venue = std::move(*broker::PaperVenue::create(vc, loop));
  engine::wire_paper_venue(loop, *venue);
  engine::OrderManagerConfig mc;
  mc.ticks = TickTable(TickRule::penny_pilot());
  mc.rate_limit.per_minute = 1'000'000;
  mc.rate_limit.per_second = std::nullopt;
  auto manager = std::move(*engine::OrderManager::create(mc, loop, *venue));
  std::unique_ptr<store::DeskJournal> journal;
  if (mode != Journal::none) {
    store::DeskJournalOptions options;
    options.wait_in_place = mode == Journal::wait_in_place;
    auto attached = store::DeskJournal::attach(*store::open_journal("sqlite://" + (dir / "journal.db").string()),
                                               store::DeskParts{loop, *manager, nullptr, venue.get()}, options);
    if (!attached) return fmt::print("journal: {}\n", attached.error().describe());
    journal = std::move(*attached);
  }
  std::uint64_t seen = 0, sent = 0;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) {
    if (++seen % 50 != 0 || !q.is_option() || q.quote.ask.units() <= 0 || q.quote.is_crossed()) return;
    execution::OrderRequest r;
    r.client_order_id = execution::ClientOrderId(fmt::format("b-{}", ++sent));
    r.legs = {execution::OrderLeg{q.instrument(), 1, execution::Side::buy}};
    r.quantity = Quantity(1);
    r.limit_price = q.quote.ask;
    (void)manager->submit(engine::ParentOrderRequest{std::move(r), engine::ExecutionStyle::direct});
  });
  MemoryFeed feed(quotes);
  auto start = Steady::now();
  const double cpu_start = cpu_seconds();
  (void)loop.run(feed);
  if (journal) {
    (void)journal->flush();
    (void)loop.run_until(loop.now());  // requests released by the last commits
  }
  const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;
  auto m = manager->metrics();
  const char* name = mode == Journal::none ? "no journal" : mode == Journal::wait_in_place ? "sqlite, wait in place" : "sqlite, live";
  fmt::print("{:<22} {} quotes, {} orders, {} fills in {:.2f} s: {:.0f} quotes/s, {:.0f} orders/s (CPU {:.2f} s)", name, quotes.size(),
             sent, m.fills, seconds, double(quotes.size()) / seconds, double(sent) / seconds, cpu);
  if (journal) {
    auto s = journal->writer_stats();
    fmt::print("; {} records in {} commits ({:.1f} per commit), {:.0f} records/s", s.committed, s.batches,
               double(s.committed) / double(std::max<std::uint64_t>(1, s.batches)), double(s.committed) / seconds);
  }
  fmt::print("\n");
}

}  // namespace
}  // namespace nightdesk

int main() {
  auto quotes = nightdesk::synthetic_quotes();
  nightdesk::run(quotes, nightdesk::Journal::none);
  nightdesk::run(quotes, nightdesk::Journal::wait_in_place);
  nightdesk::run(quotes, nightdesk::Journal::live);
  return 0;
}
