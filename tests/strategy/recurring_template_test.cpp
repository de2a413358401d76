#include "strategy/recurring_template.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chain_fixture.h"
#include "strategy/recurring_template_json.h"

namespace nightdesk::strategy {
namespace {

using namespace std::chrono;
using testing::calendar;
using testing::px;
using testing::ymd;

Timestamp at(const char* iso) { return *parse_iso8601(iso); }

// A daily 10:00 credit put vertical on XYZ (the hand chain), created Monday 2025-03-03 09:00 New York.
RecurringTemplate put_spread() {
  RecurringTemplate t;
  t.id = "tpl-1";
  t.name = "daily put spread";
  t.underlying = "XYZ";
  VerticalParams v;
  v.expiry = FixedExpiry{ymd(2025, 3, 21)};
  v.right = OptionRight::put;
  v.side = execution::Side::sell;
  v.strike = FixedStrike{px(100)};
  v.width = px(5);
  t.order = TemplateParams{v};
  t.quantity = 2;
  t.pricing.mode = PricingMode::limit;
  t.schedule.kind = ScheduleKind::daily;
  t.schedule.time_of_day = hours{10};
  t.conditions = {{ConditionMetric::iv_rank, Comparison::greater_or_equal, 30}};
  t.created_at = at("2025-03-03T09:00:00-05:00");
  return t;
}

TEST(RecurringTemplate, DueAtTheScheduledTime_NotBeforeNorTwice) {
  auto t = put_spread();
  auto before = due_fire(t, at("2025-03-03T09:59:00-05:00"), calendar());
  ASSERT_TRUE(before);
  EXPECT_FALSE(*before);
  auto due = due_fire(t, at("2025-03-03T10:00:05-05:00"), calendar());
  ASSERT_TRUE(due && *due);
  EXPECT_EQ((*due)->scheduled, at("2025-03-03T10:00:00-05:00"));
  EXPECT_FALSE((*due)->missed);
  record_fire(t, {at("2025-03-03T10:00:05-05:00"), "ord-1", FireOutcome::submitted, ""});
  auto again = due_fire(t, at("2025-03-03T10:30:00-05:00"), calendar());
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST(RecurringTemplate, EngineDownForDays_OnlyTheLatestFireIsDueAndItIsMissed) {
  auto t = put_spread();
  record_fire(t, {at("2025-03-03T10:00:01-05:00"), "ord-1", FireOutcome::submitted, ""});
  auto due = due_fire(t, at("2025-03-06T15:00:00-05:00"), calendar());
  ASSERT_TRUE(due && *due);
  EXPECT_EQ((*due)->scheduled, at("2025-03-06T10:00:00-05:00"));
  EXPECT_TRUE((*due)->missed);  // five hours late, tolerance 30 minutes
}

TEST(RecurringTemplate, ConditionFails_RecordsSkippedWithTheReason) {
  auto t = put_spread();
  ConditionSnapshot snapshot;
  snapshot.iv_rank = 12.0;
  Timestamp now = at("2025-03-03T15:00:00-05:00");
  auto order = prepare_fire(t, now, snapshot, testing::hand_chain(), testing::hand_context());
  ASSERT_TRUE(order) << order.error().describe();
  EXPECT_FALSE(*order);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].outcome, FireOutcome::skipped);
  EXPECT_EQ(t.history[0].reason, "iv_rank 12.00 is not >= 30.00");
  EXPECT_EQ(t.executions(), 0);
}

TEST(RecurringTemplate, ConditionsHold_BuildsTheOrderWithTheTemplatesQuantityAndPricing) {
  auto t = put_spread();
  t.pricing.limit_price = px(-1.85);
  ConditionSnapshot snapshot;
  snapshot.iv_rank = 45.0;
  auto order = prepare_fire(t, at("2025-03-03T15:00:00-05:00"), snapshot, testing::hand_chain(), testing::hand_context());
  ASSERT_TRUE(order && *order) << (order ? "no order" : order.error().describe());
  EXPECT_EQ((*order)->request.quantity, Quantity(2));
  EXPECT_EQ((*order)->request.limit_price, px(-1.85));
  EXPECT_EQ((*order)->request.legs.size(), 2u);
  EXPECT_EQ((*order)->request.strategy_tag, "recurring:tpl-1");
  EXPECT_TRUE(t.history.empty());  // the caller records the submission
}

TEST(RecurringTemplate, OrderCannotBeBuilt_RecordsSkippedNamingTheParameter) {
  auto t = put_spread();
  std::get<VerticalParams>(std::get<TemplateParams>(t.order)).width = px(2.5);
  t.conditions.clear();
  auto order = prepare_fire(t, at("2025-03-03T15:00:00-05:00"), {}, testing::hand_chain(), testing::hand_context());
  ASSERT_TRUE(order);
  EXPECT_FALSE(*order);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].reason.rfind("order: width: no put strike 2.50 below 100.00", 0), 0u) << t.history[0].reason;
}

