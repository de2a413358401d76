// The real `overnight` binary with its status server on loopback (port 0) and webhooks pointed at a local
// recording server: the endpoints answer during the run, notifications arrive in each service's shape (through
// 429s and 500s), the state records them, and `overnight timeline` / `overnight status --json` read the run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "common/atomic_file.h"
#include "common/http_client.h"
#include "overnight/overnight_run_fixture.h"
#include "support/webhook_recorder.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using nightdesk::testing::WebhookRecorder;
using ::testing::HasSubstr;
using testing::kOneTaskPerSession;
using testing::kTwoTasks;
using testing::OvernightProcess;
using testing::OvernightRun;

class ObservedRun : public OvernightRun {
 protected:
  std::string observed_config(bool http = true) {
    return fmt::format("http:\n  enabled: {}\n  port: 0\nnotifications:\n  discord_webhook: {}\n  slack_webhook: {}\n",
                       http ? "true" : "false", hooks.url("/discord"), hooks.url("/slack"));
  }
  OvernightProcess start_run() {
    return OvernightProcess(dir.path(), {"run", "--config", (dir.path() / "overnight.yaml").string()},
                            dir.path() / "runner.txt");
  }
  // The port the runner logged, once it did (0 when it did not within the timeout).
  int wait_for_port() {
    const std::regex serving(R"(serving on http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 500; ++i) {
      std::smatch m;
      const std::string text = read_file(dir.path() / "runner.txt").value_or("");
      if (std::regex_search(text, m, serving)) return std::stoi(m[1]);
      std::this_thread::sleep_for(10ms);
    }
    return 0;
  }
  Result<HttpReply> get(int port, const std::string& path) {
    return http_request("GET", "http://127.0.0.1:" + std::to_string(port) + path, {}, {}, 5s);
  }
  std::vector<std::string> contents(const std::string& path) {
    std::vector<std::string> out;
    for (const auto& p : hooks.posts_to(path)) {
      auto j = nlohmann::json::parse(p.body);
      out.push_back(path == "/discord" ? j["content"].get<std::string>() : j["text"].get<std::string>());
    }
    return out;
  }

  WebhookRecorder hooks;
};

