#include "store/template_records.h"

#include <nlohmann/json.hpp>

#include "store/payload_fields.h"
#include "store/record_kind.h"
#include "strategy/recurring_template_json.h"

namespace nightdesk::store {

JournalEntry encode_template_state(const strategy::RecurringTemplate& t, Timestamp time) {
  return {time, std::string(kinds::kTemplateState), t.id, strategy::to_json(t).dump()};
}

JournalEntry encode_template_removed(const std::string& id, Timestamp time) {
  return {time, std::string(kinds::kTemplateRemoved), id, "{}"};
}

Result<strategy::RecurringTemplate> decode_template_state(const JournalEntry& entry) {
  return payload::decode_payload<strategy::RecurringTemplate>(entry, kinds::kTemplateState, [&entry](const nlohmann::json& o) {
    auto t = strategy::parse_recurring_template(o, strategy::TemplateSource::store);
    if (!t) throw payload::PayloadError(t.error().field, t.error().message);
    if (t->id != entry.entity_id) throw payload::PayloadError("id", "the payload's id '" + t->id + "' is not the record's");
    return std::move(*t);
  });
}

}  // namespace nightdesk::store
