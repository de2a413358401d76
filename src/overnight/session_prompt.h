// Session prompts: the agent's argv and the prompt text of each session, rendered from templates (spec B5, B7).
// Progress-file mode fills a short template with the next task; two-phase mode fills the initializer or coding
// template with the goal, the registry, the progress notes, the last handoff and the recent git log, each cut
// to a bounded size. Pure functions; any thread may call them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "overnight/overnight_config.h"

namespace nightdesk::overnight {

// The prompt for a session: `templ` with {task}, {task_id}, {priority}, {progress_file}, {notes_file},
// {session}, {run_id}, {completion_pct} and {pending} replaced.
struct PromptFacts {
  std::string task, task_id, priority, progress_file, notes_file, run_id;
  std::int64_t session = 0;
  double completion_pct = 0;
  int pending = 0;
};
std::string render_prompt(std::string_view templ, const PromptFacts& facts);

// argv for the agent: command, then args with "{prompt}" replaced; the prompt is appended when no argument
// names it.
std::vector<std::string> agent_argv(const AgentSettings& agent, const std::string& prompt);

// Size bounds of the context put into a two-phase prompt (bytes; the git log in commits too).
inline constexpr std::size_t kRegistryPromptBytes = 24 * 1024;  // the head of the registry
inline constexpr std::size_t kProgressPromptBytes = 8 * 1024;   // the tail of the progress notes (newest last)
inline constexpr std::size_t kHandoffPromptBytes = 4 * 1024;    // the tail of the handoff note
inline constexpr std::size_t kGitLogPromptBytes = 4 * 1024;
inline constexpr int kGitLogCommits = 20;

// `text` cut to at most `max_bytes` (plus a one-line marker saying how much was left out): the head keeps the
// beginning, the tail keeps the end. Never splits a UTF-8 sequence.
std::string head_bounded(std::string_view text, std::size_t max_bytes);
std::string tail_bounded(std::string_view text, std::size_t max_bytes);

// The two-phase templates' placeholders: {goal}, {registry}, {registry_file}, {progress}, {progress_file},
// {handoff}, {notes_file}, {git_log}, {setup_script}, {feature_id}, {feature}, {verification}, {priority},
// {passing}, {total}, {session}, {run_id}, {signal_file}.
struct ProtocolPromptFacts {
  std::string goal, registry, registry_file, progress, progress_file, handoff, notes_file, git_log, setup_script,
      feature_id, feature, verification, priority, run_id, signal_file;
  int passing = 0, total = 0;
  std::int64_t session = 0;
};
std::string render_protocol_prompt(std::string_view templ, const ProtocolPromptFacts& facts);
const std::vector<std::string_view>& protocol_placeholders();
// Placeholders in `templ` ({lower_case_name}) that are not in `known`, e.g. a misspelt {regsitry}.
std::vector<std::string> unknown_placeholders(std::string_view templ, const std::vector<std::string_view>& known);

// The built-in templates used when protocol.initializer_template / coding_template are empty.
std::string_view default_initializer_template();
std::string_view default_coding_template();

}  // namespace nightdesk::overnight
