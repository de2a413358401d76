// The registry of journal record kinds: every kind the store accepts, with what its entity id names.
// Adding a record type = one name here plus one encoder/decoder pair. Constant data; any thread.
#pragma once

#include <span>
#include <string_view>

namespace nightdesk::store {

struct RecordKind {
  std::string_view name;    // stored in the journal's kind column; never renamed once released
  std::string_view entity;  // what entity_id holds for this kind
  std::string_view about;   // one line for humans (docs, `nightdesk journal` listings)
};

namespace kinds {
inline constexpr std::string_view kOrderCreated = "order.created";  // an order entered the registry
inline constexpr std::string_view kOrderEvent = "order.event";      // one state transition of an order
inline constexpr std::string_view kFill = "fill";                   // a fill applied to an order
inline constexpr std::string_view kVenueState = "venue.state";      // the paper venue's books and orders
inline constexpr std::string_view kPositionChange = "position.change";      // a position after a fill or settlement
inline constexpr std::string_view kManagementAction = "management.action";  // one entry of a position's history
inline constexpr std::string_view kRiskRefused = "risk.refused";            // the pre-trade check refused an order
inline constexpr std::string_view kBreakerTransition = "breaker.transition";  // the circuit breaker changed state
inline constexpr std::string_view kManagementChange = "management.change";    // a person changed a position's management
inline constexpr std::string_view kTemplateState = "template.state";      // a recurring template after a change
inline constexpr std::string_view kTemplateRemoved = "template.removed";  // a recurring template was deleted
}  // namespace kinds

// Every registered kind, in the order they were introduced.
std::span<const RecordKind> record_kinds();
// The kind named `name`, or nullptr.
const RecordKind* find_record_kind(std::string_view name);

}  // namespace nightdesk::store
