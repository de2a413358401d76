// PostgresServer: a throwaway PostgreSQL server for tests and benchmarks (Debian postgresql-15 binaries):
// initdb'd data directory (copied from a template cached per machine), listening on a free loopback port
// with its unix socket in its own temp directory, stopped and removed at the end, also if the process dies
// (a watchdog child stops it when the parent's pipe closes). As root (CI) the server runs as `nobody`,
// since initdb and postgres refuse root. One per process is enough: shared_postgres() starts it on first
// use; each test takes its own database from create_database(). Not thread-safe; test threads only.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/file_lock.h"

namespace nightdesk::testing {

class PostgresServer {
 public:
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
  static constexpr const char* kSuperuser = "nightdesk";

  // Starts a server; on failure returns nullptr and says why in `why`.
  static std::unique_ptr<PostgresServer> start(std::string& why) {
    std::unique_ptr<PostgresServer> server(new PostgresServer);
    if (!server->prepare(why)) return nullptr;
    for (int attempt = 0; attempt < 5; ++attempt) {
      server->port_ = free_loopback_port();
      if (server->run_server_command({bin("pg_ctl"), "-D", server->data_dir(), "-l", (server->root_ / "server.log").string(), "-w", "-t",
                                      "60", "-o",
                                      "-c listen_addresses=127.0.0.1 -p " + std::to_string(server->port_) + " -k " + server->root_.string(),
                                      "start"})) {
        server->running_ = true;
        server->start_watchdog();
        return server;
      }
    }
    why = "pg_ctl start failed 5 times; log: " + read_file(server->root_ / "server.log");
    return nullptr;
  }

  ~PostgresServer() {
    if (running_) run_server_command({bin("pg_ctl"), "-D", data_dir(), "-m", "fast", "-w", "stop"});
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
    if (watchdog_pipe_ >= 0) ::close(watchdog_pipe_);  // the watchdog finds the server gone and exits
    if (watchdog_ > 0) ::waitpid(watchdog_, nullptr, 0);
  }

  int port() const { return port_; }
  // A libpq URL for `database` over loopback TCP.
  std::string url(const std::string& database) const {
    return "postgresql://" + std::string(kSuperuser) + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }
  // The same database through the unix socket in the server's temp directory.
  std::string socket_url(const std::string& database) const {
    return "postgresql://" + std::string(kSuperuser) + "@/" + database + "?host=" + root_.string() + "&port=" + std::to_string(port_);
  }
  // Creates a fresh database named `<prefix>_<n>` and returns its URL.
  std::string create_database(const std::string& prefix) {
    std::string name = prefix + "_" + std::to_string(next_database_++);
    pqxx::connection c(url("postgres"));
    pqxx::nontransaction n(c);
    n.exec("DROP DATABASE IF EXISTS " + name);
    n.exec("CREATE DATABASE " + name);
    return url(name);
  }

 private:
  PostgresServer() = default;

  static std::string bin(const char* name) { return (std::filesystem::path(kBinDir) / name).string(); }
  std::string data_dir() const { return (root_ / "data").string(); }

  static std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  static int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  // The account the server runs as: ourselves, or `nobody` when we are root.
  static bool server_account(uid_t& uid, gid_t& gid) {
    if (::geteuid() != 0) {
      uid = ::geteuid();
      gid = ::getegid();
      return true;
    }
    const passwd* pw = ::getpwnam("nobody");
    if (!pw) return false;
    uid = pw->pw_uid;
    gid = pw->pw_gid;
    return true;
  }

  // Runs `args` as the server account, output to the server's log; true on exit status 0.
  bool run_server_command(const std::vector<std::string>& args) const {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::string log = (root_ / "commands.log").string();
    pid_t pid = ::fork();
    if (pid < 0) return false;
    if (pid == 0) {
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (out >= 0) {
        ::dup2(out, 1);
        ::dup2(out, 2);
      }
      if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(gid_) != 0 || ::setuid(uid_) != 0)) ::_exit(126);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  bool prepare(std::string& why) {
    if (!server_account(uid_, gid_)) {
      why = "running as root and there is no 'nobody' user to run PostgreSQL as";
      return false;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "nightdesk-pg-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      why = "mkdtemp failed";
      return false;
    }
    root_ = pattern;
    if (::chown(root_.c_str(), uid_, gid_) != 0) {
      why = "cannot hand " + root_.string() + " to the server account";
      return false;
    }
    std::filesystem::path template_dir = cached_template(why);
    if (template_dir.empty()) return false;
    if (!run_server_command({"/bin/cp", "-a", template_dir.string(), data_dir()})) {
      why = "copying the template cluster failed: " + read_file(root_ / "commands.log");
      return false;
    }
    return true;
  }

  // initdb once per machine and account into a shared template (a 2 s step), under a file lock so
  // parallel test processes build it once; each server then copies it (~0.1 s).
  std::filesystem::path cached_template(std::string& why) const {
    auto base = std::filesystem::temp_directory_path() / ("nightdesk-pg15-template-" + std::to_string(uid_));
    auto lock = FileLock::acquire(base.string() + ".lock", std::chrono::seconds(120));
    if (!lock) {
      why = "template lock: " + lock.error().message;
      return {};
    }
    if (std::filesystem::exists(base / "nightdesk-template-complete")) return base;
    std::error_code ignored;
    std::filesystem::remove_all(base, ignored);
    std::filesystem::create_directories(base);
    ::chmod(base.c_str(), 0700);
    if (::chown(base.c_str(), uid_, gid_) != 0 ||
        !run_server_command({bin("initdb"), "-D", base.string(), "-U", kSuperuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"})) {
      why = "initdb failed: " + read_file(root_ / "commands.log");
      return {};
    }
    std::ofstream(base / "nightdesk-template-complete") << "initdb complete\n";
    return base;
  }

  // A child that outlives a crash of this process: when the pipe's last writer (this process) is gone,
  // it stops the server immediately and removes the directory. Only async-signal-safe calls after fork.
  void start_watchdog() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    std::string pg_ctl = bin("pg_ctl"), dir = data_dir(), root = root_.string();
    const char* stop_argv[] = {pg_ctl.c_str(), "-D", dir.c_str(), "-m", "immediate", "-w", "stop", nullptr};
    const char* rm_argv[] = {"/bin/rm", "-rf", root.c_str(), nullptr};
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      return;
    }
    if (pid == 0) {
      ::close(fds[1]);
      char byte;
      while (::read(fds[0], &byte, 1) != 0) {
      }
      pid_t stopper = ::fork();
      if (stopper == 0) {
        if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(gid_) != 0 || ::setuid(uid_) != 0)) ::_exit(126);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(stop_argv[0], const_cast<char* const*>(stop_argv));
        ::_exit(127);
      }
      ::waitpid(stopper, nullptr, 0);
      ::execv(rm_argv[0], const_cast<char* const*>(rm_argv));
      ::_exit(127);
    }
    ::close(fds[0]);
    watchdog_pipe_ = fds[1];
    watchdog_ = pid;
  }

  std::filesystem::path root_;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  int port_ = 0;
  bool running_ = false;
  int watchdog_pipe_ = -1;
  pid_t watchdog_ = -1;
  int next_database_ = 0;
};

// The process's server, started on first use and stopped at exit. Null (and `why` set) when it cannot start.
inline PostgresServer* shared_postgres(std::string* why = nullptr) {
  static std::string failure;
  static std::unique_ptr<PostgresServer> server = PostgresServer::start(failure);
  if (why) *why = failure;
  return server.get();
}

}  // namespace nightdesk::testing
