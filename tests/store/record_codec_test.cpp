#include <gtest/gtest.h>

#include "store/journal_samples.h"
#include "store/order_records.h"
#include "store/payload_fields.h"
#include "store/record_kind.h"
#include "store/venue_records.h"

namespace nightdesk::store {
namespace {

using namespace testing;

TEST(RecordKinds, EveryRegisteredKindHasASampleAndEverySampleIsRegistered) {
  auto samples = sample_entries();
  for (const RecordKind& k : record_kinds()) EXPECT_TRUE(samples.contains(std::string(k.name))) << k.name << " has no sample";
  for (const auto& [kind, entries] : samples) {
    EXPECT_NE(find_record_kind(kind), nullptr) << kind;
    for (const auto& e : entries) EXPECT_EQ(e.kind, kind);
  }
}

TEST(RecordKinds, NamesAreUnique_AndUnknownNameIsNotFound) {
  std::set<std::string_view> names;
  for (const RecordKind& k : record_kinds()) EXPECT_TRUE(names.insert(k.name).second) << k.name;
  EXPECT_EQ(find_record_kind("order.Event"), nullptr);
  EXPECT_EQ(find_record_kind(""), nullptr);
}

TEST(OrderRecords, OrderCreated_RoundTripsExactly) {
  OrderCreated created = sample_created();
  JournalEntry e = encode(created);
  EXPECT_EQ(e.entity_id, "ord-7");
  EXPECT_EQ(e.engine_time, created.created_time);
  auto back = decode_order_created(e);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, created);
}

TEST(OrderRecords, ReplaceEventWithCreditTerms_RoundTripsExactly) {
  auto back = decode_order_event(encode(sample_replace_event()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, sample_replace_event());
  EXPECT_EQ(back->terms->limit_price, px(-0.35));
}

TEST(OrderRecords, FillEvent_RoundTripsWithItsFill) {
  auto back = decode_order_event(encode(sample_fill_event()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, sample_fill_event());
  EXPECT_EQ(back->fill->engine_time, sample_fill().engine_time);  // sub-second nanoseconds kept
}

TEST(OrderRecords, EngineRejectWithoutVenueTime_KeepsTheAbsence) {
  OrderEventRecord e;
  e.client_order_id = execution::ClientOrderId("ord-1");
  e.transition = {execution::OrderState::new_order, execution::OrderState::rejected, execution::OrderEvent::reject, at_seconds(1),
                  std::nullopt, "risk: delta limit"};
  auto back = decode_order_event(encode(e));
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->transition.venue_time.has_value());
  EXPECT_EQ(*back, e);
}

TEST(OrderRecords, Fill_RoundTripsExactly) {
  auto back = decode_fill(encode(sample_filled()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->fill, sample_filled().fill);
  EXPECT_EQ(back->order_filled, Quantity(1));
  EXPECT_EQ(back->order_leaves, Quantity(2));
  EXPECT_EQ(back->state_after, execution::OrderState::partially_filled);
}

TEST(VenueRecords, PaperVenueState_RoundTripsExactly) {
  auto back = decode_venue_snapshot(encode(sample_venue()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, sample_venue());
}

TEST(VenueRecords, RealPaperVenueStateAfterRestore_IsTheSame) {
  // The venue's own export/restore contract, through the journal encoding.
  VenueSnapshot s = sample_venue();
  auto decoded = decode_venue_snapshot(encode(s));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->state.ledger, s.state.ledger);
  EXPECT_EQ(decoded->state.open_orders, s.state.open_orders);
}

TEST(OrderRecords, LatestOrderEvent_OfOrderWithoutHistory_IsNotFound) {
  execution::Order order(sample_created().request, at_seconds(0));
  auto e = latest_order_event(order);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::not_found);
}

TEST(RecordDecoding, PayloadNotJson_IsAParseErrorNamingTheRecord) {
  JournalEntry e = encode(sample_created());
  e.payload = "{\"request\": ";
  auto back = decode_order_created(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, ErrorCode::parse_error);
  EXPECT_NE(back.error().message.find("order.created"), std::string::npos);
  EXPECT_NE(back.error().message.find("ord-7"), std::string::npos);
}

TEST(RecordDecoding, MissingField_NamesTheField) {
  auto j = nlohmann::json::parse(encode(sample_filled()).payload);
  j["fill"].erase("price");
  JournalEntry e = encode(sample_filled());
  e.payload = j.dump();
  auto back = decode_fill(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "price");
}

TEST(RecordDecoding, UnknownEnumName_IsRefused) {
  auto j = nlohmann::json::parse(encode(sample_replace_event()).payload);
  j["transition"]["to"] = "half_filled";
  JournalEntry e = encode(sample_replace_event());
  e.payload = j.dump();
  auto back = decode_order_event(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "to");
  EXPECT_NE(back.error().message.find("half_filled"), std::string::npos);
}

TEST(RecordDecoding, PriceWithFiveDecimals_IsRefusedNotRounded) {
  auto j = nlohmann::json::parse(encode(sample_filled()).payload);
  j["fill"]["price"] = "4.35001";
  JournalEntry e = encode(sample_filled());
  e.payload = j.dump();
  ASSERT_FALSE(decode_fill(e));
}

TEST(RecordDecoding, FillEventWithoutItsFill_IsRefused) {
  auto j = nlohmann::json::parse(encode(sample_fill_event()).payload);
  j["fill"] = nullptr;
  JournalEntry e = encode(sample_fill_event());
  e.payload = j.dump();
  auto back = decode_order_event(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "fill");
}

TEST(RecordDecoding, WrongKind_IsRefused) {
  auto back = decode_fill(encode(sample_created()));
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "kind");
}

TEST(RecordDecoding, VenueCounterBelowOne_IsRefused) {
  auto j = nlohmann::json::parse(encode(sample_venue()).payload);
  j["next_fill_number"] = 0;
  JournalEntry e = encode(sample_venue());
  e.payload = j.dump();
  auto back = decode_venue_snapshot(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "next_fill_number");
}

}  // namespace
}  // namespace nightdesk::store

