// Restart from the journal: a second engine on the same journal rebuilds orders, positions, the venue and
// the breaker, resolves what was in flight by the documented rules, and never sends a journaled order again.
#include "store/desk_recovery.h"

#include <gtest/gtest.h>

#include "store/desk_fixture.h"
#include "store/management_records.h"
#include "store/order_records.h"
#include "store/position_records.h"
#include "store/record_kind.h"
#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;
using execution::ClientOrderId;
using execution::OrderState;

class DeskRecoveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  FreshStore store{GetParam()};
};

TEST_P(DeskRecoveryTest, FilledAndRestingOrders_RebuildWithPositionsAndVenueBooks) {
  broker::PaperVenueState venue_before;
  Money cash_before;
  std::string position_id;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    first.market(5.00, 3.00);
    auto filled = first.send(first.put_spread("o1", 2, 2.00));
    ASSERT_TRUE(filled);
    position_id = (*filled)->request.parent_position_id;
    first.advance(1);
    ASSERT_TRUE(first.journal().snapshot_venue());
    ASSERT_TRUE(first.send(first.put_spread("o2", 1, 2.50)));  // rests: 2.50 credit is above the 2.00 market
    first.advance(1);
    ASSERT_TRUE(first.send(first.put_spread("o3", 1, 2.00)));  // fills after the snapshot: rolled forward
    first.advance(1);
    ASSERT_TRUE(first.journal().flush());
    venue_before = first.venue->state();
    cash_before = first.venue->ledger().cash;
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  EXPECT_TRUE(second.report.differences.empty()) << second.report.differences.front();
  EXPECT_EQ(second.report.orders, 3u);
  EXPECT_EQ(second.orders->find(ClientOrderId("o1"))->state, OrderState::filled);
  EXPECT_EQ(second.orders->find(ClientOrderId("o2"))->state, OrderState::accepted);
  EXPECT_EQ(second.orders->find(ClientOrderId("o3"))->state, OrderState::filled);
  EXPECT_EQ(second.report.venue_fills_rolled_forward, 2u);  // o3's two legs
  EXPECT_EQ(second.venue->state(), venue_before);
  EXPECT_EQ(second.venue->ledger().cash, cash_before);
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->legs().size(), 2u);
  EXPECT_TRUE(second.broker->calls.empty()) << "recovery sent " << second.broker->calls.front();
}

TEST_P(DeskRecoveryTest, RestingOrderAfterRestart_StillFillsAtTheVenue) {
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    first.market(5.00, 3.00);
    ASSERT_TRUE(first.send(first.put_spread("o2", 1, 2.50)));
    first.advance(1);
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  second.market(5.50, 3.00);  // net 2.50 now: the restored order is marketable
  second.advance(1);
  EXPECT_EQ(second.orders->find(ClientOrderId("o2"))->state, OrderState::filled);
  EXPECT_TRUE(second.broker->calls.empty());
}

TEST_P(DeskRecoveryTest, OrderJournaledButNeverReachingTheVenue_IsRejectedNotResent) {
  {
    DeskUnderTest first(store.url(), kDeskStart, /*wait_in_place=*/false, false);
    first.market(5.00, 3.00);
    ASSERT_TRUE(first.send(first.put_spread("o1", 1, 2.00)));
    first.journal().flush();  // committed and sent, but the venue's latency timer never runs: "killed" here
    EXPECT_EQ(first.broker->calls.size(), 1u);
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  const execution::Order* o1 = second.orders->find(ClientOrderId("o1"));
  ASSERT_NE(o1, nullptr);
  EXPECT_EQ(o1->state, OrderState::rejected);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_NE(second.report.differences[0].find("reject_unsent"), std::string::npos);
  EXPECT_TRUE(second.broker->calls.empty());
  // The same client id again: the order already held is returned and nothing is sent.
  second.market(5.00, 3.00);
  auto again = second.send(second.put_spread("o1", 1, 2.00));
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->state, OrderState::rejected);
  EXPECT_TRUE(second.broker->calls.empty());
}

TEST_P(DeskRecoveryTest, HaltedBreaker_IsHaltedAgainAfterRestart) {
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    ASSERT_TRUE(first.desk->halt("ops", "feed looks wrong"));
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  EXPECT_EQ(second.desk->risk().breaker().state(), risk::BreakerState::halted);
  ASSERT_FALSE(second.desk->risk().breaker().audit_log().empty());
  EXPECT_NE(second.desk->risk().breaker().audit_log().back().reason.find("by ops (feed looks wrong)"), std::string::npos)
      << "the restored halt keeps who halted and why: " << second.desk->risk().breaker().audit_log().back().reason;
}

