#include "apps/engine_host.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api_config.h"
#include "api/command_routes.h"
#include "api/dashboard_routes.h"
#include "api/snapshot_routes.h"
#include "api/template_routes.h"
#include "apps/live_market.h"
#include "apps/redacted_config.h"
#include "apps/strategy_wiring.h"
#include "nightdesk_version.h"
#include "store/data_directory_lock.h"
#include "market/synthetic_market.h"
#include "store/journal_backend.h"
#include "store/resume_feed.h"

namespace nightdesk::apps {
namespace {

constexpr Nanoseconds kJournalProgressInterval = std::chrono::seconds(1);
// An accelerated clock jumps over stretches longer than this without a quote (nights, weekends).
constexpr Nanoseconds kMaxIdleEngineTime = std::chrono::minutes(30);

template <class T>
Status step(const Result<T>& result, std::string_view doing) {
  if (result) return ok();
  return fail(result.error().code, fmt::format("{}: {}", doing, result.error().message), result.error().field);
}

Status step(const Status& status, std::string_view doing) { return step<void>(status, doing); }

}  // namespace

Result<std::unique_ptr<EngineHost>> EngineHost::start(EngineHostOptions options) {
  std::unique_ptr<EngineHost> host(new EngineHost(std::move(options)));
  host->started_ = RealClock().now();
  for (auto stage : {&EngineHost::open_store, &EngineHost::create_session, &EngineHost::start_api, &EngineHost::recover,
                     &EngineHost::start_trading}) {
    if (auto done = (host.get()->*stage)(); !done) return std::unexpected(done.error());
  }
  host->trading_.store(true);
  host->server_->set_ready(true);
  spdlog::info("engine: ready ({} recovered records, {} orders, {} fills)", host->recovery_.replay.records,
               host->recovery_.orders, host->recovery_.fills);
  return host;
}

EngineHost::~EngineHost() { (void)shutdown(); }

Status EngineHost::open_store() {
  auto lock = store::lock_data_directory(options_.data_dir);
  if (!lock) return step(lock, "data directory " + options_.data_dir.string());
  lock_.emplace(std::move(*lock));
  store_url_ = options_.config.store_url.empty()
                   ? "sqlite://" + (std::filesystem::absolute(options_.data_dir) / "journal.db").string()
                   : options_.config.store_url;
  auto journal = store::open_journal(store_url_);
  if (!journal) return step(journal, "journal " + redact_url_password(store_url_));
  backend_ = std::move(*journal);
  auto last = backend_->last_sequence();
  if (!last) return step(last, "journal");
  if (*last > 0) {
    store::RecordVisitor note_time = [this](const store::JournalRecord& r) -> Status {
      journal_last_time_ = r.entry.engine_time;
      return ok();
    };
    if (auto read = backend_->read(*last - 1, note_time); !read) return step(read, "journal");
  }
  return ok();
}

// The time of `market`'s first quote; nullopt when it has none.
static Result<std::optional<Timestamp>> first_quote_time(market::Feed* market) {
  if (market == nullptr) return std::optional<Timestamp>();
  market::QuoteEvent first;
  auto more = market->next(first);
  if (!more) return std::unexpected(more.error());
  return *more ? std::optional<Timestamp>(first.time()) : std::nullopt;
}

Status EngineHost::create_session() {
  auto calendar = TradingCalendar::nyse();
  if (!calendar) return step(calendar, "calendar");
  calendar_.emplace(std::move(*calendar));
  engine::DeskSessionOptions session_options;
  session_options.config = options_.config.engine;
  session_options.simulated = false;

  // A live market starts today and passes only quotes from now on; an accelerated one starts on its first
  // day (or where the journal left off) and its clock starts with it.
  Timestamp resume_at = RealClock().now();
  Date first_day = options_.market_first_day.value_or(market::SyntheticConfig{}.start);
  if (options_.speed > 1.0) {
    auto peek = open_live_market(options_.config.market, *calendar_, first_day);
    if (!peek) return step(peek, "market");
    auto first = first_quote_time(peek->get());
    if (!first) return step(first, "market");
    resume_at = std::max(first->value_or(resume_at), journal_last_time_.value_or(Timestamp{}));
    auto clock = AcceleratedClock::create(resume_at, options_.speed);
    if (!clock) return step(clock, "clock");
    fast_clock_ = std::move(*clock);
    session_options.live_clock = fast_clock_.get();
  } else {
    auto today = calendar_->new_york_date(resume_at);
    if (!today) return step(today, "calendar");
    first_day = *today;
  }
  auto session = engine::DeskSession::create(std::move(session_options));
  if (!session) return step(session, "engine");
  session_ = std::move(*session);

  auto market = open_live_market(options_.config.market, *calendar_, first_day);
  if (!market) return step(market, "market");
  if (!*market) return ok();
  feed_ = std::make_unique<store::ResumeFeed>(std::move(*market), resume_at);
  if (fast_clock_)
    feed_ = std::make_unique<ClosedMarketSkip>(std::move(feed_), *fast_clock_, kMaxIdleEngineTime,
                                               Nanoseconds(static_cast<std::int64_t>(options_.speed * 250e6)));
  return ok();
}

Status EngineHost::start_api() {
  auto server_options = api::api_server_options(options_.config.api, options_.env, options_.insecure_no_auth);
  if (!server_options) return std::unexpected(server_options.error());
  if (options_.port) server_options->port = *options_.port;
  if (options_.bind) server_options->bind = *options_.bind;
  for (const auto& grant : server_options->tokens) token_names_.push_back({grant.name, grant.source, grant.scope, ""});

  api::WsHubOptions hub_options;
  hub_options.clock = &session_->clock();
  hub_options.authorize = [this](std::string_view token, std::string_view remote_address) {
    api::ApiServer* server = server_view_.load();
    if (server == nullptr) return false;
    std::optional<std::string_view> given;
    if (!token.empty()) given = token;
    return server->authenticator().authenticate(std::nullopt, given, remote_address, std::chrono::steady_clock::now()).kind ==
           api::AuthOutcome::Kind::ok;
  };
  hub_options.allow_origin = [this](std::string_view origin) {
    api::ApiServer* server = server_view_.load();
    return server != nullptr && server->cors().allows(origin);
  };
  auto hub = api::WsHub::start(std::move(hub_options));
  if (!hub) return step(hub, "websocket hub");
  hub_ = std::move(*hub);

  server_options->upgrades.push_back(hub_->route(std::string(api::kWebSocketPath)));
  server_options->extra_metrics = [this](PrometheusText& out) { metrics(out); };
  commands_ = std::make_unique<engine::DeskCommands>(session_->loop(), session_->desk());
  auto server = api::ApiServer::start(std::move(*server_options), host_routes());
  if (!server) return std::unexpected(server.error());
  server_ = std::move(*server);
  server_->set_ready(false, "recovering from the journal");
  server_view_.store(server_.get());
  return ok();
}

std::vector<api::ApiRoute> EngineHost::host_routes() {
  api::EngineIdentity identity{options_.mode, NIGHTDESK_VERSION, started_};
  std::vector<api::ApiRoute> routes = api::snapshot_routes([this] { return snapshot(); }, identity);
  routes.emplace_back("GET", "/api/v1/ws/clients", api::AccessScope::read, [this](const api::ApiRequest&) {
    const auto stats = hub_->stats();
    nlohmann::json body = api::ws_clients_json(hub_->clients());
    body["count"] = stats.clients;
    body["published"] = stats.published;
    body["quote_drops"] = stats.quote_drops;
    body["inbox_drops"] = stats.inbox_drops;
    body["refused"] = stats.refused;
    body["disconnects"] = stats.disconnect_total();
    return api::ApiResponse::json(200, body);
  });
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& t : token_names_)
    tokens.push_back({{"name", t.name}, {"source", t.source}, {"scope", std::string(api::to_string(t.scope))}});
  nlohmann::json config{{"config", options_.config.engine.raw ? redacted_config_json(*options_.config.engine.raw) : nlohmann::json::object()},
                        {"data_dir", std::filesystem::absolute(options_.data_dir).string()},
                        {"store_url", redact_url_password(store_url_)},
                        {"mode", options_.mode},
                        {"clock_speed", options_.speed},
                        {"insecure_no_auth", options_.insecure_no_auth},
                        {"tokens", std::move(tokens)}};
  routes.emplace_back("GET", "/api/v1/config", api::AccessScope::read,
                      [config = std::move(config)](const api::ApiRequest&) { return api::ApiResponse::json(200, config); });
  // Commands wait in the queue (or for the engine loop) until recovery is done and the engine runs.
  api::add_command_routes(routes, api::CommandRouteDeps{manual_orders_, *commands_, [this] { return snapshot(); },
                                                        session_->calendar(), [this] {
                                                          if (engine::ManualOrderDrain* drain = drain_view_.load()) drain->wake();
                                                        }});
  // The engine thread reads strategies_ (set by start_trading before the loop runs).
  for (auto& route : api::template_routes(session_->loop(), [this]() -> strategy::RecurringOrders* {
         return strategies_ ? &strategies_->recurring() : nullptr;
       }))
    routes.push_back(std::move(route));
  for (auto& route : api::dashboard_routes()) routes.push_back(std::move(route));  // the page at /
  // Until recovery is done and the journal listens, a command could run inside the recovery's replay and go
  // unjournaled: every route that changes something answers 503 until the engine trades.
  for (auto& route : routes) {
    if (route.method == "GET") continue;
    route.handler = [this, inner = std::move(route.handler)](const api::ApiRequest& request) {
      if (!trading_.load())
        return api::ApiResponse::error(503, api::error_code::unavailable,
                                       "the engine is recovering its journal: try again once /api/v1/ready answers 200");
      return inner(request);
    };
  }
  return routes;
}

