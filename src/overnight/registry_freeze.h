// Registry freeze (spec B7): after the initializer, the features are frozen; a session may only flip `passes`.
// freeze_check compares what a session left with the frozen copy and says what to restore. Pure function;
// any thread may call it. Verifying a flip (running the command) is FeatureVerifier's job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "overnight/feature_registry.h"

namespace nightdesk::overnight {

struct FreezeCheck {
  // The registry to keep: the frozen features in frozen order, each with the `passes` the session left (false
  // when the session removed it or the file is unreadable).
  std::vector<Feature> registry;
  // Each rejected edit, one line for a person: "F2: description changed (restored)", "X9: added (removed)",
  // "registry unreadable (restored): ...".
  std::vector<std::string> rejected;
  // Ids whose `passes` went from false (frozen or last accepted) to true: the runner must verify them.
  std::vector<std::string> claimed_passing;
  // Ids whose `passes` went from true to false (the agent found a regression): accepted as they are.
  std::vector<std::string> withdrawn;

  bool file_needs_rewrite() const { return !rejected.empty(); }
};

// `frozen` holds the frozen fields and, in `passes`, what the runner accepted last. `current` is the file's
// parse result (an error when it is unreadable or invalid).
FreezeCheck freeze_check(const std::vector<Feature>& frozen, const Result<std::vector<Feature>>& current);

}  // namespace nightdesk::overnight
