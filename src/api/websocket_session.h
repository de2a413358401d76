// WebSocketSession: one WebSocket client of the hub — the Beast stream, its subscriptions and its bounded
// outbound queue. Reads and writes run on the connection's strand (HttpServer's I/O threads); deliver() runs on
// the hub's fan-out thread; close() and info() from any thread. Internal to src/api.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <map>
#include <string>

#include "api/ws_client_queue.h"
#include "api/ws_client_request.h"
#include "api/ws_hub_core.h"

namespace nightdesk::api {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(std::shared_ptr<WsHubCore> hub, std::uint64_t id, boost::beast::tcp_stream stream);
  ~WebSocketSession();

  // The connection's strand: answers the upgrade, then reads client requests until the client goes.
  void start(boost::beast::http::request<boost::beast::http::string_body> upgrade);
  // Fan-out thread: queues the message if subscribed to `channel` and `seq` is past the subscription's start;
  // schedules the write, or on overflow the disconnect. Never does I/O itself.
  void deliver(const std::string& channel, std::uint64_t seq, const WsOutbound& message);
  // Any thread: ends the session from its strand (a close frame when no write is in flight).
  void close(WsDisconnectReason reason);

  std::uint64_t id() const { return id_; }
  WsClientInfo info() const;

 private:
  void on_handshake(boost::beast::error_code ec);
  void read();
  void on_read(boost::beast::error_code ec);
  void answer(std::string_view text);
  Status apply(const WsClientRequest& request);  // queues the ack, or says why not
  enum class Queued { waiting, start_writing, overflow };
  Queued enqueue_locked(const WsOutbound& message);  // mutex_ held
  void after_enqueue(Queued queued);
  void start_close(WsDisconnectReason reason);
  void close_on_strand(WsDisconnectReason reason);
  void reply(std::string frame);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void abort(WsDisconnectReason reason);
  void end(WsDisconnectReason reason);
  WsDisconnectReason reason_for(boost::beast::error_code ec) const;

  const std::shared_ptr<WsHubCore> hub_;
  const std::uint64_t id_;
  const boost::asio::any_io_executor strand_;
  const std::string remote_;
  const Timestamp connected_since_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer read_buffer_;
  std::shared_ptr<const std::string> in_flight_;          // strand only
  std::optional<WsDisconnectReason> abort_reason_;        // strand only: why we closed the socket ourselves
  bool open_ = false;                                      // strand only: the handshake succeeded
  bool ended_ = false;                                     // strand only

  mutable std::mutex mutex_;
  std::optional<WsDisconnectReason> close_after_write_;  // strand only
  // Channel -> the last seq published before the subscription: older messages still in flight are skipped,
  // so after the ack a client gets exactly the pushes with a higher seq.
  std::map<std::string, std::uint64_t> subscriptions_;  // guarded by mutex_
  WsClientQueue queue_;                  // guarded by mutex_
  bool writing_ = false;                 // guarded by mutex_: a write is in flight or scheduled
  bool closing_ = false;                 // guarded by mutex_: no more messages are queued
  std::uint64_t sent_ = 0;               // guarded by mutex_
};

}  // namespace nightdesk::api
