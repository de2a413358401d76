#include "api/ws_client_request.h"

#include <algorithm>
#include <fmt/core.h>

namespace nightdesk::api {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 8;  // a request is a flat object holding one list

// Whether arrays/objects nest deeper than `limit`, found without parsing (so without building the tree).
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

Result<WsOp> parse_op(const json& message) {
  auto it = message.find("op");
  if (it == message.end()) return fail(ErrorCode::invalid_argument, "missing: subscribe, unsubscribe or ping", "op");
  if (!it->is_string()) return fail(ErrorCode::invalid_argument, "must be a string", "op");
  const auto& op = it->get_ref<const std::string&>();
  if (op == "subscribe") return WsOp::subscribe;
  if (op == "unsubscribe") return WsOp::unsubscribe;
  if (op == "ping") return WsOp::ping;
  return fail(ErrorCode::invalid_argument, "unknown op '" + op + "' (expected subscribe, unsubscribe or ping)", "op");
}

Result<std::vector<WsChannel>> parse_channels(const json& message, std::size_t max_channels) {
  auto it = message.find("channels");
  if (it == message.end()) return fail(ErrorCode::invalid_argument, "missing: a list of channel names", "channels");
  if (!it->is_array()) return fail(ErrorCode::invalid_argument, "must be a list of channel names", "channels");
  if (it->empty()) return fail(ErrorCode::invalid_argument, "must name at least one channel", "channels");
  if (it->size() > max_channels) {
    return fail(ErrorCode::invalid_argument, fmt::format("at most {} channels per client", max_channels),
                "channels");
  }
  std::vector<WsChannel> channels;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string field = fmt::format("channels[{}]", i);
    const json& item = (*it)[i];
    if (!item.is_string()) return fail(ErrorCode::invalid_argument, "must be a channel name (a string)", field);
    auto channel = parse_ws_channel(item.get_ref<const std::string&>(), field);
    if (!channel) return std::unexpected(channel.error());
    const bool repeated = std::any_of(channels.begin(), channels.end(),
                                      [&](const WsChannel& c) { return c.name() == channel->name(); });
    if (repeated) return fail(ErrorCode::invalid_argument, "channel '" + channel->name() + "' is listed twice", field);
    channels.push_back(std::move(*channel));
  }
  return channels;
}

}  // namespace

std::string_view to_string(WsOp op) {
  switch (op) {
    case WsOp::subscribe: return "subscribe";
    case WsOp::unsubscribe: return "unsubscribe";
    case WsOp::ping: return "ping";
  }
  return "unknown";
}

Result<WsClientRequest> parse_ws_client_request(std::string_view text, std::size_t max_channels) {
  if (nests_deeper_than(text, kMaxJsonDepth)) {
    return fail(ErrorCode::invalid_argument, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth), "");
  }
  json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return fail(ErrorCode::invalid_argument, "malformed JSON", "");
  if (!message.is_object()) return fail(ErrorCode::invalid_argument, "a request must be a JSON object", "");
  auto op = parse_op(message);
  if (!op) return std::unexpected(op.error());
  WsClientRequest request{*op, {}, nullptr};
  for (const auto& [key, value] : message.items()) {
    const bool known = key == "op" || key == "id" || (key == "channels" && *op != WsOp::ping);
    if (!known) return fail(ErrorCode::invalid_argument, "unknown field for op " + std::string(to_string(*op)), key);
  }
  if (auto id = message.find("id"); id != message.end()) {
    if (!id->is_string() && !id->is_number()) return fail(ErrorCode::invalid_argument, "must be a string or number", "id");
    request.id = *id;
  }
  if (*op == WsOp::ping) return request;
  auto channels = parse_channels(message, max_channels);
  if (!channels) return std::unexpected(channels.error());
  request.channels = std::move(*channels);
  return request;
}

nlohmann::json ws_request_id(std::string_view text) {
  if (nests_deeper_than(text, kMaxJsonDepth)) return nullptr;
  const json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object()) return nullptr;
  auto id = message.find("id");
  if (id == message.end() || !(id->is_string() || id->is_number())) return nullptr;
  return *id;
}

}  // namespace nightdesk::api
