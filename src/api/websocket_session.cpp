#include "api/websocket_session.h"

#include <fmt/core.h>

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <utility>

#include "api/websocket_upgrade.h"
#include "api/ws_message.h"

namespace nightdesk::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

std::string remote_of(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto endpoint = stream.socket().remote_endpoint(ec);
  if (ec) return "unknown";
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

}  // namespace

WebSocketSession::WebSocketSession(std::shared_ptr<WsHubCore> hub, std::uint64_t id, beast::tcp_stream stream)
    : hub_(std::move(hub)),
      id_(id),
      strand_(stream.get_executor()),
      remote_(remote_of(stream)),
      connected_since_(hub_->system_clock.now()),
      ws_(std::move(stream)),
      queue_(hub_->options.client_queue_capacity) {}

// A session the server's io_context drops without its handlers completing (the server stopped first) still
// leaves the registry.
WebSocketSession::~WebSocketSession() {
  if (ended_) return;
  hub_->remove(id_);
  hub_->count_disconnect(WsDisconnectReason::hub_stopped);
}

void WebSocketSession::start(http::request<http::string_body> upgrade) {
  const auto& options = hub_->options;
  if (options.send_buffer_bytes > 0) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(asio::socket_base::send_buffer_size(options.send_buffer_bytes),
                                                     ignored);
  }
  // Beast's keep-alive pings are the heartbeat: a ping at idle_timeout / 2, closed at idle_timeout of silence.
  ws_.set_option(websocket::stream_base::timeout{options.handshake_timeout, options.idle_timeout, true});
  // A browser that offered subprotocols (its token as bearer.<token>) drops an answer that names none of them.
  ws_.set_option(websocket::stream_base::decorator([protocol = ws_selected_protocol(upgrade)](websocket::response_type& response) {
    response.set(http::field::server, "nightdesk");
    if (!protocol.empty()) response.set(http::field::sec_websocket_protocol, protocol);
  }));
  ws_.read_message_max(options.max_request_bytes);
  ws_.async_accept(upgrade, beast::bind_front_handler(&WebSocketSession::on_handshake, shared_from_this()));
}

void WebSocketSession::on_handshake(beast::error_code ec) {
  if (ec) return end(reason_for(ec));
  open_ = true;
  read();
}

void WebSocketSession::read() {
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void WebSocketSession::on_read(beast::error_code ec) {
  if (ec) return end(reason_for(ec));
  if (ws_.got_text()) {
    answer(beast::buffers_to_string(read_buffer_.data()));
  } else {
    reply(ws_error_frame({ErrorCode::invalid_argument, "binary frames are not accepted: send JSON text", ""}, nullptr));
  }
  read_buffer_.consume(read_buffer_.size());
  if (!ended_) read();
}

void WebSocketSession::answer(std::string_view text) {
  auto request = parse_ws_client_request(text, hub_->options.max_subscriptions);
  if (!request) return reply(ws_error_frame(request.error(), ws_request_id(text)));
  if (request->op == WsOp::ping) return reply(ws_pong_frame(request->id));
  if (auto applied = apply(*request); !applied) reply(ws_error_frame(applied.error(), request->id));
}

// One critical section: the subscription's start, the ack and its place in the queue, so the ack comes before
// any push it announces.
Status WebSocketSession::apply(const WsClientRequest& request) {
  Queued queued = Queued::waiting;
  {
    std::lock_guard lock(mutex_);
    if (closing_) return ok();
    std::vector<std::pair<std::string, std::uint64_t>> last_seq;
    if (request.op == WsOp::subscribe) {
      std::size_t added = 0;
      for (const auto& channel : request.channels) added += subscriptions_.contains(channel.name()) ? 0 : 1;
      const std::size_t limit = hub_->options.max_subscriptions;
      if (subscriptions_.size() + added > limit) {
        return fail(ErrorCode::invalid_argument,
                    fmt::format("at most {} subscriptions per client ({} held, {} new)", limit,
                                subscriptions_.size(), added),
                    "channels");
      }
      for (const auto& channel : request.channels) {
        const std::string name = channel.name();
        const std::uint64_t last = hub_->last_seq(name);  // lock order: session, then inbox
        subscriptions_.try_emplace(name, last);
        last_seq.emplace_back(name, last);
      }
    } else {
      for (const auto& channel : request.channels) subscriptions_.erase(channel.name());
    }
    std::vector<std::string> held;
    for (const auto& [name, start] : subscriptions_) held.push_back(name);
    queued = enqueue_locked({std::make_shared<const std::string>(ws_ack_frame(request, held, last_seq)), {}});
  }
  after_enqueue(queued);
  return ok();
}

WebSocketSession::Queued WebSocketSession::enqueue_locked(const WsOutbound& message) {
  switch (queue_.offer(message)) {
    case WsOfferOutcome::queued: break;
    case WsOfferOutcome::replaced_quote:
    case WsOfferOutcome::evicted_quote:
    case WsOfferOutcome::dropped_quote: ++hub_->quote_drops; break;
    case WsOfferOutcome::overflow: closing_ = true; return Queued::overflow;
  }
  if (writing_) return Queued::waiting;
  writing_ = true;
  return Queued::start_writing;
}

// On the strand.
void WebSocketSession::after_enqueue(Queued queued) {
  if (queued == Queued::overflow) return abort(WsDisconnectReason::slow_client);
  if (queued == Queued::start_writing) write_next();
}

// Replies share the queue with pushes and count as state: a client that does not read its replies is slow too.
void WebSocketSession::reply(std::string frame) {
  Queued queued = Queued::waiting;
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    queued = enqueue_locked({std::make_shared<const std::string>(std::move(frame)), {}});
  }
  after_enqueue(queued);
}

