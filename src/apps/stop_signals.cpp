#include "apps/stop_signals.h"

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace nightdesk::apps {
namespace {

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void block_stop_signals() {
  sigset_t set = stop_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

StopSignals::StopSignals(std::function<void(const std::string&)> on_stop,
                         std::optional<std::chrono::steady_clock::duration> deadline) {
  std::optional<std::chrono::steady_clock::time_point> at;
  if (deadline) at = std::chrono::steady_clock::now() + *deadline;
  watcher_ = std::thread([this, on_stop = std::move(on_stop), at] { watch(on_stop, at); });
}

StopSignals::~StopSignals() {
  done_.store(true);
  if (watcher_.joinable()) watcher_.join();
}

void StopSignals::watch(std::function<void(const std::string&)> on_stop,
                        std::optional<std::chrono::steady_clock::time_point> deadline) {
  const sigset_t set = stop_set();
  const timespec tick{0, 100'000'000};  // looks at done_ and the deadline ten times a second
  while (!done_.load()) {
    const int signal = sigtimedwait(&set, nullptr, &tick);
    if (signal == SIGINT || signal == SIGTERM) {
      on_stop(signal == SIGINT ? "SIGINT" : "SIGTERM");
      return;
    }
    if (deadline && std::chrono::steady_clock::now() >= *deadline) {
      on_stop("duration");
      return;
    }
  }
}

}  // namespace nightdesk::apps
