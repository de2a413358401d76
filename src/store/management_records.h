// Journal record of a person's change to one position's bot management (PATCH /positions/{id}): the
// overrides, whether earlier ones were cleared, a hand-over, and who asked. A restart applies these again in
// journal order, so a position keeps its own ladder, stop and roll rules and stays with whoever manages it.
// Pure encoder and decoder; any thread.
#pragma once

#include <string>

#include "common/error.h"
#include "common/time.h"
#include "portfolio/position_overrides.h"
#include "store/journal_record.h"

namespace nightdesk::store {

struct ManagementChangeRecord {
  std::string position_id;
  portfolio::ManagementChange change;
  std::string who;
  Timestamp time{};
};

JournalEntry encode(const ManagementChangeRecord& record);
Result<ManagementChangeRecord> decode_management_change(const JournalEntry& entry);

}  // namespace nightdesk::store
