#include "store/order_rebuild.h"

#include <gtest/gtest.h>

#include "execution/order_state_machine.h"
#include "store/journal_replay.h"
#include "store/journal_samples.h"
#include "store/journal_writer.h"
#include "store/order_records.h"
#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;
using namespace execution;
using execution::testing::fill_report;
using execution::testing::limit_order;
using execution::testing::report;
using execution::testing::vertical_order;

// A live session: the engine's registry with every change journaled as the engine will do it.
class JournaledSession {
 public:
  explicit JournaledSession(JournalWriter& writer) : writer_(writer) {}

  Order* create(OrderRequest request, Timestamp t) {
    auto added = registry.add(std::move(request), t);
    EXPECT_TRUE(added);
    journal(encode(OrderCreated{added->order->request, t}));
    return added->order;
  }
  // Runs an engine action or applies a report, then journals the transition it recorded.
  void act(Order* o, const std::function<Status()>& change) {
    std::size_t before = o->history.size();
    Status s = change();
    ASSERT_TRUE(s) << s.error().describe();
    ASSERT_EQ(o->history.size(), before + 1);
    auto e = latest_order_event(*o);
    ASSERT_TRUE(e);
    journal(encode(*e));
    if (e->fill) journal(encode(OrderFilled{*e->fill, o->filled_quantity(), o->leaves_quantity(), o->state}));
  }
  void report_to(Order* o, const ExecutionReport& r, Timestamp t) {
    act(o, [&]() -> Status {
      auto applied = registry.apply(r, t);
      if (!applied) return std::unexpected(applied.error());
      return ok();
    });
  }

  OrderRegistry registry;

 private:
  void journal(JournalEntry e) { ASSERT_TRUE(writer_.append(std::move(e), nullptr)); }
  JournalWriter& writer_;
};

void expect_same_order(const Order& a, const Order& b) {
  SCOPED_TRACE(a.client_order_id().value());
  EXPECT_EQ(a.request, b.request);
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.created_time, b.created_time);
  EXPECT_EQ(a.leg_fills, b.leg_fills);
  EXPECT_EQ(a.fills, b.fills);
  EXPECT_EQ(a.fees, b.fees);
  EXPECT_EQ(a.pending_replace.has_value(), b.pending_replace.has_value());
  if (a.pending_replace && b.pending_replace) {
    EXPECT_EQ(a.pending_replace->limit_price, b.pending_replace->limit_price);
    EXPECT_EQ(a.pending_replace->quantity, b.pending_replace->quantity);
  }
  EXPECT_EQ(a.replace_count, b.replace_count);
  EXPECT_EQ(a.cancel_requests, b.cancel_requests);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].from, b.history[i].from);
    EXPECT_EQ(a.history[i].to, b.history[i].to);
    EXPECT_EQ(a.history[i].event, b.history[i].event);
    EXPECT_EQ(a.history[i].engine_time, b.history[i].engine_time);
    EXPECT_EQ(a.history[i].venue_time, b.history[i].venue_time);
    EXPECT_EQ(a.history[i].reason, b.history[i].reason);
  }
}

