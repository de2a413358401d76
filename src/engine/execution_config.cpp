#include "engine/execution_config.h"

#include <cmath>

#include <fmt/format.h>

namespace nightdesk::engine {
namespace {

constexpr const char* kSection = "execution";

execution::WalkEndAction end_action(const std::string& text) {
  return text == "cancel" ? execution::WalkEndAction::cancel : execution::WalkEndAction::rest;
}

}  // namespace

ExecutionConfigKeys::ExecutionConfigKeys(ConfigSchema& s)
    : use_mid_price_(s.boolean(kSection, "use_mid_price", "Open a smart limit order at the mid (false: at the near touch)")
                         .defaults_to(true)),
      cancel_after_seconds_(s.number(kSection, "cancel_after_seconds",
                                     "Seconds at one price without a complete fill before the walk steps (cancel/replace)")
                                .defaults_to(30).range(0.001, 86'400)),
      step_pct_of_spread_(s.number(kSection, "step_pct_of_spread", "Each step moves this % of the CURRENT spread toward the far side")
                              .defaults_to(10).range(0.01, 100)),
      max_attempts_(s.integer(kSection, "max_attempts", "Replaces a walk makes at most").defaults_to(10).range(0, 1'000)),
      max_walk_pct_of_spread_(s.number(kSection, "max_walk_pct_of_spread",
                                       "Never price past this % of the spread from the near touch (100 = the far touch)")
                                  .defaults_to(100).range(0, 100)),
      on_exhausted_(s.choice(kSection, "on_exhausted", {"rest", "cancel"},
                             "At the walk's limit (far touch or max_attempts): rest at the last price or cancel")
                        .defaults_to("rest")),
      order_budget_enabled_(s.boolean(kSection, "order_slippage_budget_enabled", "Bound each walk by a per-order slippage budget")
                                .defaults_to(true)),
      order_budget_pct_(s.number(kSection, "order_slippage_budget_pct_of_spread",
                                 "Per-order budget: slippage vs the arrival mid, in % of the arrival spread (50 = the arrival far touch)")
                            .defaults_to(50).range(0, 10'000)),
      on_budget_(s.choice(kSection, "on_budget", {"rest", "cancel"},
                          "When the next step would exceed the per-order budget: rest at the last allowed price or cancel")
                     .defaults_to("rest")),
      daily_budget_usd_(s.number(kSection, "daily_slippage_budget_usd",
                                 "Slippage in USD across all orders per trading day; when spent, new walks are refused; 0 = no limit")
                            .defaults_to(0).range(0, 1e9)),
      per_minute_(s.integer(kSection, "rate_limit_per_minute", "Order requests (submit, cancel, replace) per minute per account")
                      .defaults_to(120).range(1, 1'000'000)),
      per_second_(s.integer(kSection, "rate_limit_per_second", "Order requests per second per account; 0 = no per-second cap")
                      .defaults_to(0).range(0, 1'000'000)),
      when_rate_limited_(s.choice(kSection, "when_rate_limited", {"queue", "reject"},
                                  "Over the limit: queue the request until a token comes, or reject it with the reason")
                             .defaults_to("queue")),
      max_queue_(s.integer(kSection, "rate_limit_max_queue", "Requests queued per account at most; a full queue rejects")
                     .defaults_to(100).range(1, 1'000'000)),
      account_(s.text(kSection, "account", "The broker account the rate limit applies to").defaults_to("paper")) {}

Status ExecutionConfigKeys::read(const Config& c, OrderManagerConfig& out) const {
  execution::SmartExecutionConfig& walk = out.walk;
  walk.use_mid_price = c.get(use_mid_price_);
  walk.cancel_after = Nanoseconds(std::llround(c.get(cancel_after_seconds_) * 1e9));
  walk.step_pct_of_spread = c.get(step_pct_of_spread_);
  walk.max_attempts = static_cast<std::int32_t>(c.get(max_attempts_));
  walk.max_walk_pct_of_spread = c.get(max_walk_pct_of_spread_);
  walk.on_exhausted = end_action(c.get(on_exhausted_));
  walk.slippage_budget.reset();
  if (c.get(order_budget_enabled_))
    walk.slippage_budget = execution::OrderSlippageBudget{c.get(order_budget_pct_), end_action(c.get(on_budget_))};
  out.daily_slippage_budget.reset();
  if (double usd = c.get(daily_budget_usd_); usd > 0) {
    auto money = Money::from_double(usd, Rounding::nearest);
    if (!money) return fail(ErrorCode::out_of_range, money.error().message, daily_budget_usd_.path());
    out.daily_slippage_budget = *money;
  }
  out.rate_limit.per_minute = static_cast<std::int32_t>(c.get(per_minute_));
  out.rate_limit.per_second.reset();
  if (auto per_second = c.get(per_second_); per_second > 0) out.rate_limit.per_second = static_cast<std::int32_t>(per_second);
  out.rate_limit.when_limited = c.get(when_rate_limited_) == "reject" ? execution::WhenRateLimited::reject : execution::WhenRateLimited::queue;
  out.rate_limit.max_queue = static_cast<std::size_t>(c.get(max_queue_));
  out.account = c.get(account_);
  if (out.account.empty()) return fail(ErrorCode::invalid_argument, account_.path() + ": must not be empty", account_.path());
  if (out.rate_limit.per_second && *out.rate_limit.per_second > out.rate_limit.per_minute) {
    auto where = c.origin(kSection, "rate_limit_per_second");
    return fail(ErrorCode::out_of_range,
                fmt::format("{}: {}: {} per second is above rate_limit_per_minute ({})", where ? where->describe() : "?",
                            per_second_.path(), *out.rate_limit.per_second, out.rate_limit.per_minute),
                per_second_.path());
  }
  return ok();
}

}  // namespace nightdesk::engine
