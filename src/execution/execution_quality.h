// Execution-quality metrics (spec A6, SEC Rule 605 conventions): per order, and aggregated by symbol,
// strategy and day. Prices are per share (a combo: net per unit); D = +1 for a buy (and every combo, whose
// net price is debit positive), -1 for a sell; M0 = arrival mid; P = a fill price (or the order's average).
//   arrival slippage  = D (P - M0)                 effective spread = 2 D (P - M0)
//   realized spread   = 2 D (P - M_t+h), h in 1 s, 5 s, 60 s, 5 min after each fill (prevailing mid at t+h)
//   price improvement = D (far touch at arrival - P)  (> 0: better than crossing)
//   half-spread crossed = D (P - M0) / (quoted spread / 2)  (0 at mid, 1 at the far touch)
//   implementation shortfall ($) = D (avg - M0) x filled x multiplier + fees [+ D (end mid - M0) x unfilled x mult]
//   cancel/fill ratio = (cancel requests + replaces) / fills
// Engine thread only; the aggregates are plain values that may be copied to other threads.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <functional>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/net_quote.h"
#include "execution/order.h"

namespace nightdesk::execution {

inline constexpr std::array<Nanoseconds, 4> kRealizedSpreadHorizons{
    std::chrono::seconds(1), std::chrono::seconds(5), std::chrono::seconds(60), std::chrono::minutes(5)};

// What measuring needs beyond the order itself.
struct QualityContext {
  NetQuote arrival;             // the quote when the order was created (a combo's net quote)
  Timestamp arrival_time{};     // when the order was created
  std::string symbol;           // key for aggregation and for later mids; empty: quality_key(request)
  Date day{};                   // the trading day
  std::int64_t multiplier = 100;
  std::optional<Price> end_mid; // mid when the order ended; prices the unfilled part into the shortfall
};

struct OrderQuality {
  ClientOrderId client_order_id;
  std::string symbol;
  std::string strategy;
  Date day{};
  Side side = Side::buy;  // the price side (buy for combos)
  Quantity ordered;
  Quantity filled;
  std::size_t fills = 0;
  std::int32_t replaces = 0;
  std::int32_t cancel_requests = 0;
  std::optional<Nanoseconds> time_to_first_fill;
  std::optional<Nanoseconds> time_to_complete;
  Price arrival_mid;
  Price quoted_spread;  // at arrival
  std::optional<Price> average_price;
  std::optional<Price> arrival_slippage;
  std::optional<Price> effective_spread;
  std::optional<Price> price_improvement;
  std::optional<double> effective_over_quoted;  // none when the quoted spread was <= 0
  std::optional<double> half_spread_crossed;    // none when the quoted spread was <= 0
  Money implementation_shortfall;
  // Share-weighted over the fills whose horizon has been priced so far; none until one is.
  std::array<std::optional<double>, 4> realized_spread;

  double fill_rate() const;  // filled / ordered
  std::optional<double> cancel_fill_ratio() const;  // none without fills
};

// The aggregation key of an order: the single leg's symbol, or the legs' symbols joined by '/'.
std::string quality_key(const OrderRequest& request);

// Measures one order (usually once it is terminal). Errors: multiplier <= 0, arithmetic overflow.
Result<OrderQuality> measure_order_quality(const Order& order, const QualityContext& context);

struct QualityAggregate {
  std::size_t orders = 0;
  Quantity ordered;
  Quantity filled;
  std::size_t fills = 0;
  std::int64_t replaces = 0;
  std::int64_t cancel_requests = 0;
  double fill_rate = 0.0;
  std::optional<double> mean_seconds_to_first_fill;
  std::optional<double> mean_seconds_to_complete;
  std::optional<double> mean_replaces;
  // Share-weighted (by filled units) means, in dollars per share, and ratios.
  std::optional<double> arrival_slippage;
  std::optional<double> effective_spread;
  std::optional<double> price_improvement;
  std::optional<double> effective_over_quoted;  // sum(eff x qty) / sum(quoted x qty)
  std::optional<double> half_spread_crossed;
  std::array<std::optional<double>, 4> realized_spread;
  Money implementation_shortfall;
  std::optional<double> cancel_fill_ratio;
};

// How many per-order records the book keeps. A record is settled once all its realized-spread horizons
// are priced (5 min after its last fill); settled records beyond `max_orders`, or recorded more than
// `max_age` before the newest record, are folded into the aggregates and dropped, so memory stays
// bounded over a long run while total(), by_symbol(), by_strategy() and by_day() still count them.
struct QualityRetention {
  std::size_t max_orders = 10'000;       // >= 1
  std::optional<Nanoseconds> max_age;    // none: by count only; else > 0

  Status validate() const;
};

// Collects measured orders, prices their realized spreads as later mids arrive, and aggregates.
// The engine calls watch(symbol) when an order starts, on_mid() for quotes, record() when the order ends.
class ExecutionQualityBook {
 public:
  // `retention` must be valid (QualityRetention::validate); the default keeps the last 10,000 orders.
  explicit ExecutionQualityBook(QualityRetention retention = {}) : retention_(retention) {}

