// A desk behind a real API for the command tests: a simulated DeskSession driven on its own engine thread
// (its clock moves ~1 ms per turn from 10:00 New York), its SnapshotPublisher, a ManualOrderQueue with its
// ManualOrderDrain, DeskCommands, and an ApiServer on a loopback port with the read and command routes.
// The engine can be held (it stops taking turns) so that orders pile up in the queue. One per test.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_server.h"
#include "api/command_routes.h"
#include "api/snapshot_routes.h"
#include "common/http_client.h"
#include "engine/desk_commands.h"
#include "engine/manual_order_drain.h"
#include "engine/snapshot_publisher.h"
#include "support/desk_session.h"
#include "support/quote_event.h"
#include "support/vector_feed.h"
#include "api_server_fixture.h"

namespace nightdesk::api::test {

inline const Date kNearExpiry{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};
inline const Date kFarExpiry{std::chrono::year{2025}, std::chrono::February, std::chrono::day{14}};

inline market::Instrument spy_put(Date expiry, std::int64_t strike_dollars) {
  return market::Instrument::option("SPY", expiry, Price::from_units(strike_dollars * 10'000), OptionRight::put);
}

class CommandDeskTest : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  void SetUp() override {
    using testing::kSessionOpen;
    session_ = testing::simulated_desk_session();
    auto option = [](const market::Instrument& i, std::int64_t bid, std::int64_t ask) {
      return testing::quote_event(i, kSessionOpen, Price::from_units(bid), Price::from_units(ask), Quantity(50), Quantity(50));
    };
    testing::VectorFeed feed({testing::stock_quote("SPY", kSessionOpen, 4'500'000, 4'500'100),
                              option(spy_put(kNearExpiry, 450), 20'000, 21'000), option(spy_put(kNearExpiry, 445), 10'000, 11'000),
                              option(spy_put(kFarExpiry, 450), 60'000, 62'000), option(spy_put(kFarExpiry, 445), 45'000, 47'000)});
    ASSERT_TRUE(session_->run(feed));

    engine::SnapshotPublisherConfig snapshots;
    snapshots.interval = std::chrono::milliseconds(20);
    snapshots.min_wall_interval = {};
    auto publisher = engine::SnapshotPublisher::create(snapshots, session_->loop(), session_->desk(), session_->orders());
    ASSERT_TRUE(publisher);
    publisher_ = std::move(*publisher);
    queue_ = std::make_unique<engine::ManualOrderQueue>(limits_);
    engine::SnapshotPublisher* p = publisher_.get();
    auto drain = engine::ManualOrderDrain::create({}, *queue_, session_->loop(), session_->desk(), session_->orders(),
                                                  [p] { p->publish_now(); });
    ASSERT_TRUE(drain);
    drain_ = std::move(*drain);
    session_->loop().bus().subscribe<engine::ManualOrderDrained>([this](const engine::ManualOrderDrained& d) {
      std::lock_guard lock(drained_mutex_);
      drained_.push_back(d);
    });
    commands_ = std::make_unique<engine::DeskCommands>(session_->loop(), session_->desk(), std::chrono::seconds(5));

    SnapshotSource source = [p] { return p->current(); };
    std::vector<ApiRoute> routes = snapshot_routes(source, EngineIdentity{"test", "0", RealClock().now()});
    engine::ManualOrderDrain* d = drain_.get();
    add_command_routes(routes, CommandRouteDeps{*queue_, *commands_, source, session_->calendar(), [d] { d->wake(); }});
    ApiServerOptions options;
    options.tokens = test_grants();
    options.rate_limits_enabled = false;
    auto server = ApiServer::start(std::move(options), std::move(routes));
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);

    engine_ = std::thread([this] { run_engine(); });
  }

  void TearDown() override {
    if (server_) server_->stop();
    stop_ = true;
    if (engine_.joinable()) engine_.join();
    // The engine thread has ended: this thread owns the engine objects now.
    server_.reset();
    drain_.reset();
    publisher_.reset();
  }

  // The engine stops taking turns (it finishes the turn in hand first).
  void hold_engine() {
    held_ = true;
    while (!paused_) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  void release_engine() { held_ = false; }

  HttpReply call(const std::string& method, const std::string& path, const json& body = nullptr,
                 const std::string& token = kTradeToken) {
    std::vector<std::string> headers{"Authorization: Bearer " + token};
    std::string text;
    if (!body.is_null()) {
      text = body.is_string() ? body.get<std::string>() : body.dump();
      headers.push_back("Content-Type: application/json");
    }
    auto r = http_request(method, server_->url() + path, text, headers);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpReply{};
  }
  static json body_of(const HttpReply& r) { return json::parse(r.body, nullptr, false); }
  static json error_of(const HttpReply& r) { return body_of(r).value("error", json::object()); }

  // GET `path` until it answers 200 with a body for which `done` holds (or 5 s pass): the body, or null.
  json wait_for(const std::string& path, const std::function<bool(const json&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = call("GET", path);
      if (r.status == 200) {
        json found = body_of(r);
        if (done(found)) return found;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
  }
  json wait_for_order(const std::string& id, const std::function<bool(const json&)>& done) {
    return wait_for("/api/v1/orders/" + id, done);
  }
  json wait_for_state(const std::string& id, const std::string& state) {
    return wait_for_order(id, [&](const json& o) { return o.value("state", "") == state; });
  }

  std::vector<engine::ManualOrderDrained> drained() {
    std::lock_guard lock(drained_mutex_);
    return drained_;
  }
  // Waits until `count` queued orders have left the queue (or 5 s pass).
  std::vector<engine::ManualOrderDrained> wait_drained(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (drained().size() < count && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return drained();
  }

  // A one-leg SPY share order entered as is (a direct limit).
  static json share_order(const std::string& id, std::int64_t shares, const std::string& limit, const std::string& priority = "normal") {
    return {{"client_order_id", id}, {"symbol", "SPY"}, {"side", "buy"}, {"quantity", shares},
            {"limit_price", limit},  {"priority", priority}, {"execution", "direct"}};
  }

  engine::ManualQueueLimits limits_{.max_depth = 4, .max_quantity = 100};
  std::unique_ptr<engine::DeskSession> session_;
  std::unique_ptr<engine::SnapshotPublisher> publisher_;
  std::unique_ptr<engine::ManualOrderQueue> queue_;
  std::unique_ptr<engine::ManualOrderDrain> drain_;
  std::unique_ptr<engine::DeskCommands> commands_;
  std::unique_ptr<ApiServer> server_;

 private:
  void run_engine() {
    while (!stop_) {
      if (held_) {
        paused_ = true;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        continue;
      }
      paused_ = false;
      (void)session_->loop().run_until(session_->loop().now() + std::chrono::milliseconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::thread engine_;
  std::atomic<bool> stop_{false}, held_{false}, paused_{false};
  std::mutex drained_mutex_;
  std::vector<engine::ManualOrderDrained> drained_;
};

}  // namespace nightdesk::api::test
