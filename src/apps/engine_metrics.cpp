#include "apps/engine_metrics.h"

#include <algorithm>
#include <string>

namespace nightdesk::apps {
namespace {

using Samples = std::vector<std::pair<MetricLabels, double>>;

double number(std::uint64_t n) { return static_cast<double>(n); }

void order_metrics(PrometheusText& out, const engine::OrderManagerMetrics& m) {
  Samples by_state;
  for (int i = 0; i < execution::kOrderStateCount; ++i) {
    const auto state = static_cast<execution::OrderState>(i);
    by_state.push_back({{{"state", std::string(execution::to_string(state))}}, number(m.orders_in(state))});
  }
  out.gauge("nightdesk_orders", "Orders the order manager holds, by state", by_state);
  out.counter("nightdesk_orders_submitted", "Parent orders accepted", number(m.orders_submitted));
  out.counter("nightdesk_fills", "Fill reports applied (one per leg execution)", number(m.fills));
  out.counter("nightdesk_filled_contracts", "Contracts filled over all legs", number(m.filled_contracts));
  Samples rejects;
  for (const auto& [reason, n] : m.rejects_by_reason) rejects.push_back({{{"reason", reason}}, number(n)});
  if (rejects.empty()) rejects.push_back({{{"reason", "none"}}, 0});
  out.counter("nightdesk_order_rejects", "Orders rejected, by reason", rejects);
  out.counter("nightdesk_walk_steps", "Replaces the smart walk asked for", number(m.walk_steps));
  out.counter("nightdesk_walks_started", "Smart walks started", number(m.walks_started));
  out.counter("nightdesk_order_budget_stops", "Walks stopped by their per-order slippage budget", number(m.order_budget_stops));
  out.gauge("nightdesk_slippage_spent_today_usd", "Slippage spent today against the daily budget, USD",
            m.slippage_spent_today.to_double());
  out.counter("nightdesk_rate_limit_queued", "Broker requests queued by the rate limit", number(m.rate_limit_queued));
}

void desk_metrics(PrometheusText& out, const engine::DeskMetrics& m) {
  Samples breaker;
  for (auto state : {risk::BreakerState::active, risk::BreakerState::reducing, risk::BreakerState::halted})
    breaker.push_back({{{"state", std::string(risk::to_string(state))}}, m.breaker_state == state ? 1.0 : 0.0});
  out.gauge("nightdesk_breaker_state", "The circuit breaker's state (1 for the current one)", breaker);
  out.counter("nightdesk_breaker_transitions", "Circuit breaker transitions", number(m.breaker_transitions));
  Samples refusals;
  for (const auto& [rule, n] : m.refusals_by_rule) refusals.push_back({{{"rule", rule}}, number(n)});
  if (refusals.empty()) refusals.push_back({{{"rule", "none"}}, 0});
  out.counter("nightdesk_risk_refusals", "Orders refused by the pre-trade check, by rule", refusals);
  out.gauge("nightdesk_positions_open", "Open positions by who manages them",
            Samples{{{{"managed_by", "bot"}}, number(m.positions_bot_managed)},
                    {{{"managed_by", "manual"}}, number(m.positions_manual)}});
  out.counter("nightdesk_exits_produced", "Exit orders the bot planned (ladder, stop, trailing)", number(m.exits_produced));
  out.counter("nightdesk_rolls_started", "Rolls started", number(m.rolls_started));
}

}  // namespace

void append_engine_metrics(PrometheusText& out, const engine::DeskSnapshot& snapshot) {
  order_metrics(out, snapshot.order_metrics);
  desk_metrics(out, snapshot.desk_metrics);
  out.counter("nightdesk_quotes", "Quotes the engine loop delivered", number(snapshot.loop.quotes));
  out.counter("nightdesk_loop_errors", "Exceptions caught from timers and commands", number(snapshot.loop.errors));
  out.gauge("nightdesk_snapshot_sequence", "The published snapshot's sequence number", number(snapshot.sequence));
}

void append_journal_metrics(PrometheusText& out, const JournalProgress& journal) {
  out.gauge("nightdesk_journal_lag_records", "Records handed to the journal whose commit has not come back",
            number(journal.appended - std::min(journal.appended, journal.processed)));
  out.counter("nightdesk_journal_committed_records", "Journal records durably stored", number(journal.committed));
  out.gauge("nightdesk_journal_failed", "1 after a journal commit failed (the engine stops sending orders)",
            journal.failed ? 1.0 : 0.0);
}

}  // namespace nightdesk::apps
