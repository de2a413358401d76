// WebSocket upgrade helpers: the token a client offers (Authorization: Bearer …; from a browser, which cannot set
// that header, the subprotocol `bearer.<token>` or the `token` query parameter), the subprotocol to answer with,
// and the HTTP refusal of an upgrade in the REST error shape. Run on the I/O thread that owns the connection.
// Internal to src/api.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "common/error.h"
#include "common/http_upgrade.h"

namespace nightdesk::api {

inline constexpr std::string_view kWsProtocol = "nightdesk.v1";       // the protocol a browser offers with its token
inline constexpr std::string_view kWsBearerProtocolPrefix = "bearer.";  // Sec-WebSocket-Protocol: bearer.<token>

// The bearer token, else the token of a `bearer.<token>` entry of Sec-WebSocket-Protocol, else the
// percent-decoded `token` query parameter; "" when none is present.
std::string ws_upgrade_token(const boost::beast::http::request<boost::beast::http::string_body>& request);

// The Sec-WebSocket-Protocol to answer with: "nightdesk.v1" when offered; else the `bearer.<token>` entry when
// that is all the client offered (a browser drops a connection whose answer names none of its offers); else "".
std::string ws_selected_protocol(const boost::beast::http::request<boost::beast::http::string_body>& request);

// Answers `status` with {"error":{"code","message","field"?}} and closes the connection (asynchronously).
void refuse_upgrade(std::unique_ptr<HttpUpgrade> upgrade, unsigned status, const Error& error);

}  // namespace nightdesk::api
