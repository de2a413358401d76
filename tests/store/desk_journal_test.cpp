// The DeskJournal on a real engine (simulated loop, paper venue, OrderManager, TradingDesk): what it
// journals, that nothing reaches the broker before its commit, and the acknowledgements after it.
#include "store/desk_journal.h"

#include <gtest/gtest.h>

#include "store/desk_fixture.h"
#include "store/order_records.h"
#include "store/record_kind.h"
#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;

class DeskJournalTest : public ::testing::TestWithParam<std::string> {
 protected:
  FreshStore store{GetParam()};
};

TEST_P(DeskJournalTest, LiveJournal_BrokerHearsOfAnOrderOnlyAfterItsCommit) {
  DeskUnderTest desk(store.url(), kDeskStart, /*wait_in_place=*/false, /*recover=*/false);
  desk.market(5.00, 3.00);
  auto placed = desk.send(desk.put_spread("o1", 2, 2.00));
  ASSERT_TRUE(placed) << placed.error().describe();
  EXPECT_EQ((*placed)->state, execution::OrderState::pending_submit);
  EXPECT_TRUE(desk.broker->calls.empty()) << "sent before the journal committed it";
  ASSERT_TRUE(desk.journal().flush());  // the commit comes back: the send goes out
  EXPECT_EQ(desk.broker->calls, std::vector<std::string>{"submit o1"});
  auto records = journal_records(store.url());
  EXPECT_EQ(count_kind(records, kinds::kOrderCreated, "o1"), 1u);
  EXPECT_EQ(count_kind(records, kinds::kOrderEvent, "o1"), 1u);
  ASSERT_EQ(desk.acks.size(), 1u);
  EXPECT_EQ(desk.acks[0].what, engine::Acknowledged::What::order);
  EXPECT_EQ(desk.acks[0].client_order_id.value(), "o1");
}

TEST_P(DeskJournalTest, BacktestJournal_WaitsInPlaceSoTheSendKeepsItsTime) {
  DeskUnderTest desk(store.url(), kDeskStart, /*wait_in_place=*/true, /*recover=*/false);
  desk.market(5.00, 3.00);
  ASSERT_TRUE(desk.send(desk.put_spread("o1", 2, 2.00)));
  EXPECT_EQ(desk.broker->calls, std::vector<std::string>{"submit o1"});  // committed and sent before submit returned
  EXPECT_EQ(count_kind(journal_records(store.url()), kinds::kOrderCreated, "o1"), 1u);
}

TEST_P(DeskJournalTest, FilledSpread_JournalsFillsPositionAndAcknowledgesEachFill) {
  DeskUnderTest desk(store.url(), kDeskStart, true, false);
  desk.market(5.00, 3.00);
  ASSERT_TRUE(desk.send(desk.put_spread("o1", 2, 2.00)));
  desk.advance(1);
  ASSERT_TRUE(desk.journal().flush());
  const execution::Order* order = desk.orders->find(execution::ClientOrderId("o1"));
  ASSERT_NE(order, nullptr);
  ASSERT_EQ(order->state, execution::OrderState::filled);
  auto records = journal_records(store.url());
  EXPECT_EQ(count_kind(records, kinds::kFill, "o1"), 2u);  // one per leg
  EXPECT_EQ(count_kind(records, kinds::kPositionChange, order->request.parent_position_id), 1u);  // one per whole execution
  EXPECT_GE(count_kind(records, kinds::kManagementAction, order->request.parent_position_id), 1u);  // opened
  std::size_t fill_acks = 0;
  for (const auto& a : desk.acks) fill_acks += a.what == engine::Acknowledged::What::fill;
  EXPECT_EQ(fill_acks, 2u);
  // Sequences are in the journal and increase.
  for (std::size_t i = 1; i < desk.acks.size(); ++i) EXPECT_LT(desk.acks[i - 1].sequence, desk.acks[i].sequence);
}

TEST_P(DeskJournalTest, HaltedBreaker_IsJournaledAsATransition) {
  DeskUnderTest desk(store.url(), kDeskStart, true, false);
  ASSERT_TRUE(desk.desk->halt("ops", "testing the journal"));
  ASSERT_TRUE(desk.journal().flush());
  EXPECT_EQ(count_kind(journal_records(store.url()), kinds::kBreakerTransition, "account"), 1u);
}

TEST_P(DeskJournalTest, QuietVenue_IsSnapshotted) {
  DeskUnderTest desk(store.url(), kDeskStart, true, false);
  desk.market(5.00, 3.00);
  ASSERT_TRUE(desk.send(desk.put_spread("o1", 2, 2.00)));
  desk.advance(1);
  EXPECT_TRUE(desk.journal().snapshot_venue());
  ASSERT_TRUE(desk.journal().flush());
  EXPECT_EQ(count_kind(journal_records(store.url()), kinds::kVenueState, "paper"), 1u);
}

TEST(VenueIdNumber, ParsesOnlyItsOwnPrefixAndDigits) {
  EXPECT_EQ(venue_id_number("pv-12", "pv-"), 12u);
  EXPECT_EQ(venue_id_number("pvf-3", "pvf-"), 3u);
  EXPECT_FALSE(venue_id_number("pvf-3", "pv-"));
  EXPECT_FALSE(venue_id_number("pv-1x", "pv-"));
  EXPECT_FALSE(venue_id_number("", "pv-"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DeskJournalTest, ::testing::Values("sqlite", "postgresql"), backend_name);

}  // namespace
}  // namespace nightdesk::store
