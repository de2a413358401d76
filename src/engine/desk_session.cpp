#include "engine/desk_session.h"

#include "engine/paper_venue_wiring.h"

namespace nightdesk::engine {

TradingDeskConfig trading_desk_config(const NightdeskConfig& config) {
  TradingDeskConfig out;
  out.limits = config.risk;
  out.management = config.management;
  out.management_interval = config.desk.management_interval;
  out.account_interval = config.desk.account_interval;
  out.bot_style = config.desk.bot_style;
  return out;
}

Result<std::unique_ptr<DeskSession>> DeskSession::create(DeskSessionOptions options) {
  auto calendar = TradingCalendar::nyse();
  if (!calendar) return std::unexpected(calendar.error());
  std::unique_ptr<DeskSession> session(
      new DeskSession(std::move(options.config), std::move(*calendar), options.simulated, options.start, options.live_clock));
  if (auto wired = session->wire(options.id_seed); !wired) return std::unexpected(wired.error());
  return session;
}

DeskSession::DeskSession(NightdeskConfig config, TradingCalendar calendar, bool simulated, Timestamp start,
                         const Clock* live_clock)
    : config_(std::move(config)),
      calendar_(std::move(calendar)),
      simulated_clock_(simulated ? std::optional<SimulatedClock>(std::in_place, start) : std::nullopt),
      live_clock_(live_clock != nullptr ? live_clock : &real_clock_),
      loop_(simulated ? EventLoop::simulated(*simulated_clock_) : EventLoop::live(*live_clock_)) {}

// Members are destroyed in reverse: the schedule, the desk and the manager unsubscribe before the venue
// and the loop they point at go away.
DeskSession::~DeskSession() = default;

const Clock& DeskSession::clock() const {
  if (simulated_clock_) return *simulated_clock_;
  return *live_clock_;
}

Status DeskSession::wire(std::optional<std::uint64_t> id_seed) {
  broker::PaperVenueConfig venue_config = config_.paper_venue.venue;
  if (config_.paper_venue.reject_outside_session) venue_config.calendar = &calendar_;
  auto venue = broker::PaperVenue::create(std::move(venue_config), loop_);
  if (!venue) return std::unexpected(venue.error());
  venue_ = std::move(*venue);
  wire_paper_venue(loop_, *venue_);

  OrderManagerConfig manager_config = config_.execution;
  manager_config.calendar = &calendar_;
  auto orders = OrderManager::create(std::move(manager_config), loop_, *venue_);
  if (!orders) return std::unexpected(orders.error());
  orders_ = std::move(*orders);

  TradingDeskConfig desk_config = trading_desk_config(config_);
  desk_config.id_seed = id_seed;
  broker::PaperVenue* venue_ptr = venue_.get();
  auto desk = TradingDesk::create(std::move(desk_config), loop_, *orders_, [venue_ptr] { return venue_ptr->ledger().cash; },
                                  calendar_);
  if (!desk) return std::unexpected(desk.error());
  desk_ = std::move(*desk);

  expiries_ = ExpirySchedule::create(loop_, *venue_, calendar_);
  return ok();
}

}  // namespace nightdesk::engine
