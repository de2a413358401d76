// WebSocket fan-out: one publish() reaching N loopback clients (default 1,000) — the time from publish() until
// every client has read the message (p50/p99/max over the rounds), and the caller's cost of publish() (what
// the engine thread pays). Usage: ws_bench [clients=1000] [rounds=200] [server_io_threads=2]
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/ws_hub.h"
#include "common/http_server.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using nightdesk::api::WsHub;

// Counts every message its clients read; wakes the bench when a target count is reached.
struct Tally {
  std::atomic<std::uint64_t> received{0};
  std::mutex mutex;
  std::condition_variable reached;
  std::uint64_t target = 0;

  void add() {
    const auto now = ++received;
    std::lock_guard lock(mutex);
    if (now >= target) reached.notify_all();
  }
  bool wait_for(std::uint64_t count, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex);
    target = count;
    return reached.wait_for(lock, timeout, [&] { return received.load() >= count; });
  }
};

class BenchClient : public std::enable_shared_from_this<BenchClient> {
 public:
  BenchClient(asio::io_context& io, Tally& tally) : ws_(io), tally_(tally) {}

  bool connect_and_subscribe(std::uint16_t port, const std::string& channel) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (!ec) ws_.handshake("127.0.0.1", "/api/v1/ws?token=bench", ec);
    if (!ec) ws_.write(asio::buffer("{\"op\":\"subscribe\",\"channels\":[\"" + channel + "\"]}"), ec);
    if (!ec) ws_.read(buffer_, ec);  // the ack
    buffer_.consume(buffer_.size());
    return !ec;
  }
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->buffer_.consume(self->buffer_.size());
      self->tally_.add();
      self->read();
    });
  }
  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  Tally& tally_;
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int clients = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
  const int io_threads = argc > 3 ? std::atoi(argv[3]) : 2;

  nightdesk::api::WsHubOptions options;
  options.max_clients = static_cast<std::size_t>(clients);
  options.authorize = [](std::string_view token, std::string_view) { return token == "bench"; };
  auto hub = WsHub::start(options);
  if (!hub) return fmt::print(stderr, "{}\n", hub.error().describe()), 1;
  nightdesk::HttpServerOptions http;
  http.threads = io_threads;
  http.max_connections = static_cast<std::size_t>(clients) + 16;
  auto server = nightdesk::HttpServer::start(http, {}, {(*hub)->route()});
  if (!server) return fmt::print(stderr, "{}\n", server.error().describe()), 1;

  asio::io_context client_io;
  Tally tally;
  std::vector<std::shared_ptr<BenchClient>> all;
  const auto connect_start = Clock::now();
  for (int i = 0; i < clients; ++i) {
    auto c = std::make_shared<BenchClient>(client_io, tally);
    if (!c->connect_and_subscribe((*server)->port(), "positions")) {
      return fmt::print(stderr, "client {} failed to connect\n", i), 1;
    }
    all.push_back(std::move(c));
  }
  const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
  for (auto& c : all) c->read();
  std::thread client_thread([&] { client_io.run(); });

  // A position update of a realistic size (~300 bytes serialized).
  const nlohmann::json update = {{"id", "pos-42"},      {"symbol", "SPY"},     {"structure", "iron_condor"},
                                 {"quantity", 4},       {"unrealized_pnl", 123.45}, {"delta", -0.12},
                                 {"gamma", 0.003},      {"theta", 11.8},       {"vega", -24.1},
                                 {"bot_managed", true}, {"status", "open"},    {"note", std::string(80, 'n')}};
  std::vector<double> fan_out_us, publish_ns;
  std::uint64_t expected = 0;
  for (int r = 0; r < rounds; ++r) {
    auto data = update;
    data["round"] = r;
    expected += static_cast<std::uint64_t>(clients);
    const auto t0 = Clock::now();
    (void)(*hub)->publish("positions", std::move(data));
    const auto t1 = Clock::now();
    if (!tally.wait_for(expected, std::chrono::seconds(30))) {
      return fmt::print(stderr, "round {}: only {} of {} received\n", r, tally.received.load(), expected), 1;
    }
    const auto t2 = Clock::now();
    publish_ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    fan_out_us.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }

  fmt::print("clients {}, rounds {}, server I/O threads {}, connect+subscribe {:.2f} s\n", clients, rounds,
             io_threads, connect_s);
  fmt::print("fan-out, publish -> all {} clients read it: p50 {:.0f} us, p99 {:.0f} us, max {:.0f} us\n", clients,
             percentile(fan_out_us, 0.5), percentile(fan_out_us, 0.99), percentile(fan_out_us, 1.0));
  fmt::print("publish() on the caller: p50 {:.0f} ns, p99 {:.0f} ns\n", percentile(publish_ns, 0.5),
             percentile(publish_ns, 0.99));
  const auto stats = (*hub)->stats();
  fmt::print("hub: {} clients, {} quote drops, {} disconnects\n", stats.clients, stats.quote_drops,
             stats.disconnect_total());

  (*hub)->stop();
  (*server)->stop();
  for (auto& c : all) c->close();
  client_io.stop();
  client_thread.join();
  return 0;
}
