// WsClientRequest: what a WebSocket client may send to the hub, read and checked —
// {"op":"subscribe"|"unsubscribe","channels":[...],"id"?} or {"op":"ping","id"?}. "id" (string or number) is
// echoed in the reply. Plain functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "api/ws_channel.h"
#include "common/error.h"

namespace nightdesk::api {

enum class WsOp { subscribe, unsubscribe, ping };

struct WsClientRequest {
  WsOp op = WsOp::ping;
  std::vector<WsChannel> channels;  // subscribe/unsubscribe: at least one, no duplicates
  nlohmann::json id;                // null when the client sent none
};

std::string_view to_string(WsOp op);

// invalid_argument naming the field: "" for malformed JSON or a non-object, "op", "channels", "channels[2]",
// "id", or an unknown field's name. Subscribe/unsubscribe take 1..max_channels channels.
Result<WsClientRequest> parse_ws_client_request(std::string_view text, std::size_t max_channels);

// The "id" of a request whose other parts may be wrong (so its error reply can carry it); null when there is
// no readable string or number id.
nlohmann::json ws_request_id(std::string_view text);

}  // namespace nightdesk::api
