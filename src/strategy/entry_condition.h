// Entry conditions of a recurring template: metric, comparison, threshold, all combined with AND, evaluated
// against a snapshot the caller assembles (market and portfolio figures). Plain values; pure (any thread).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk::strategy {

// Units: iv_rank and iv_percentile 0..100 (iv_history.h); portfolio Greeks as the portfolio module reports
// them (delta in shares, gamma in shares per $1, theta in $ per calendar day, vega in $ per vol point);
// underlying_price in $; rsi 0..100 (rsi.h).
enum class ConditionMetric : std::uint8_t {
  iv_rank,
  iv_percentile,
  portfolio_delta,
  portfolio_gamma,
  portfolio_theta,
  portfolio_vega,
  underlying_price,
  rsi,
};
enum class Comparison : std::uint8_t { less, less_or_equal, greater, greater_or_equal };

std::string_view to_string(ConditionMetric metric);
std::optional<ConditionMetric> parse_condition_metric(std::string_view text);
// "<", "<=", ">", ">=" (and the words "below" / "above" for < and > on reading).
std::string_view to_string(Comparison op);
std::optional<Comparison> parse_comparison(std::string_view text);

struct EntryCondition {
  ConditionMetric metric = ConditionMetric::iv_rank;
  Comparison op = Comparison::greater_or_equal;
  double threshold = 0;  // finite
  bool operator==(const EntryCondition&) const = default;
};

// What the conditions are checked against; a metric the caller could not supply is nullopt.
struct ConditionSnapshot {
  std::optional<double> iv_rank;
  std::optional<double> iv_percentile;
  std::optional<double> portfolio_delta;
  std::optional<double> portfolio_gamma;
  std::optional<double> portfolio_theta;
  std::optional<double> portfolio_vega;
  std::optional<double> underlying_price;
  std::optional<double> rsi;

  std::optional<double> value(ConditionMetric metric) const;
};

struct ConditionVerdict {
  bool passed = true;
  std::string reason;  // the first failing condition: "iv_rank 23.10 is not >= 30.00", or "rsi is unknown"
};

// All conditions must hold (AND; an empty list passes). An unknown metric fails its condition.
ConditionVerdict evaluate_conditions(std::span<const EntryCondition> conditions, const ConditionSnapshot& snapshot);

}  // namespace nightdesk::strategy
