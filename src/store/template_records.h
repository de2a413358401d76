// Journal records of recurring templates: the whole template (definition, status, execution history) after
// every change, and its removal. A restart takes the last state of each template not removed since
// (rebuild_templates in template_journal.h). Pure encoders and decoders; any thread.
#pragma once

#include <string>

#include "common/error.h"
#include "common/time.h"
#include "store/journal_record.h"
#include "strategy/recurring_template.h"

namespace nightdesk::store {

// template.state: the template as strategy::to_json writes it (history included).
JournalEntry encode_template_state(const strategy::RecurringTemplate& t, Timestamp time);
// template.removed: only the id and when.
JournalEntry encode_template_removed(const std::string& id, Timestamp time);

// parse_error naming the template id and the field for a payload the template reader refuses.
Result<strategy::RecurringTemplate> decode_template_state(const JournalEntry& entry);

}  // namespace nightdesk::store
