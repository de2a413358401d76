// Order submit-to-ack latency through POST /api/v1/orders on a running engine: the real `nightdesk demo` binary
// (paper venue, synthetic SPY market, engine clock at --speed; no strategies, so only these orders trade),
// driven over loopback by one keep-alive HTTP connection and one WebSocket subscribed to `orders`.
// POST /orders answers 202 once the order is in the manual order queue, before the engine sends it; the ack is
// the `orders` push whose state has left pending_submit (accepted by the paper venue, or rejected). Per order
// it measures send -> 202 and send -> ack push, then cancels the order (untimed) and waits `gap_ms`.
// Usage: order_ack_bench [orders=500] [gap_ms=20] [speed=60] [nightdesk binary]. Prints percentiles. Speed 1 is
// the wall clock (no quotes outside New York's session); above 1 the demo replays from the first session's open.
#include <fmt/core.h>

#include <algorithm>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/ws_test_client.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace {

using namespace nightdesk;
using Clock = std::chrono::steady_clock;
namespace http = boost::beast::http;
using nlohmann::json;

const std::string kToken = "bench-Wq5Rt8Yu2Io7Pa3Sd9Fg4Hj1Kl6Zx0Cv";

// One keep-alive HTTP/1.1 connection (the way a trading client talks to the API, no connect per order).
class KeepAliveClient {
 public:
  explicit KeepAliveClient(std::uint16_t port) : stream_(io_) {
    stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true));
  }
  // The status and body.
  std::pair<unsigned, std::string> call(http::verb verb, const std::string& target, const std::string& body = {}) {
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + kToken);
    if (!body.empty()) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    http::write(stream_, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream_, buffer, response);
    return {response.result_int(), response.body()};
  }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
};

// The first time each order's push showed it past pending_submit, filled by the WebSocket reader thread.
struct AckBoard {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, std::pair<Clock::time_point, std::string>> acks;  // id -> (when, state)
  bool stop = false;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void print_row(const std::string& name, const std::vector<double>& us) {
  fmt::print("{:<34} n={:<5} p50 {:>8.0f} us  p90 {:>8.0f} us  p99 {:>8.0f} us  max {:>8.0f} us\n", name, us.size(),
             percentile(us, 50), percentile(us, 90), percentile(us, 99), us.empty() ? 0.0 : *std::max_element(us.begin(), us.end()));
}

// The API's token and its rate limits off (the bench is one client), and the broker's account rate limit
// (execution.rate_limit_per_minute, 120 by default like a retail broker) lifted unless the caller sets it:
// a submit and a cancel per order would spend it, and the ack would wait for the limiter, not the engine.
std::map<std::string, std::string> engine_environment() {
  std::map<std::string, std::string> env{{"NIGHTDESK_API_TOKEN", kToken}, {"NIGHTDESK_API_RATE_LIMITS_ENABLED", "false"}};
  if (std::getenv("NIGHTDESK_EXECUTION_RATE_LIMIT_PER_MINUTE") == nullptr) env["NIGHTDESK_EXECUTION_RATE_LIMIT_PER_MINUTE"] = "60000";
  return env;
}

}  // namespace

