// Wiring of the paper venue into the event loop: the venue sees every quote on the bus (before any
// handler subscribed later, so strategies act on quotes the venue already knows), and its execution
// reports and expiry settlements are published on the bus. Engine thread only.
#pragma once

#include "broker/paper_venue.h"
#include "engine/event_loop.h"

namespace nightdesk::engine {

// Subscribe first, before strategies. The venue and the loop must outlive the subscription; the
// returned id undoes the quote subscription (the venue's sinks stay pointed at the bus).
SubscriptionId wire_paper_venue(EventLoop& loop, broker::PaperVenue& venue);

}  // namespace nightdesk::engine
