// EngineHost: one live engine with its API, as `nightdesk serve` and `nightdesk demo` run it. It owns, in the
// order they start: the data directory's lock, the journal, the DeskSession (wall clock, or an accelerated
// one), the API server (REST routes and the WebSocket hub on one port, /ready 503 until recovery is done), the
// recovery, the DeskJournal, the strategies, the SnapshotPublisher and the engine's WebSocket pushes. start()
// and run() on the thread that becomes the engine thread; request_stop() from any thread (a signal watcher).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/api_server.h"
#include "api/ws_engine_feed.h"
#include "api/ws_hub.h"
#include "apps/engine_metrics.h"
#include "apps/program_config.h"
#include "common/accelerated_clock.h"
#include "common/file_lock.h"
#include "common/trading_calendar.h"
#include "engine/desk_commands.h"
#include "engine/desk_session.h"
#include "engine/manual_order_drain.h"
#include "engine/manual_order_queue.h"
#include "engine/snapshot_publisher.h"
#include "market/feed.h"
#include "store/desk_journal.h"
#include "store/journal_backend.h"
#include "store/desk_recovery.h"
#include "store/template_journal.h"
#include "strategy/strategies_config.h"
#include "strategy/strategy_host.h"

namespace nightdesk::apps {

struct EngineHostOptions {
  ProgramConfig config;
  std::filesystem::path data_dir;
  std::optional<std::uint16_t> port;  // over api.port
  std::optional<std::string> bind;    // over api.bind (the demo: 127.0.0.1)
  bool insecure_no_auth = false;
  EnvLookup env;                      // the tokens, NIGHTDESK_CORS_ORIGINS, NIGHTDESK_ENV
  strategy::StrategiesConfig strategies;
  std::string mode = "paper";         // GET /status: "paper" (serve) or "demo"
  // 1: the wall clock, the market from today. More: an accelerated clock from the market's first quote on
  // `market_first_day`, skipping the hours without quotes.
  double speed = 1.0;
  std::optional<Date> market_first_day;
};

class EngineHost {
 public:
  // Errors (the message says what could not start): the lock is held (naming the holder), the journal or its
  // recovery failed, a weak or missing token, the port cannot be bound, a strategy refused its settings.
  static Result<std::unique_ptr<EngineHost>> start(EngineHostOptions options);
  // shutdown(), then everything in reverse order of starting.
  ~EngineHost();
  EngineHost(const EngineHost&) = delete;
  EngineHost& operator=(const EngineHost&) = delete;

  // Engine thread: runs the market through the loop, then timers and commands, until request_stop() or a
  // journal failure; then shutdown(). The loop's or the journal's error, if any.
  Status run();
  // Any thread: run() returns after the event in hand.
  void request_stop();

  std::string url() const { return server_->url(); }
  std::uint16_t port() const { return server_->port(); }
  const store::RecoveryReport& recovery() const { return recovery_; }
  const std::string& store_url() const { return store_url_; }

 private:
  explicit EngineHost(EngineHostOptions options) : options_(std::move(options)) {}
  Status open_store();
  Status create_session();
  Status start_api();
  Status recover();
  Status start_trading();
  // Engine thread: stops the hub, then the server (no more requests), then drains the journal. Idempotent.
  Status shutdown();

  std::vector<api::ApiRoute> host_routes();
  // Recurring templates: the journal's once it has any template record (a restart; deleted ones stay
  // deleted), else the strategies file's; every change journaled from then on.
  Status start_templates();
  std::shared_ptr<const engine::DeskSnapshot> snapshot() const;
  void metrics(PrometheusText& out) const;
  void note_journal_progress();

  EngineHostOptions options_;
  std::optional<FileLock> lock_;
  std::string store_url_;
  std::unique_ptr<store::JournalBackend> backend_;  // until the DeskJournal takes it
  std::optional<Timestamp> journal_last_time_;
  std::optional<TradingCalendar> calendar_;  // the market's; outlives feed_
  std::unique_ptr<AcceleratedClock> fast_clock_;
  std::unique_ptr<engine::DeskSession> session_;
  engine::ManualOrderQueue manual_orders_{engine::ManualQueueLimits{}};
  std::unique_ptr<engine::DeskCommands> commands_;
  store::RecoveryReport recovery_;
  std::unique_ptr<store::DeskJournal> journal_;
  std::unique_ptr<strategy::StrategyHost> strategies_;
  store::JournaledTemplates journaled_templates_;  // read at recovery, added by start_templates()
  std::unique_ptr<store::TemplateJournal> template_journal_;
  std::unique_ptr<engine::ManualOrderDrain> drain_;
  std::unique_ptr<engine::SnapshotPublisher> publisher_;
  std::unique_ptr<market::Feed> feed_;
  std::unique_ptr<api::WsHub> hub_;
  std::unique_ptr<api::ApiServer> server_;
  std::unique_ptr<api::WsEngineFeed> ws_feed_;
  std::vector<api::TokenGrant> token_names_;  // name, source and scope only (tokens cleared)

  std::atomic<engine::SnapshotPublisher*> publisher_view_{nullptr};  // set once trading started
  std::atomic<engine::ManualOrderDrain*> drain_view_{nullptr};       // set once trading started
  std::atomic<api::ApiServer*> server_view_{nullptr};                // set once the server listens
  mutable std::mutex progress_mutex_;
  JournalProgress journal_progress_;  // guarded by progress_mutex_
  std::atomic<bool> stopping_{false};
  std::atomic<bool> trading_{false};  // recovery done, journal attached: commands may reach the engine
  bool shut_down_ = false;
  Timestamp started_{};
};

}  // namespace nightdesk::apps