int main(int argc, char** argv) {
  const int orders = argc > 1 ? std::atoi(argv[1]) : 500;
  const int gap_ms = argc > 2 ? std::atoi(argv[2]) : 20;
  const std::string speed = argc > 3 ? argv[3] : "60";
  const std::string binary = argc > 4 ? argv[4]
                                      : (std::filesystem::path(argv[0]).parent_path() / "../src/apps/nightdesk").lexically_normal().string();

  testing::TempDir dir;
  const auto strategies = dir.path() / "strategies.yaml";
  std::ofstream(strategies) << "strategies: []\n";
  testing::ChildProcess engine(binary, {"demo", "--port", "0", "--speed", speed, "--strategies", strategies.string()},
                               engine_environment(),
                               (dir.path() / "demo.err").string());
  const std::string url = engine.read_value("URL:").value_or("");
  if (url.empty()) {
    fmt::print(stderr, "order_ack_bench: {} printed no URL\n{}", binary, engine.stderr_text());
    return 1;
  }
  const auto port = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  KeepAliveClient client(port);
  // Ready, and a quote for SPY (the order's symbol) in the snapshot.
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (client.call(http::verb::get, "/api/v1/quotes/SPY").first != 200) {
    if (Clock::now() > deadline) {
      fmt::print(stderr, "order_ack_bench: no SPY quote within 60 s (at --speed 1 the market is the wall clock's: closed now?)\n");
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  api::testing::WsTestClient ws(port, api::testing::at("/api/v1/ws?token=" + kToken));
  if (!ws.connected) {
    fmt::print(stderr, "order_ack_bench: WebSocket: {}\n", ws.error);
    return 1;
  }
  ws.send(json{{"op", "subscribe"}, {"channels", {"orders"}}});
  AckBoard board;
  std::thread reader([&] {
    while (true) {
      {
        std::lock_guard lock(board.mutex);
        if (board.stop) return;
      }
      auto message = ws.read(std::chrono::seconds(2));  // a timeout ends the reader (after the last order)
      const auto now = Clock::now();
      if (!message) return;
      if (message->value("channel", "") != "orders") continue;
      const json& order = (*message)["data"];
      const std::string state = order.value("state", "");
      if (state == "new" || state == "pending_submit") continue;
      std::lock_guard lock(board.mutex);
      board.acks.try_emplace(order.value("client_order_id", ""), now, state);
      board.changed.notify_all();
    }
  });

  std::vector<double> to_202, to_ack;
  std::map<std::string, int> outcomes;
  for (int i = 0; i < orders; ++i) {
    const std::string id = fmt::format("ack-{}", i);
    const json body{{"client_order_id", id}, {"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1},
                    {"limit_price", "1.00"}, {"execution", "direct"}};
    const auto sent = Clock::now();
    const auto [status, reply] = client.call(http::verb::post, "/api/v1/orders", body.dump());
    const auto answered = Clock::now();
    if (status != 202) {
      fmt::print(stderr, "order_ack_bench: POST /orders answered {}: {}\n", status, reply);
      ++outcomes["http " + std::to_string(status)];
      continue;
    }
    to_202.push_back(std::chrono::duration<double, std::micro>(answered - sent).count());
    std::unique_lock lock(board.mutex);
    if (!board.changed.wait_for(lock, std::chrono::seconds(10), [&] { return board.acks.contains(id); })) {
      ++outcomes["no ack in 10 s"];
      continue;
    }
    const auto [acked, state] = board.acks[id];
    lock.unlock();
    ++outcomes[state];
    to_ack.push_back(std::chrono::duration<double, std::micro>(acked - sent).count());
    client.call(http::verb::delete_, "/api/v1/orders/" + id);
    std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
  }
  {
    std::lock_guard lock(board.mutex);
    board.stop = true;
  }
  reader.join();
  ws.close_politely();
  engine.signal(SIGTERM);
  engine.wait();

  double load[3] = {0, 0, 0};
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
    std::fclose(f);
  }
  const char* broker_limit = std::getenv("NIGHTDESK_EXECUTION_RATE_LIMIT_PER_MINUTE");
  fmt::print("nightdesk demo --speed {}, {} orders (buy 1 SPY limit 1.00, direct), {} ms apart, broker limit {}/min; "
             "load average {:.2f} {:.2f} {:.2f}\n",
             speed, orders, gap_ms, broker_limit ? broker_limit : "60000", load[0], load[1], load[2]);
  print_row("send -> 202 queued (HTTP)", to_202);
  print_row("send -> ack push (WS orders)", to_ack);
  for (const auto& [what, count] : outcomes) fmt::print("  {}: {}\n", what, count);
  return to_ack.empty() ? 1 : 0;
}
