// Reading POST /orders bodies (order_entry.h) and the idempotency book (client_order_book.h), without a server.
#include "api/order_entry.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/client_order_book.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

TEST(OrderEntry, OccSymbol_GivesTheUnderlyingFromTheRootNeverAStrippedTicker) {
  auto bac = instrument_from_symbol("BAC   250117C00040000", "symbol");
  ASSERT_TRUE(bac);
  EXPECT_EQ(bac->underlying, "BAC");
  EXPECT_TRUE(bac->is_option());
  auto stock = instrument_from_symbol("BRK.B", "symbol");
  ASSERT_TRUE(stock);
  EXPECT_FALSE(stock->is_option());
  EXPECT_EQ(instrument_from_symbol("spy", "legs[0].symbol").error().field, "legs[0].symbol");
}

TEST(OrderEntry, Defaults_AreNormalPriorityManualSmartLimitDay) {
  auto entry = parse_order_entry(json{{"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1}, {"limit_price", 450.0}});
  ASSERT_TRUE(entry) << entry.error().describe();
  EXPECT_EQ(entry->priority, engine::OrderPriority::normal);
  EXPECT_FALSE(entry->bot_managed);
  EXPECT_EQ(entry->style, engine::ExecutionStyle::smart);
  EXPECT_FALSE(entry->client_order_id);
  const auto& r = std::get<execution::OrderRequest>(entry->order);
  EXPECT_EQ(r.type, execution::OrderType::limit);
  EXPECT_EQ(r.tif, execution::TimeInForce::day);
  EXPECT_EQ(r.limit_price, Price::from_units(4'500'000));
}

TEST(OrderEntry, LegErrors_NameTheLeg) {
  json body = {{"legs", {{{"symbol", "SPY"}, {"side", "buy"}}, {{"symbol", "SPY"}, {"side", "hold"}}}}, {"quantity", 1}};
  EXPECT_EQ(parse_order_entry(body).error().field, "legs[1].side");
  body["legs"][1] = {{"symbol", "SPY"}, {"side", "buy"}, {"ratio", 0}};
  EXPECT_EQ(parse_order_entry(body).error().field, "legs[1].ratio");
  body["legs"][1] = {{"symbol", "SPY"}, {"side", "buy"}, {"weight", 1}};
  EXPECT_EQ(parse_order_entry(body).error().field, "legs[1].weight");
  body["legs"] = json::array();
  EXPECT_EQ(parse_order_entry(body).error().field, "legs");
}

TEST(OrderEntry, SymbolAndLegsTogether_AreRefused) {
  json body = {{"symbol", "SPY"}, {"side", "buy"}, {"legs", {{{"symbol", "SPY"}, {"side", "buy"}}}}, {"quantity", 1}};
  EXPECT_EQ(parse_order_entry(body).error().field, "legs");
}

TEST(OrderEntry, TemplateFields_OnlyWithATemplate) {
  json body = {{"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1}, {"underlying", "SPY"}};
  EXPECT_EQ(parse_order_entry(body).error().field, "underlying");
  body = {{"template", "straddle"}, {"underlying", "SPY"}, {"params", {{"client_order_id", "x"}}}};
  EXPECT_EQ(parse_order_entry(body).error().field, "params.client_order_id");
  body = {{"template", "straddle"}};
  EXPECT_EQ(parse_order_entry(body).error().field, "underlying");
}

TEST(OrderEntry, NotAnObject_IsRefused) {
  EXPECT_FALSE(parse_order_entry(json::array()));
  EXPECT_FALSE(parse_order_entry(json("text")));
}

TEST(ClientOrderBook, SameBody_IsARepeatDifferentBody_AConflict) {
  ClientOrderBook book;
  const json body = {{"quantity", 1}, {"symbol", "SPY"}};
  EXPECT_EQ(book.claim("a", body, nullptr), ClaimOutcome::fresh);
  EXPECT_EQ(book.claim("a", body, nullptr), ClaimOutcome::in_progress);
  book.queued("a", {}, engine::OrderPriority::high, {});
  ClientOrderRecord previous;
  // Key order does not matter: the bodies are compared as JSON values.
  EXPECT_EQ(book.claim("a", json{{"symbol", "SPY"}, {"quantity", 1}}, &previous), ClaimOutcome::repeat);
  EXPECT_EQ(previous.priority, engine::OrderPriority::high);
  EXPECT_EQ(book.claim("a", json{{"quantity", 2}, {"symbol", "SPY"}}, nullptr), ClaimOutcome::conflict);
}

TEST(ClientOrderBook, Release_FreesTheId) {
  ClientOrderBook book;
  EXPECT_EQ(book.claim("a", json{{"q", 1}}, nullptr), ClaimOutcome::fresh);
  book.release("a");
  EXPECT_EQ(book.claim("a", json{{"q", 2}}, nullptr), ClaimOutcome::fresh);
}

TEST(ClientOrderBook, PastCapacity_TheOldestIdsAreForgotten) {
  ClientOrderBook book(2);
  for (std::string id : {"a", "b", "c"}) {
    ASSERT_EQ(book.claim(id, json{{"q", 1}}, nullptr), ClaimOutcome::fresh);
    book.queued(id, {}, engine::OrderPriority::normal, {});
  }
  EXPECT_FALSE(book.find("a"));
  EXPECT_TRUE(book.find("b"));
  EXPECT_TRUE(book.find("c"));
}

}  // namespace
}  // namespace nightdesk::api

namespace nightdesk::api {
namespace {

TEST(ClientOrderBook, ReleasedThenClaimedAgain_IsForgottenByItsNewClaim) {
  ClientOrderBook book(2);
  ASSERT_EQ(book.claim("a", json{{"q", 1}}, nullptr), ClaimOutcome::fresh);
  ASSERT_EQ(book.claim("b", json{{"q", 1}}, nullptr), ClaimOutcome::fresh);
  book.release("a");
  ASSERT_EQ(book.claim("a", json{{"q", 2}}, nullptr), ClaimOutcome::fresh);  // the newest claim now
  ASSERT_EQ(book.claim("c", json{{"q", 1}}, nullptr), ClaimOutcome::fresh);  // forgets b, the oldest live claim
  EXPECT_TRUE(book.find("a"));
  EXPECT_FALSE(book.find("b"));
  EXPECT_TRUE(book.find("c"));
}

}  // namespace
}  // namespace nightdesk::api
