#include "api/ws_message.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void add_id(json& reply, const json& id) {
  if (!id.is_null()) reply["id"] = id;
}

}  // namespace

std::string ws_push_frame(std::string_view channel, std::uint64_t seq, Timestamp ts, const json& data) {
  json message = json::object();
  message["channel"] = channel;
  message["seq"] = seq;
  message["ts"] = format_iso8601(ts);
  message["data"] = data;
  return dump(message);
}

std::string ws_ack_frame(const WsClientRequest& request, const std::vector<std::string>& subscriptions,
                         const std::vector<std::pair<std::string, std::uint64_t>>& last_seq) {
  json reply = {{"type", "ack"}, {"op", to_string(request.op)}};
  add_id(reply, request.id);
  json channels = json::array();
  for (const auto& c : request.channels) channels.push_back(c.name());
  reply["channels"] = std::move(channels);
  reply["subscriptions"] = subscriptions;
  if (request.op == WsOp::subscribe) {
    json seq = json::object();
    for (const auto& [channel, last] : last_seq) seq[channel] = last;
    reply["seq"] = std::move(seq);
  }
  return dump(reply);
}

std::string ws_pong_frame(const json& id) {
  json reply = {{"type", "pong"}};
  add_id(reply, id);
  return dump(reply);
}

std::string ws_error_frame(const Error& error, const json& id) {
  json detail = {{"code", to_string(error.code)}, {"message", error.message}};
  if (!error.field.empty()) detail["field"] = error.field;
  json reply = {{"type", "error"}};
  add_id(reply, id);
  reply["error"] = std::move(detail);
  return dump(reply);
}

}  // namespace nightdesk::api
