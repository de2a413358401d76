// TradingDesk: the risk-checked order entry every order goes through.
#include <spdlog/spdlog.h>

#include "engine/risk_inputs.h"
#include "engine/trading_desk.h"

namespace nightdesk::engine {

Result<const execution::Order*> TradingDesk::submit(ParentOrderRequest request) {
  execution::OrderRequest& r = request.order;
  if (r.parent_position_id.empty()) r.parent_position_id = "pos-" + r.client_order_id.value();
  // A resubmitted client id gets the manager's idempotent answer; it was checked when it first came.
  if (orders_.find(r.client_order_id) != nullptr) return orders_.submit(std::move(request));

  ++counters_.orders_checked;
  const Timestamp now = loop_.now();
  const risk::AccountSnapshot account = snapshot();
  auto candidate = candidate_order(r, portfolio_, orders_.quotes(), chains_, calendar_, now);
  if (!candidate) {
    risk::RiskDecision missing;
    missing.violations.push_back({risk::RiskRule::market_data, candidate.error().message});
    return refuse(r, std::move(missing));
  }
  risk::RiskDecision decision = gate_.check(*candidate, account, portfolio_view(portfolio_, orders_.quotes()));
  if (!decision.approved()) return refuse(r, std::move(decision));

  const execution::ClientOrderId id = r.client_order_id;
  auto placed = orders_.submit(std::move(request));
  if (!placed) {
    ++counters_.submit_errors;
    return placed;
  }
  if (execution::is_terminal((*placed)->state)) {
    finished_.push_back(id);
    follow_up();
  } else {
    open_.push_back(id);
  }
  return placed;
}

Result<const execution::Order*> TradingDesk::refuse(const execution::OrderRequest& request, risk::RiskDecision decision) {
  ++counters_.orders_refused;
  for (const auto& v : decision.violations) ++counters_.refusals_by_rule[std::string(risk::to_string(v.rule))];
  Status status = decision.status();
  spdlog::info("risk refused {}: {}", request.client_order_id.value(), decision.describe());
  loop_.bus().publish(OrderRiskRefused{request.client_order_id, request.source, request.parent_position_id, std::move(decision),
                                       loop_.now()});
  return std::unexpected(status.error());
}

// A bot order that does not get out (refused by risk or by the manager) is reported back to the
// portfolio as rejected, so its exit level re-arms or its roll takes its recovery path.
//
// The portfolio prices its orders at the legs' net mark. A smart walk never passes its order's own limit, so
// a bot order worked smartly gets the current net far touch as its limit (the worst it accepts): the walk
// still opens at the mid and steps toward it (spec A6).
Result<const execution::Order*> TradingDesk::submit_bot_order(execution::OrderRequest request) {
  if (config_.bot_style == ExecutionStyle::smart && request.type == execution::OrderType::limit) {
    auto net = orders_.quotes().net_quote(request);
    if (net && (request.is_combo() || net->far_touch(request.price_side()) > Price{}))
      request.limit_price = net->far_touch(request.price_side());
  }
  auto placed = submit(ParentOrderRequest{request, config_.bot_style});
  if (placed) return placed;
  spdlog::warn("bot order {} for {} not sent: {}", request.client_order_id.value(), request.parent_position_id,
               placed.error().describe());
  finish_unsent(std::move(request));
  return placed;
}

void TradingDesk::finish_unsent(execution::OrderRequest request) {
  execution::Order unsent(std::move(request), loop_.now());
  unsent.state = execution::OrderState::rejected;
  const market::OptionChain* chain = unsent.request.legs.empty() ? nullptr : chains_.chain(unsent.request.legs.front().instrument.underlying);
  auto next = portfolio_.on_order_finished(unsent, loop_.now(), chain);
  loop_.bus().publish(PositionOrderFinished{unsent.request.parent_position_id, unsent.request.client_order_id, loop_.now()});
  if (next && *next) {
    ++counters_.roll_followups;
    submit_bot_order(std::move(**next));
  }
}

}  // namespace nightdesk::engine
