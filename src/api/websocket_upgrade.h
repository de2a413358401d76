// WebSocket upgrade helpers: the token a client offers (Authorization: Bearer …, or the `token` query parameter
// browsers must use) and the HTTP refusal of an upgrade in the REST error shape. Run on the I/O thread that owns
// the connection. Internal to src/api.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "common/error.h"
#include "common/http_upgrade.h"

namespace nightdesk::api {

// The bearer token, else the percent-decoded `token` query parameter; "" when neither is present.
std::string ws_upgrade_token(const boost::beast::http::request<boost::beast::http::string_body>& request);

// Answers `status` with {"error":{"code","message","field"?}} and closes the connection (asynchronously).
void refuse_upgrade(std::unique_ptr<HttpUpgrade> upgrade, unsigned status, const Error& error);

}  // namespace nightdesk::api
