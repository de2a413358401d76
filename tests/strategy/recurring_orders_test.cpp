// Recurring templates on the engine path (StrategyHost::recurring()): a template fires at its HH:MM New York
// time of engine time, submits through the desk, and records skips with their reasons.
#include "strategy/recurring_orders.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"
#include "recurring_template_fixture.h"
#include "strategy/recurring_template_json.h"

namespace nightdesk::strategy::testing {
namespace {

class RecurringOrdersTest : public DeskFixture {
 public:
  std::vector<std::string> changes;
  void listen() {
    host->recurring().set_listener([this](const RecurringTemplate& t) { changes.push_back(t.id + ":" + std::string(to_string(t.status))); });
  }
};

TEST_F(RecurringOrdersTest, FiresAtTenThirtyNewYork_SubmitsThroughTheDeskAndRecordsTheFill) {
  open();
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id) << id.error().describe();
  publish_chain();
  advance_to("2025-01-15T15:29:59Z");
  EXPECT_TRUE(host->recurring().find(*id)->history.empty());
  advance_to("2025-01-15T15:30:00Z");  // 10:30 EST
  advance_minutes(1);
  const RecurringTemplate& t = *host->recurring().find(*id);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].time, *parse_iso8601("2025-01-15T15:30:00Z"));
  EXPECT_EQ(t.history[0].client_order_id, "rt-t1-1");
  EXPECT_EQ(t.history[0].outcome, FireOutcome::filled);
  const execution::Order* order = manager->find(execution::ClientOrderId("rt-t1-1"));
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->request.strategy_tag, "recurring:t1");
  EXPECT_EQ(*order->request.limit_price, dollars(-0.95));
  EXPECT_EQ(desk->metrics().orders_checked, 1u);
}

TEST_F(RecurringOrdersTest, ConditionFails_RecordsSkippedWithTheReasonAndSendsNothing) {
  open();
  auto id = host->recurring().add(daily_spread("10:30", {{{"metric", "underlying_price"}, {"op", ">"}, {"value", 200}}}));
  ASSERT_TRUE(id);
  auto rank = host->recurring().add(daily_spread("10:45", {{{"metric", "iv_rank"}, {"op", ">="}, {"value", 30}}}));
  ASSERT_TRUE(rank);
  publish_chain();
  advance_to("2025-01-15T16:00:00Z");
  const RecurringTemplate& t = *host->recurring().find(*id);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].outcome, FireOutcome::skipped);
  EXPECT_EQ(t.history[0].reason, "underlying_price 100.00 is not > 200.00");
  const RecurringTemplate& r = *host->recurring().find(*rank);
  ASSERT_EQ(r.history.size(), 1u);
  EXPECT_EQ(r.history[0].time, *parse_iso8601("2025-01-15T15:45:00Z"));
  EXPECT_EQ(r.history[0].reason, "iv_rank is unknown");  // a day of quotes is no IV history
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
}

TEST_F(RecurringOrdersTest, NoQuotesYet_SkipsSayingSo) {
  open();
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  advance_to("2025-01-15T15:31:00Z");
  const RecurringTemplate& t = *host->recurring().find(*id);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].reason, "no quotes for XYZ yet");
}

