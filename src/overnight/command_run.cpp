#include "overnight/command_run.h"

namespace nightdesk::overnight {
namespace {

// Appends a line and drops whole bytes from the front once past `limit`.
void append_bounded(std::string& text, const std::string& line, std::size_t limit) {
  text += line;
  text += '\n';
  if (text.size() > limit) text.erase(0, text.size() - limit);
}

}  // namespace

Result<CommandResult> run_command(std::vector<std::string> argv, const CommandOptions& options) {
  ChildSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = options.cwd;
  spec.env = options.env;
  spec.stdout_log = spec.stderr_log = options.log;
  auto child = ChildProcess::spawn(spec);
  if (!child) return std::unexpected(child.error());

  CommandResult result;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + options.timeout;
  auto collect = [&] {
    for (const auto& line : child->take_lines()) {
      append_bounded(result.output, line.text, options.tail_bytes);
      if (line.stream == OutputStream::out) append_bounded(result.out, line.text, options.tail_bytes);
    }
  };
  while (!child->exit_status()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    child->wait_for_activity(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    collect();
  }
  // Sweeps up anything the command left running in its group (and stops it on timeout).
  result.status = child->terminate(options.kill_grace);
  child->wait_for_output_end(std::chrono::milliseconds(500));
  collect();
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return result;
}

}  // namespace nightdesk::overnight
