// TradingDesk: a person's position and order commands (the API's close, roll, PATCH and order changes).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/management_changed.h"
#include "engine/risk_inputs.h"
#include "engine/trading_desk.h"

namespace nightdesk::engine {
namespace {

Status need_who(const std::string& who) {
  if (who.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ErrorCode::invalid_argument, "who must not be blank", "who");
  return ok();
}

}  // namespace

Result<const execution::Order*> TradingDesk::close_position(const std::string& position_id, const portfolio::CloseAmount& amount,
                                                            const std::string& who) {
  auto order = portfolio_.close(position_id, amount, person_order_ids_.next(), who, loop_.now());
  if (!order) return std::unexpected(order.error());
  spdlog::info("{} closes {} units of {} ({})", who, order->quantity.count(), position_id, order->client_order_id.value());
  return submit_bot_order(std::move(*order));
}

Result<portfolio::RollStart> TradingDesk::roll_position(const std::string& position_id, const portfolio::RollOverrides& overrides,
                                                        bool dry_run, const std::string& who) {
  if (auto named = need_who(who); !named) return std::unexpected(named.error());
  const portfolio::Position* position = portfolio_.position(position_id);
  if (position == nullptr) return fail(ErrorCode::not_found, "no position " + position_id, "position_id");
  const market::OptionChain* chain = chains_.chain(position->underlying());
  if (chain == nullptr) return fail(ErrorCode::unavailable, "no option chain for " + position->underlying() + " yet", "chain");
  const bool dry = dry_run || overrides.applied_to(portfolio_.roll_settings_for(position_id)).dry_run;
  if (!dry && !gate_.breaker().allows_opening())
    return fail(ErrorCode::conflict,
                fmt::format("the circuit breaker is {}: a roll opens new risk", risk::to_string(gate_.breaker().state())),
                "circuit_breaker");
  auto start = portfolio_.roll_requested(position_id, *chain, loop_.now(), overrides, dry, who);
  if (!start || !start->order) return start;
  ++counters_.rolls_started;
  spdlog::info("{} rolls {} ({})", who, position_id, start->order->client_order_id.value());
  if (auto placed = submit_bot_order(*start->order); !placed) return std::unexpected(placed.error());
  return start;
}

Result<portfolio::ManagementSettings> TradingDesk::manage_position(const std::string& position_id,
                                                                   const portfolio::ManagementChange& change, const std::string& who) {
  auto changed = portfolio_.change_management(position_id, change, who, loop_.now());
  if (!changed) return changed;
  spdlog::info("{} changes the management of {}: {}", who, position_id, portfolio_.position(position_id)->history().back().reason);
  loop_.bus().publish(ManagementChanged{position_id, change, who, loop_.now()});
  return changed;
}

Status TradingDesk::replace_order(const execution::ClientOrderId& id, const OrderChange& change, const std::string& who) {
  if (auto named = need_who(who); !named) return named;
  if (!change.limit_price && !change.quantity)
    return fail(ErrorCode::invalid_argument, "give a limit_price or a quantity to change", "order");
  const execution::Order* order = orders_.find(id);
  if (order == nullptr) return fail(ErrorCode::not_found, "no order " + id.value(), "client_order_id");
  execution::ReplaceTerms terms{change.limit_price ? change.limit_price : order->request.limit_price,
                                change.quantity.value_or(order->request.quantity)};
  const Quantity filled = order->filled_quantity();
  if (!execution::is_terminal(order->state) && terms.quantity > filled) {
    // What is left to work at the new terms must pass the same check a new order would.
    execution::OrderRequest remaining = order->request;
    remaining.limit_price = terms.limit_price;
    remaining.quantity = Quantity(terms.quantity.count() - filled.count());
    const risk::AccountSnapshot account = snapshot();
    auto candidate = candidate_order(remaining, portfolio_, orders_.quotes(), chains_, calendar_, loop_.now());
    if (!candidate) {
      risk::RiskDecision missing;
      missing.violations.push_back({risk::RiskRule::market_data, candidate.error().message});
      return std::unexpected(refuse(remaining, std::move(missing)).error());
    }
    risk::RiskDecision decision = gate_.check(*candidate, account, portfolio_view(portfolio_, orders_.quotes()));
    if (!decision.approved()) return std::unexpected(refuse(remaining, std::move(decision)).error());
  }
  if (auto replaced = orders_.replace(id, terms); !replaced) return replaced;
  spdlog::info("{} replaces {}: limit {}, quantity {}", who, id.value(),
               terms.limit_price ? terms.limit_price->to_string() : std::string("none"), terms.quantity.count());
  return ok();
}

Status TradingDesk::cancel_order(const execution::ClientOrderId& id, const std::string& who) {
  if (auto named = need_who(who); !named) return named;
  if (auto cancelled = orders_.cancel(id); !cancelled) return cancelled;
  spdlog::info("{} cancels {}", who, id.value());
  return ok();
}

}  // namespace nightdesk::engine
