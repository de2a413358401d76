// Recurring templates in the journal: TemplateJournal appends a template.state record after every change of a
// template (a fire, an outcome, a status change, an edit) and template.removed after a delete; at start-up
// rebuild_templates() reads back the last state of each template still there, for RecurringOrders::add. The
// templates a restart restores are the journal's, not the configuration's. Engine thread (rebuild: start-up).
#pragma once

#include <vector>

#include "common/error.h"
#include "engine/event_loop.h"
#include "store/desk_journal.h"
#include "store/journal_backend.h"
#include "strategy/recurring_orders.h"

namespace nightdesk::store {

class TemplateJournal {
 public:
  // Becomes `recurring`'s listener; all three must outlive it.
  TemplateJournal(strategy::RecurringOrders& recurring, DeskJournal& journal, engine::EventLoop& loop);
  // Stops listening.
  ~TemplateJournal();
  TemplateJournal(const TemplateJournal&) = delete;
  TemplateJournal& operator=(const TemplateJournal&) = delete;

 private:
  strategy::RecurringOrders& recurring_;
};

struct JournaledTemplates {
  // The last state of each template not removed since, in the order they were first journaled.
  std::vector<strategy::RecurringTemplate> templates;
  // Whether the journal has any template record: when it does, its templates (perhaps none left) are the
  // truth, and a configuration's templates are not added again.
  bool any_record = false;
};

// Errors: the journal's, or a template record that does not decode (named).
Result<JournaledTemplates> rebuild_templates(JournalBackend& journal);

}  // namespace nightdesk::store