TEST(RecurringTemplate, WrongChain_IsAnError) {
  auto t = put_spread();
  auto order = prepare_fire(t, at("2025-03-03T15:00:00-05:00"), {}, testing::synthetic_chain(), testing::hand_context());
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().field, "underlying");
}

TEST(RecurringTemplate, MaxExecutionsReached_Completes_ARejectionReopens) {
  auto t = put_spread();
  t.max_executions = 2;
  record_fire(t, {at("2025-03-03T10:00:01-05:00"), "ord-1", FireOutcome::submitted, ""});
  record_fire(t, {at("2025-03-04T10:00:01-05:00"), "", FireOutcome::skipped, "iv_rank is unknown"});
  EXPECT_EQ(t.status, TemplateStatus::active);
  record_fire(t, {at("2025-03-05T10:00:01-05:00"), "ord-2", FireOutcome::submitted, ""});
  EXPECT_EQ(t.status, TemplateStatus::completed);
  auto due = due_fire(t, at("2025-03-06T10:00:01-05:00"), calendar());
  ASSERT_TRUE(due);
  EXPECT_FALSE(*due);
  ASSERT_TRUE(update_outcome(t, "ord-2", FireOutcome::rejected, "buying power"));
  EXPECT_EQ(t.status, TemplateStatus::active);
  EXPECT_EQ(t.executions(), 1);
  EXPECT_EQ(update_outcome(t, "ord-9", FireOutcome::filled).error().code, ErrorCode::not_found);
}

TEST(RecurringTemplate, PauseResumeAndExpiry) {
  auto t = put_spread();
  t.expires_on = ymd(2025, 3, 5);
  ASSERT_TRUE(pause(t));
  EXPECT_EQ(t.status, TemplateStatus::paused);
  ASSERT_TRUE(pause(t));  // idempotent
  auto due = due_fire(t, at("2025-03-03T10:00:01-05:00"), calendar());
  ASSERT_TRUE(due);
  EXPECT_FALSE(*due);  // paused templates never fire
  ASSERT_TRUE(resume(t, at("2025-03-04T12:00:00-05:00"), calendar()));
  EXPECT_EQ(t.status, TemplateStatus::active);
  // The last day it may fire is the expiry date itself (New York): 2025-03-05 23:30 is still that day.
  EXPECT_EQ(*refresh_status(t, at("2025-03-06T04:30:00Z"), calendar()), TemplateStatus::active);
  EXPECT_EQ(*refresh_status(t, at("2025-03-06T05:30:00Z"), calendar()), TemplateStatus::expired);
  EXPECT_EQ(pause(t).error().code, ErrorCode::conflict);
  EXPECT_EQ(resume(t, at("2025-03-07T12:00:00Z"), calendar()).error().code, ErrorCode::conflict);
}

TEST(RecurringTemplate, ResumeAfterTheExpiryDate_ExpiresInsteadOfResuming) {
  auto t = put_spread();
  t.expires_on = ymd(2025, 3, 5);
  ASSERT_TRUE(pause(t));
  auto r = resume(t, at("2025-03-10T12:00:00Z"), calendar());
  ASSERT_FALSE(r);
  EXPECT_EQ(t.status, TemplateStatus::expired);
}

