// Engine path benchmarks (plain main; numbers go to docs/BENCHMARKS.md):
//  1. events/s: synthetic option quotes replayed from memory through the event loop's bus -> a minimal
//     strategy that sends a marketable order every kOrderEvery quotes -> the OrderManager (registry, rate
//     limiter, state machine, quality and slippage books, bus events) -> the paper venue -> fills back on
//     the bus into the manager. Zero latency, touch model. Also without the manager (the venue alone).
//  2. order -> acknowledgement in process: submit to the accepted report, through the loop's timers
//     (p50/p99 over many orders; each is cancelled after its ack, and closed orders are forgotten every
//     1,000 as at a session close), for PaperVenue::submit() alone and for OrderManager::submit() (ack =
//     the manager's OrderStateChanged to accepted). Target p50 <= 1 us, p99 <= 5 us. Also the heap
//     allocations per order on that path (allocation_counter.cpp replaces operator new in this binary).
// Run: build-bench/bench/engine_bench. For a profiler, smaller runs: ENGINE_BENCH_DAYS (synthetic trading
// days, default 20) and ENGINE_BENCH_ORDERS (orders per latency run, default 200,000).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <unordered_map>
#include <vector>

#include "broker/paper_venue.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/paper_venue_wiring.h"
#include "execution/fill_average.h"
#include "market/synthetic_market.h"
#include "allocation_counter.h"
#include "memory_feed.h"

namespace nightdesk {
namespace {

using Steady = std::chrono::steady_clock;

// CPU seconds of this process: on a loaded machine a fairer clock for throughput than the wall.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

int env_or(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : fallback;
}

using bench::MemoryFeed;

std::vector<market::QuoteEvent> synthetic_quotes() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  market::SyntheticConfig config;
  config.trading_days = env_or("ENGINE_BENCH_DAYS", 20);
  config.snapshots_per_day = 4;
  auto feed = std::move(*market::SyntheticFeed::create(config, calendar));
  std::vector<market::QuoteEvent> out;
  market::QuoteEvent e;
  while (*feed->next(e)) out.push_back(e);
  return out;
}

execution::OrderRequest buy_at_ask(const market::QuoteEvent& q, std::uint64_t n) {
  execution::OrderRequest r;
  // Ids of the engine's real length ("ord-<16 hex run token>-<n>", ~23 characters, see IdGenerator): too
  // long for the small-string buffer, so every copy of an id on the path allocates, as in production.
  r.client_order_id = execution::ClientOrderId(fmt::format("ord-9f2c4a7e01b3d865-{}", n));
  r.legs = {execution::OrderLeg{q.instrument(), 1, execution::Side::buy}};
  r.quantity = Quantity(1);
  r.limit_price = q.quote.ask;
  return r;
}

void events_per_second(const std::vector<market::QuoteEvent>& quotes) {
  constexpr std::uint64_t kOrderEvery = 50;
  SimulatedClock clock(quotes.front().time());
  auto loop = engine::EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  config.ticks = TickTable(TickRule::penny_pilot());
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  std::unordered_map<std::string, execution::FillAverage> orders;  // the execution side: exact averages
  std::uint64_t seen = 0, sent = 0, fills = 0, rejects = 0;
  venue->set_report_sink([&](const execution::ExecutionReport& r) {
    if (r.fill) {
      ++fills;
      (void)orders[r.client_order_id.value()].add(r.fill->price, r.fill->quantity);
    } else if (r.kind == execution::ExecutionReportKind::rejected) {
      ++rejects;
    }
  });
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) { venue->on_quote(q); });
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) {  // the minimal strategy
    if (++seen % kOrderEvery != 0 || !q.is_option() || q.quote.ask.units() <= 0 || q.quote.is_crossed()) return;
    (void)venue->submit(buy_at_ask(q, ++sent), {});
  });
  MemoryFeed feed(quotes);
  auto start = Steady::now();
  const double cpu_start = cpu_seconds();
  auto status = loop.run(feed);
  double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;
  if (!status) fmt::print("run failed: {}\n", status.error().describe());
  fmt::print("quote -> minimal strategy -> paper venue -> fill (no order manager): {} quotes, {} orders, {} fills, {} rejects in {:.3f} s\n",
             quotes.size(), sent, fills, rejects, seconds);
  fmt::print("  {:.2f} M quote events/s (one core); by CPU time {:.2f} M/s\n", static_cast<double>(quotes.size()) / seconds / 1e6,
             static_cast<double>(quotes.size()) / cpu / 1e6);
}

