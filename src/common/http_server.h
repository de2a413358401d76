// HttpServer: a small HTTP/1.1 server (Boost.Beast) for status pages and APIs: a route table (method + path to
// a handler returning status, content type and body), request limits (header and body size, read timeout,
// connections), keep-alive, and its own I/O thread(s). A handler's exception never escapes: the client gets a
// 500, the error is logged and counted. An upgrade request (WebSocket) on an upgrade route's path is handed over
// with its socket (common/http_upgrade.h). Handlers run on the server's threads; start/stop/port/stats may be
// called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace nightdesk {

struct HttpServerRequest {
  std::string method;                                        // "GET", "POST", …
  std::string path;                                          // without the query: "/status"
  std::string query;                                         // after '?', undecoded; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  std::string remote_address;  // the peer's IP address ("127.0.0.1"); empty when unknown
};

struct HttpServerResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

using HttpRouteHandler = std::function<HttpServerResponse(const HttpServerRequest&)>;

struct HttpRoute {
  std::string method;  // a GET route also answers HEAD (without the body)
  std::string path;    // exact match
  HttpRouteHandler handler;
};

// Receives an upgraded connection (common/http_upgrade.h) on the server's I/O thread; it then owns it.
struct HttpUpgrade;
using HttpUpgradeHandler = std::function<void(std::unique_ptr<HttpUpgrade>)>;

struct HttpUpgradeRoute {
  std::string path;  // exact match; only requests with "Upgrade: websocket" go here, others to the routes
  HttpUpgradeHandler handler;
};

struct HttpServerOptions {
  std::string bind = "127.0.0.1";                 // loopback unless a person chooses otherwise
  std::uint16_t port = 0;                         // 0: an ephemeral port; port() tells which
  std::size_t max_header_bytes = 8 * 1024;        // larger: 431
  std::size_t max_body_bytes = 64 * 1024;         // larger: 413
  std::chrono::milliseconds read_timeout{10000};  // a request (or an idle keep-alive) slower than this is closed
  std::size_t max_connections = 64;               // more are accepted and closed at once
  int threads = 1;
  std::string server_name = "nightdesk";
  // Answers a request whose path no route has (instead of 404), e.g. a router with path templates. A
  // fallback's exception is caught like a route's. Empty: 404.
  HttpRouteHandler fallback;
  // Shapes the replies the server makes itself to a malformed or oversized request (400, 413, 431) from the
  // status and a short reason. Empty: plain text.
  std::function<HttpServerResponse(unsigned status, const std::string& reason)> reject_response;
};

struct HttpServerStats {
  std::uint64_t requests = 0;          // answered, any status
  std::uint64_t handler_failures = 0;  // handlers that threw (answered 500)
  std::uint64_t rejected = 0;          // malformed, over a limit, timed out or over max_connections
  // `rejected` by reason (they add up to it).
  std::uint64_t malformed = 0;          // 400
  std::uint64_t body_too_large = 0;     // 413
  std::uint64_t headers_too_large = 0;  // 431
  std::uint64_t timed_out = 0;          // closed: slower than read_timeout
  std::uint64_t over_capacity = 0;      // closed at once: max_connections reached
};

class HttpServer {
 public:
  // Binds, listens and starts serving. invalid_argument for an address that does not parse; io_error when the
  // port cannot be bound (the message names address and port).
  static Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options, std::vector<HttpRoute> routes,
                                                   std::vector<HttpUpgradeRoute> upgrades = {});
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the ephemeral one when options.port was 0).
  std::uint16_t port() const;
  const std::string& address() const;
  // Stops accepting, drops open connections and joins the threads. Idempotent.
  void stop();
  HttpServerStats stats() const;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nightdesk