// Every kind of transition: submit, accept, partial fills, replace (asked, accepted, refused), cancel
// (asked, refused, done), engine and venue rejects, expiry, combo fills; one order left mid-replace.
void trade_a_session(JournaledSession& s) {
  ExecutionReport r;
  Order* a = s.create(limit_order("ord-a", Side::buy, 5, 2.00), at_seconds(0));
  s.act(a, [&] { return submit(*a, at_seconds(1)); });
  s.report_to(a, report(*a, ExecutionReportKind::accepted), at_seconds(2));
  s.report_to(a, fill_report(*a, 0, 2, 2.00), at_seconds(3));
  s.act(a, [&] { return request_replace(*a, ReplaceTerms{px(2.05), Quantity(6)}, at_seconds(4)); });
  r = report(*a, ExecutionReportKind::replaced);
  r.limit_price = px(2.05);
  r.quantity = Quantity(6);
  s.report_to(a, r, at_seconds(5));
  s.act(a, [&] { return request_cancel(*a, at_seconds(6)); });
  s.report_to(a, report(*a, ExecutionReportKind::cancel_rejected, "too late"), at_seconds(7));
  s.report_to(a, fill_report(*a, 0, 4, 2.05), at_seconds(8));

  Order* b = s.create(vertical_order("ord-b", 2, 1.10), at_seconds(10));
  s.act(b, [&] { return submit(*b, at_seconds(11)); });
  s.report_to(b, report(*b, ExecutionReportKind::accepted), at_seconds(12));
  s.report_to(b, fill_report(*b, 0, 1, 4.40), at_seconds(13));
  s.report_to(b, fill_report(*b, 1, 1, 3.30), at_seconds(13));
  s.act(b, [&] { return request_replace(*b, ReplaceTerms{px(1.15), Quantity(2)}, at_seconds(14)); });
  s.report_to(b, report(*b, ExecutionReportKind::replace_rejected, "price moved"), at_seconds(15));
  s.act(b, [&] { return request_cancel(*b, at_seconds(16)); });
  s.report_to(b, report(*b, ExecutionReportKind::cancelled, "asked"), at_seconds(17));

  Order* c = s.create(limit_order("ord-c", Side::sell, 1, 9.00), at_seconds(20));
  s.act(c, [&] { return reject_before_submit(*c, "risk: max delta", at_seconds(20)); });
  Order* d = s.create(limit_order("ord-d", Side::sell, 1, 9.00), at_seconds(21));
  s.act(d, [&] { return submit(*d, at_seconds(21)); });
  s.report_to(d, report(*d, ExecutionReportKind::rejected, "venue closed"), at_seconds(22));
  Order* e = s.create(limit_order("ord-e", Side::buy, 3, 1.00), at_seconds(23));
  s.act(e, [&] { return submit(*e, at_seconds(23)); });
  s.report_to(e, report(*e, ExecutionReportKind::accepted), at_seconds(24));
  s.report_to(e, report(*e, ExecutionReportKind::expired, "day close"), at_seconds(25));
  Order* f = s.create(limit_order("ord-f", Side::buy, 4, 1.00), at_seconds(26));  // open, mid-replace at the "crash"
  s.act(f, [&] { return submit(*f, at_seconds(26)); });
  s.report_to(f, report(*f, ExecutionReportKind::accepted), at_seconds(27));
  s.report_to(f, fill_report(*f, 0, 1, 1.00), at_seconds(28));
  s.act(f, [&] { return request_replace(*f, ReplaceTerms{px(1.01), Quantity(4)}, at_seconds(29)); });
  s.report_to(f, fill_report(*f, 0, 1, 1.00), at_seconds(30));
  Order* g = s.create(limit_order("ord-g", Side::buy, 1, 1.00), at_seconds(31));  // created, never sent
  (void)g;
}

struct Rebuilt {
  OrderRegistry registry;
  OrderRebuildCounts counts;
  Status outcome;
};

std::unique_ptr<Rebuilt> rebuild(JournalBackend& journal) {
  auto out = std::make_unique<Rebuilt>();
  OrderRebuilder rebuilder(out->registry);
  auto replay = replay_journal(journal, [&](const JournalRecord& r) { return rebuilder.apply(r); });
  out->outcome = replay ? rebuilder.finish() : Status(std::unexpected(replay.error()));
  out->counts = rebuilder.counts();
  return out;
}

class OrderRebuildTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OrderRebuildTest, EveryOrderRebuiltFromTheJournal_EqualsTheLiveOrder) {
  FreshStore store(GetParam());
  auto backend = store.open();
  ASSERT_TRUE(backend) << backend.error().describe();
  auto writer = JournalWriter::start(std::move(*backend));
  ASSERT_TRUE(writer);
  JournaledSession live(**writer);
  trade_a_session(live);
  (*writer)->stop();
  ASSERT_EQ((*writer)->stats().failed, 0u);

  auto journal = store.open();
  ASSERT_TRUE(journal) << journal.error().describe();
  auto rebuilt = rebuild(**journal);
  ASSERT_TRUE(rebuilt->outcome) << rebuilt->outcome.error().describe();
  EXPECT_EQ(rebuilt->counts.orders, 7u);
  EXPECT_EQ(rebuilt->counts.fills, 6u);  // a: 2, b: 2 (one per leg), f: 2
  ASSERT_EQ(rebuilt->registry.size(), live.registry.size());
  live.registry.for_each([&](const Order& o) {
    const Order* back = rebuilt->registry.find(o.client_order_id());
    ASSERT_NE(back, nullptr) << o.client_order_id().value();
    expect_same_order(o, *back);
  });
  // The venue ids are indexed as live, so late reports still find their orders.
  EXPECT_NE(rebuilt->registry.find_by_venue_id(OrderId("V-ord-f")), nullptr);
  EXPECT_EQ(rebuilt->registry.find(ClientOrderId("ord-f"))->state, OrderState::pending_replace);
  EXPECT_EQ(rebuilt->registry.open_count(), live.registry.open_count());
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderRebuildTest, ::testing::Values("sqlite", "postgresql"), backend_name);