void WebSocketSession::deliver(const std::string& channel, std::uint64_t seq, const WsOutbound& message) {
  Queued queued = Queued::waiting;
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    auto subscription = subscriptions_.find(channel);
    if (subscription == subscriptions_.end() || seq <= subscription->second) return;
    queued = enqueue_locked(message);
  }
  if (queued == Queued::overflow) {
    asio::post(strand_, [self = shared_from_this()] { self->abort(WsDisconnectReason::slow_client); });
  } else if (queued == Queued::start_writing) {
    asio::post(strand_, [self = shared_from_this()] { self->write_next(); });
  }
}

void WebSocketSession::write_next() {
  {
    std::lock_guard lock(mutex_);
    auto next = closing_ ? std::nullopt : queue_.pop();
    if (!next) {
      writing_ = false;
      return;
    }
    in_flight_ = std::move(next->frame);
  }
  ws_.text(true);
  ws_.async_write(asio::buffer(*in_flight_),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void WebSocketSession::on_write(beast::error_code ec) {
  in_flight_.reset();
  if (ec) {
    {
      std::lock_guard lock(mutex_);
      writing_ = false;
    }
    return end(reason_for(ec));
  }
  {
    std::lock_guard lock(mutex_);
    ++sent_;
  }
  if (close_after_write_) return start_close(*close_after_write_);
  write_next();
}

void WebSocketSession::close(WsDisconnectReason reason) {
  asio::post(strand_, [self = shared_from_this(), reason] { self->close_on_strand(reason); });
}

// A close frame waits for the write in flight (one writer at a time); during the handshake the socket just closes.
void WebSocketSession::close_on_strand(WsDisconnectReason reason) {
  if (ended_ || abort_reason_ || close_after_write_) return;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  if (!open_) return abort(reason);
  if (in_flight_) {
    close_after_write_ = reason;
    return;
  }
  start_close(reason);
}

void WebSocketSession::start_close(WsDisconnectReason reason) {
  abort_reason_ = reason;
  ws_.async_close(websocket::close_code::going_away, [self = shared_from_this(), reason](beast::error_code) {
    self->end(reason);
  });
}

// Closes the socket now: pending reads and writes finish with errors; the hub forgets the client at once.
void WebSocketSession::abort(WsDisconnectReason reason) {
  if (!abort_reason_) abort_reason_ = reason;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  beast::get_lowest_layer(ws_).close();
  end(*abort_reason_);
}

void WebSocketSession::end(WsDisconnectReason reason) {
  if (ended_) return;
  ended_ = true;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  hub_->remove(id_);
  hub_->count_disconnect(reason);
}

WsDisconnectReason WebSocketSession::reason_for(beast::error_code ec) const {
  if (abort_reason_) return *abort_reason_;
  if (ec == websocket::error::closed) return WsDisconnectReason::closed_by_client;
  if (ec == beast::error::timeout) return WsDisconnectReason::heartbeat_timeout;
  if (ec.category() == websocket::make_error_code(websocket::error::closed).category()) {
    return WsDisconnectReason::protocol_error;
  }
  return WsDisconnectReason::peer_gone;
}

WsClientInfo WebSocketSession::info() const {
  std::lock_guard lock(mutex_);
  const auto subscription_names = [&] {
    std::vector<std::string> names;
    for (const auto& [name, start] : subscriptions_) names.push_back(name);
    return names;
  };
  return {id_,
          remote_,
          subscription_names(),
          queue_.depth(),
          queue_.drops(),
          sent_,
          connected_since_};
}

}  // namespace nightdesk::api
