// WsTestClient: a real Beast WebSocket client for the hub's loopback tests. Each has its own io_context and is
// used from one thread; reads time out instead of hanging (a timed-out client is not read from again).
#pragma once

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace nightdesk::api::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

struct WsTestClientOptions {
  std::string target = "/api/v1/ws?token=good";
  std::vector<std::pair<std::string, std::string>> headers;
  int receive_buffer_bytes = 0;  // SO_RCVBUF before connecting; 0: the system's
};

inline WsTestClientOptions at(std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
  WsTestClientOptions o;
  o.target = std::move(target);
  o.headers = std::move(headers);
  return o;
}
inline WsTestClientOptions small_receive_buffer() {
  WsTestClientOptions o;
  o.receive_buffer_bytes = 4096;
  return o;
}

class WsTestClient {
 public:
  // Connects and upgrades; on refusal `refused_status` and `refused_body` tell the server's answer.
  explicit WsTestClient(std::uint16_t port, WsTestClientOptions options = {}) {
    beast::error_code ec;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(tcp::v4(), ec);
    if (options.receive_buffer_bytes > 0) {
      socket.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer_bytes), ec);
    }
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) {
      error = "connect: " + ec.message();
      return;
    }
    ws_.set_option(websocket::stream_base::decorator([headers = options.headers](websocket::request_type& r) {
      for (const auto& [name, value] : headers) r.set(name, value);
    }));
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping) ++pings_seen;
    });
    // The asynchronous handshake: in Boost 1.74 only it hands back a declined upgrade's response.
    websocket::response_type response;
    ws_.async_handshake(response, "127.0.0.1:" + std::to_string(port), options.target,
                        [&](beast::error_code e) { ec = e; });
    io_.run();
    io_.restart();
    if (ec) {
      error = "handshake: " + ec.message();
      refused_status = static_cast<unsigned>(response.result_int());
      refused_body = response.body();
      return;
    }
    connected = true;
    accepted_protocol = std::string(response[beast::http::field::sec_websocket_protocol]);
  }

  void send(const std::string& text) {
    beast::error_code ec;
    ws_.text(true);
    ws_.write(asio::buffer(text), ec);
    if (ec) error = "write: " + ec.message();
  }
  void send(const json& message) { send(message.dump()); }
  void send_binary(const std::string& bytes) {
    beast::error_code ec;
    ws_.binary(true);
    ws_.write(asio::buffer(bytes), ec);
  }

  // The next message, or nullopt on timeout or when the connection ended (`ended` holds why).
  std::optional<json> read(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    if (!connected || broken_) return std::nullopt;
    beast::flat_buffer buffer;
    bool done = false;
    beast::error_code ec;
    ws_.async_read(buffer, [&](beast::error_code e, std::size_t) {
      done = true;
      ec = e;
    });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      broken_ = true;
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().cancel(ignored);
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    if (ec) {
      broken_ = true;
      ended = ec;
      return std::nullopt;
    }
    return json::parse(beast::buffers_to_string(buffer.data()));
  }

  // Sends `request` and returns the next message (the reply when nothing is pushed meanwhile).
  std::optional<json> call(const json& request) {
    send(request);
    return read();
  }

  // Closes the TCP connection without a WebSocket close frame (a crashed or unplugged client).
  void drop_connection(bool reset = false) {
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    if (reset) socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    broken_ = true;
  }

  void close_politely() {
    beast::error_code ignored;
    ws_.close(websocket::close_code::normal, ignored);
    broken_ = true;
  }

  bool connected = false;
  std::string error;
  unsigned refused_status = 0;
  std::string refused_body;
  std::string accepted_protocol;  // the server's Sec-WebSocket-Protocol, "" when none
  beast::error_code ended;
  std::atomic<int> pings_seen{0};

 private:
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_{io_};
  bool broken_ = false;
};

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace nightdesk::api::testing
