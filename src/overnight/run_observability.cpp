#include "overnight/run_observability.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "common/file_lock.h"
#include "common/prometheus_text.h"
#include "overnight/child_process.h"
#include "overnight/run_events.h"
#include "overnight/run_health_report.h"
#include "overnight/run_metrics.h"
#include "overnight/run_recordings.h"
#include "overnight/run_state_store.h"
#include "overnight/run_status_report.h"
#include "overnight/run_timeline.h"

namespace nightdesk::overnight {
namespace {

Timestamp now() { return RealClock().now(); }

HttpServerResponse json_response(unsigned status, const nlohmann::json& body, std::string type = "application/json") {
  return {status, std::move(type), body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", {}};
}

HttpServerResponse unavailable(const std::string& why) { return {503, "text/plain; charset=utf-8", why + "\n", {}}; }

}  // namespace

RunObservability::RunObservability(const OvernightConfig& config, WebhookSenderOptions sender_options)
    : config_(config) {
  std::vector<WebhookTarget> targets;
  if (!config_.notifications.discord_webhook.empty())
    targets.push_back({WebhookService::discord, config_.notifications.discord_webhook});
  if (!config_.notifications.slack_webhook.empty())
    targets.push_back({WebhookService::slack, config_.notifications.slack_webhook});
  if (!targets.empty()) {
    sender_ = std::make_unique<WebhookSender>(std::move(targets), sender_options,
                                              [this](const WebhookDelivery& d) { record_delivery(d); });
  }
  if (config_.http.enabled) {
    HttpServerOptions options;
    options.bind = config_.http.bind;
    options.port = static_cast<std::uint16_t>(config_.http.port);
    options.server_name = "overnight";
    auto server = HttpServer::start(options, routes());
    if (server) {
      server_ = std::move(*server);
      serving_.store(server_.get());
      spdlog::info("http: serving on http://{}:{}/ (livez, readyz, health, status, metrics, timeline, trace)",
                   options.bind, server_->port());
    } else {
      spdlog::error("http: not serving: {}", server.error().message);
    }
  }
}

RunObservability::~RunObservability() {
  if (server_) server_->stop();
  if (sender_) sender_->stop();
}

std::optional<std::uint16_t> RunObservability::http_port() const {
  return server_ ? std::optional<std::uint16_t>(server_->port()) : std::nullopt;
}

void RunObservability::on_state(const RunState& state) {
  std::vector<RunEvent> events;
  {
    std::lock_guard lock(mutex_);
    if (sender_) events = detect_run_events(last_ ? &*last_ : nullptr, state, config_);
    last_ = state;
  }
  for (const auto& e : events) sender_->post(e.kind, e.message);  // never blocks: a full queue drops
}

void RunObservability::record_delivery(const WebhookDelivery& d) {
  RunStateStore store(config_.paths.state_file);
  const Timestamp t = now();
  auto written = store.update([&](RunState& s) {
    s.notifications.push_back({t, d.event, std::string(to_string(d.service)), d.result});
    return ok();
  });
  if (!written) spdlog::warn("cannot record a notification in the state: {}", written.error().message);
}

std::vector<HttpRoute> RunObservability::routes() {
  auto get = [](std::string path, HttpRouteHandler h) { return HttpRoute{"GET", std::move(path), std::move(h)}; };
  return {
      get("/",
          [](const HttpServerRequest&) {
            return HttpServerResponse{200,
                                      "text/plain; charset=utf-8",
                                      "overnight: /livez /readyz /health /status /metrics /timeline /trace\n",
                                      {}};
          }),
      get("/livez",
          [](const HttpServerRequest&) {
            return HttpServerResponse{200, "text/plain; charset=utf-8", "ok\n", {}};
          }),
      get("/readyz", [this](const HttpServerRequest&) { return readyz(); }),
      get("/health", [this](const HttpServerRequest&) { return health(); }),
      get("/status", [this](const HttpServerRequest&) { return status(); }),
      get("/metrics", [this](const HttpServerRequest&) { return metrics(); }),
      get("/timeline", [this](const HttpServerRequest&) { return timeline(false); }),
      get("/trace", [this](const HttpServerRequest&) { return timeline(true); }),
  };
}

namespace {

// Facts about this process for readiness and health; `state` must outlive the result.
RunnerFacts runner_facts(const OvernightConfig& c, const std::optional<RunState>& state) {
  RunnerFacts f;
  f.now = now();
  RunStateStore store(c.paths.state_file);
  auto holder = FileLock::read_holder(store.runner_lock_path());
  f.lock_held = holder && holder->pid == static_cast<long>(::getpid());
  f.state = state ? &*state : nullptr;
  auto agent = find_executable(c.agent.command);
  if (agent) {
    f.agent_path = agent->string();
  } else {
    f.agent_error = agent.error().message;
  }
  return f;
}

}  // namespace

HttpServerResponse RunObservability::readyz() {
  std::optional<RunState> state;
  {
    std::lock_guard lock(mutex_);
    state = last_;
  }
  const auto problems = readiness_problems(runner_facts(config_, state));
  if (problems.empty()) return {200, "text/plain; charset=utf-8", "ready\n", {}};
  std::string body = "not ready:\n";
  for (const auto& p : problems) body += "- " + p + "\n";
  return {503, "text/plain; charset=utf-8", body, {}};
}

HttpServerResponse RunObservability::health() {
  std::optional<RunState> state;
  {
    std::lock_guard lock(mutex_);
    state = last_;
  }
  const RunnerFacts facts = runner_facts(config_, state);
  const nlohmann::json doc = health_document(runner_health_checks(facts, config_), facts);
  return json_response(doc["status"] == "fail" ? 503 : 200, doc, std::string(kHealthContentType));
}

HttpServerResponse RunObservability::status() {
  RunStateStore store(config_.paths.state_file);
  auto loaded = store.load();
  if (!loaded) return unavailable("no state: " + loaded.error().message);
  auto progress = read_progress_file(config_.paths.progress_file);
  StatusFacts facts;
  facts.now = now();
  facts.runner_pid = ::getpid();
  facts.progress = progress ? &*progress : nullptr;
  return json_response(200, build_run_status(loaded->state, config_, facts));
}

HttpServerResponse RunObservability::metrics() {
  auto run = load_run_recordings(config_.paths);
  if (!run) return unavailable("no state: " + run.error().message);
  RunnerCounters counters;
  if (sender_) {
    for (auto service : {WebhookService::discord, WebhookService::slack}) {
      const bool configured = service == WebhookService::discord ? !config_.notifications.discord_webhook.empty()
                                                                 : !config_.notifications.slack_webhook.empty();
      if (configured) counters.notifications.emplace_back(std::string(to_string(service)), sender_->stats(service));
    }
  }
  if (const HttpServer* serving = serving_.load()) counters.http = serving->stats();
  return {200, std::string(kPrometheusContentType), render_run_metrics(*run, config_, now(), counters), {}};
}

HttpServerResponse RunObservability::timeline(bool trace) {
  auto run = load_run_recordings(config_.paths);
  if (!run) return unavailable("no state: " + run.error().message);
  if (trace) return json_response(200, render_trace_events(*run, now()));
  return {200, "text/html; charset=utf-8", render_timeline_html(*run, now()), {}};
}

}  // namespace nightdesk::overnight
