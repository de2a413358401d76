// The real `nightdesk` binary in an integration test: `demo` or `serve` started on a free loopback port, its
// URL and token read from its stdout, and blocking REST calls to it (libcurl). A RunningEngine belongs to one
// test thread (or a suite's SetUpTestSuite); the calls may be made from any thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/http_client.h"
#include "support/child_process.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace nightdesk::testing {

// A trade-scope token strong enough for the server (>= 32 characters, not a known default).
inline const std::string kServeToken = "Zq8vN3xR7kL2mW9pT4cY6hB1fJ5sD0gQ";

struct RunningEngine {
  std::unique_ptr<ChildProcess> process;
  std::string url;    // "http://127.0.0.1:PORT"; empty when it did not start
  std::string token;  // the trade token it accepts

  std::string api(const std::string& path) const { return url + "/api/v1" + path; }
  std::string diagnostics() const { return process ? process->stdout_text() + process->stderr_text() : std::string(); }
};

// A demo on a free port at high speed; its URL and token from stdout. `env` entries override the test's own
// environment (NIGHTDESK_API_TOKEN is unset unless given: the demo then makes one).
inline RunningEngine start_demo(const TempDir& dir, std::vector<std::string> extra = {}, std::map<std::string, std::string> env = {}) {
  std::vector<std::string> args{"demo", "--port", "0", "--speed", "600", "--seed", "3"};
  args.insert(args.end(), extra.begin(), extra.end());
  env.try_emplace("NIGHTDESK_API_TOKEN", "");
  RunningEngine r;
  r.process = std::make_unique<ChildProcess>(binary_path("nightdesk"), args, env, (dir.path() / "demo.err").string());
  r.url = r.process->read_value("URL:").value_or("");
  r.token = r.process->read_value("Token:").value_or("");
  if (auto given = env.find("NIGHTDESK_API_TOKEN"); given != env.end() && !given->second.empty()) r.token = given->second;
  return r;
}

// `nightdesk serve --config <config> --port 0` with kServeToken as its trade token (unless `env` sets one) and
// no market unless `env` says otherwise; the URL from its "listening on" line.
inline RunningEngine start_serve(const TempDir& dir, const std::string& config, std::vector<std::string> extra = {},
                                 std::map<std::string, std::string> env = {}) {
  std::vector<std::string> args{"serve", "--config", config, "--data-dir", (dir.path() / "data").string(), "--port", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  env.try_emplace("NIGHTDESK_API_TOKEN", kServeToken);
  env.try_emplace("NIGHTDESK_MARKET_SOURCE", "none");
  RunningEngine r;
  r.process = std::make_unique<ChildProcess>(binary_path("nightdesk"), args, env, (dir.path() / "serve.err").string());
  auto line = r.process->read_value("nightdesk serve: listening on").value_or("");
  r.url = line.substr(0, line.find(' '));
  r.token = env["NIGHTDESK_API_TOKEN"];
  return r;
}

// Polls `condition` every `interval` until it holds or `timeout` passes (gently: each poll may be an HTTP
// request that spends a rate-limit token).
template <typename Condition>
bool poll_until(Condition condition, std::chrono::milliseconds timeout, std::chrono::milliseconds interval = std::chrono::milliseconds(50)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(interval);
  }
  return condition();
}

// One request; `headers` are full lines. A failed connection is status 0.
inline HttpReply request(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {},
                         const std::string& body = {}) {
  auto reply = http_request(method, url, body, headers, std::chrono::seconds(30));
  return reply ? *reply : HttpReply{};
}

inline HttpReply get(const std::string& url, const std::string& token = {}) {
  std::vector<std::string> headers;
  if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
  return request("GET", url, headers);
}

// A command with `token` and, unless null, `body` as JSON.
inline HttpReply send(const std::string& method, const std::string& url, const std::string& token,
                      const nlohmann::json& body = nullptr) {
  std::vector<std::string> headers{"Authorization: Bearer " + token};
  std::string text;
  if (!body.is_null()) {
    headers.push_back("Content-Type: application/json");
    text = body.dump();
  }
  return request(method, url, headers, text);
}

// The reply's body as JSON, or a discarded value when it is not JSON.
inline nlohmann::json json_of(const HttpReply& reply) { return nlohmann::json::parse(reply.body, nullptr, false); }

inline bool ready(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  return poll_until([&] { return get(url + "/api/v1/ready").status == 200; }, timeout);
}

inline std::uint16_t port_of(const std::string& url) {
  return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

// A test suite sharing one engine process (SHARED_PROCESS_SUITES): Suite's SetUpTestSuite() starts it into
// engine_ (with dir_ as its directory) and names in setup_failure_ what went wrong; each test then fails at
// once with that reason, and the process is stopped with SIGTERM after the last test. Suite is the derived
// class, so every suite has its own statics.
template <class Suite>
class SharedEngineSuite : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    if (engine_ && engine_->process) {
      engine_->process->signal(SIGTERM);
      engine_->process->wait();
    }
    delete engine_;
    delete dir_;
    engine_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(setup_failure_.empty()) << setup_failure_ << "\n" << engine_->diagnostics(); }
  static std::string api(const std::string& path) { return engine_->api(path); }

  static inline TempDir* dir_ = nullptr;
  static inline RunningEngine* engine_ = nullptr;
  static inline std::string setup_failure_;
};

}  // namespace nightdesk::testing
