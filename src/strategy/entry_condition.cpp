#include "strategy/entry_condition.h"

#include <array>

#include <fmt/format.h>

namespace nightdesk::strategy {
namespace {

constexpr std::array kMetricNames{"iv_rank", "iv_percentile", "portfolio_delta", "portfolio_gamma",
                                  "portfolio_theta", "portfolio_vega", "underlying_price", "rsi"};
constexpr std::array kComparisonNames{"<", "<=", ">", ">="};

bool holds(double value, Comparison op, double threshold) {
  switch (op) {
    case Comparison::less: return value < threshold;
    case Comparison::less_or_equal: return value <= threshold;
    case Comparison::greater: return value > threshold;
    case Comparison::greater_or_equal: return value >= threshold;
  }
  return false;
}

}  // namespace

std::string_view to_string(ConditionMetric metric) { return kMetricNames[static_cast<std::size_t>(metric)]; }

std::optional<ConditionMetric> parse_condition_metric(std::string_view text) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i)
    if (text == kMetricNames[i]) return static_cast<ConditionMetric>(i);
  return std::nullopt;
}

std::string_view to_string(Comparison op) { return kComparisonNames[static_cast<std::size_t>(op)]; }

std::optional<Comparison> parse_comparison(std::string_view text) {
  if (text == "below") return Comparison::less;
  if (text == "above") return Comparison::greater;
  for (std::size_t i = 0; i < kComparisonNames.size(); ++i)
    if (text == kComparisonNames[i]) return static_cast<Comparison>(i);
  return std::nullopt;
}

std::optional<double> ConditionSnapshot::value(ConditionMetric metric) const {
  switch (metric) {
    case ConditionMetric::iv_rank: return iv_rank;
    case ConditionMetric::iv_percentile: return iv_percentile;
    case ConditionMetric::portfolio_delta: return portfolio_delta;
    case ConditionMetric::portfolio_gamma: return portfolio_gamma;
    case ConditionMetric::portfolio_theta: return portfolio_theta;
    case ConditionMetric::portfolio_vega: return portfolio_vega;
    case ConditionMetric::underlying_price: return underlying_price;
    case ConditionMetric::rsi: return rsi;
  }
  return std::nullopt;
}

ConditionVerdict evaluate_conditions(std::span<const EntryCondition> conditions, const ConditionSnapshot& snapshot) {
  for (const auto& c : conditions) {
    auto value = snapshot.value(c.metric);
    if (!value) return {false, fmt::format("{} is unknown", to_string(c.metric))};
    if (!holds(*value, c.op, c.threshold))
      return {false, fmt::format("{} {:.2f} is not {} {:.2f}", to_string(c.metric), *value, to_string(c.op), c.threshold)};
  }
  return {};
}

}  // namespace nightdesk::strategy
