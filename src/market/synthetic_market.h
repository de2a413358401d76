// SyntheticMarket: a deterministic (seeded) option market for demos, tests and benchmarks: an underlying
// path (GBM or Heston), an implied-vol surface with skew and term structure, weekly and monthly expiries on
// the NYSE calendar, realistic strike grids, bid/ask on the tick grid (wider away from the money and near
// expiry) and sizes. It is a Feed: snapshots of the whole chain at set times of each session. One consumer thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/tick_rule.h"
#include "common/trading_calendar.h"
#include "market/feed.h"
#include "market/listed_expiries.h"
#include "market/underlying_path.h"
#include "market/vol_surface.h"

namespace nightdesk::market {

struct SyntheticConfig {
  std::uint64_t seed = 1;
  std::string underlying = "SPY";
  Date start = Date{std::chrono::year{2025}, std::chrono::January, std::chrono::day{2}};  // first session on or after
  int trading_days = 5;
  int snapshots_per_day = 1;  // 1: one end-of-day chain at 15:45 New York; more: spread over the session
  PathParams path;
  VolSurface surface;
  ExpiryListing listing;
  TickRule ticks = TickRule::penny_pilot();
  int max_strikes_per_expiry = 120;

  Status validate() const;
};

class SyntheticFeed final : public Feed {
 public:
  // Validates the config; the calendar must outlive the feed.
  static Result<std::unique_ptr<SyntheticFeed>> create(SyntheticConfig config, const TradingCalendar& calendar);

  Result<bool> next(QuoteEvent& event) override;
  const LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return name_; }
  // Sessions generated so far, of config.trading_days.
  int days_done() const { return day_index_; }

 private:
  SyntheticFeed(SyntheticConfig config, const TradingCalendar& calendar);
  Status build_schedule();
  // Generates the chain at snapshot_times_[snapshot_] into pending_.
  Status generate_snapshot();
  // Prices one expiry's calls and puts (the vectorized chain pricer), then quotes them into pending_.
  Status quote_expiry(Date expiry, Timestamp t, const VolSurface& surface, double spot, double years, Date today);
  struct ExpiryTerms {
    double spot;
    double near_expiry_width;  // the spread's relative width added for the days left: 0.02 / sqrt(days)
    double volume_decay;       // volume divides by sqrt(days / 7 + 1)
  };
  // One option's quote from its theoretical value; z: its moneyness in standard deviations, depth: exp(-z^2/2).
  void quote_option(QuoteEvent& e, const ExpiryTerms& terms, double z, double depth, double vol, double theo_price,
                    double theo_delta);

  SyntheticConfig config_;
  const TradingCalendar& calendar_;
  std::string name_;
  LoadStats stats_;
  UnderlyingPath path_;
  SeededRandom noise_;  // sizes and small quote noise; separate from the path so paths match across configs
  std::vector<Timestamp> snapshot_times_;
  std::size_t snapshot_ = 0;
  int day_index_ = 0;
  Timestamp path_time_{};
  std::vector<QuoteEvent> pending_;
  std::size_t pending_next_ = 0;
  // One expiry's chain in structure-of-arrays form (call, put per strike), reused across snapshots.
  struct ChainScratch {
    std::vector<double> spot, strike, years, rate, dividend, vol;
    std::vector<double> z, depth;  // per strike
    std::vector<std::uint8_t> is_call;
    std::vector<double> price, delta, gamma, vega, theta, rho;
  } chain_;
};

}  // namespace nightdesk::market
