#include "execution/order_state.h"

#include <array>
#include <utility>

namespace nightdesk::execution {
namespace {

constexpr std::array<std::string_view, kOrderStateCount> kStates{
    "new", "pending_submit", "accepted", "partially_filled", "filled",
    "pending_cancel", "cancelled", "pending_replace", "rejected", "expired"};
constexpr std::array<std::string_view, kOrderEventCount> kEvents{
    "submit", "accept", "reject", "partial_fill", "fill", "request_cancel",
    "cancel", "cancel_reject", "request_replace", "replace", "replace_reject", "expire"};

}  // namespace

std::string_view to_string(OrderState state) { return kStates[std::to_underlying(state)]; }
std::string_view to_string(OrderEvent event) { return kEvents[std::to_underlying(event)]; }

}  // namespace nightdesk::execution
