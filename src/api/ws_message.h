// WsMessage: the text frames the hub sends — pushes {"channel","seq","ts","data"} and replies to client requests
// ({"type":"ack"|"pong"|"error", …}; a reply has no "channel", a push always has one). Plain functions; any thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/ws_client_request.h"
#include "common/error.h"
#include "common/time.h"

namespace nightdesk::api {

// {"channel":"orders","seq":7,"ts":"2025-01-17T14:30:00.000000000Z","data":{…}}. Invalid UTF-8 in strings
// becomes U+FFFD rather than failing: a push never throws.
std::string ws_push_frame(std::string_view channel, std::uint64_t seq, Timestamp ts, const nlohmann::json& data);

// {"type":"ack","op":"subscribe","id"?,"channels":[requested],"subscriptions":[all, sorted],
//  "seq":{channel: last seq published before the ack}} — "seq" for subscribe only: a client applies pushes with a
// higher seq on top of what it reads through REST.
std::string ws_ack_frame(const WsClientRequest& request, const std::vector<std::string>& subscriptions,
                         const std::vector<std::pair<std::string, std::uint64_t>>& last_seq);

// {"type":"pong","id"?}: the answer to {"op":"ping"} (browsers cannot send WebSocket ping frames).
std::string ws_pong_frame(const nlohmann::json& id);

// {"type":"error","id"?,"error":{"code","message","field"?}}: the REST error shape.
std::string ws_error_frame(const Error& error, const nlohmann::json& id);

}  // namespace nightdesk::api
