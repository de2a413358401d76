// SessionLoop, two-phase protocol (spec B7): the registry before the first coding session (found, or written by
// the initializer and then frozen), the review after every coding session (frozen fields restored, `passes`
// claims verified by running each feature's command), and the last verification before completion.
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/atomic_file.h"
#include "overnight/feature_verifier.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {
namespace {

std::string bounded(const std::string& text, std::size_t max) {
  return text.size() <= max ? text : text.substr(0, max) + " ...";
}

}  // namespace

std::optional<SessionLoop::Decision> SessionLoop::prepare_registry() {
  if (!two_phase()) return std::nullopt;
  if (state_.registry) {
    auto accepted = parse_feature_registry(state_.registry->accepted);
    if (!accepted) {
      return Decision{RunStatus::failed, "the state's accepted feature registry is unreadable: " + accepted.error().message};
    }
    accepted_ = std::move(*accepted);
    return std::nullopt;
  }
  std::error_code ec;
  if (std::filesystem::exists(c_.protocol.registry_file, ec)) {
    std::string why;
    if (freeze_registry(state_.session, why)) return std::nullopt;
    if (state_.session == 0) {
      return Decision{RunStatus::failed, fmt::format("the feature registry {} exists but is invalid (fix it, or remove "
                                                     "it and an initializer session writes one): {}",
                                                     c_.protocol.registry_file.string(), why)};
    }
    return std::nullopt;  // an initializer left it broken: the next initializer session rewrites it
  }
  if (c_.protocol.goal.empty()) {
    return Decision{RunStatus::failed, "protocol.goal is empty: the initializer session needs a goal (or write the "
                                       "registry " + c_.protocol.registry_file.string() + " yourself)"};
  }
  return std::nullopt;
}

bool SessionLoop::freeze_registry(std::int64_t session, std::string& why) {
  auto parsed = read_feature_registry(c_.protocol.registry_file);
  if (!parsed) {
    why = "no valid feature registry: " + bounded(parsed.error().message, 2000);
    const Timestamp t = RealClock().now();
    (void)record([&](RunState& s) { s.registry_events.push_back({t, session, why}); });
    spdlog::warn("{}", why);
    return false;
  }
  std::vector<std::string> events;
  int reset = 0;
  for (auto& f : *parsed) reset += std::exchange(f.passes, false) ? 1 : 0;
  if (reset > 0) {
    events.push_back(fmt::format("{} feature(s) written as passing were set to not passing: only the runner's "
                                 "verification makes a feature pass", reset));
  }
  std::error_code ec;
  if (!std::filesystem::exists(c_.protocol.setup_script, ec)) {
    events.push_back("no setup script " + c_.protocol.setup_script.string() + " was written");
  }
  if (reset > 0) {
    if (auto written = write_file_atomically(c_.protocol.registry_file, encode_feature_registry(*parsed)); !written) {
      why = "cannot rewrite the registry: " + written.error().message;
      return false;
    }
  }
  accepted_ = std::move(*parsed);
  events.push_back(fmt::format("registry frozen: {} features", accepted_.size()));
  if (auto saved = save_accepted(session, events); !saved) {
    why = saved.error().message;
    return false;
  }
  spdlog::info("feature registry {} frozen ({} features)", c_.protocol.registry_file.string(), accepted_.size());
  return true;
}

void SessionLoop::review_registry(std::int64_t session) {
  journal(fmt::format("registry review {}", session), "begin");
  const auto log = c_.paths.log_dir / state_.run_id / fmt::format("verify-{}.log", session);
  auto verify = [&](const Feature& f) { return verify_feature(f, c_.paths.workdir, c_.protocol.verify_timeout, log); };
  auto review = ::nightdesk::overnight::review_registry(c_.protocol.registry_file, accepted_, verify);
  if (!review) {
    warn(session, "registry", "cannot restore the feature registry: " + review.error().message);
    return;
  }
  accepted_ = review->accepted;
  const auto events = review->reasons();
  for (const auto& e : events) spdlog::info("registry: {}", e);
  (void)save_accepted(session, events);
  journal(fmt::format("registry review {}", session), "end");
}

void SessionLoop::reverify_before_completion() {
  const auto log = c_.paths.log_dir / state_.run_id / "verify-final.log";
  auto verify = [&](const Feature& f) { return verify_feature(f, c_.paths.workdir, c_.protocol.verify_timeout, log); };
  auto required = [&](const Feature& f) { return feature_required(f, rule_); };
  auto review = reverify_required(c_.protocol.registry_file, accepted_, required, verify);
  if (!review) {
    warn(state_.session, "registry", "cannot rewrite the feature registry: " + review.error().message);
    return;
  }
  if (review->checks.empty()) return;
  accepted_ = review->accepted;
  std::vector<std::string> events;
  for (const auto& c : review->checks) {
    events.push_back(fmt::format("{} reverted to not passing before completion: its verification now fails ({})",
                                 c.id, c.summary));
  }
  (void)save_accepted(state_.session, events);
}

Status SessionLoop::save_accepted(std::int64_t session, const std::vector<std::string>& events) {
  const Timestamp t = RealClock().now();
  std::int64_t required = 0, passing = 0;
  for (const auto& f : accepted_) {
    required += feature_required(f, rule_) ? 1 : 0;
    passing += f.passes ? 1 : 0;
  }
  std::string compact = nlohmann::json::parse(encode_feature_registry(accepted_)).dump();
  return record([&](RunState& s) {
    if (!s.registry) s.registry = RegistryRecord{t, session, 0, 0, 0, {}};
    s.registry->features = static_cast<std::int64_t>(accepted_.size());
    s.registry->required = required;
    s.registry->passing = passing;
    s.registry->accepted = compact;
    for (const auto& e : events) s.registry_events.push_back({t, session, e});
  });
}

}  // namespace nightdesk::overnight
