// FeatureVerifier: the runner's own check of a feature (spec B7): it runs the feature's verification command
// in the work tree and accepts `passes` only when that exits 0. review_registry applies the freeze rule and
// these checks to the registry file after a session. One owner (the session loop); blocks on the commands.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "overnight/feature_registry.h"
#include "overnight/registry_freeze.h"

namespace nightdesk::overnight {

struct FeatureCheck {
  std::string id;
  bool passed = false;
  std::string summary;  // TestRun::summary() of the verification command, e.g. "failed: exit code 1"
};

// Runs `feature.verification` with /bin/sh -c in `workdir`, bounded by `timeout`; the output is appended to
// `log` when given. A command that cannot start is a failed check, never an accepted one.
FeatureCheck verify_feature(const Feature& feature, const std::filesystem::path& workdir,
                            std::chrono::milliseconds timeout, const std::filesystem::path& log = {});

using VerifyFeature = std::function<FeatureCheck(const Feature&)>;

struct RegistryReview {
  std::vector<Feature> accepted;       // what the registry holds now (frozen fields, verified `passes`)
  std::vector<std::string> rejected;   // edits undone (FreezeCheck::rejected)
  std::vector<FeatureCheck> checks;    // every claim the runner checked, accepted or reverted
  std::vector<std::string> withdrawn;  // features the session set back to not passing
  bool rewrote_file = false;

  // One line per event for the state's notes: "F3 accepted as passing (passed)", "F4 reverted to not passing:
  // verification failed (failed: exit code 1)", "F2: description changed (restored)".
  std::vector<std::string> reasons() const;
};

// After a session: compares `registry_file` with `accepted` (the frozen copy with the passes accepted so
// far), undoes every edit but a `passes` flip, verifies each flip to true with `verify` and reverts a failing
// one, and rewrites the file when it differs from the result. Errors only when the file cannot be written.
Result<RegistryReview> review_registry(const std::filesystem::path& registry_file, const std::vector<Feature>& accepted,
                                       const VerifyFeature& verify);

// Before completing: runs the verification of every passing feature that `required` selects again, so a
// later session cannot have broken one unnoticed; a failing one is reverted (and the file rewritten).
Result<RegistryReview> reverify_required(const std::filesystem::path& registry_file, const std::vector<Feature>& accepted,
                                         const std::function<bool(const Feature&)>& required,
                                         const VerifyFeature& verify);

}  // namespace nightdesk::overnight