TEST_F(RecurringOrdersTest, RiskRefusal_RecordedAsRejectedWithTheDesksReason) {
  open(10'000);  // 2% = $200 < 405 at risk in one 5-wide spread for 0.95
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  publish_chain();
  advance_to("2025-01-15T15:31:00Z");
  const RecurringTemplate& t = *host->recurring().find(*id);
  ASSERT_EQ(t.history.size(), 1u);
  EXPECT_EQ(t.history[0].outcome, FireOutcome::rejected);
  EXPECT_FALSE(t.history[0].reason.empty());
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
}

TEST_F(RecurringOrdersTest, PausedTemplate_RecordsPausedSkip_FiresAgainAfterResume) {
  open();
  listen();
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(host->recurring().pause(*id));
  publish_chain();
  advance_to("2025-01-15T16:00:00Z");
  ASSERT_EQ(host->recurring().find(*id)->history.size(), 1u);
  EXPECT_EQ(host->recurring().find(*id)->history[0].outcome, FireOutcome::skipped);
  EXPECT_EQ(host->recurring().find(*id)->history[0].reason, "paused");
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
  ASSERT_TRUE(host->recurring().resume(*id));
  advance_to("2025-01-16T15:31:00Z");  // Thursday 10:31
  const RecurringTemplate& t = *host->recurring().find(*id);
  ASSERT_EQ(t.history.size(), 2u);
  EXPECT_EQ(t.history[1].time, *parse_iso8601("2025-01-16T15:30:00Z"));
  EXPECT_EQ(t.history[1].outcome, FireOutcome::filled);
  EXPECT_EQ(changes.front(), "t1:active");
  EXPECT_EQ(changes[1], "t1:paused");
}

TEST_F(RecurringOrdersTest, MaxExecutionsReached_Completes) {
  open();
  RecurringTemplate t = daily_spread("10:30");
  t.max_executions = 1;
  auto id = host->recurring().add(t);
  ASSERT_TRUE(id);
  publish_chain();
  advance_to("2025-01-16T16:00:00Z");
  const RecurringTemplate& done = *host->recurring().find(*id);
  EXPECT_EQ(done.status, TemplateStatus::completed);
  EXPECT_EQ(done.history.size(), 1u);
}

TEST_F(RecurringOrdersTest, InvalidTemplate_RefusedNamingTheField) {
  open();
  RecurringTemplate t = daily_spread("10:30");
  t.quantity = 0;
  auto id = host->recurring().add(t);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().field, "quantity");
}

TEST_F(RecurringOrdersTest, Update_KeepsIdCreationAndHistory_AndTheNewTimeFires) {
  open();
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  publish_chain();
  advance_to("2025-01-15T16:00:00Z");  // fired at 10:30
  const Timestamp created = host->recurring().find(*id)->created_at;
  RecurringTemplate changed = daily_spread("11:15");
  changed.quantity = 3;
  ASSERT_TRUE(host->recurring().update(*id, changed));
  const RecurringTemplate& t = *host->recurring().find(*id);
  EXPECT_EQ(t.id, *id);
  EXPECT_EQ(t.created_at, created);
  EXPECT_EQ(t.quantity, 3);
  ASSERT_EQ(t.history.size(), 1u);
  advance_to("2025-01-15T16:20:00Z");  // the same Wednesday, 11:20 New York: the new 11:15 fired
  ASSERT_EQ(t.history.size(), 2u);
  EXPECT_EQ(t.history[1].time, *parse_iso8601("2025-01-15T16:15:00Z"));
}

TEST_F(RecurringOrdersTest, Update_OfACompletedTemplate_IsConflict) {
  open();
  RecurringTemplate t = daily_spread("10:30");
  t.max_executions = 1;
  auto id = host->recurring().add(t);
  ASSERT_TRUE(id);
  publish_chain();
  advance_to("2025-01-16T16:00:00Z");
  auto updated = host->recurring().update(*id, daily_spread("11:00"));
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, ErrorCode::conflict);
}

TEST_F(RecurringOrdersTest, Update_InvalidDefinition_IsRefusedAndChangesNothing) {
  open();
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  RecurringTemplate bad = daily_spread("11:00");
  bad.quantity = 0;
  auto updated = host->recurring().update(*id, bad);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().field, "quantity");
  EXPECT_EQ(host->recurring().find(*id)->quantity, 1);
}

TEST_F(RecurringOrdersTest, Remove_TellsTheRemovalListener) {
  open();
  std::vector<std::string> removed;
  host->recurring().set_removal_listener([&](std::string_view id) { removed.emplace_back(id); });
  auto id = host->recurring().add(daily_spread("10:30"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(host->recurring().remove(*id));
  EXPECT_EQ(removed, std::vector<std::string>{*id});
  EXPECT_EQ(host->recurring().find(*id), nullptr);
}

}  // namespace
}  // namespace nightdesk::strategy::testing
