#include "overnight/session_prompt.h"

#include <fmt/core.h>

namespace nightdesk::overnight {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

constexpr std::string_view kInitializer =
    "You are the initializer of an unattended coding run (run {run_id}). The goal:\n\n{goal}\n\n"
    "Do not implement the goal yet. Instead, in this repository:\n"
    "1. Write the feature registry {registry_file}: a JSON array; each feature is an object with exactly the "
    "fields \"id\" (unique, letters/digits/._-), \"category\", \"description\", \"priority\" (\"P0\" to \"P3\"), "
    "\"steps\" (a non-empty array of steps to verify it by hand), \"verification\" (a shell command that exits 0 "
    "only when the feature works) and \"passes\": false. Cover the whole goal in small, testable features.\n"
    "2. Write {setup_script}, a script that sets up the environment (dependencies, build).\n"
    "3. Start the progress notes {progress_file} with a first entry: what you set up and what comes first.\n"
    "4. Commit. After this session the registry is frozen: only \"passes\" may change, and only the runner's "
    "own run of a verification command can make a feature pass.\n";

constexpr std::string_view kCoding =
    "You are one session (number {session}, run {run_id}) of an unattended coding run. Goal: {goal}\n\n"
    "Run {setup_script} first if the environment is not set up. Work on ONE feature: {feature_id} ({priority}): "
    "{feature}\nIts verification command: {verification}\n\n"
    "When it works, set its \"passes\" to true in {registry_file} (the runner re-runs the command and reverts a "
    "false claim; every other field of the registry is frozen). Commit your work, append an entry to "
    "{progress_file}, and write a short handoff note for the next session to {notes_file}.\n\n"
    "Features passing: {passing} of {total}.\n\n"
    "## Feature registry ({registry_file})\n{registry}\n\n"
    "## Progress notes ({progress_file}, newest last)\n{progress}\n\n"
    "## Last handoff note ({notes_file})\n{handoff}\n\n"
    "## Recent commits\n{git_log}\n";

}  // namespace

std::string render_prompt(std::string_view templ, const PromptFacts& f) {
  std::string out(templ);
  replace_all(out, "{task}", f.task);
  replace_all(out, "{task_id}", f.task_id);
  replace_all(out, "{priority}", f.priority);
  replace_all(out, "{progress_file}", f.progress_file);
  replace_all(out, "{notes_file}", f.notes_file);
  replace_all(out, "{run_id}", f.run_id);
  replace_all(out, "{session}", std::to_string(f.session));
  replace_all(out, "{completion_pct}", fmt::format("{:.0f}", f.completion_pct));
  replace_all(out, "{pending}", std::to_string(f.pending));
  return out;
}

std::vector<std::string> agent_argv(const AgentSettings& agent, const std::string& prompt) {
  std::vector<std::string> argv{agent.command};
  bool placed = false;
  for (std::string arg : agent.args) {
    if (arg.find("{prompt}") != std::string::npos) {
      replace_all(arg, "{prompt}", prompt);
      placed = true;
    }
    argv.push_back(std::move(arg));
  }
  if (!placed) argv.push_back(prompt);
  return argv;
}

std::string head_bounded(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && utf8_continuation(text[cut])) --cut;
  return fmt::format("{}\n[... {} more bytes not shown ...]", text.substr(0, cut), text.size() - cut);
}

std::string tail_bounded(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t from = text.size() - max_bytes;
  while (from < text.size() && utf8_continuation(text[from])) ++from;
  return fmt::format("[... {} earlier bytes not shown ...]\n{}", from, text.substr(from));
}

std::string render_protocol_prompt(std::string_view templ, const ProtocolPromptFacts& f) {
  // Single pass, so a value that itself contains "{...}" (a registry in JSON, a git log) is never re-expanded.
  const std::pair<std::string_view, std::string> values[] = {
      {"goal", f.goal},
      {"registry", f.registry.empty() ? "(none yet)" : f.registry},
      {"registry_file", f.registry_file},
      {"progress", f.progress.empty() ? "(none yet)" : f.progress},
      {"progress_file", f.progress_file},
      {"handoff", f.handoff.empty() ? "(none yet)" : f.handoff},
      {"notes_file", f.notes_file},
      {"git_log", f.git_log.empty() ? "(no commits)" : f.git_log},
      {"setup_script", f.setup_script},
      {"feature_id", f.feature_id},
      {"feature", f.feature},
      {"verification", f.verification},
      {"priority", f.priority},
      {"passing", std::to_string(f.passing)},
      {"total", std::to_string(f.total)},
      {"session", std::to_string(f.session)},
      {"run_id", f.run_id},
      {"signal_file", f.signal_file},
  };
  std::string out;
  std::size_t at = 0;
  while (at < templ.size()) {
    const std::size_t open = templ.find('{', at);
    if (open == std::string_view::npos) break;
    const std::size_t close = templ.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view name = templ.substr(open + 1, close - open - 1);
    const auto* hit = std::find_if(std::begin(values), std::end(values), [&](const auto& v) { return v.first == name; });
    out.append(templ.substr(at, open - at));
    if (hit != std::end(values)) {
      out += hit->second;
      at = close + 1;
    } else {
      out += '{';
      at = open + 1;
    }
  }
  out.append(templ.substr(std::min(at, templ.size())));
  return out;
}

const std::vector<std::string_view>& protocol_placeholders() {
  static const std::vector<std::string_view> names = {
      "goal", "registry", "registry_file", "progress", "progress_file", "handoff", "notes_file", "git_log",
      "setup_script", "feature_id", "feature", "verification", "priority", "passing", "total", "session",
      "run_id", "signal_file"};
  return names;
}

std::vector<std::string> unknown_placeholders(std::string_view templ, const std::vector<std::string_view>& known) {
  std::vector<std::string> unknown;
  for (std::size_t open = templ.find('{'); open != std::string_view::npos; open = templ.find('{', open + 1)) {
    std::size_t end = open + 1;
    while (end < templ.size() && (std::islower(static_cast<unsigned char>(templ[end])) || templ[end] == '_')) ++end;
    if (end == open + 1 || end >= templ.size() || templ[end] != '}') continue;  // JSON or prose, not a placeholder
    std::string name(templ.substr(open + 1, end - open - 1));
    if (std::find(known.begin(), known.end(), name) == known.end() &&
        std::find(unknown.begin(), unknown.end(), name) == unknown.end()) {
      unknown.push_back(name);
    }
  }
  return unknown;
}

std::string_view default_initializer_template() { return kInitializer; }
std::string_view default_coding_template() { return kCoding; }

}  // namespace nightdesk::overnight
