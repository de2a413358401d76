// Journal throughput (plain main; numbers go to docs/BENCHMARKS.md):
//  1. events/s with group commit: one producer appends N order-event records (a realistic ~500-byte
//     payload) as fast as the bounded queue takes them; the clock stops when the last completion arrives,
//     i.e. when everything is durably committed. Batches form by themselves while a commit is in flight.
//  2. commit latency without grouping: append one record, wait for its completion, repeat (p50/p99): what
//     one fsync'd transaction costs, and why the engine must not commit per event.
// Both on SQLite (WAL, synchronous=FULL, in a temp dir) and on PostgreSQL (a throwaway local server started
// by tests/support/postgres_server.h, default fsync=on, synchronous_commit=on).
// Run: build-bench/bench/store_bench [events]
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "store/journal_writer.h"
#include "store/order_records.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace nightdesk::store {
namespace {

using Steady = std::chrono::steady_clock;

JournalEntry sample_event(int i) {
  OrderEventRecord e;
  e.client_order_id = execution::ClientOrderId(fmt::format("ord-20250117-{:08d}", i));
  e.order_id = execution::OrderId(fmt::format("P-{}", i));
  e.transition = {execution::OrderState::accepted, execution::OrderState::partially_filled, execution::OrderEvent::partial_fill,
                  from_unix_nanos(1'736'000'000'000'000'000 + i * 1000LL), from_unix_nanos(1'736'000'000'000'000'000 + i * 1000LL), ""};
  execution::Fill f;
  f.order_id = e.order_id;
  f.client_order_id = e.client_order_id;
  f.fill_id = fmt::format("F-{}", i);
  f.quantity = Quantity(1);
  f.price = Price::from_units(12'345);
  f.fees = Money::from_units(6'500);
  f.venue_time = f.engine_time = e.transition.engine_time;
  e.fill = f;
  return encode(e);
}

void throughput(const std::string& name, const std::string& url, int events) {
  auto backend = open_journal(url);
  if (!backend) {
    fmt::print("{}: {}\n", name, backend.error().describe());
    return;
  }
  auto writer = JournalWriter::start(std::move(*backend));
  std::vector<JournalEntry> entries;
  for (int i = 0; i < events; ++i) entries.push_back(sample_event(i));
  std::atomic<int> done{0}, failed{0};
  auto start = Steady::now();
  for (auto& e : entries)
    (void)(*writer)->append(std::move(e), [&](const AppendOutcome& o) {
      if (!o) failed.fetch_add(1);
      done.fetch_add(1, std::memory_order_release);
    });
  (*writer)->flush();
  double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  auto s = (*writer)->stats();
  fmt::print("{:<11} group commit: {:>9.0f} events/s  ({} events in {:.2f} s; {} transactions, mean {:.0f} / largest {} per commit; {} failed)\n",
             name, events / seconds, events, seconds, s.batches, double(s.committed) / double(std::max<std::uint64_t>(1, s.batches)),
             s.largest_batch, failed.load());
}

void single_commit_latency(const std::string& name, const std::string& url, int commits) {
  auto backend = open_journal(url);
  if (!backend) return;
  auto writer = JournalWriter::start(std::move(*backend));
  std::vector<double> micros;
  for (int i = 0; i < commits; ++i) {
    auto start = Steady::now();
    auto outcome = (*writer)->append(sample_event(i)).get();
    micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - start).count());
    if (!outcome) fmt::print("{}: {}\n", name, outcome.error().describe());
  }
  std::sort(micros.begin(), micros.end());
  fmt::print("{:<11} one commit per event: p50 {:.0f} us, p99 {:.0f} us ({:.0f} events/s)\n", name, micros[micros.size() / 2],
             micros[micros.size() * 99 / 100], 1e6 * commits / [&] { double t = 0; for (double m : micros) t += m; return t; }());
}

}  // namespace
}  // namespace nightdesk::store

int main(int argc, char** argv) {
  using namespace nightdesk;
  int events = argc > 1 ? std::atoi(argv[1]) : 200'000;
  testing::TempDir dir;
  std::string sqlite_url = "sqlite://" + (dir / "journal.db").string();
  std::string why;
  auto server = testing::PostgresServer::start(why);
  if (!server) fmt::print("postgresql: cannot start a server: {}\n", why);
  store::throughput("sqlite", sqlite_url, events);
  if (server) store::throughput("postgresql", server->create_database("bench"), events);
  store::single_commit_latency("sqlite", "sqlite://" + (dir / "latency.db").string(), 500);
  if (server) store::single_commit_latency("postgresql", server->create_database("latency"), 500);
  return 0;
}