namespace nightdesk::store {
namespace {

using namespace testing;

TEST(PositionRecords, PositionChange_RoundTripsExactly) {
  auto back = decode_position_change(encode(sample_position_change()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, sample_position_change());
}

TEST(PositionRecords, RealPositionAfterAFill_IsRecordedWithItsLegsAndCosts) {
  portfolio::Position p("pos-1", "SPY", portfolio::PositionSource::bot_managed, at_seconds(1));
  ASSERT_TRUE(p.apply_fill({execution::testing::spy_call(450), execution::Side::sell, Quantity(2), px(4.35), Money::from_units(13'000),
                            at_seconds(2), "F-1"}));
  PositionChange c = position_change(p, at_seconds(2), "F-1");
  ASSERT_EQ(c.legs.size(), 1u);
  EXPECT_EQ(c.legs[0].quantity, Quantity(-2));
  EXPECT_EQ(c.legs[0].open_cost, Money::from_units(-8'700'000));  // 4.35 x 2 x 100 = 870.00 USD, sold: a credit
  EXPECT_EQ(*decode_position_change(encode(c)), c);
}

TEST(PositionRecords, ManagementActionWithAndWithoutOptionals_RoundTrip) {
  EXPECT_EQ(*decode_management_action(encode(sample_management())), sample_management());
  EXPECT_EQ(*decode_management_action(encode(sample_roll_management())), sample_roll_management());
}

TEST(PositionRecords, UnknownManagementKind_IsRefusedNamingTheField) {
  JournalEntry e = encode(sample_management());
  e.payload.replace(e.payload.find("take_profit"), 11, "take_profitz");
  auto back = decode_management_action(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "kind");
}

TEST(PositionRecords, PersonsManagementActions_RoundTripWithWho) {
  for (auto kind : {portfolio::ManagementActionKind::manual_close, portfolio::ManagementActionKind::management_changed,
                    portfolio::ManagementActionKind::handed_to_manual, portfolio::ManagementActionKind::handed_to_bot}) {
    ManagementRecord r{"pos-3", {}};
    r.action.time = at_seconds(5);
    r.action.kind = kind;
    r.action.reason = "by ana";
    r.action.who = "ana";
    auto back = decode_management_action(encode(r));
    ASSERT_TRUE(back) << to_string(kind) << ": " << back.error().describe();
    EXPECT_EQ(*back, r);
  }
}

TEST(ManagementChangeRecords, EveryOverrideClearAndHandOver_RoundTrip) {
  const ManagementChangeRecord r = sample_management_change();
  auto back = decode_management_change(encode(r));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->position_id, r.position_id);
  EXPECT_EQ(back->who, r.who);
  EXPECT_EQ(back->time, r.time);
  EXPECT_EQ(back->change.overrides.describe(), r.change.overrides.describe());
  EXPECT_EQ(back->change.overrides.exits.ladder, r.change.overrides.exits.ladder);
  EXPECT_EQ(back->change.overrides.roll.delta_breach, r.change.overrides.roll.delta_breach);
  EXPECT_EQ(back->change.clear_overrides, true);
  EXPECT_EQ(back->change.source, portfolio::PositionSource::bot_managed);
}

TEST(ManagementChangeRecords, UnknownStrikeStrategy_IsRefusedNamingTheField) {
  JournalEntry e = encode(sample_management_change());
  auto pos = e.payload.find("atm_adjust");
  ASSERT_NE(pos, std::string::npos);
  e.payload.replace(pos, std::string("atm_adjust").size(), "sideways");
  auto back = decode_management_change(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "strike_strategy");
}

TEST(RiskRecords, Refusal_RoundTripsEveryViolation) {
  auto back = decode_risk_refusal(encode(sample_refusal()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, sample_refusal());
}

TEST(RiskRecords, BreakerTransition_RoundTripsExactly) {
  auto back = decode_breaker_transition(encode(sample_breaker()));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_TRUE(same_transition(*back, sample_breaker()));
  EXPECT_EQ(encode(sample_breaker()).entity_id, "account");
}

TEST(RiskRecords, UnknownBreakerState_IsRefused) {
  JournalEntry e = encode(sample_breaker());
  e.payload.replace(e.payload.find("halted"), 6, "frozen");
  auto back = decode_breaker_transition(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "to");
}

}  // namespace
}  // namespace nightdesk::store
