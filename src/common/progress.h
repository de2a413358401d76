// Progress reporting for long-running commands: a redrawn bar on a terminal, plain lines when piped; with a
// known total, the rate and the time left (ETA) at that rate.
// One reporter per command, used from one thread; writes to the stream it is given (stderr by default).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace nightdesk {

class ProgressReporter {
 public:
  // `total` is the amount of work in `unit`s (bytes, rows); 0 when unknown (then only counts are shown).
  // `interactive` chooses the redrawn bar; by default it is on when `out` is a terminal.
  ProgressReporter(std::string label, std::uint64_t total, std::string unit, std::FILE* out = stderr);
  ProgressReporter(std::string label, std::uint64_t total, std::string unit, std::FILE* out, bool interactive);

  // Records that `done` units are complete; redraws at most ten times a second (a line every five
  // seconds when piped) so reporting never slows the work.
  void update(std::uint64_t done);
  // Replaces the total with a new estimate (e.g. events expected, from the share of the input read so far).
  void set_total(std::uint64_t total) { total_ = total; }
  // Prints the final state with `summary` (e.g. "12 rows failed") and ends the line.
  void finish(const std::string& summary = {});

 private:
  void draw(bool final_line);
  std::string label_, unit_;
  std::uint64_t total_, done_ = 0;
  std::FILE* out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool finished_ = false;
};

}  // namespace nightdesk
