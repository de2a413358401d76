// The engine's read endpoints of spec A11: status, positions (and summary), orders, portfolio Greeks and
// P&L, risk, execution quality, audit, chains and quotes. Each answers from the latest DeskSnapshot (a
// pointer copy): a reader never waits for the engine and never sees a half-updated position. Handlers run
// on the API threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/api_server.h"
#include "engine/desk_snapshot.h"

namespace nightdesk::api {

using SnapshotSource = std::function<std::shared_ptr<const engine::DeskSnapshot>()>;

struct EngineIdentity {
  std::string mode;     // "paper", "backtest", "demo"
  std::string version;  // the binary's
  Timestamp started{};  // wall-clock start of the process
};

std::vector<ApiRoute> snapshot_routes(SnapshotSource snapshot, EngineIdentity identity);

}  // namespace nightdesk::api
