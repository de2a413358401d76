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
  if (entry.kind != kinds::kTemplateState)
    return std::unexpected(payload::decode_error(entry, "kind", "expected a record of kind " + std::string(kinds::kTemplateState)));
  nlohmann::json json = nlohmann::json::parse(entry.payload, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::unexpected(payload::decode_error(entry, "payload", "not a JSON object"));
  auto t = strategy::parse_recurring_template(json, strategy::TemplateSource::store);
  if (!t) return std::unexpected(payload::decode_error(entry, t.error().field, t.error().message));
  if (t->id != entry.entity_id)
    return std::unexpected(payload::decode_error(entry, "id", "the payload's id '" + t->id + "' is not the record's"));
  return t;
}

}  // namespace nightdesk::store
