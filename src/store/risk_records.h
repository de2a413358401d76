// Journal records for risk: an order the pre-trade check refused (every violated limit with its numbers)
// and each circuit-breaker transition (the breaker's audit log). Encoders and decoders are pure; any thread.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "engine/desk_events.h"
#include "risk/circuit_breaker.h"
#include "store/journal_record.h"

namespace nightdesk::store {

// The entity id of breaker transitions: one breaker per account.
inline constexpr std::string_view kBreakerEntity = "account";

// What the journal keeps of an engine::OrderRiskRefused (the decision's violations; its numbers are in the
// messages).
struct RiskRefusal {
  execution::ClientOrderId client_order_id;
  execution::OrderSource source = execution::OrderSource::strategy;
  std::string position_id;
  std::vector<risk::RiskViolation> violations;
  Timestamp time{};
};
bool operator==(const RiskRefusal& a, const RiskRefusal& b);
RiskRefusal risk_refusal(const engine::OrderRiskRefused& refused);

JournalEntry encode(const RiskRefusal& refusal);
JournalEntry encode(const risk::BreakerTransition& transition);
Result<RiskRefusal> decode_risk_refusal(const JournalEntry& entry);
Result<risk::BreakerTransition> decode_breaker_transition(const JournalEntry& entry);

bool same_transition(const risk::BreakerTransition& a, const risk::BreakerTransition& b);

}  // namespace nightdesk::store
