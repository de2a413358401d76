// Channel names, client requests (subscribe/unsubscribe/ping) with errors naming the field, the frames the hub
// sends, and per-channel sequence numbers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/ws_channel.h"
#include "api/ws_client_request.h"
#include "api/ws_message.h"
#include "api/ws_sequencer.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

Error request_error(std::string_view text, std::size_t max_channels = 8) {
  auto r = parse_ws_client_request(text, max_channels);
  EXPECT_FALSE(r) << text;
  return r ? Error{} : r.error();
}

TEST(WsChannel, StateChannelsAndQuoteChannels_Parse) {
  for (const char* name : {"positions", "orders", "fills", "greeks", "risk"}) {
    auto c = parse_ws_channel(name);
    ASSERT_TRUE(c) << name;
    EXPECT_FALSE(c->is_quote());
    EXPECT_EQ(c->name(), name);
  }
  auto spy = parse_ws_channel("quotes:SPY");
  ASSERT_TRUE(spy);
  EXPECT_TRUE(spy->is_quote());
  EXPECT_EQ(spy->symbol, "SPY");
  EXPECT_EQ(spy->name(), "quotes:SPY");
  EXPECT_TRUE(parse_ws_channel("quotes:SPY   250117C00450000"));
  EXPECT_TRUE(parse_ws_channel("quotes:BRK.B"));
}

TEST(WsChannel, UnknownChannel_IsRefusedNamingTheFieldAndTheChoices) {
  auto c = parse_ws_channel("trades", "channels[3]");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(c.error().field, "channels[3]");
  EXPECT_NE(c.error().message.find("quotes:<SYMBOL>"), std::string::npos);
  EXPECT_FALSE(parse_ws_channel("Orders"));
  EXPECT_FALSE(parse_ws_channel(""));
}

TEST(WsChannel, BadQuoteSymbols_AreRefused) {
  EXPECT_FALSE(parse_ws_channel("quotes:"));
  EXPECT_FALSE(parse_ws_channel("quotes:spy"));  // lower case would never match a feed symbol
  EXPECT_FALSE(parse_ws_channel("quotes:SPY\n"));
  EXPECT_FALSE(parse_ws_channel("quotes:" + std::string(33, 'A')));
  EXPECT_TRUE(parse_ws_channel("quotes:" + std::string(32, 'A')));
}

TEST(WsClientRequest, Subscribe_ReadsChannelsAndId) {
  auto r = parse_ws_client_request(R"({"op":"subscribe","channels":["orders","quotes:SPY"],"id":7})", 8);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->op, WsOp::subscribe);
  ASSERT_EQ(r->channels.size(), 2u);
  EXPECT_EQ(r->channels[1].name(), "quotes:SPY");
  EXPECT_EQ(r->id, 7);
}

TEST(WsClientRequest, UnsubscribeAndPing_Parse) {
  auto u = parse_ws_client_request(R"({"op":"unsubscribe","channels":["risk"]})", 8);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->op, WsOp::unsubscribe);
  EXPECT_TRUE(u->id.is_null());
  auto p = parse_ws_client_request(R"({"op":"ping","id":"a"})", 8);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->op, WsOp::ping);
  EXPECT_EQ(p->id, "a");
}

TEST(WsClientRequest, MalformedJsonOrNotAnObject_IsRefused) {
  EXPECT_NE(request_error("{\"op\":").message.find("malformed JSON"), std::string::npos);
  EXPECT_NE(request_error("[1,2]").message.find("object"), std::string::npos);
  EXPECT_NE(request_error("").message.find("malformed"), std::string::npos);
}

TEST(WsClientRequest, DeeplyNestedJson_IsRefusedBeforeParsing) {
  const std::string deep = "{\"op\":\"ping\",\"x\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_NE(request_error(deep).message.find("nested"), std::string::npos);
  EXPECT_TRUE(ws_request_id(deep).is_null());
}

TEST(WsClientRequest, BadOp_NamesTheOpField) {
  EXPECT_EQ(request_error(R"({"channels":["orders"]})").field, "op");
  EXPECT_EQ(request_error(R"({"op":5})").field, "op");
  const auto unknown = request_error(R"({"op":"subscribee","channels":["orders"]})");
  EXPECT_EQ(unknown.field, "op");
  EXPECT_NE(unknown.message.find("subscribee"), std::string::npos);
}

