// HttpUpgrade: a connection HttpServer hands over when a request asks to upgrade (WebSocket) on a path with an
// upgrade route: the stream (on the server's strand, no timeout set) and the request. The receiver owns both
// and runs on the server's I/O threads; it must finish with them before the server is stopped.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace nightdesk {

struct HttpUpgrade {
  boost::beast::tcp_stream stream;
  boost::beast::http::request<boost::beast::http::string_body> request;
};

}  // namespace nightdesk
