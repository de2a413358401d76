#include "store/template_journal.h"

#include <algorithm>
#include <map>
#include <string>

#include "store/journal_replay.h"
#include "store/record_kind.h"
#include "store/template_records.h"

namespace nightdesk::store {

TemplateJournal::TemplateJournal(strategy::RecurringOrders& recurring, DeskJournal& journal, engine::EventLoop& loop)
    : recurring_(recurring) {
  recurring_.set_listener([&journal, &loop](const strategy::RecurringTemplate& t) {
    journal.append_record(encode_template_state(t, loop.now()));
  });
  recurring_.set_removal_listener([&journal, &loop](std::string_view id) {
    journal.append_record(encode_template_removed(std::string(id), loop.now()));
  });
}

TemplateJournal::~TemplateJournal() {
  recurring_.set_listener({});
  recurring_.set_removal_listener({});
}

Result<JournaledTemplates> rebuild_templates(JournalBackend& journal) {
  struct Kept {
    std::uint64_t first_sequence;
    strategy::RecurringTemplate last;
  };
  std::map<std::string, Kept, std::less<>> kept;
  JournaledTemplates out;
  auto replayed = replay_journal(journal, [&kept, &out](const JournalRecord& record) -> Status {
    const JournalEntry& e = record.entry;
    if (e.kind == kinds::kTemplateRemoved || e.kind == kinds::kTemplateState) out.any_record = true;
    if (e.kind == kinds::kTemplateRemoved) {
      kept.erase(e.entity_id);
    } else if (e.kind == kinds::kTemplateState) {
      auto t = decode_template_state(e);
      if (!t) return std::unexpected(t.error());
      auto [it, inserted] = kept.try_emplace(e.entity_id, Kept{record.sequence, {}});
      it->second.last = std::move(*t);
    }
    return ok();
  });
  if (!replayed) return std::unexpected(replayed.error());
  std::vector<const Kept*> order;
  for (const auto& [id, k] : kept) order.push_back(&k);
  std::sort(order.begin(), order.end(), [](const Kept* a, const Kept* b) { return a->first_sequence < b->first_sequence; });
  for (const Kept* k : order) out.templates.push_back(k->last);
  return out;
}

}  // namespace nightdesk::store
