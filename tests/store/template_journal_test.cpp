// Recurring templates through the journal: every change is a template.state record, a delete is
// template.removed, and rebuild_templates() gives back what a restart must restore — on both back ends.
#include "store/template_journal.h"

#include <gtest/gtest.h>

#include "desk_fixture.h"
#include "store_fixture.h"
#include "journal_samples.h"
#include "store/record_kind.h"
#include "store/template_records.h"
#include "strategy/strategy_host.h"

namespace nightdesk::store {
namespace {

using namespace testing;

strategy::RecurringTemplate definition(std::string name) {
  strategy::RecurringTemplate t = sample_template();
  t.id.clear();
  t.created_at = {};
  t.history.clear();
  t.status = strategy::TemplateStatus::active;
  t.name = std::move(name);
  return t;
}

class TemplateJournalTest : public ::testing::TestWithParam<std::string> {
 protected:
  FreshStore store{GetParam()};
};

TEST(TemplateRecords, State_RoundTripsWithItsHistory) {
  const strategy::RecurringTemplate t = sample_template();
  JournalEntry e = encode_template_state(t, at_seconds(41));
  EXPECT_EQ(e.kind, kinds::kTemplateState);
  EXPECT_EQ(e.entity_id, "t3");
  auto back = decode_template_state(e);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(*back, t);
}

TEST(TemplateRecords, PayloadIdNotTheRecords_IsRefusedNamingId) {
  JournalEntry e = encode_template_state(sample_template(), at_seconds(41));
  e.entity_id = "t4";
  auto back = decode_template_state(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "id");
}

TEST(TemplateRecords, DamagedPayload_IsRefusedNamingTheField) {
  JournalEntry e = encode_template_state(sample_template(), at_seconds(41));
  nlohmann::json j = nlohmann::json::parse(e.payload);
  j["quantity"] = "two";
  e.payload = j.dump();
  auto back = decode_template_state(e);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().field, "quantity") << back.error().describe();
}

TEST_P(TemplateJournalTest, EveryChangeIsJournaled_AndARestartGetsTheLastStateWithoutTheRemovedOne) {
  std::string kept_id;
  {
    DeskUnderTest desk(store.url(), kDeskStart, /*wait_in_place=*/true, /*recover=*/false);
    auto host = strategy::StrategyHost::create(desk.loop, *desk.desk, *desk.orders, DeskUnderTest::calendar());
    ASSERT_TRUE(host);
    TemplateJournal journaled((*host)->recurring(), desk.journal(), desk.loop);
    auto kept = (*host)->recurring().add(definition("kept"));
    auto dropped = (*host)->recurring().add(definition("dropped"));
    ASSERT_TRUE(kept && dropped);
    kept_id = *kept;
    ASSERT_TRUE((*host)->recurring().pause(*kept));
    strategy::RecurringTemplate edited = definition("kept, edited");
    edited.quantity = 5;
    edited.status = strategy::TemplateStatus::paused;
    ASSERT_TRUE((*host)->recurring().update(*kept, edited));
    ASSERT_TRUE((*host)->recurring().remove(*dropped));
    ASSERT_TRUE(desk.journal().flush());
    auto records = journal_records(store.url());
    EXPECT_EQ(count_kind(records, kinds::kTemplateState, *kept), 3u);  // added, paused, edited
    EXPECT_EQ(count_kind(records, kinds::kTemplateRemoved, *dropped), 1u);
  }
  auto journal = open_journal(store.url(), OpenMode::reader);
  ASSERT_TRUE(journal) << journal.error().describe();
  auto rebuilt = rebuild_templates(**journal);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_TRUE(rebuilt->any_record);
  ASSERT_EQ(rebuilt->templates.size(), 1u);
  const strategy::RecurringTemplate& t = rebuilt->templates.front();
  EXPECT_EQ(t.id, kept_id);
  EXPECT_EQ(t.name, "kept, edited");
  EXPECT_EQ(t.quantity, 5);
  EXPECT_EQ(t.status, strategy::TemplateStatus::paused);
}

TEST_P(TemplateJournalTest, RestoredTemplates_KeepTheirIdsAndANewOneGetsAFreshId) {
  {
    DeskUnderTest desk(store.url(), kDeskStart, true, false);
    auto host = strategy::StrategyHost::create(desk.loop, *desk.desk, *desk.orders, DeskUnderTest::calendar());
    ASSERT_TRUE(host);
    TemplateJournal journaled((*host)->recurring(), desk.journal(), desk.loop);
    ASSERT_TRUE((*host)->recurring().add(definition("first")));
    ASSERT_TRUE((*host)->recurring().add(definition("second")));
    ASSERT_TRUE(desk.journal().flush());
  }
  auto journal = open_journal(store.url(), OpenMode::reader);
  ASSERT_TRUE(journal);
  auto rebuilt = rebuild_templates(**journal);
  ASSERT_TRUE(rebuilt);
  ASSERT_EQ(rebuilt->templates.size(), 2u);
  DeskUnderTest desk(store.url(), kDeskStart, true, false);
  auto host = strategy::StrategyHost::create(desk.loop, *desk.desk, *desk.orders, DeskUnderTest::calendar());
  ASSERT_TRUE(host);
  for (auto& t : rebuilt->templates) ASSERT_TRUE((*host)->recurring().add(t));
  auto fresh = (*host)->recurring().add(definition("third"));
  ASSERT_TRUE(fresh);
  EXPECT_EQ((*host)->recurring().find("t1")->name, "first");
  EXPECT_EQ((*host)->recurring().find("t2")->name, "second");
  EXPECT_EQ(*fresh, "t3");
}

TEST_P(TemplateJournalTest, EmptyJournal_RebuildsNoTemplates) {
  auto journal = open_journal(store.url());
  ASSERT_TRUE(journal);
  auto rebuilt = rebuild_templates(**journal);
  ASSERT_TRUE(rebuilt) << rebuilt.error().describe();
  EXPECT_TRUE(rebuilt->templates.empty());
  EXPECT_FALSE(rebuilt->any_record);
}

TEST_P(TemplateJournalTest, EveryTemplateRemoved_RebuildsNoneButSaysTheJournalHadThem) {
  {
    DeskUnderTest desk(store.url(), kDeskStart, true, false);
    auto host = strategy::StrategyHost::create(desk.loop, *desk.desk, *desk.orders, DeskUnderTest::calendar());
    ASSERT_TRUE(host);
    TemplateJournal journaled((*host)->recurring(), desk.journal(), desk.loop);
    auto id = (*host)->recurring().add(definition("gone"));
    ASSERT_TRUE(id);
    ASSERT_TRUE((*host)->recurring().remove(*id));
    ASSERT_TRUE(desk.journal().flush());
  }
  auto journal = open_journal(store.url(), OpenMode::reader);
  ASSERT_TRUE(journal);
  auto rebuilt = rebuild_templates(**journal);
  ASSERT_TRUE(rebuilt);
  EXPECT_TRUE(rebuilt->templates.empty());
  EXPECT_TRUE(rebuilt->any_record);
}

INSTANTIATE_TEST_SUITE_P(Backends, TemplateJournalTest, ::testing::Values("sqlite", "postgresql"), backend_name);

}  // namespace
}  // namespace nightdesk::store