void order_to_ack_latency(const std::vector<market::QuoteEvent>& quotes) {
  const int kOrders = env_or("ENGINE_BENCH_ORDERS", 200'000);
  SimulatedClock clock(quotes.front().time());
  auto loop = engine::EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  config.ticks = TickTable(TickRule::penny_pilot());  // the synthetic chain quotes on the penny grid
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  market::QuoteEvent q = quotes.front();
  for (const auto& e : quotes)
    if (e.is_option() && e.quote.bid.units() > 0 && e.quote.ask > e.quote.bid) {
      q = e;
      break;
    }
  venue->on_quote(q);
  // A resting buy at the bid (acknowledged, never filled), cancelled right after, so the books stay small.
  std::vector<execution::OrderRequest> requests;
  requests.reserve(kOrders);
  for (int i = 0; i < kOrders; ++i) {
    auto r = buy_at_ask(q, static_cast<std::uint64_t>(i));
    r.limit_price = q.quote.bid;
    requests.push_back(std::move(r));
  }
  Steady::time_point acked{};
  std::uint64_t not_accepted = 0;
  venue->set_report_sink([&](const execution::ExecutionReport& r) {
    if (r.kind == execution::ExecutionReportKind::accepted) acked = Steady::now();
    if (r.kind == execution::ExecutionReportKind::rejected) ++not_accepted;
  });
  std::vector<double> ns;
  ns.reserve(kOrders);
  for (const auto& r : requests) {
    auto sent = Steady::now();
    (void)venue->submit(r, {});
    (void)loop.run_until(loop.now());
    ns.push_back(std::chrono::duration<double, std::nano>(acked - sent).count());
    (void)venue->cancel(r.client_order_id);
    (void)loop.run_until(loop.now());
    if (ns.size() % 1000 == 0) venue->forget_closed_orders();  // a session's worth of orders, then the close
  }
  if (not_accepted != 0) fmt::print("  {} orders were rejected: the numbers below are wrong\n", not_accepted);
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double p) { return ns[static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1))]; };
  fmt::print("order -> ack in process (paper venue, zero latency, through the loop's timers), {} orders:\n", kOrders);
  fmt::print("  p50 {:.0f} ns   p90 {:.0f} ns   p99 {:.0f} ns   p99.9 {:.0f} ns   max {:.0f} ns\n", pct(0.50), pct(0.90),
             pct(0.99), pct(0.999), ns.back());
}

// A manager that never throttles the benchmark (the real default is 120 requests a minute).
engine::OrderManagerConfig bench_manager_config() {
  engine::OrderManagerConfig config;
  config.ticks = TickTable(TickRule::penny_pilot());
  config.rate_limit.per_minute = 1'000'000;
  config.rate_limit.per_second = std::nullopt;
  return config;
}

void events_per_second_through_manager(const std::vector<market::QuoteEvent>& quotes) {
  constexpr std::uint64_t kOrderEvery = 50;
  SimulatedClock clock(quotes.front().time());
  auto loop = engine::EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  config.ticks = TickTable(TickRule::penny_pilot());
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  engine::wire_paper_venue(loop, *venue);
  auto manager = std::move(*engine::OrderManager::create(bench_manager_config(), loop, *venue));
  std::uint64_t seen = 0, sent = 0;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) {  // the minimal strategy
    if (++seen % kOrderEvery != 0 || !q.is_option() || q.quote.ask.units() <= 0 || q.quote.is_crossed()) return;
    (void)manager->submit(engine::ParentOrderRequest{buy_at_ask(q, ++sent), engine::ExecutionStyle::direct});
  });
  MemoryFeed feed(quotes);
  auto start = Steady::now();
  const double cpu_start = cpu_seconds();
  auto status = loop.run(feed);
  double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  const double cpu = cpu_seconds() - cpu_start;
  if (!status) fmt::print("run failed: {}\n", status.error().describe());
  auto m = manager->metrics();
  fmt::print("quote -> minimal strategy -> order manager -> paper venue -> fill: {} quotes, {} orders, {} fills, {} rejected in {:.3f} s\n",
             quotes.size(), sent, m.fills, m.orders_in(execution::OrderState::rejected), seconds);
  fmt::print("  {:.2f} M quote events/s (one core); by CPU time {:.2f} M/s\n", static_cast<double>(quotes.size()) / seconds / 1e6,
             static_cast<double>(quotes.size()) / cpu / 1e6);
}

