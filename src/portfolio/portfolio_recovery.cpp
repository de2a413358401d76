// Portfolio: restoring a position's management after a restart.
#include <algorithm>

#include <fmt/format.h>

#include "portfolio/management_replay.h"
#include "portfolio/portfolio.h"

namespace nightdesk::portfolio {
namespace {

bool same_entry(const ManagementAction& a, const ManagementAction& b) {
  return a.time == b.time && a.kind == b.kind && a.order_id == b.order_id && a.who == b.who;
}

// The journal's entries in their order; each rebuilt entry it lacks goes after the last journaled entry
// that is not later than it.
std::vector<ManagementAction> merged_history(std::vector<ManagementAction> journaled, const std::vector<ManagementAction>& rebuilt) {
  for (const ManagementAction& entry : rebuilt) {
    if (std::any_of(journaled.begin(), journaled.end(), [&](const ManagementAction& j) { return same_entry(j, entry); })) continue;
    auto later = std::find_if(journaled.rbegin(), journaled.rend(), [&](const ManagementAction& j) { return j.time <= entry.time; });
    journaled.insert(later.base(), entry);
  }
  return journaled;
}

}  // namespace

Result<std::optional<std::string>> Portfolio::restore_management(const std::string& position_id,
                                                                 std::vector<ManagementAction> journaled) {
  auto it = positions_.find(position_id);
  if (it == positions_.end()) return fail(ErrorCode::not_found, fmt::format("no position {}", position_id), "position_id");
  Position& position = it->second;
  position.restore_history(merged_history(std::move(journaled), position.history()));
  ManagementReplay replay = replay_management(position.history());
  position.exit_state() = std::move(replay.exit);
  return std::move(replay.unfinished_roll_order);
}

}  // namespace nightdesk::portfolio
