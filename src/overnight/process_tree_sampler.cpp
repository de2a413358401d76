#include "overnight/process_tree_sampler.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace nightdesk::overnight {
namespace {

struct ProcStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  pid_t pgrp = 0;
  char state = '?';
  std::uint64_t ticks = 0;  // utime + stime + cutime + cstime
  std::uint64_t start_ticks = 0;
  std::uint64_t rss_pages = 0;
};

// Parses /proc/<pid>/stat. The command name may contain spaces and ')' so fields are read after the
// last ')'.
std::optional<ProcStat> read_stat(const std::filesystem::path& file, pid_t pid) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  std::size_t close_paren = line.rfind(')');
  if (close_paren == std::string::npos) return std::nullopt;
  ProcStat s;
  s.pid = pid;
  long ppid = 0, pgrp = 0;
  unsigned long long utime = 0, stime = 0, start = 0, rss = 0;
  long long cutime = 0, cstime = 0;
  // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  // priority nice threads itrealvalue starttime vsize rss
  int n = std::sscanf(line.c_str() + close_paren + 1,
                      " %c %ld %ld %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld %*d %*d %*d %*d %llu %*u %llu",
                      &s.state, &ppid, &pgrp, &utime, &stime, &cutime, &cstime, &start, &rss);
  if (n != 9) return std::nullopt;
  s.ppid = static_cast<pid_t>(ppid);
  s.pgrp = static_cast<pid_t>(pgrp);
  s.ticks = utime + stime + static_cast<std::uint64_t>(std::max(0LL, cutime) + std::max(0LL, cstime));
  s.start_ticks = start;
  s.rss_pages = rss;
  return s;
}

std::uint64_t read_mem_total(const std::filesystem::path& meminfo) {
  std::ifstream in(meminfo);
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemTotal:") return kib * 1024;
  }
  return 0;
}

}  // namespace

ProcessTreeSampler::ProcessTreeSampler(pid_t root, std::filesystem::path proc_root)
    : root_(root), proc_root_(std::move(proc_root)), mem_total_bytes_(read_mem_total(proc_root_ / "meminfo")) {}

Result<ProcessTreeSample> ProcessTreeSampler::sample(std::chrono::steady_clock::time_point now) {
  std::error_code ec;
  std::filesystem::directory_iterator dir(proc_root_, ec);
  if (ec) return fail(ErrorCode::io_error, "cannot read " + proc_root_.string() + ": " + ec.message());

  std::vector<ProcStat> all;
  for (const auto& entry : dir) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto stat = read_stat(entry.path() / "stat", static_cast<pid_t>(std::stol(name)));
    if (stat) all.push_back(*stat);  // a process that vanished mid-scan is simply not in the tree
  }

  // Members: the group, then descendants by parent pid until no more are found.
  std::set<pid_t> members;
  for (const auto& p : all) {
    if (p.pgrp == root_ || p.pid == root_) members.insert(p.pid);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& p : all) {
      if (!members.contains(p.pid) && members.contains(p.ppid)) grew = members.insert(p.pid).second;
    }
  }

  static const long page_size = ::sysconf(_SC_PAGESIZE);
  static const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
  static const long cores = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  ProcessTreeSample sample;
  std::map<ProcessKey, std::uint64_t> ticks_now;
  for (const auto& p : all) {
    if (!members.contains(p.pid)) continue;
    ticks_now[{p.pid, p.start_ticks}] = p.ticks;
    if (p.state == 'Z' || p.state == 'X') continue;
    ++sample.processes;
    sample.rss_bytes += p.rss_pages * static_cast<std::uint64_t>(page_size);
  }
  if (mem_total_bytes_ > 0) {
    sample.memory_pct = 100.0 * static_cast<double>(sample.rss_bytes) / static_cast<double>(mem_total_bytes_);
  }

  if (previous_time_ && now > *previous_time_) {
    // A member that vanished was (usually) reaped by another member, whose cutime/cstime now holds all
    // of its time; subtracting what we had already seen of it avoids counting that twice.
    long double used = 0;
    for (const auto& [key, ticks] : ticks_now) {
      auto before = previous_ticks_.find(key);
      used += before == previous_ticks_.end() ? ticks : (ticks >= before->second ? ticks - before->second : 0);
    }
    for (const auto& [key, ticks] : previous_ticks_) {
      if (!ticks_now.contains(key)) used -= ticks;
    }
    double seconds = std::chrono::duration<double>(now - *previous_time_).count();
    double cpu = std::max(0.0, static_cast<double>(used) / static_cast<double>(ticks_per_second) / seconds * 100.0);
    sample.cpu_pct = cpu;
    sample.cpu_pct_of_host = cpu / static_cast<double>(cores);
  }
  previous_ticks_ = std::move(ticks_now);
  previous_time_ = now;
  return sample;
}

}  // namespace nightdesk::overnight
