// ManagementChanged: published on the loop's bus by the TradingDesk once a person's change to a position's
// bot management (PATCH /positions/{id}) applied, so the journal records it at once and a restart applies
// it again. Plain value built on the engine thread; safe to copy to any thread.
#pragma once

#include <string>

#include "common/time.h"
#include "portfolio/position_overrides.h"

namespace nightdesk::engine {

struct ManagementChanged {
  std::string position_id;
  portfolio::ManagementChange change;
  std::string who;
  Timestamp time{};
};

}  // namespace nightdesk::engine