TEST_P(DeskRecoveryTest, EmptyJournal_RecoversNothingAndReportsNoDifference) {
  DeskUnderTest desk(store.url(), kDeskStart, true);
  EXPECT_EQ(desk.report.orders, 0u);
  EXPECT_TRUE(desk.report.differences.empty());
  EXPECT_FALSE(desk.report.last_time);
}

// A kill between an order's creation record and its first transition (journals written before the two
// committed together) leaves an order created but never submitted: its send waited for that commit, so it
// never went out. Recovery rejects it as the engine (no venue time), says so, and never sends it.
TEST_P(DeskRecoveryTest, OrderCreatedButItsSubmitNeverJournaled_IsRejectedUnsentNotLeftNew) {
  OrderCreated lost;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    first.market(5.00, 3.00);
    ASSERT_TRUE(first.send(first.put_spread("o1", 1, 2.00)));
    first.advance(1);
    ASSERT_TRUE(first.journal().flush());
    lost = OrderCreated{first.put_spread("o2", 1, 2.00), first.loop.now()};
    lost.request.parent_position_id = "pos-o2";
  }
  {  // the creation alone, as a kill between the two commits left it (the first engine has let go of the store)
    auto journal = open_journal(store.url());
    ASSERT_TRUE(journal);
    auto last = (*journal)->last_sequence();
    ASSERT_TRUE(last);
    const JournalRecord record{*last + 1, encode(lost)};
    ASSERT_TRUE((*journal)->append(std::span(&record, 1)));
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  const execution::Order* o2 = second.orders->find(ClientOrderId("o2"));
  ASSERT_NE(o2, nullptr);
  EXPECT_EQ(o2->state, OrderState::rejected);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_NE(second.report.differences[0].find("reject_unsent: o2"), std::string::npos) << second.report.differences[0];
  EXPECT_TRUE(second.broker->calls.empty());
  ASSERT_TRUE(second.journal().flush());
  std::optional<OrderEventRecord> resolved;
  for (const auto& r : journal_records(store.url()))
    if (r.entry.kind == kinds::kOrderEvent && r.entry.entity_id == "o2") resolved = *decode_order_event(r.entry);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->transition.to, OrderState::rejected);
  EXPECT_FALSE(resolved->transition.venue_time);  // the engine's decision, not the venue's
}

// A smart order killed mid-walk, its replace committed and sent but not answered: the replace is answered
// replace_rejected (replace_dropped) and the order works on its last acknowledged price; the walk is not
// resumed (docs/RECOVERY.md), so nothing is sent after the restart however long it rests.
TEST_P(DeskRecoveryTest, SmartOrderKilledMidReplace_WorksOnItsOldPriceAndIsNotWalkedAgain) {
  std::optional<Price> acknowledged;
  {
    DeskUnderTest first(store.url(), kDeskStart, /*wait_in_place=*/false, false);
    first.quote(market::Instrument::stock("SPY"), 450, 450);
    first.quote(spy_put(440), 4.00, 5.00);
    execution::OrderRequest r;
    r.client_order_id = ClientOrderId("w1");
    r.legs = {execution::OrderLeg{spy_put(440), 1, execution::Side::buy}};
    r.quantity = Quantity(1);
    r.limit_price = dollars(5.00);
    r.strategy_tag = "test";
    ASSERT_TRUE(first.desk->submit(engine::ParentOrderRequest{r, engine::ExecutionStyle::smart}));
    ASSERT_TRUE(first.journal().flush());
    first.advance(1);
    ASSERT_EQ(first.orders->find(ClientOrderId("w1"))->state, OrderState::accepted);
    acknowledged = first.orders->find(ClientOrderId("w1"))->request.limit_price;
    // Whether the writer commits before the advance ends is the machine's timing: the venue never acts on the
    // replace, so the test does not depend on it.
    first.broker->hold_replaces = true;
    first.advance(31);  // the walk steps: its replace is journaled ...
    ASSERT_EQ(first.orders->find(ClientOrderId("w1"))->state, OrderState::pending_replace);
    ASSERT_TRUE(first.journal().flush());  // ... committed and sent; the venue's timer never runs: "killed" here
    ASSERT_EQ(first.broker->calls.back(), "replace w1");
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(40), true);
  const execution::Order* w1 = second.orders->find(ClientOrderId("w1"));
  ASSERT_NE(w1, nullptr);
  EXPECT_EQ(w1->state, OrderState::accepted);
  EXPECT_EQ(w1->request.limit_price, acknowledged);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_NE(second.report.differences[0].find("replace_dropped: w1"), std::string::npos) << second.report.differences[0];
  EXPECT_EQ(second.venue->state().open_orders.at(0).request.limit_price, acknowledged);
  second.quote(spy_put(440), 4.00, 5.00);
  second.advance(120);
  EXPECT_TRUE(second.broker->calls.empty()) << "sent after the restart: " << second.broker->calls.front();
  EXPECT_EQ(second.orders->find(ClientOrderId("w1"))->state, OrderState::accepted);
}

