// The API's protections configured through a `nightdesk serve` config file, on the real binary over loopback:
// CORS origins from api.cors_origins (the development defaults replaced), token buckets so small that a few
// requests empty them (429 with Retry-After, reads apart from order entry, counted in /metrics), and the
// lockout after repeated wrong tokens. No market: these need no quotes, and serve starts in a second.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/nightdesk_binary.h"

namespace nightdesk::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kDeskOrigin = "https://desk.example.com";

// A config file with `api_lines` (indented two spaces) as its api: section.
std::string write_config(const TempDir& dir, const std::string& api_lines) {
  const auto path = dir.path() / "nightdesk.yaml";
  std::ofstream(path) << "api:\n" << api_lines;
  return path.string();
}

class ServeLimits : public SharedEngineSuite<ServeLimits> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string config = write_config(*dir_,
                                            "  cors_origins: [\"" + kDeskOrigin + "\"]\n"
                                            "  cors_max_age: 2m\n"
                                            "  token_read_burst: 3\n"
                                            "  token_reads_per_second: 0.01\n"
                                            "  token_order_burst: 2\n"
                                            "  token_orders_per_second: 0.01\n");
    engine_ = new RunningEngine(start_serve(*dir_, config, {}, {{"NIGHTDESK_CORS_ORIGINS", ""}}));
    if (engine_->url.empty()) setup_failure_ = "serve printed no URL";
    else if (!ready(engine_->url, 60s)) setup_failure_ = "/ready never answered 200";
  }
};

TEST_F(ServeLimits, Cors_ConfiguredOriginAllowed_TheDevelopmentDefaultsNoLonger) {
  HttpReply preflight = request("OPTIONS", api("/orders"), {"Origin: " + kDeskOrigin, "Access-Control-Request-Method: POST",
                                                            "Access-Control-Request-Headers: Authorization, Content-Type"});
  ASSERT_EQ(preflight.status, 204) << preflight.body;
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin").value_or(""), kDeskOrigin);
  EXPECT_NE(preflight.header("Access-Control-Allow-Methods").value_or("").find("POST"), std::string::npos);
  EXPECT_EQ(preflight.header("Access-Control-Max-Age").value_or(""), "120");
  EXPECT_NE(preflight.header("Vary").value_or("").find("Origin"), std::string::npos);

  for (const std::string origin : {"http://localhost:3000", "https://desk.example.com.evil.net", "null"}) {
    HttpReply refused = request("OPTIONS", api("/orders"), {"Origin: " + origin, "Access-Control-Request-Method: POST"});
    EXPECT_EQ(refused.status, 403) << origin << ": " << refused.body;
    EXPECT_EQ(json_of(refused)["error"]["code"], "origin_not_allowed") << origin;
    EXPECT_FALSE(refused.header("Access-Control-Allow-Origin")) << origin;
  }
}

TEST_F(ServeLimits, RateLimits_EmptyBucketAnswers429WithRetryAfter_ReadsApartFromOrders) {
  // The read bucket holds 3: the fourth read (at the latest) is refused, and it refills only in minutes.
  HttpReply limited;
  int admitted = 0;
  for (int i = 0; i < 6 && limited.status != 429; ++i) {
    HttpReply r = get(api("/status"), kServeToken);
    if (r.status == 200) ++admitted;
    else limited = r;
  }
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_LE(admitted, 3);
  const json error = json_of(limited)["error"];
  EXPECT_EQ(error["code"], "rate_limited") << limited.body;
  const std::string retry_after = limited.header("Retry-After").value_or("");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1) << retry_after;

  // Order entry has its own bucket (2): still open after the reads ran dry, then empty too.
  const json order{{"symbol", "SPY"}, {"side", "sideways"}, {"quantity", 1}};
  HttpReply first = send("POST", api("/orders"), kServeToken, order);
  EXPECT_EQ(first.status, 400) << "refused for its body, not its rate: " << first.body;
  HttpReply order_limited;
  for (int i = 0; i < 4 && order_limited.status != 429; ++i) order_limited = send("POST", api("/orders"), kServeToken, order);
  ASSERT_EQ(order_limited.status, 429) << order_limited.body;
  EXPECT_TRUE(order_limited.header("Retry-After"));

  // The buckets are per token: /health and /ready, which need none, still answer, and /metrics counts the refusals.
  EXPECT_EQ(get(api("/health")).status, 200);
  HttpReply metrics = get(api("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("nightdesk_api_rate_limited_total"), std::string::npos) << metrics.body.substr(0, 2000);
}

TEST(ServeCommand, RepeatedWrongTokens_LockTheAddressOutWith429_EvenForTheRightToken) {
  TempDir dir;
  auto serve = start_serve(dir, write_config(dir, "  auth_failures_per_minute: 3\n"));
  ASSERT_FALSE(serve.url.empty()) << serve.diagnostics();
  ASSERT_TRUE(ready(serve.url, 60s)) << serve.diagnostics();
  const std::string wrong = std::string(40, 'w') + "Q7";
  HttpReply locked;
  for (int i = 0; i < 8 && locked.status != 429; ++i) {
    HttpReply r = get(serve.api("/positions"), wrong);
    if (r.status == 429) locked = r;
    else EXPECT_EQ(r.status, 401) << r.body;
  }
  ASSERT_EQ(locked.status, 429) << locked.body;
  EXPECT_TRUE(locked.header("Retry-After"));
  EXPECT_EQ(get(serve.api("/positions"), kServeToken).status, 429) << "guessing stays slow: the right token waits too";
  EXPECT_EQ(get(serve.api("/health")).status, 200);
  serve.process->signal(SIGTERM);
  EXPECT_EQ(serve.process->wait(), 0) << serve.diagnostics();
}

}  // namespace
}  // namespace nightdesk::testing