TEST(WsClientRequest, BadChannels_NameTheField) {
  EXPECT_EQ(request_error(R"({"op":"subscribe"})").field, "channels");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":"orders"})").field, "channels");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":[]})").field, "channels");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":["orders",3]})").field, "channels[1]");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":["orders","nope"]})").field, "channels[1]");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":["orders","orders"]})").field, "channels[1]");
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":["orders","risk","fills"]})", 2).field, "channels");
}

TEST(WsClientRequest, UnknownFieldOrBadId_IsNamed) {
  EXPECT_EQ(request_error(R"({"op":"subscribe","channels":["orders"],"channel":"x"})").field, "channel");
  EXPECT_EQ(request_error(R"({"op":"ping","channels":["orders"]})").field, "channels");
  EXPECT_EQ(request_error(R"({"op":"ping","id":[1]})").field, "id");
}

TEST(WsClientRequest, RequestId_IsFoundEvenWhenTheRestIsWrong) {
  EXPECT_EQ(ws_request_id(R"({"op":"nope","id":"r1"})"), "r1");
  EXPECT_TRUE(ws_request_id(R"({"op":"nope"})").is_null());
  EXPECT_TRUE(ws_request_id("not json").is_null());
}

TEST(WsMessage, PushFrame_HasChannelSeqTsAndData) {
  const auto frame = json::parse(ws_push_frame("orders", 42, from_unix_nanos(1'700'000'000'000'000'000),
                                               json{{"id", "o-1"}}));
  EXPECT_EQ(frame["channel"], "orders");
  EXPECT_EQ(frame["seq"], 42);
  EXPECT_EQ(frame["ts"], "2023-11-14T22:13:20.000000000Z");
  EXPECT_EQ(frame["data"]["id"], "o-1");
  EXPECT_EQ(frame.size(), 4u);
}

TEST(WsMessage, PushFrame_WithInvalidUtf8_DoesNotThrow) {
  const auto frame = ws_push_frame("orders", 1, from_unix_nanos(0), json{{"note", std::string("bad \xff byte")}});
  EXPECT_NE(frame.find("bad"), std::string::npos);
}

TEST(WsMessage, SubscribeAck_ListsChannelsSubscriptionsAndLastSeq) {
  auto request = parse_ws_client_request(R"({"op":"subscribe","channels":["orders"],"id":"x"})", 8);
  ASSERT_TRUE(request);
  const auto ack = json::parse(ws_ack_frame(*request, {"orders", "risk"}, {{"orders", 12}}));
  EXPECT_EQ(ack["type"], "ack");
  EXPECT_EQ(ack["op"], "subscribe");
  EXPECT_EQ(ack["id"], "x");
  EXPECT_EQ(ack["channels"], json::array({"orders"}));
  EXPECT_EQ(ack["subscriptions"], json::array({"orders", "risk"}));
  EXPECT_EQ(ack["seq"]["orders"], 12);
  EXPECT_FALSE(ack.contains("channel"));  // a reply is told from a push by the missing "channel"
}

TEST(WsMessage, ErrorFrame_HasTheRestErrorShape) {
  const auto e = json::parse(ws_error_frame({ErrorCode::invalid_argument, "unknown channel", "channels[0]"}, 3));
  EXPECT_EQ(e["type"], "error");
  EXPECT_EQ(e["id"], 3);
  EXPECT_EQ(e["error"]["code"], "invalid_argument");
  EXPECT_EQ(e["error"]["message"], "unknown channel");
  EXPECT_EQ(e["error"]["field"], "channels[0]");
  const auto no_field = json::parse(ws_error_frame({ErrorCode::invalid_argument, "malformed JSON", ""}, nullptr));
  EXPECT_FALSE(no_field["error"].contains("field"));
  EXPECT_FALSE(no_field.contains("id"));
  EXPECT_EQ(json::parse(ws_pong_frame(nullptr)), (json{{"type", "pong"}}));
}

TEST(WsSequencer, EachChannelCountsFromOneOnItsOwn) {
  WsSequencer s;
  EXPECT_EQ(s.last("orders"), 0u);
  EXPECT_EQ(s.next("orders"), 1u);
  EXPECT_EQ(s.next("orders"), 2u);
  EXPECT_EQ(s.next("quotes:SPY"), 1u);
  EXPECT_EQ(s.next("orders"), 3u);
  EXPECT_EQ(s.last("orders"), 3u);
  EXPECT_EQ(s.last("quotes:SPY"), 1u);
  EXPECT_EQ(s.last("fills"), 0u);
}

}  // namespace
}  // namespace nightdesk::api