// A cancel committed and sent but not answered when the engine died: the intent stands, so it is answered
// cancel_rejected and sent again (cancel_again), and the order ends cancelled at the venue and in the journal.
TEST_P(DeskRecoveryTest, CancelInFlightAtTheKill_IsSentAgainAndTheOrderEndsCancelled) {
  {
    DeskUnderTest first(store.url(), kDeskStart, /*wait_in_place=*/false, false);
    first.market(5.00, 3.00);
    ASSERT_TRUE(first.send(first.put_spread("o2", 1, 2.50)));  // rests
    ASSERT_TRUE(first.journal().flush());
    first.advance(1);
    ASSERT_TRUE(first.orders->cancel(ClientOrderId("o2")));
    ASSERT_TRUE(first.journal().flush());  // committed and sent; never answered
    ASSERT_EQ(first.broker->calls.back(), "cancel o2");
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_NE(second.report.differences[0].find("cancel_again: o2"), std::string::npos) << second.report.differences[0];
  second.advance(1);
  EXPECT_EQ(second.broker->calls, std::vector<std::string>{"cancel o2"});
  EXPECT_EQ(second.orders->find(ClientOrderId("o2"))->state, OrderState::cancelled);
  EXPECT_TRUE(second.venue->state().open_orders.empty());
}

// A person's PATCH of a position (its own stop, roll rules, handed to manual) is journaled at once and applied
// again on restart: the rebuilt position keeps its overrides and its manager.
TEST_P(DeskRecoveryTest, PositionManagementChange_IsJournaledAndRebuiltAfterRestart) {
  std::string position_id;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    first.market(5.00, 3.00);
    auto filled = first.send(first.put_spread("o1", 2, 2.00));
    ASSERT_TRUE(filled);
    position_id = (*filled)->request.parent_position_id;
    first.advance(1);
    portfolio::ManagementChange change;
    change.overrides.exits.stop_loss = portfolio::Percent::points(-150);
    change.overrides.roll.target_dte = 45;
    ASSERT_TRUE(first.desk->manage_position(position_id, change, "ana"));
    portfolio::ManagementChange hand_over;
    hand_over.source = portfolio::PositionSource::manual;
    ASSERT_TRUE(first.desk->manage_position(position_id, hand_over, "ben"));
    ASSERT_TRUE(first.journal().flush());
    auto records = journal_records(store.url());
    EXPECT_EQ(count_kind(records, kinds::kManagementChange, position_id), 2u) << "journaled at once, not at the next fill";
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  EXPECT_TRUE(second.report.differences.empty()) << second.report.differences.front();
  EXPECT_EQ(second.report.management_changes, 2u);
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), portfolio::PositionSource::manual);
  const portfolio::PositionOverrides* own = second.desk->portfolio().overrides(position_id);
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->exits.stop_loss, portfolio::Percent::points(-150));
  EXPECT_EQ(own->roll.target_dte, 45);
  EXPECT_EQ(second.desk->portfolio().settings_for(position_id).roll.target_dte, 45);
}