TEST(RecurringTemplate, Conditional_DueWhileOpenAndOncePerDay) {
  auto t = put_spread();
  t.schedule.kind = ScheduleKind::conditional;
  auto closed = due_fire(t, at("2025-03-03T08:00:00-05:00"), calendar());
  ASSERT_TRUE(closed);
  EXPECT_FALSE(*closed);
  auto open = due_fire(t, at("2025-03-03T11:00:00-05:00"), calendar());
  ASSERT_TRUE(open && *open);
  // A failing condition leaves no record for a conditional template (it is checked continuously).
  ConditionSnapshot low;
  low.iv_rank = 5;
  ASSERT_TRUE(prepare_fire(t, at("2025-03-03T11:00:00-05:00"), low, testing::hand_chain(), testing::hand_context()));
  EXPECT_TRUE(t.history.empty());
  record_fire(t, {at("2025-03-03T11:00:00-05:00"), "ord-1", FireOutcome::submitted, ""});
  auto later = due_fire(t, at("2025-03-03T14:00:00-05:00"), calendar());
  ASSERT_TRUE(later);
  EXPECT_FALSE(*later);
  auto tomorrow = due_fire(t, at("2025-03-04T11:00:00-05:00"), calendar());
  ASSERT_TRUE(tomorrow && *tomorrow);
}

// --- JSON ---

const char* kApiBody = R"({
  "name": "weekly put spread", "underlying": "SPY",
  "order": {"template": "vertical", "right": "put", "side": "sell", "strike": {"delta": 0.3}, "width": 5, "expiry": {"dte": 30}},
  "quantity": 2,
  "pricing": {"mode": "limit", "limit_price": -1.2},
  "schedule": {"kind": "weekly", "weekdays": ["mon", "thu"], "time": "10:15"},
  "conditions": [{"metric": "iv_rank", "op": ">=", "value": 30}, {"metric": "underlying_price", "op": "above", "value": 400}],
  "expires_on": "2025-12-31", "max_executions": 10
})";

TEST(RecurringTemplateJson, ApiBodyParsesEveryField) {
  auto t = parse_recurring_template(nlohmann::json::parse(kApiBody), TemplateSource::api);
  ASSERT_TRUE(t) << t.error().describe();
  EXPECT_EQ(t->name, "weekly put spread");
  EXPECT_EQ(template_name(std::get<TemplateParams>(t->order)), "vertical");
  EXPECT_EQ(t->quantity, 2);
  EXPECT_EQ(t->pricing.limit_price, px(-1.2));
  EXPECT_EQ(t->schedule.kind, ScheduleKind::weekly);
  EXPECT_EQ(t->schedule.weekdays, (std::vector<weekday>{Monday, Thursday}));
  EXPECT_EQ(t->schedule.time_of_day, hours{10} + minutes{15});
  ASSERT_EQ(t->conditions.size(), 2u);
  EXPECT_EQ(t->conditions[1].op, Comparison::greater);
  EXPECT_EQ(t->expires_on, ymd(2025, 12, 31));
  EXPECT_EQ(t->max_executions, 10);
  EXPECT_EQ(t->status, TemplateStatus::active);
}

TEST(RecurringTemplateJson, StoreRoundTripKeepsStatusAndHistory) {
  auto t = *parse_recurring_template(nlohmann::json::parse(kApiBody), TemplateSource::api);
  t.id = "tpl-7";
  t.created_at = at("2025-01-02T14:00:00Z");
  t.status = TemplateStatus::paused;
  record_fire(t, {at("2025-01-06T15:15:00Z"), "ord-1", FireOutcome::filled, ""});
  record_fire(t, {at("2025-01-09T15:15:00Z"), "", FireOutcome::skipped, "iv_rank 12.00 is not >= 30.00"});
  auto json = to_json(t);
  auto back = parse_recurring_template(json, TemplateSource::store);
  ASSERT_TRUE(back) << back.error().describe() << "\n" << json.dump(2);
  EXPECT_EQ(*back, t) << json.dump(2);
  // Manual legs and the other schedule kinds round-trip too.
  t.order = std::vector<ManualLeg>{{OptionRight::call, execution::Side::buy, 1, TargetDte{30}, AtmOffset{}}};
  t.schedule = Schedule{ScheduleKind::monthly, hours{9} + minutes{45}, {}, 15};
  t.pricing = RecurringPricing{};
  auto manual = parse_recurring_template(to_json(t), TemplateSource::store);
  ASSERT_TRUE(manual) << manual.error().describe();
  EXPECT_EQ(*manual, t);
  t.schedule = Schedule{ScheduleKind::conditional, hours{10}, {}, 1};
  auto conditional = parse_recurring_template(to_json(t), TemplateSource::store);
  ASSERT_TRUE(conditional) << conditional.error().describe();
  EXPECT_EQ(*conditional, t);
}

