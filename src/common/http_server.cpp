#include "common/http_server.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <mutex>
#include <optional>
#include <thread>

#include "common/http_upgrade.h"

namespace nightdesk {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  // Declared before the io_context: the connections its pending handlers own touch them while it is destroyed.
  HttpServerOptions options;
  std::vector<HttpRoute> routes;
  std::vector<HttpUpgradeRoute> upgrades;
  std::atomic<std::uint64_t> requests{0}, handler_failures{0}, rejected{0};
  std::atomic<std::uint64_t> malformed{0}, body_too_large{0}, headers_too_large{0}, timed_out{0}, over_capacity{0};
  std::atomic<std::size_t> connections{0};
  std::uint16_t port = 0;
  std::once_flag stopped;
  asio::io_context io;
  // On a strand of its own: the accept handler (re-arming the accept) and stop() (closing the acceptor) run on
  // different io threads, and an acceptor is not safe to use from two threads at once.
  tcp::acceptor acceptor{asio::make_strand(io)};
  std::vector<std::thread> threads;

  void accept();
  HttpServerResponse dispatch(const HttpServerRequest& request);
  HttpServerResponse call(const HttpRouteHandler& handler, const HttpServerRequest& request);
  HttpServerResponse reject(unsigned status, const std::string& reason);
  const HttpUpgradeRoute* upgrade_route(std::string_view path) const;
};

namespace {

HttpServerResponse plain(unsigned status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n", {}};
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {
    ++server_.connections;
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = peer.address().to_string();
  }
  ~Connection() { --server_.connections; }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    stream_.expires_after(server_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

 private:
  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted) return close();
    if (ec) {
      ++server_.rejected;
      if (ec == beast::error::timeout) {  // a slow or idle client
        ++server_.timed_out;
        return close();
      }
      if (ec == http::error::body_limit) {
        ++server_.body_too_large;
        return reply_and_close(server_.reject(413, "request body too large"), 11);
      }
      if (ec == http::error::header_limit) {
        ++server_.headers_too_large;
        return reply_and_close(server_.reject(431, "request header fields too large"), 11);
      }
      ++server_.malformed;
      return reply_and_close(server_.reject(400, "malformed request"), 11);
    }
    auto& message = parser_->get();
    std::string_view target(message.target().data(), message.target().size());
    const auto q = target.find('?');
    if (beast::websocket::is_upgrade(message)) {
      if (const auto* route = server_.upgrade_route(target.substr(0, q))) return hand_over(*route);
    }
    HttpServerRequest request;
    request.method = std::string(message.method_string());
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_address_;
    HttpServerResponse response = server_.dispatch(request);
    respond(std::move(response), message.version(), message.keep_alive(), request.method == "HEAD");
  }

  // The upgrade route owns the connection from here; this Connection ends when the handler returns.
  void hand_over(const HttpUpgradeRoute& route) {
    stream_.expires_never();  // the new owner sets its own timeouts
    auto upgrade = std::make_unique<HttpUpgrade>(HttpUpgrade{std::move(stream_), parser_->release()});
    try {
      route.handler(std::move(upgrade));
    } catch (const std::exception& e) {
      ++server_.handler_failures;
      spdlog::error("http: upgrade on {} failed: {}", route.path, e.what());
    } catch (...) {
      ++server_.handler_failures;
      spdlog::error("http: upgrade on {} failed with a non-standard exception", route.path);
    }
  }

  void reply_and_close(HttpServerResponse response, unsigned version) {
    respond(std::move(response), version, false, false);
  }

  void respond(HttpServerResponse r, unsigned version, bool keep_alive, bool head) {
    ++server_.requests;
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version);
    res->set(http::field::server, server_.options.server_name);
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);  // a 304 has none
    res->set(http::field::cache_control, "no-store");
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    if (head) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    stream_.expires_after(server_.options.read_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_address_;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      if (connections.load() >= options.max_connections) {
        ++rejected;
        ++over_capacity;
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);  // small responses go out at once, not after a delayed ACK
        std::make_shared<Connection>(std::move(socket), *this)->read();
      }
    }
    accept();
  });
}

const HttpUpgradeRoute* HttpServer::Impl::upgrade_route(std::string_view path) const {
  for (const auto& route : upgrades) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

HttpServerResponse HttpServer::Impl::dispatch(const HttpServerRequest& request) {
  std::string allowed;
  for (const auto& route : routes) {
    if (route.path != request.path) continue;
    const bool matches = route.method == request.method || (route.method == "GET" && request.method == "HEAD");
    if (!matches) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    return call(route.handler, request);
  }
  if (!allowed.empty()) {
    auto r = plain(405, "method not allowed");
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  if (options.fallback) return call(options.fallback, request);
  return plain(404, "not found");
}

HttpServerResponse HttpServer::Impl::call(const HttpRouteHandler& handler, const HttpServerRequest& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    ++handler_failures;
    spdlog::error("http: {} {} failed: {}", request.method, request.path, e.what());
  } catch (...) {
    ++handler_failures;
    spdlog::error("http: {} {} failed with a non-standard exception", request.method, request.path);
  }
  return plain(500, "internal error");
}

HttpServerResponse HttpServer::Impl::reject(unsigned status, const std::string& reason) {
  if (options.reject_response) {
    try {
      return options.reject_response(status, reason);
    } catch (...) {
      ++handler_failures;  // falls through to the plain reply
    }
  }
  return plain(status, reason);
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(HttpServerOptions options, std::vector<HttpRoute> routes,
                                                      std::vector<HttpUpgradeRoute> upgrades) {
  auto impl = std::make_unique<Impl>();
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.bind, ec);
  if (ec) return fail(ErrorCode::invalid_argument, "not an IP address: " + options.bind, "bind");
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = fmt::format("{}:{}", options.bind, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorCode::io_error, "cannot listen on " + where + ": " + ec.message());
  impl->port = impl->acceptor.local_endpoint(ec).port();
  impl->options = std::move(options);
  impl->routes = std::move(routes);
  impl->upgrades = std::move(upgrades);
  impl->accept();
  for (int i = 0; i < std::max(1, impl->options.threads); ++i) {
    impl->threads.emplace_back([io = &impl->io] { io->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

std::uint16_t HttpServer::port() const { return impl_->port; }
const std::string& HttpServer::address() const { return impl_->options.bind; }

void HttpServer::stop() {
  std::call_once(impl_->stopped, [this] {
    asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
      beast::error_code ignored;
      impl->acceptor.close(ignored);
    });
    impl_->io.stop();
    for (auto& t : impl_->threads) t.join();
  });
}

HttpServerStats HttpServer::stats() const {
  return {impl_->requests.load(),       impl_->handler_failures.load(),  impl_->rejected.load(),
          impl_->malformed.load(),      impl_->body_too_large.load(),    impl_->headers_too_large.load(),
          impl_->timed_out.load(),      impl_->over_capacity.load()};
}

}  // namespace nightdesk
