#include "store/risk_records.h"

#include "store/payload_fields.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using payload::Json;

constexpr int kRiskRules = static_cast<int>(risk::RiskRule::vega) + 1;
constexpr int kBreakerStates = static_cast<int>(risk::BreakerState::halted) + 1;
constexpr int kBreakerTriggers = static_cast<int>(risk::BreakerTrigger::reset) + 1;

}  // namespace

bool operator==(const RiskRefusal& a, const RiskRefusal& b) {
  if (a.client_order_id != b.client_order_id || a.source != b.source || a.position_id != b.position_id || a.time != b.time ||
      a.violations.size() != b.violations.size())
    return false;
  for (std::size_t i = 0; i < a.violations.size(); ++i)
    if (a.violations[i].rule != b.violations[i].rule || a.violations[i].message != b.violations[i].message) return false;
  return true;
}

bool same_transition(const risk::BreakerTransition& a, const risk::BreakerTransition& b) {
  return a.time == b.time && a.from == b.from && a.to == b.to && a.trigger == b.trigger && a.numbers == b.numbers && a.who == b.who &&
         a.reason == b.reason;
}

RiskRefusal risk_refusal(const engine::OrderRiskRefused& refused) {
  return RiskRefusal{refused.client_order_id, refused.source, refused.position_id, refused.decision.violations, refused.time};
}

JournalEntry encode(const RiskRefusal& r) {
  Json violations = Json::array();
  for (const auto& v : r.violations) violations.push_back(Json{{"rule", to_string(v.rule)}, {"message", v.message}});
  Json j{{"source", to_string(r.source)}, {"position_id", r.position_id}, {"violations", std::move(violations)}};
  return {r.time, std::string(kinds::kRiskRefused), r.client_order_id.value(), j.dump()};
}

JournalEntry encode(const risk::BreakerTransition& t) {
  Json j{{"from", to_string(t.from)}, {"to", to_string(t.to)},   {"trigger", to_string(t.trigger)},
         {"numbers", t.numbers},      {"who", t.who},            {"reason", t.reason}};
  return {t.time, std::string(kinds::kBreakerTransition), std::string(kBreakerEntity), j.dump()};
}

Result<RiskRefusal> decode_risk_refusal(const JournalEntry& entry) {
  return payload::decode_payload<RiskRefusal>(entry, kinds::kRiskRefused, [&](const Json& o) {
    RiskRefusal r;
    r.client_order_id = execution::ClientOrderId(entry.entity_id);
    r.time = entry.engine_time;
    std::string source = payload::read_string(o, "source");
    auto parsed = execution::parse_order_source(source);
    if (!parsed) throw payload::PayloadError("source", "source: unknown value '" + source + "'");
    r.source = *parsed;
    r.position_id = payload::read_string(o, "position_id");
    for (const Json& v : o.at("violations"))
      r.violations.push_back({payload::read_named_enum<risk::RiskRule>(v, "rule", kRiskRules), payload::read_string(v, "message")});
    return r;
  });
}

Result<risk::BreakerTransition> decode_breaker_transition(const JournalEntry& entry) {
  return payload::decode_payload<risk::BreakerTransition>(entry, kinds::kBreakerTransition, [&](const Json& o) {
    risk::BreakerTransition t;
    t.time = entry.engine_time;
    t.from = payload::read_named_enum<risk::BreakerState>(o, "from", kBreakerStates);
    t.to = payload::read_named_enum<risk::BreakerState>(o, "to", kBreakerStates);
    t.trigger = payload::read_named_enum<risk::BreakerTrigger>(o, "trigger", kBreakerTriggers);
    t.numbers = payload::read_string(o, "numbers");
    t.who = payload::read_string(o, "who");
    t.reason = payload::read_string(o, "reason");
    return t;
  });
}

}  // namespace nightdesk::store