void expect_rejected(const std::string& body, const std::string& field, TemplateSource source = TemplateSource::api) {
  SCOPED_TRACE(body);
  auto t = parse_recurring_template(nlohmann::json::parse(body), source);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().field, field) << t.error().describe();
}

std::string with(const std::string& key, const std::string& value) {
  auto j = nlohmann::json::parse(kApiBody);
  if (value.empty()) j.erase(key);
  else j[key] = nlohmann::json::parse(value);
  return j.dump();
}

TEST(RecurringTemplateJson, RejectionsNameTheField) {
  expect_rejected(with("schedule", R"({"kind": "weekly", "weekdays": ["mon", "sat"], "time": "10:00"})"), "schedule.weekdays[1]");
  expect_rejected(with("schedule", R"({"kind": "weekly", "weekdays": ["monday"], "time": "10:00"})"), "schedule.weekdays[0]");
  expect_rejected(with("schedule", R"({"kind": "daily", "time": "9:30"})"), "schedule.time");
  expect_rejected(with("schedule", R"({"kind": "daily", "time": "09:30", "weekdays": ["mon"]})"), "schedule.weekdays");
  expect_rejected(with("schedule", R"({"kind": "monthly", "time": "09:30", "day": 32})"), "schedule.day");
  expect_rejected(with("schedule", R"({"kind": "hourly"})"), "schedule.kind");
  expect_rejected(with("schedule", ""), "schedule");
  expect_rejected(with("conditions", R"([{"metric": "iv_rank", "op": "=>", "value": 30}])"), "conditions[0].op");
  expect_rejected(with("conditions", R"([{"metric": "ivrank", "op": ">", "value": 30}])"), "conditions[0].metric");
  expect_rejected(with("conditions", R"([{"metric": "rsi", "op": ">", "value": "high"}])"), "conditions[0].value");
  expect_rejected(with("order", R"({"template": "vertical", "right": "put", "side": "sell", "strike": 450, "width": -5})"), "order.width");
  expect_rejected(with("order", R"({"template": "verticle"})"), "order.template");
  expect_rejected(with("legs", R"([{"right": "put", "side": "sell", "expiry": {"dte": 30}, "strike": 440}])"), "order");
  expect_rejected(with("order", ""), "order");
  auto legs = nlohmann::json::parse(with("order", ""));
  legs["legs"] = nlohmann::json::parse(R"([{"right": "put", "side": "sell", "expiry": {"dte": 30}, "strike": {"delta": 1.5}}])");
  expect_rejected(legs.dump(), "legs[0].strike.delta");
  expect_rejected(with("pricing", R"({"mode": "smart", "limit_price": 1})"), "pricing.limit_price");
  expect_rejected(with("pricing", R"({"mode": "best"})"), "pricing.mode");
  expect_rejected(with("quantity", "0"), "quantity");
  expect_rejected(with("max_executions", "0"), "max_executions");
  expect_rejected(with("expires_on", R"("2025-13-01")"), "expires_on");
  expect_rejected(with("shedule", R"({"kind": "daily", "time": "10:00"})"), "shedule");
  expect_rejected(with("name", ""), "name");
}

TEST(RecurringTemplateJson, ApiMayNotSetTheEnginesFields) {
  expect_rejected(with("history", "[]"), "history");
  expect_rejected(with("id", R"("tpl-1")"), "id");
  expect_rejected(with("status", R"("completed")"), "status");
  auto paused = parse_recurring_template(nlohmann::json::parse(with("status", R"("paused")")), TemplateSource::api);
  ASSERT_TRUE(paused) << paused.error().describe();
  EXPECT_EQ(paused->status, TemplateStatus::paused);
  // The store may.
  auto stored = parse_recurring_template(nlohmann::json::parse(with("status", R"("completed")")), TemplateSource::store);
  ASSERT_TRUE(stored) << stored.error().describe();
}

}  // namespace
}  // namespace nightdesk::strategy
