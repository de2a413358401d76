// TradingDesk: taking back what recovery rebuilt after a restart.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "engine/trading_desk.h"

namespace nightdesk::engine {

Result<std::optional<std::string>> TradingDesk::restore_management(const std::string& position_id,
                                                                   std::vector<portfolio::ManagementAction> journaled) {
  return portfolio_.restore_management(position_id, std::move(journaled));
}

std::size_t TradingDesk::resume_after_recovery() {
  orders_.for_each_order([this](const execution::Order& order) {
    order_ids_.continue_after(order.client_order_id().value());
    person_order_ids_.continue_after(order.client_order_id().value());
    if (!execution::is_terminal(order.state) && std::find(open_.begin(), open_.end(), order.client_order_id()) == open_.end())
      open_.push_back(order.client_order_id());
  });
  std::vector<execution::OrderRequest> ended;  // collected first: finishing one changes the positions' state
  for (const auto& [id, position] : portfolio_.positions()) {
    const auto& working = position.exit_state().working;
    if (!working) continue;
    const execution::Order* order = orders_.find(execution::ClientOrderId(working->client_order_id));
    if (order && !execution::is_terminal(order->state)) continue;
    execution::OrderRequest request = order ? order->request : execution::OrderRequest{};
    request.client_order_id = execution::ClientOrderId(working->client_order_id);
    request.parent_position_id = id;
    ended.push_back(std::move(request));
  }
  for (execution::OrderRequest& request : ended) {
    spdlog::info("recovery: exit {} of {} ended before the restart", request.client_order_id.value(), request.parent_position_id);
    if (orders_.find(request.client_order_id) != nullptr) finish_order(request.client_order_id);
    else finish_unsent(std::move(request));
  }
  return ended.size();
}

}  // namespace nightdesk::engine
