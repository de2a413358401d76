#include "engine/paper_venue_wiring.h"

namespace nightdesk::engine {

SubscriptionId wire_paper_venue(EventLoop& loop, broker::PaperVenue& venue) {
  MessageBus& bus = loop.bus();
  venue.set_report_sink([&bus](const execution::ExecutionReport& r) { bus.publish(r); });
  venue.set_settlement_sink([&bus](const broker::ExpirySettlement& s) { bus.publish(s); });
  return bus.subscribe<market::QuoteEvent>([&venue](const market::QuoteEvent& q) { venue.on_quote(q); });
}

}  // namespace nightdesk::engine
