// TradingDesk: quotes, fills, order ends and settlements onto the portfolio, and the bot's management.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "engine/risk_inputs.h"
#include "engine/settlement_trades.h"
#include "engine/trading_desk.h"

namespace nightdesk::engine {

void TradingDesk::on_quote(const market::QuoteEvent& event) {
  chains_.apply(event);
  portfolio_.on_quote(event);
  const Timestamp now = loop_.now();
  if (!last_account_ || now - *last_account_ >= config_.account_interval) update_account();
  if (!last_management_ || now - *last_management_ >= config_.management_interval) {
    last_management_ = now;
    manage_now();
  }
}

void TradingDesk::on_fill(const execution::OrderFilled& event) {
  const execution::Order* order = orders_.find(event.fill.client_order_id);
  if (order == nullptr || order->request.parent_position_id.empty()) return;
  if (auto applied = portfolio_.apply_fill(order->request, event.fill); applied) {
    ++counters_.fills_applied;
    mark_from_board(order->request);
  } else {
    ++counters_.fill_errors;
    spdlog::error("fill {} of {} not booked: {}", event.fill.fill_id, order->request.client_order_id.value(),
                  applied.error().describe());
  }
  account_due_ = true;
  if (execution::is_terminal(event.state_after)) finished_.push_back(order->request.client_order_id);
  follow_up();
}

// A filled order ends with its last fill (OrderFilled comes after the state change); other ends here.
void TradingDesk::on_state_changed(const execution::OrderStateChanged& event) {
  const execution::OrderState to = event.transition.to;
  if (!execution::is_terminal(to) || to == execution::OrderState::filled) return;
  finished_.push_back(event.client_order_id);
  follow_up();
}

// A leg that opens after its instrument was last quoted gets its mark (and the feed's IV) from the board at
// once, rather than waiting for the next quote of that instrument.
void TradingDesk::mark_from_board(const execution::OrderRequest& request) {
  for (const execution::OrderLeg& leg : request.legs) {
    const market::Quote* quote = orders_.quotes().find(leg.instrument);
    if (quote == nullptr) continue;
    market::QuoteEvent event;
    event.kind = leg.instrument.kind;
    event.underlying = leg.instrument.underlying;
    event.expiry = leg.instrument.expiry;
    event.strike = leg.instrument.strike;
    event.right = leg.instrument.right;
    event.quote = *quote;
    event.quote.time = loop_.now();
    if (leg.instrument.is_option()) event.iv = quoted_iv(chains_, leg.instrument);
    portfolio_.on_quote(event);
  }
}

void TradingDesk::on_settlement(const broker::ExpirySettlement& settlement) {
  for (const SettlementTrade& t : settlement_trades(settlement, portfolio_)) {
    if (auto applied = portfolio_.apply_fill(t.order, t.fill); applied) {
      ++counters_.settlements_applied;
    } else {
      spdlog::error("settlement {} not booked: {}", t.fill.fill_id, applied.error().describe());
    }
  }
  account_due_ = true;
  follow_up();
}

void TradingDesk::follow_up() {
  if (follow_up_scheduled_) return;
  follow_up_scheduled_ = true;
  std::weak_ptr<bool> alive = alive_;
  loop_.schedule_at(loop_.now(), [this, alive] {
    if (auto a = alive.lock(); a && *a) run_follow_ups();
  });
}

void TradingDesk::run_follow_ups() {
  follow_up_scheduled_ = false;
  std::vector<execution::ClientOrderId> ended;
  ended.swap(finished_);
  for (const auto& id : ended) finish_order(id);
  if (account_due_) update_account();
}

void TradingDesk::finish_order(const execution::ClientOrderId& id) {
  std::erase(open_, id);
  const execution::Order* order = orders_.find(id);
  if (order == nullptr || order->request.parent_position_id.empty()) return;
  const market::OptionChain* chain = order->request.legs.empty() ? nullptr : chains_.chain(order->request.legs.front().instrument.underlying);
  auto next = portfolio_.on_order_finished(*order, loop_.now(), chain);
  loop_.bus().publish(PositionOrderFinished{order->request.parent_position_id, id, loop_.now()});
  if (!next) {
    spdlog::warn("order {} finished: {}", id.value(), next.error().describe());
    return;
  }
  if (*next) {
    ++counters_.roll_followups;
    submit_bot_order(std::move(**next));
  }
}

void TradingDesk::manage_now() {
  const Timestamp now = loop_.now();
  plan_exits(now);
  plan_rolls(now);
}

void TradingDesk::plan_exits(Timestamp now) {
  for (portfolio::ExitIntent& intent : portfolio_.plan_exits(now)) {
    ++counters_.exits_produced;
    submit_bot_order(std::move(intent.order));
  }
  for (const auto& error : portfolio_.last_errors()) spdlog::warn("exit not planned: {}", error);
}

// Rolls open new risk, so none starts unless the breaker is active (the check would refuse it anyway).
void TradingDesk::plan_rolls(Timestamp now) {
  if (!gate_.breaker().allows_opening()) return;
  auto today = calendar_.new_york_date(now);
  for (const portfolio::RollCandidate& candidate : portfolio_.roll_candidates(now)) {
    auto skipped = roll_skipped_on_.find(candidate.position_id);
    if (today && skipped != roll_skipped_on_.end() && skipped->second == *today) continue;
    const portfolio::Position* position = portfolio_.position(candidate.position_id);
    if (position == nullptr) continue;
    const market::OptionChain* chain = chains_.chain(position->underlying());
    if (chain == nullptr) {
      skip_roll(candidate.position_id, "no option chain for " + position->underlying());
      continue;
    }
    auto start = portfolio_.roll(candidate.position_id, *chain, now, candidate.trigger.reason);
    if (!start) {
      skip_roll(candidate.position_id, start.error().message);
      continue;
    }
    if (!start->order) continue;  // dry run: recorded in the roll history
    ++counters_.rolls_started;
    submit_bot_order(std::move(*start->order));
  }
}

void TradingDesk::skip_roll(const std::string& position_id, std::string reason) {
  ++counters_.rolls_skipped;
  if (auto today = calendar_.new_york_date(loop_.now())) roll_skipped_on_[position_id] = *today;
  spdlog::info("roll of {} skipped: {}", position_id, reason);
  loop_.bus().publish(RollSkipped{position_id, std::move(reason), loop_.now()});
}

}  // namespace nightdesk::engine