Status EngineHost::recover() {
  store::DeskParts parts{session_->loop(), session_->orders(), &session_->desk(), &session_->venue()};
  auto report = store::rebuild_desk(*backend_, parts);
  if (!report) return step(report, "recovery");
  recovery_ = std::move(*report);
  auto templates = store::rebuild_templates(*backend_);
  if (!templates) return step(templates, "recovery of the recurring templates");
  journaled_templates_ = std::move(*templates);
  if (auto due = session_->loop().run_until(session_->clock().now()); !due) return step(due, "recovery");
  store::DeskJournalOptions journal_options;
  journal_options.wait_in_place = false;  // live: a request waits for its commit without blocking the loop
  auto journal = store::DeskJournal::attach(std::move(backend_), parts, journal_options);
  if (!journal) return step(journal, "journal");
  journal_ = std::move(*journal);
  if (auto reconciled = store::reconcile_desk(recovery_, parts, &session_->desk()); !reconciled)
    return step(reconciled, "reconcile");
  for (const auto& d : recovery_.differences) spdlog::warn("recovery: difference resolved: {}", d);
  return ok();
}

Status EngineHost::start_trading() {
  strategy::StrategiesConfig strategies_only = options_.strategies;
  strategies_only.recurring_templates.clear();  // start_templates() decides between the journal and the file
  auto strategies = attach_strategies(*session_, strategies_only);
  if (!strategies) return step(strategies, "strategies");
  strategies_ = std::move(*strategies);
  if (auto started = start_templates(); !started) return started;
  auto publisher = engine::SnapshotPublisher::create({}, session_->loop(), session_->desk(), session_->orders());
  if (!publisher) return step(publisher, "snapshots");
  publisher_ = std::move(*publisher);
  publisher_view_.store(publisher_.get());
  engine::SnapshotPublisher* published = publisher_.get();
  auto drain = engine::ManualOrderDrain::create({}, manual_orders_, session_->loop(), session_->desk(), session_->orders(),
                                                [published] { published->publish_now(); });
  if (!drain) return step(drain, "manual order queue");
  drain_ = std::move(*drain);
  drain_view_.store(drain_.get());
  drain_->wake();  // orders queued while recovering
  auto ws_feed = api::WsEngineFeed::attach(session_->loop(), session_->orders(), [this] { return snapshot(); }, *hub_);
  if (!ws_feed) return step(ws_feed, "websocket pushes");
  ws_feed_ = std::move(*ws_feed);
  auto timer = session_->loop().schedule_every(kJournalProgressInterval, [this] { note_journal_progress(); });
  if (!timer) return step(timer, "journal progress");
  note_journal_progress();
  return ok();
}

