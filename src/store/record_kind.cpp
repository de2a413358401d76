#include "store/record_kind.h"

#include <algorithm>
#include <array>

namespace nightdesk::store {
namespace {

constexpr std::array kKinds{
    RecordKind{kinds::kOrderCreated, "client order id", "the order's request as first submitted and its creation time"},
    RecordKind{kinds::kOrderEvent, "client order id", "one state transition with the terms or fill it carried"},
    RecordKind{kinds::kFill, "client order id", "a fill and the order's filled and leaves quantities after it"},
    RecordKind{kinds::kVenueState, "venue name (\"paper\")", "the paper venue's ledger, open orders and counters"},
    RecordKind{kinds::kPositionChange, "position id", "the position's legs, costs and P&L after a fill or settlement"},
    RecordKind{kinds::kManagementAction, "position id", "what the bot did or declined to do for a position, and why"},
    RecordKind{kinds::kRiskRefused, "client order id", "an order the pre-trade check refused, with every violated limit"},
    RecordKind{kinds::kBreakerTransition, "account (\"account\")", "a circuit-breaker transition with its numbers and who"},
    RecordKind{kinds::kManagementChange, "position id", "a person's change of a position's overrides or manager, and who"},
    RecordKind{kinds::kTemplateState, "template id", "a recurring template whole (definition, status, history) after a change"},
    RecordKind{kinds::kTemplateRemoved, "template id", "a recurring template was deleted"},
};

}  // namespace

std::span<const RecordKind> record_kinds() { return kKinds; }

const RecordKind* find_record_kind(std::string_view name) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(), [&](const RecordKind& k) { return k.name == name; });
  return it == kKinds.end() ? nullptr : &*it;
}

}  // namespace nightdesk::store