// The measured part of one order, and its cancel, kept out of line so that callgrind can count each
// alone: valgrind --tool=callgrind --toggle-collect='*submit_until_acked*' (instructions on the ack path).
[[gnu::noinline]] void submit_until_acked(engine::OrderManager& manager, engine::EventLoop& loop, execution::OrderRequest request) {
  (void)manager.submit(engine::ParentOrderRequest{std::move(request), engine::ExecutionStyle::direct});
  (void)loop.run_until(loop.now());
}

[[gnu::noinline]] void cancel_until_done(engine::OrderManager& manager, engine::EventLoop& loop, const execution::ClientOrderId& id) {
  (void)manager.cancel(id);
  (void)loop.run_until(loop.now());
}

void order_to_ack_latency_through_manager(const std::vector<market::QuoteEvent>& quotes) {
  const int kOrders = env_or("ENGINE_BENCH_ORDERS", 200'000);
  SimulatedClock clock(quotes.front().time());
  auto loop = engine::EventLoop::simulated(clock);
  broker::PaperVenueConfig config;
  config.ticks = TickTable(TickRule::penny_pilot());
  auto venue = std::move(*broker::PaperVenue::create(config, loop));
  engine::wire_paper_venue(loop, *venue);
  auto manager = std::move(*engine::OrderManager::create(bench_manager_config(), loop, *venue));
  market::QuoteEvent q = quotes.front();
  for (const auto& e : quotes)
    if (e.is_option() && e.quote.bid.units() > 0 && e.quote.ask > e.quote.bid) {
      q = e;
      break;
    }
  loop.bus().publish(q);
  std::vector<execution::OrderRequest> requests;
  requests.reserve(kOrders);
  for (int i = 0; i < kOrders; ++i) {
    auto r = buy_at_ask(q, static_cast<std::uint64_t>(i));
    r.limit_price = q.quote.bid;
    requests.push_back(std::move(r));
  }
  Steady::time_point acked{};
  loop.bus().subscribe<execution::OrderStateChanged>([&](const execution::OrderStateChanged& e) {
    if (e.transition.to == execution::OrderState::accepted) acked = Steady::now();
  });
  std::vector<double> ns;
  ns.reserve(kOrders);
  std::uint64_t allocations = 0;
  for (auto& r : requests) {
    const execution::ClientOrderId id = r.client_order_id;
    const std::uint64_t allocations_before = bench::heap_allocations();
    auto sent = Steady::now();
    submit_until_acked(*manager, loop, std::move(r));
    allocations += bench::heap_allocations() - allocations_before;
    ns.push_back(std::chrono::duration<double, std::nano>(acked - sent).count());
    cancel_until_done(*manager, loop, id);
    if (ns.size() % 1000 == 0) {  // a session's worth of orders, then the close
      venue->forget_closed_orders();
      manager->prune_closed_before(loop.now() + std::chrono::nanoseconds(1));
    }
  }
  auto m = manager->metrics();
  if (m.orders_in(execution::OrderState::rejected) != 0) fmt::print("  some orders were rejected: the numbers below are wrong\n");
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double p) { return ns[static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1))]; };
  fmt::print("order -> ack in process through the order manager (rate limiter, registry, bus events), {} orders:\n", kOrders);
  fmt::print("  p50 {:.0f} ns   p90 {:.0f} ns   p99 {:.0f} ns   p99.9 {:.0f} ns   max {:.0f} ns\n", pct(0.50), pct(0.90),
             pct(0.99), pct(0.999), ns.back());
  fmt::print("  {:.1f} heap allocations per order on the ack path\n", static_cast<double>(allocations) / kOrders);
}

}  // namespace
}  // namespace nightdesk

int main() {
  auto quotes = nightdesk::synthetic_quotes();
  fmt::print("{} synthetic quote events in memory\n", quotes.size());
  nightdesk::events_per_second(quotes);  // first: the venue alone also warms the allocator for both
  nightdesk::events_per_second_through_manager(quotes);
  nightdesk::order_to_ack_latency_through_manager(quotes);
  nightdesk::order_to_ack_latency(quotes);
  return 0;
}
