// AgentOutputScanner: reads an agent's output lines for usage limits, authentication failures, an
// explicit completion claim and the session cost. One scanner per session, one thread (the session loop).
//
// The matching rule, so echoed file contents can never trigger a decision:
//  * A line that is a JSON object is an event. Only its top-level fields are read, and only for these
//    event types: `rate_limit_event` (the structured limit signal), `result` (cost, and its `result` /
//    `error` status text), `error` and `system` (their `error` / `message` status text). The text inside
//    `assistant` / `user` events, where tool calls and tool results (file contents) live, is never read.
//  * A line that looks like JSON (starts with `{` or `[`) but does not parse is ignored: in practice it
//    is a cut-off giant tool result.
//  * Any other line is plain text from the agent CLI itself and is matched against the patterns.
//  Patterns are ECMAScript regexes, case-insensitive, searched in at most max_text_bytes of the text;
//  the defaults are anchored at the start so a summary that merely mentions a limit does not match.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk::overnight {

struct ScannerConfig {
  // A first capture group that captures digits is read as the reset time (epoch seconds, or ms if huge).
  std::vector<std::string> rate_limit_patterns;
  std::vector<std::string> auth_failure_patterns;
  std::vector<std::string> completion_patterns;  // an explicit completion signal; never enough alone
  std::size_t max_text_bytes = 4096;
};
// Patterns for the common agent CLIs (usage limit, login/API-key failures); no completion patterns.
ScannerConfig default_scanner_config();

// A usage-limit report. Only `rejected` structured events and pattern matches create one.
struct RateLimitSignal {
  std::optional<Timestamp> resets_at;  // unknown when a pattern matched without a time
  Timestamp seen_at;
  bool structured = false;  // from a rate_limit_event rather than a text pattern
  std::string evidence;     // the start of the line, for the log and the notification
};

struct ScanFindings {
  // The limit in force at the end of the output. A rejected event whose reset time had already passed
  // when it was seen, or that a later `allowed*` event or model reply superseded, is stale: counted, not kept.
  std::optional<RateLimitSignal> rate_limit;
  int stale_rate_limit_signals = 0;
  std::optional<std::string> auth_failure;      // evidence
  std::optional<std::string> completion_claim;  // evidence
  std::optional<double> cost_usd;  // total_cost_usd of the last result record (the session's total)
  int result_records = 0;
  bool result_is_error = false;
  std::size_t event_lines = 0, text_lines = 0, ignored_lines = 0;
};

class AgentOutputScanner {
 public:
  // Compiles the patterns; a bad one is invalid_argument naming it ("rate_limit_patterns[1]").
  static Result<AgentOutputScanner> create(ScannerConfig config);

  // Reads one line (without its newline) received at `seen_at`.
  void scan(std::string_view line, Timestamp seen_at);
  const ScanFindings& findings() const { return findings_; }

 private:
  struct Patterns;  // the compiled regexes; <regex> stays out of this header
  AgentOutputScanner() = default;
  void scan_event(std::string_view line, Timestamp seen_at);
  void scan_status_text(std::string_view text, Timestamp seen_at);
  std::size_t max_text_bytes_ = 4096;
  std::shared_ptr<const Patterns> patterns_;  // immutable, so copies of a scanner may share it
  ScanFindings findings_;
};

// When to start again after `signal`: its reset time (now + default_wait when unknown) clamped to
// [now + min_wait, now + max_wait], plus jitter_max × unit_random (unit_random in [0, 1)) so that many
// runners do not wake at the same second. Persist the result: a restarted runner keeps waiting.
struct WakeUpConfig {
  std::chrono::seconds min_wait{60};
  std::chrono::seconds max_wait{6 * 3600};
  std::chrono::seconds default_wait{15 * 60};
  std::chrono::seconds jitter_max{60};
};
Timestamp wake_up_time(const RateLimitSignal& signal, Timestamp now, const WakeUpConfig& config, double unit_random);

}  // namespace nightdesk::overnight