  // Keeps the mids of `symbol` from now on (up to 5 min back) so fills made before record() can be
  // priced at their horizons. Each watch is released by one record() of that symbol.
  void watch(const std::string& symbol);
  // Measures `order` and keeps it. Each fill's horizons are priced from the kept mids where they have
  // passed, the rest as later mids arrive. (Without a watch, a horizon already passed takes the next mid.)
  // Then applies the retention. The pointer stays valid until the next record().
  Result<const OrderQuality*> record(const Order& order, const QualityContext& context);
  // A mid of `symbol` (a combo's net mid under its quality_key) at `time`, in time order per symbol.
  // Prices every waiting horizon this quote shows has passed, with the mid prevailing at that horizon.
  // Mids of symbols nobody waits for are ignored.
  void on_mid(const std::string& symbol, Price mid, Timestamp time);

  // The per-order records still kept, oldest first (see QualityRetention).
  const std::vector<OrderQuality>& orders() const { return orders_; }
  // Records dropped by the retention; the aggregates still count them.
  std::size_t retired_orders() const { return retired_count_; }
  std::size_t pending_horizons() const;
  QualityAggregate total() const;
  std::map<std::string, QualityAggregate> by_symbol() const;
  std::map<std::string, QualityAggregate> by_strategy() const;
  std::map<std::string, QualityAggregate> by_day() const;  // "YYYY-MM-DD"

 private:
  struct Pending {
    std::uint64_t order = 0;  // the record's serial
    std::size_t horizon = 0;
    Timestamp due{};
    Price price;
    std::int64_t quantity = 0;
  };
  struct RealizedSums {
    std::array<double, 4> weighted{};
    std::array<std::int64_t, 4> quantity{};
  };
  // Beside each kept OrderQuality (same position in kept_ as in orders_).
  struct Kept {
    std::uint64_t serial = 0;    // increasing in record order
    std::size_t unpriced = 0;    // horizons still waiting for a mid; 0: settled
    Timestamp recorded{};        // the order's last transition
    RealizedSums realized;
  };
  // Running sums for one aggregate (additive, so retired records fold in); finish() makes the means.
  struct Totals {
    QualityAggregate a;
    double first_fill_s = 0, complete_s = 0;
    std::size_t first_fill_n = 0, complete_n = 0;
    double slip = 0, eff = 0, pi = 0, crossed = 0;
    double eff_where_quoted = 0, quoted = 0;  // over orders with a positive quoted spread only
    std::int64_t weighted_qty = 0, spread_qty = 0;
    std::array<double, 4> realized{};
    std::array<double, 4> realized_qty{};

    void add(const OrderQuality& q, const RealizedSums& realized_sums);
    QualityAggregate finish() const;
  };
  struct Retired {
    Totals total;
    std::map<std::string, Totals> by_symbol, by_strategy;
    std::map<Date, Totals> by_day;  // by date, not its text: retiring formats nothing
  };
  struct TimedMid {
    Timestamp time{};
    Price mid;
  };
  struct SymbolMids {
    std::int64_t watchers = 0;
    bool parked = false;  // idle (no watcher, nothing pending, no history): as if absent; see forget_if_idle()
    std::vector<TimedMid> history;  // time order, trimmed to the longest horizon
    std::vector<Pending> pending;
  };
  // Prices one horizon of a kept record; `was_waiting`: it was on a pending list (one fewer unpriced).
  void resolve(const Pending& p, Price mid, bool was_waiting = false);
  // The position of record `serial` in orders_; none once it was retired.
  std::optional<std::size_t> position_of(std::uint64_t serial) const;
  void retire_settled(Timestamp newest);
  // The mid prevailing at `due` if the history shows `due` has passed; none otherwise.
  static std::optional<Price> prevailing(const SymbolMids& mids, Timestamp due);
  // The mids of `symbol`, made (or taken out of parking) for a watcher or a record.
  SymbolMids& mids_of(const std::string& symbol);
  void forget_if_idle(const std::string& symbol);
  std::map<std::string, QualityAggregate> group_by(const std::function<std::string(const OrderQuality&)>& key,
                                                  const std::map<std::string, Totals>& retired) const;

  QualityRetention retention_;
  // Vectors, not deques: an OrderQuality is large enough that a deque would allocate a block per record;
  // retiring compacts in place and the capacity (up to max_orders) is reused.
  std::vector<OrderQuality> orders_;
  std::vector<Kept> kept_;
  std::uint64_t next_serial_ = 0;
  Retired retired_;
  std::size_t retired_count_ = 0;
  Timestamp last_age_sweep_{};
  std::size_t count_sweep_at_ = 0;  // see retire_settled()
  std::map<std::string, SymbolMids, std::less<>> mids_;
  std::size_t parked_symbols_ = 0;
};

}  // namespace nightdesk::execution