Status EngineHost::start_templates() {
  strategy::RecurringOrders& recurring = strategies_->recurring();
  for (auto& t : journaled_templates_.templates) {
    const std::string id = t.id;
    if (auto added = recurring.add(std::move(t)); !added) return step(added, "recurring template " + id + " from the journal");
  }
  if (journaled_templates_.any_record)
    spdlog::info("engine: {} recurring template(s) restored from the journal", journaled_templates_.templates.size());
  const bool first_start = !journaled_templates_.any_record;
  journaled_templates_ = {};
  template_journal_ = std::make_unique<store::TemplateJournal>(recurring, *journal_, session_->loop());
  if (first_start) return step(add_recurring_templates(recurring, options_.strategies), "strategies");
  return ok();
}

std::shared_ptr<const engine::DeskSnapshot> EngineHost::snapshot() const {
  static const auto empty = std::make_shared<const engine::DeskSnapshot>();
  const engine::SnapshotPublisher* publisher = publisher_view_.load();
  return publisher != nullptr ? publisher->current() : empty;
}

void EngineHost::note_journal_progress() {
  if (!journal_) return;
  const auto& counts = journal_->counts();
  JournalProgress progress{counts.appended, counts.processed, journal_->writer_stats().committed, journal_->failure().has_value()};
  std::lock_guard lock(progress_mutex_);
  journal_progress_ = progress;
}

void EngineHost::metrics(PrometheusText& out) const {
  append_engine_metrics(out, *snapshot());
  api::append_ws_metrics(out, hub_->stats());
  JournalProgress progress;
  {
    std::lock_guard lock(progress_mutex_);
    progress = journal_progress_;
  }
  append_journal_metrics(out, progress);
}

Status EngineHost::run() {
  Status ran = ok();
  if (feed_ && !stopping_.load()) ran = session_->run(*feed_);
  // The market ended (or there is none): timers, commands and the API until asked to stop.
  if (ran && !stopping_.load() && !journal_->failure()) ran = session_->loop().run();
  Status closed = shutdown();
  if (!ran) return ran;
  return closed;
}

void EngineHost::request_stop() {
  stopping_.store(true);
  if (session_) session_->loop().request_stop();
}

Status EngineHost::shutdown() {
  if (shut_down_) return ok();
  shut_down_ = true;
  if (server_) server_->set_ready(false, "shutting down");
  if (hub_) hub_->stop();        // the hub's sessions run on the server's threads: it goes first
  if (server_) server_->stop();  // no request reaches the engine after this
  server_view_.store(nullptr);
  if (!journal_) return ok();
  journal_->snapshot_venue();
  Status flushed = journal_->flush();
  if (journal_->failure()) return std::unexpected(*journal_->failure());
  return flushed;
}

}  // namespace nightdesk::apps