TEST_F(ObservedRun, EndpointsAnswerDuringTheRunOnLoopback) {
  progress(kTwoTasks);
  agent(std::string("echo working; sleep 0.7; echo working; sleep 0.7\n") + kOneTaskPerSession);
  config(observed_config());
  auto runner = start_run();
  const int port = wait_for_port();
  ASSERT_GT(port, 0) << read_file(dir.path() / "runner.txt").value_or("");

  auto livez = get(port, "/livez");
  ASSERT_TRUE(livez) << livez.error().message;
  EXPECT_EQ(livez->status, 200);
  EXPECT_EQ(livez->body, "ok\n");

  // Ready once the state is loaded (the first write comes right after the lock).
  long ready = 0;
  for (int i = 0; i < 100 && ready != 200; ++i, std::this_thread::sleep_for(20ms)) {
    auto r = get(port, "/readyz");
    ready = r ? r->status : 0;
  }
  EXPECT_EQ(ready, 200);

  auto health = get(port, "/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->header("content-type"), "application/health+json");
  auto health_doc = nlohmann::json::parse(health->body);
  EXPECT_EQ(health_doc["checks"]["runner:lock"][0]["status"], "pass");
  EXPECT_EQ(health_doc["checks"]["agent:command"][0]["status"], "pass");

  auto status = get(port, "/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  auto doc = nlohmann::json::parse(status->body);
  EXPECT_EQ(doc["run"]["runner"]["active"], true);
  EXPECT_EQ(doc["run"]["repository"], repo.string());
  EXPECT_EQ(doc["progress"]["by_priority"]["P0"]["total"], 2);
  EXPECT_TRUE(doc.contains("next_action"));

  auto metrics = get(port, "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(metrics->body, HasSubstr("# TYPE overnight_sessions_total counter"));
  EXPECT_THAT(metrics->body, HasSubstr("overnight_run_status{status=\"running\"} 1"));

  auto timeline = get(port, "/timeline");
  ASSERT_TRUE(timeline);
  EXPECT_THAT(timeline->header("content-type").value_or(""), HasSubstr("text/html"));
  EXPECT_THAT(timeline->body, HasSubstr("<svg"));
  auto trace = get(port, "/trace");
  ASSERT_TRUE(trace);
  EXPECT_TRUE(nlohmann::json::parse(trace->body).contains("traceEvents"));

  auto missing = get(port, "/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  auto finished = runner.wait(60s);
  EXPECT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_FALSE(get(port, "/livez")) << "the server stops with the run";
}

TEST_F(ObservedRun, NotificationsReachDiscordAndSlackNamingRunAndRepository) {
  progress(kTwoTasks);
  agent(kOneTaskPerSession);
  config(observed_config(false));
  auto finished = start_run().wait(60s);
  ASSERT_EQ(finished.exit_code, 0) << finished.output;
  const RunState s = state();
  auto discord = contents("/discord");
  auto slack = contents("/slack");
  auto has = [](const std::vector<std::string>& texts, const std::string& what) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.find(what) != std::string::npos; });
  };
  for (const auto* texts : {&discord, &slack}) {
    EXPECT_TRUE(has(*texts, "run started")) << ::testing::PrintToString(*texts);
    EXPECT_TRUE(has(*texts, "checkpoint")) << ::testing::PrintToString(*texts);
    EXPECT_TRUE(has(*texts, "run completed")) << ::testing::PrintToString(*texts);
    EXPECT_TRUE(has(*texts, s.run_id));
  }
  // Each in its own shape, with the repository named.
  auto first_discord = nlohmann::json::parse(hooks.posts_to("/discord").at(0).body);
  EXPECT_EQ(first_discord["embeds"][0]["fields"][1]["value"], repo.string());
  auto first_slack = nlohmann::json::parse(hooks.posts_to("/slack").at(0).body);
  EXPECT_THAT(first_slack["blocks"].dump(), HasSubstr(repo.string()));
  // Every delivery is in the state: run start, two checkpoints (after each session), completion; per channel.
  EXPECT_GE(s.notifications.size(), 8u);
  for (const auto& n : s.notifications) EXPECT_EQ(n.result, "sent") << n.event << " " << n.channel;
}

TEST_F(ObservedRun, WebhookAnswering429And500_IsRetriedAndTheRunIsNotHeldUp) {
  hooks.script(WebhookRecorder::answer(429, {{"Retry-After", "1"}}));
  hooks.script(WebhookRecorder::answer(500));
  progress(kTwoTasks);
  agent(kOneTaskPerSession);
  config(fmt::format("notifications:\n  slack_webhook: {}\n", hooks.url("/slack")));
  const auto started = std::chrono::steady_clock::now();
  auto finished = start_run().wait(60s);
  ASSERT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  const RunState s = state();
  // run start: 429 then 500 then sent; the rest straight through.
  ASSERT_GE(s.notifications.size(), 3u);
  for (const auto& n : s.notifications) EXPECT_EQ(n.result, "sent") << n.event;
  auto posts = hooks.posts();
  ASSERT_GE(posts.size(), 3u);
  EXPECT_GE(posts[1].at - posts[0].at, 950ms);  // Retry-After: 1
  EXPECT_THAT(finished.output, HasSubstr("HTTP 429"));
}

TEST_F(ObservedRun, UnreachableWebhook_IsLoggedAndRecordedAsFailedWithoutFailingTheRun) {
  progress(kTwoTasks);
  agent(kOneTaskPerSession);
  config(
      "notifications:\n  discord_webhook: http://127.0.0.1:1/api/webhooks/1/secret-token\n"
      "  enable_checkpoints: false\n  enable_session_start: false\n");
  auto finished = start_run().wait(60s);
  ASSERT_EQ(finished.exit_code, 0) << finished.output;
  const RunState s = state();
  ASSERT_EQ(s.notifications.size(), 1u);
  EXPECT_EQ(s.notifications[0].event, "completion");
  EXPECT_THAT(s.notifications[0].result, HasSubstr("failed"));
  EXPECT_THAT(finished.output, ::testing::Not(HasSubstr("secret-token")));
}

TEST_F(ObservedRun, BusyPort_IsLoggedAndTheRunGoesOn) {
  auto other = HttpServer::start({}, {});
  ASSERT_TRUE(other);
  progress(kTwoTasks);
  agent(kOneTaskPerSession);
  config(fmt::format("http:\n  enabled: true\n  port: {}\n", (*other)->port()));
  auto finished = start_run().wait(60s);
  EXPECT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_THAT(finished.output, HasSubstr("http: not serving"));
}

TEST_F(ObservedRun, TimelineAndStatusCommands_ReadTheFinishedRunFromDisk) {
  progress(kTwoTasks);
  agent(kOneTaskPerSession);
  config();
  ASSERT_EQ(overnight({"run"}).exit_code, 0);
  const auto html = dir.path() / "timeline.html";
  const auto trace = dir.path() / "trace.json";
  auto r = overnight({"timeline", "--out", html.string(), "--trace", trace.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string page = read_file(html).value_or("");
  EXPECT_THAT(page, HasSubstr("<title>session 2 (continuation)"));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("<script")));
  auto events = nlohmann::json::parse(read_file(trace).value_or("{}"));
  ASSERT_TRUE(events["traceEvents"].is_array());
  EXPECT_GE(events["traceEvents"].size(), 2u + 5u);

  auto text = overnight({"status"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.output, HasSubstr("next action: none: the run completed"));
  auto json = overnight({"status", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  auto doc = nlohmann::json::parse(json.output);
  EXPECT_EQ(doc["run"]["status"], "completed");
  EXPECT_EQ(doc["limits"]["sessions"]["used"], 2);
  auto raw = overnight({"status", "--state"});
  EXPECT_TRUE(decode_run_state(raw.output));

  auto neither = overnight({"timeline"});
  EXPECT_EQ(neither.exit_code, 1);
}

}  // namespace
}  // namespace nightdesk::overnight