// What recovery rebuilt is already in the journal: a later change journals only its own history entry, so a
// restart never writes a position's management history twice.
TEST_P(DeskRecoveryTest, RebuiltManagementHistory_IsNotJournaledAgainAfterRestart) {
  std::string position_id;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    first.market(5.00, 3.00);
    auto filled = first.send(first.put_spread("o1", 1, 2.00));
    ASSERT_TRUE(filled);
    position_id = (*filled)->request.parent_position_id;
    first.advance(1);
    ASSERT_TRUE(first.journal().flush());
  }
  const std::size_t before = count_kind(journal_records(store.url()), kinds::kManagementAction, position_id);
  ASSERT_GT(before, 0u);
  {
    DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
    portfolio::ManagementChange change;
    change.overrides.exits.stop_loss = portfolio::Percent::points(-120);
    ASSERT_TRUE(second.desk->manage_position(position_id, change, "ana"));
    ASSERT_TRUE(second.journal().flush());
  }
  auto records = journal_records(store.url());
  EXPECT_EQ(count_kind(records, kinds::kManagementAction, position_id), before + 1);  // management_changed only
  std::size_t changed = 0;
  for (const auto& r : records)
    if (r.entry.kind == kinds::kManagementAction && r.entry.entity_id == position_id)
      changed += decode_management_action(r.entry)->action.kind == portfolio::ManagementActionKind::management_changed;
  EXPECT_EQ(changed, 1u);
}

// The bot's exit memory comes back from its journaled decisions: a ladder level fired before the stop is not
// fired again, and the bot's next exit gets an id the journal does not hold (a seeded id sequence restarts).
TEST_P(DeskRecoveryTest, LadderLevelFiredBeforeTheStop_IsNotFiredAgainAndTheNextLevelStillFires) {
  std::string position_id, first_exit;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    position_id = first.open_spreads(10);
    ASSERT_FALSE(position_id.empty());
    first.market(4.00, 3.00);  // worth 1.00 of the 2.00 credit: +50%, the standard ladder's first level (take 30%)
    first.advance(1);
    ASSERT_EQ(first.broker->calls.size(), 2u);
    first_exit = first.broker->calls.back().substr(7);
    ASSERT_EQ(first.orders->find(ClientOrderId(first_exit))->state, OrderState::filled);
    ASSERT_TRUE(first.journal().flush());
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  EXPECT_TRUE(second.report.differences.empty()) << second.report.differences.front();
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->unit_shape().units, Quantity(7));
  ASSERT_FALSE(p->exit_state().levels.empty());
  EXPECT_EQ(p->exit_state().levels[0], portfolio::LevelStatus::fired);
  EXPECT_FALSE(p->exit_state().working) << "its order filled before the stop";
  second.market(4.00, 3.00);
  second.advance(1);
  EXPECT_TRUE(second.broker->calls.empty()) << "level 1 fired again: " << second.broker->calls.front();

  second.market(3.00, 3.00);  // worth 0: +100%, the second level (take 50% of 7)
  second.advance(1);
  ASSERT_EQ(second.broker->calls.size(), 1u);
  const std::string next_exit = second.broker->calls.front().substr(7);
  EXPECT_NE(next_exit, first_exit);
  EXPECT_EQ(second.orders->find(ClientOrderId(next_exit))->state, OrderState::filled);
  EXPECT_EQ(p->unit_shape().units, Quantity(4));
}

// An exit resting at the venue when the engine stopped keeps its position busy after the restart: the bot
// plans no second exit beside it, and when it fills the level stays fired.
TEST_P(DeskRecoveryTest, ExitRestingAtTheStop_NoSecondExitBesideItAndItsFillCounts) {
  std::string position_id, exit_id;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    position_id = first.open_spreads(10);
    ASSERT_FALSE(position_id.empty());
    // Marks 4.00 and 3.00 (+50%), but the spread costs 1.20 to buy back: the exit rests at its 1.00 mid.
    first.quote(market::Instrument::stock("SPY"), 450, 450);
    first.quote(spy_put(440), 3.90, 4.10);
    first.quote(spy_put(430), 2.90, 3.10);
    first.advance(0.5);
    ASSERT_EQ(first.broker->calls.size(), 2u);
    exit_id = first.broker->calls.back().substr(7);
    ASSERT_EQ(first.orders->find(ClientOrderId(exit_id))->state, OrderState::accepted);
    ASSERT_TRUE(first.journal().flush());
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  EXPECT_TRUE(second.report.differences.empty()) << second.report.differences.front();
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->exit_state().working);
  EXPECT_EQ(p->exit_state().working->client_order_id, exit_id);
  second.quote(market::Instrument::stock("SPY"), 450, 450);
  second.quote(spy_put(440), 3.90, 4.10);
  second.quote(spy_put(430), 2.90, 3.10);
  second.advance(1);
  EXPECT_TRUE(second.broker->calls.empty()) << "a second exit beside the working one: " << second.broker->calls.front();

  second.quote(spy_put(440), 3.95, 4.00);  // the far touch (4.00 - 3.00) reaches the resting 1.00
  second.quote(spy_put(430), 3.00, 3.05);
  second.advance(1);
  EXPECT_EQ(second.orders->find(ClientOrderId(exit_id))->state, OrderState::filled);
  EXPECT_EQ(p->unit_shape().units, Quantity(7));
  EXPECT_FALSE(p->exit_state().working);
  EXPECT_EQ(p->exit_state().levels[0], portfolio::LevelStatus::fired);
  second.advance(1);
  EXPECT_TRUE(second.broker->calls.empty());
}

