// A live DeskSession (wall clock, default nightdesk.yaml) whose loop runs on its own thread, as in
// `nightdesk serve`, for tests of API routes that call into the engine (engine/engine_call.h). One per test;
// the destructor stops the loop and joins. `host` is created on the test thread before the loop starts.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "engine/desk_session.h"
#include "strategy/strategy_host.h"
#include "support/desk_session.h"

namespace nightdesk::api::test {

class EngineThread {
 public:
  EngineThread() {
    engine::DeskSessionOptions options;
    options.config = nightdesk::testing::nightdesk_config("");
    options.simulated = false;
    auto created = engine::DeskSession::create(std::move(options));
    if (!created) throw std::runtime_error(created.error().describe());
    session = std::move(*created);
    auto made = strategy::StrategyHost::create(session->loop(), session->desk(), session->orders(), session->calendar());
    if (!made) throw std::runtime_error(made.error().describe());
    host = std::move(*made);
    thread = std::thread([this] { EXPECT_TRUE(session->loop().run()); });
  }
  ~EngineThread() {
    session->loop().request_stop();
    thread.join();
  }
  EngineThread(const EngineThread&) = delete;
  EngineThread& operator=(const EngineThread&) = delete;

  engine::EventLoop& loop() { return session->loop(); }

  std::unique_ptr<engine::DeskSession> session;
  std::unique_ptr<strategy::StrategyHost> host;
  std::thread thread;
};

}  // namespace nightdesk::api::test
