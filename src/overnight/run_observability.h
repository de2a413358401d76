// RunObservability: the runner's status server and notifier (spec B8). It serves /livez, /readyz, /health,
// /status, /metrics, /timeline and /trace on its own thread (when http.enabled), turns state changes into
// Discord/Slack notifications sent from the webhook sender's thread (when a webhook is set), and records each
// delivery in the state's `notifications`. Created by the runner once it holds the runner lock; on_state is
// called from the runner's thread and never blocks; the rest runs on its own threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "common/http_server.h"
#include "common/webhook_sender.h"
#include "overnight/overnight_config.h"
#include "overnight/run_observer.h"

namespace nightdesk::overnight {

class RunObservability final : public RunObserver {
 public:
  // Starts what the configuration turns on. A server that cannot listen is logged as an error and the run goes on
  // without it (an overnight run should not die of a busy port); `sender_options` tunes the webhook sender.
  explicit RunObservability(const OvernightConfig& config, WebhookSenderOptions sender_options = {});
  ~RunObservability() override;  // stops the server, then delivers what is queued (up to the drain time)

  void on_state(const RunState& state) override;

  // The bound port while serving.
  std::optional<std::uint16_t> http_port() const;

 private:
  std::vector<HttpRoute> routes();
  HttpServerResponse readyz();
  HttpServerResponse health();
  HttpServerResponse status();
  HttpServerResponse metrics();
  HttpServerResponse timeline(bool trace);
  void record_delivery(const WebhookDelivery& delivery);

  const OvernightConfig config_;
  mutable std::mutex mutex_;
  std::optional<RunState> last_;  // the latest state the runner wrote
  std::unique_ptr<WebhookSender> sender_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<const HttpServer*> serving_{nullptr};  // server_ once it is set, for the handlers' threads
};

}  // namespace nightdesk::overnight