// An exit the journal holds as sent but the venue never received is rejected by recovery; its level is
// pending again (recorded) and fires once more on the next quote.
TEST_P(DeskRecoveryTest, ExitLostInTheRestart_ItsLevelIsRearmedAndFiresOnce) {
  std::string position_id, lost_exit;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    position_id = first.open_spreads(10);
    ASSERT_FALSE(position_id.empty());
    first.market(4.00, 3.00);  // the exit goes out at once; the venue's latency never passes: "killed" here
    ASSERT_EQ(first.broker->calls.size(), 2u);
    lost_exit = first.broker->calls.back().substr(7);
    ASSERT_TRUE(first.journal().flush());
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_EQ(second.report.differences[0].rfind("reject_unsent: " + lost_exit, 0), 0u) << second.report.differences[0];
  EXPECT_EQ(second.report.exits_finished, 1u);
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->exit_state().working);
  EXPECT_EQ(p->exit_state().levels[0], portfolio::LevelStatus::pending);
  EXPECT_EQ(p->history().back().kind, portfolio::ManagementActionKind::take_profit_rearmed);
  second.market(4.00, 3.00);
  second.advance(1);
  ASSERT_EQ(second.broker->calls.size(), 1u);
  EXPECT_EQ(p->unit_shape().units, Quantity(7));
}

// A roll is not rebuilt (its plan is not journaled). A position the journal shows mid-roll goes to a person
// rather than letting the bot start a second roll, or exits, beside what the first left.
TEST_P(DeskRecoveryTest, RollUnfinishedAtTheStop_PositionHandedToManualAndTheBotLeavesIt) {
  std::string position_id;
  {
    DeskUnderTest first(store.url(), kDeskStart, true, false);
    position_id = first.open_spreads(10);
    ASSERT_FALSE(position_id.empty());
    ASSERT_TRUE(first.journal().flush());
  }
  {  // the roll's first step recorded, its order not: the kill came between the two
    portfolio::ManagementAction step;
    step.time = kDeskStart + std::chrono::seconds(2);
    step.kind = portfolio::ManagementActionKind::roll_step;
    step.reason = "working_combo -> working_combo: combo sent";
    step.order_id = "bot-lost-1";
    auto journal = open_journal(store.url());
    ASSERT_TRUE(journal);
    auto last = (*journal)->last_sequence();
    ASSERT_TRUE(last);
    const JournalRecord record{*last + 1, encode(ManagementRecord{position_id, step})};
    ASSERT_TRUE((*journal)->append(std::span(&record, 1)));
  }
  DeskUnderTest second(store.url(), kDeskStart + std::chrono::seconds(10), true);
  ASSERT_EQ(second.report.differences.size(), 1u);
  EXPECT_EQ(second.report.differences[0],
            "roll_interrupted: " + position_id + " was rolling (order bot-lost-1 never sent); handed to manual for a person to finish");
  const portfolio::Position* p = second.desk->portfolio().position(position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), portfolio::PositionSource::manual);
  EXPECT_EQ(p->history().back().kind, portfolio::ManagementActionKind::handed_to_manual);
  second.market(4.00, 3.00);  // +50%: the bot would take profit on a position of its own
  second.advance(1);
  EXPECT_TRUE(second.broker->calls.empty());
  ASSERT_TRUE(second.journal().flush());
  EXPECT_EQ(count_kind(journal_records(store.url()), kinds::kManagementChange, position_id), 1u) << "the hand-over is journaled";
}

INSTANTIATE_TEST_SUITE_P(Backends, DeskRecoveryTest, ::testing::Values("sqlite", "postgresql"), backend_name);

}  // namespace
}  // namespace nightdesk::store
