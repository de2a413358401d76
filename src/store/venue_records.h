// Journal record for the paper venue: a snapshot of its books (ledger, open orders, id counters) so a
// restart resumes the same simulated broker. Encoders and decoders are pure; any thread.
#pragma once

#include <string>

#include "broker/paper_venue.h"
#include "common/error.h"
#include "common/time.h"
#include "store/journal_record.h"

namespace nightdesk::store {

struct VenueSnapshot {
  std::string venue = "paper";  // the entity id; one snapshot stream per venue
  Timestamp time{};             // engine time the snapshot was taken
  broker::PaperVenueState state;
  bool operator==(const VenueSnapshot&) const = default;
};

JournalEntry encode(const VenueSnapshot& snapshot);
Result<VenueSnapshot> decode_venue_snapshot(const JournalEntry& entry);

}  // namespace nightdesk::store