// Journals built by hand in memory, for the refusals.
struct MemoryJournal final : JournalBackend {
  Status append(std::span<const JournalRecord> r) override {
    records.insert(records.end(), r.begin(), r.end());
    return ok();
  }
  Result<std::uint64_t> last_sequence() override { return records.size(); }
  Status read(std::uint64_t, const RecordVisitor& visit) override {
    for (const auto& r : records)
      if (auto s = visit(r); !s) return s;
    return ok();
  }
  int schema_version() const override { return 2; }
  std::string describe() const override { return "memory"; }
  void add(JournalEntry e) { records.push_back({records.size() + 1, std::move(e)}); }
  std::vector<JournalRecord> records;
};

OrderEventRecord event(const char* id, OrderState from, OrderState to, OrderEvent ev, int t) {
  OrderEventRecord e;
  e.client_order_id = ClientOrderId(id);
  e.transition = {from, to, ev, at_seconds(t), std::nullopt, ""};
  return e;
}

TEST(OrderRebuild, TransitionForAnOrderNeverCreated_IsNotFound) {
  MemoryJournal j;
  j.add(encode(event("ord-x", OrderState::new_order, OrderState::pending_submit, OrderEvent::submit, 1)));
  auto r = rebuild(j);
  ASSERT_FALSE(r->outcome);
  EXPECT_EQ(r->outcome.error().code, ErrorCode::not_found);
  EXPECT_NE(r->outcome.error().message.find("record 1"), std::string::npos);
}

TEST(OrderRebuild, TransitionFromAStateTheOrderIsNotIn_IsAConflict) {
  MemoryJournal j;
  j.add(encode(OrderCreated{limit_order("ord-x", Side::buy, 1, 1.0), at_seconds(0)}));
  j.add(encode(event("ord-x", OrderState::accepted, OrderState::pending_cancel, OrderEvent::request_cancel, 1)));
  auto r = rebuild(j);
  ASSERT_FALSE(r->outcome);
  EXPECT_EQ(r->outcome.error().code, ErrorCode::conflict);
  EXPECT_NE(r->outcome.error().message.find("rebuilt order is new"), std::string::npos) << r->outcome.error().message;
}

TEST(OrderRebuild, TransitionEndingElsewhereThanTheJournalSays_IsAConflict) {
  MemoryJournal j;
  j.add(encode(OrderCreated{limit_order("ord-x", Side::buy, 1, 1.0), at_seconds(0)}));
  j.add(encode(event("ord-x", OrderState::new_order, OrderState::accepted, OrderEvent::submit, 1)));  // submit leads to pending_submit
  auto r = rebuild(j);
  ASSERT_FALSE(r->outcome);
  EXPECT_EQ(r->outcome.error().code, ErrorCode::conflict);
}

TEST(OrderRebuild, OrderCreatedTwice_IsAConflict) {
  MemoryJournal j;
  j.add(encode(OrderCreated{limit_order("ord-x", Side::buy, 1, 1.0), at_seconds(0)}));
  j.add(encode(OrderCreated{limit_order("ord-x", Side::buy, 1, 1.0), at_seconds(0)}));
  auto r = rebuild(j);
  ASSERT_FALSE(r->outcome);
  EXPECT_EQ(r->outcome.error().code, ErrorCode::conflict);
}

TEST(OrderRebuild, FillRecordNoOrderEventApplied_IsAConflictAtFinish) {
  MemoryJournal j;
  j.add(encode(OrderCreated{limit_order("ord-7", Side::buy, 3, 1.0), at_seconds(0)}));
  j.add(encode(sample_filled()));
  auto r = rebuild(j);
  ASSERT_FALSE(r->outcome);
  EXPECT_EQ(r->outcome.error().field, "fill_id");
  EXPECT_NE(r->outcome.error().message.find("F-31"), std::string::npos);
}

TEST(OrderRebuild, OtherKinds_AreLeftToTheirOwnRebuilders) {
  MemoryJournal j;
  j.add(encode(sample_venue()));
  auto r = rebuild(j);
  EXPECT_TRUE(r->outcome);
  EXPECT_EQ(r->registry.size(), 0u);
}

}  // namespace
}  // namespace nightdesk::store
