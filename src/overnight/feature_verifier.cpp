#include "overnight/feature_verifier.h"

#include <fmt/core.h>

#include "common/atomic_file.h"
#include "overnight/test_runner.h"

namespace nightdesk::overnight {
namespace {

Feature* find(std::vector<Feature>& features, const std::string& id) {
  for (auto& f : features) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

// Writes `features` unless the file already says the same (formatting aside).
Result<bool> write_if_different(const std::filesystem::path& path, const std::vector<Feature>& features) {
  auto on_disk = read_feature_registry(path);
  if (on_disk && *on_disk == features) return false;
  if (auto written = write_file_atomically(path, encode_feature_registry(features)); !written) {
    return std::unexpected(written.error());
  }
  return true;
}

}  // namespace

FeatureCheck verify_feature(const Feature& feature, const std::filesystem::path& workdir,
                            std::chrono::milliseconds timeout, const std::filesystem::path& log) {
  TestCommand command{feature.verification, workdir, timeout, 2048, log};
  auto run = run_tests(command);
  if (!run) return {feature.id, false, "cannot run the verification: " + run.error().message};
  return {feature.id, run->passed, run->summary()};
}

std::vector<std::string> RegistryReview::reasons() const {
  std::vector<std::string> out = rejected;
  for (const auto& c : checks) {
    out.push_back(c.passed ? fmt::format("{} accepted as passing: the runner's verification passed ({})", c.id, c.summary)
                           : fmt::format("{} reverted to not passing: the runner's verification failed ({})", c.id,
                                         c.summary));
  }
  for (const auto& id : withdrawn) out.push_back(id + " set back to not passing by the session");
  return out;
}

Result<RegistryReview> review_registry(const std::filesystem::path& registry_file, const std::vector<Feature>& accepted,
                                       const VerifyFeature& verify) {
  const FreezeCheck check = freeze_check(accepted, read_feature_registry(registry_file));
  RegistryReview review;
  review.accepted = check.registry;
  review.rejected = check.rejected;
  review.withdrawn = check.withdrawn;
  for (const auto& id : check.claimed_passing) {
    Feature* f = find(review.accepted, id);
    FeatureCheck result = verify(*f);
    f->passes = result.passed;
    review.checks.push_back(std::move(result));
  }
  auto wrote = write_if_different(registry_file, review.accepted);
  if (!wrote) return std::unexpected(wrote.error());
  review.rewrote_file = *wrote;
  return review;
}

Result<RegistryReview> reverify_required(const std::filesystem::path& registry_file, const std::vector<Feature>& accepted,
                                         const std::function<bool(const Feature&)>& required,
                                         const VerifyFeature& verify) {
  RegistryReview review;
  review.accepted = accepted;
  for (auto& f : review.accepted) {
    if (!f.passes || !required(f)) continue;
    FeatureCheck result = verify(f);
    if (!result.passed) {
      f.passes = false;
      review.checks.push_back(std::move(result));
    }
  }
  auto wrote = write_if_different(registry_file, review.accepted);
  if (!wrote) return std::unexpected(wrote.error());
  review.rewrote_file = *wrote;
  return review;
}

}  // namespace nightdesk::overnight
