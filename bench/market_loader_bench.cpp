// Loader throughput: native CSV and OptionsDX files written from the synthetic market, read through the
// streaming readers. Reports MB/s (bytes_per_second) and rows/s (items_per_second).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "common/trading_calendar.h"
#include "market/native_csv_writer.h"
#include "market/replay_feed.h"
#include "market/synthetic_market.h"

namespace nightdesk::market {
namespace {

constexpr int kDays = 40;  // about 110k option quotes per 1 snapshot/day; two snapshots a day doubles it

std::filesystem::path bench_dir() {
  auto dir = std::filesystem::temp_directory_path() / "nightdesk-market-bench";
  std::filesystem::create_directories(dir);
  return dir;
}

std::unique_ptr<SyntheticFeed> synthetic() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  SyntheticConfig config;
  config.trading_days = kDays;
  config.snapshots_per_day = 2;
  return std::move(*SyntheticFeed::create(config, calendar));
}

const std::string& native_file() {
  static const std::string path = [] {
    std::string p = (bench_dir() / "native.csv").string();
    auto feed = synthetic();
    auto writer = NativeCsvWriter::create(p);
    QuoteEvent e;
    while (*feed->next(e)) (void)writer->write(e);
    (void)writer->finish();
    return p;
  }();
  return path;
}

// The same quotes in OptionsDX layout: one row per (time, expiry, strike) with the call and the put.
const std::string& optionsdx_file() {
  static const std::string path = [] {
    std::string p = (bench_dir() / "spy_eod_bench.txt").string();
    std::ofstream out(p);
    out << "[QUOTE_UNIXTIME], [QUOTE_READTIME], [QUOTE_DATE], [QUOTE_TIME_HOURS], [UNDERLYING_LAST], [EXPIRE_DATE], "
           "[EXPIRE_UNIX], [DTE], [C_DELTA], [C_GAMMA], [C_VEGA], [C_THETA], [C_RHO], [C_IV], [C_VOLUME], [C_LAST], "
           "[C_SIZE], [C_BID], [C_ASK], [STRIKE], [P_BID], [P_ASK], [P_SIZE], [P_LAST], [P_DELTA], [P_GAMMA], "
           "[P_VEGA], [P_THETA], [P_RHO], [P_IV], [P_VOLUME], [STRIKE_DISTANCE], [STRIKE_DISTANCE_PCT]\n";
    auto feed = synthetic();
    QuoteEvent e, call;
    double spot = 0;
    while (*feed->next(e)) {
      if (!e.is_option()) {
        spot = e.quote.last->to_double();
        continue;
      }
      if (e.right == OptionRight::call) {
        call = e;
        continue;
      }
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(e.time().time_since_epoch()).count();
      std::string day = format_date(Date{std::chrono::floor<std::chrono::days>(e.time())});
      out << fmt::format(
          "{}, {} 16:00, {}, 16.000000, {:.6f}, {}, {}, 5.000000, {:.6f}, 0.010000, 0.300000, -0.200000, 0.100000, "
          "{:.6f}, {}, , {} x {}, {:.6f}, {:.6f}, {:.6f}, {:.6f}, {:.6f}, {} x {}, , {:.6f}, 0.010000, 0.300000, "
          "-0.200000, -0.100000, {:.6f}, {}, 1.000000, 0.001000\n",
          secs, day, day, spot, format_date(e.expiry), secs + 86400, *call.delta, *call.iv, call.volume.value_or(0),
          call.quote.bid_size.count(), call.quote.ask_size.count(), call.quote.bid.to_double(),
          call.quote.ask.to_double(), e.strike.to_double(), e.quote.bid.to_double(), e.quote.ask.to_double(),
          e.quote.bid_size.count(), e.quote.ask_size.count(), *e.delta, *e.iv, e.volume.value_or(0));
    }
    return p;
  }();
  return path;
}

void read_all(benchmark::State& state, const std::string& path) {
  std::uint64_t bytes = 0, rows = 0;
  for (auto _ : state) {
    auto feed = open_replay_feed(path, {});
    if (!feed) {
      state.SkipWithError(feed.error().message.c_str());
      return;
    }
    QuoteEvent e;
    while (*(*feed)->next(e)) benchmark::DoNotOptimize(e.quote.bid);
    bytes += (*feed)->stats().bytes;
    rows += (*feed)->stats().rows;
    if ((*feed)->stats().bad_rows != 0) state.SkipWithError("bad rows in the benchmark file");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(rows));
}

void BM_NativeCsvLoad(benchmark::State& state) { read_all(state, native_file()); }
void BM_OptionsDxLoad(benchmark::State& state) { read_all(state, optionsdx_file()); }

void BM_SyntheticGenerate(benchmark::State& state) {
  std::uint64_t events = 0;
  for (auto _ : state) {
    auto feed = synthetic();
    QuoteEvent e;
    while (*feed->next(e)) ++events;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

BENCHMARK(BM_NativeCsvLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OptionsDxLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SyntheticGenerate)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nightdesk::market

BENCHMARK_MAIN();
