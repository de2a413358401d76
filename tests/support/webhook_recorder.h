// WebhookRecorder: a local HTTP server on loopback standing in for Discord and Slack: it records every POST
// (path, body, arrival time) and answers from a script (e.g. 429 with Retry-After, then 500, then 204), 204 when
// the script is empty. Built on nightdesk::HttpServer; the server thread records, tests read under the mutex.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/http_server.h"

namespace nightdesk::testing {

class WebhookRecorder {
 public:
  struct Post {
    std::string path;
    std::string body;
    std::chrono::steady_clock::time_point at;
  };

  WebhookRecorder() {
    std::vector<HttpRoute> routes;
    for (const char* path : {"/discord", "/slack"}) {
      routes.push_back({"POST", path, [this](const HttpServerRequest& r) { return on_post(r); }});
    }
    auto server = HttpServer::start({}, std::move(routes));
    EXPECT_TRUE(server) << (server ? "" : server.error().message);
    if (server) server_ = std::move(*server);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0) + path;
  }
  // The next answers, in order.
  void script(HttpServerResponse response) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(response));
  }
  std::vector<Post> posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
  }
  std::vector<Post> posts_to(const std::string& path) const {
    std::vector<Post> out;
    for (auto& p : posts()) {
      if (p.path == path) out.push_back(p);
    }
    return out;
  }
  // Waits until at least `n` posts arrived (or `timeout` passed); true when they did.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (posts().size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return posts().size() >= n;
  }
  static HttpServerResponse answer(unsigned status, std::vector<std::pair<std::string, std::string>> headers = {},
                                   std::string body = {}) {
    return {status, "application/json", std::move(body), std::move(headers)};
  }

 private:
  HttpServerResponse on_post(const HttpServerRequest& r) {
    std::lock_guard lock(mutex_);
    posts_.push_back({r.path, r.body, std::chrono::steady_clock::now()});
    if (script_.empty()) return {204, "text/plain", "", {}};
    auto next = script_.front();
    script_.pop_front();
    return next;
  }

  mutable std::mutex mutex_;
  std::vector<Post> posts_;
  std::deque<HttpServerResponse> script_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace nightdesk::testing
