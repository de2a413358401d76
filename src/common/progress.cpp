#include "common/progress.h"

#include <unistd.h>

#include <fmt/format.h>

namespace nightdesk {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kTerminalInterval = std::chrono::milliseconds(100);
constexpr auto kPipedInterval = std::chrono::seconds(5);
constexpr int kBarWidth = 30;

}  // namespace

ProgressReporter::ProgressReporter(std::string label, std::uint64_t total, std::string unit, std::FILE* out)
    : ProgressReporter(std::move(label), total, std::move(unit), out, ::isatty(::fileno(out)) == 1) {}

ProgressReporter::ProgressReporter(std::string label, std::uint64_t total, std::string unit, std::FILE* out,
                                   bool interactive)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), out_(out), interactive_(interactive),
      start_(Clock::now()), last_draw_(start_) {}

void ProgressReporter::update(std::uint64_t done) {
  done_ = done;
  auto now = Clock::now();
  if (now - last_draw_ < (interactive_ ? kTerminalInterval : kPipedInterval)) return;
  last_draw_ = now;
  draw(false);
}

void ProgressReporter::finish(const std::string& summary) {
  if (finished_) return;
  finished_ = true;
  if (total_ > 0 && done_ < total_) done_ = total_;
  draw(true);
  if (!summary.empty()) fmt::print(out_, "{}: {}\n", label_, summary);
  std::fflush(out_);
}

void ProgressReporter::draw(bool final_line) {
  double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
  std::string line;
  if (total_ > 0) {
    double fraction = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
    int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar;
    if (interactive_) {
      bar.reserve(kBarWidth + 3);
      bar.append("[").append(static_cast<std::size_t>(filled), '#').append(static_cast<std::size_t>(kBarWidth - filled), '.').append("] ");
    }
    line = fmt::format("{}: {}{:5.1f}% {}/{} {} ({:.0f} {}/s, {:.1f} s", label_, bar, fraction * 100.0, done_, total_,
                       unit_, rate, unit_, seconds);
    if (!final_line && rate > 0 && done_ < total_)
      line += fmt::format(", ETA {:.0f} s", static_cast<double>(total_ - done_) / rate);
    line += ")";
  } else {
    line = fmt::format("{}: {} {} ({:.0f} {}/s, {:.1f} s)", label_, done_, unit_, rate, unit_, seconds);
  }
  if (interactive_) {
    fmt::print(out_, "\r\033[2K{}{}", line, final_line ? "\n" : "");
  } else {
    fmt::print(out_, "{}\n", line);
  }
  std::fflush(out_);
}

}  // namespace nightdesk
