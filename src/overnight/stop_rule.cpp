#include "overnight/stop_rule.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "common/atomic_file.h"

namespace nightdesk::overnight {
namespace {

StopVerdict registry_verdict(const StopFacts& f) {
  if (f.accepted == nullptr || f.accepted->empty()) {
    return {false, "no frozen feature registry yet (the initializer has not written a valid one)"};
  }
  int required = 0;
  for (const auto& feature : *f.accepted) {
    if (!feature_required(feature, f.rule)) continue;
    ++required;
    if (!feature.passes) {
      return {false, fmt::format("{} ({}) not verified as passing", feature.id, to_string(feature.priority))};
    }
  }
  if (required == 0) return {false, "the registry holds no required feature (check enforcement.require_p0/p1/p2)"};
  return {true, fmt::format("all {} required features passed the runner's verification", required)};
}

}  // namespace

std::optional<CompletionSignal> read_completion_signal(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::nullopt;
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  auto run = doc.find("run_id");
  auto session = doc.find("session");
  if (run == doc.end() || !run->is_string() || session == doc.end() || !session->is_number_integer()) {
    return std::nullopt;
  }
  return CompletionSignal{run->get<std::string>(), session->get<std::int64_t>()};
}

StopVerdict decide_completion(const StopFacts& f) {
  StopVerdict verdict;
  if (f.mode == ProtocolMode::two_phase) {
    verdict = registry_verdict(f);
  } else if (f.progress == nullptr) {
    verdict = {false, "no progress file"};
  } else {
    const DoneVerdict done = evaluate_done(*f.progress, f.rule);
    verdict = {done.done, done.reason};
  }
  if (!verdict.complete) return verdict;
  if (f.tests_green && !*f.tests_green) return {false, verdict.reason + ", but the tests are red"};
  if (f.signal_required) {
    if (!f.signal) return {false, verdict.reason + ", but no completion signal"};
    if (f.signal->run_id != f.run_id || f.signal->session != f.last_session) {
      return {false, fmt::format("{}, but the completion signal is stale (run {} session {}; expected run {} "
                                 "session {})", verdict.reason, f.signal->run_id, f.signal->session, f.run_id,
                                 f.last_session)};
    }
    verdict.reason += " and the agent signalled completion";
  }
  if (f.tests_green) verdict.reason += "; tests green";
  return verdict;
}

}  // namespace nightdesk::overnight
