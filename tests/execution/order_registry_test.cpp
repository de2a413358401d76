#include "execution/order_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "execution/order_fixtures.h"
#include "execution/order_state_machine.h"

namespace nightdesk::execution {
namespace {

using namespace testing;

TEST(OrderRegistry, SameClientIdSameContent_ReturnsTheExistingOrder) {
  OrderRegistry registry;
  auto first = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0));
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  auto again = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(3));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->order, first->order);
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(again->order->created_time, at_seconds(0));
}

TEST(OrderRegistry, SameClientIdDifferentContent_IsAConflict) {
  OrderRegistry registry;
  ASSERT_TRUE(registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0)));
  auto clash = registry.add(limit_order("ord-1", Side::buy, 6, 2.00), at_seconds(1));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::conflict);
  EXPECT_EQ(clash.error().field, "client_order_id");
  EXPECT_EQ(registry.find(ClientOrderId("ord-1"))->request.quantity, Quantity(5));
}

TEST(OrderRegistry, ResubmitAfterReplace_IsStillIdempotent) {
  OrderRegistry registry;
  Order* o = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0))->order;
  ASSERT_TRUE(submit(*o, at_seconds(0)));
  ASSERT_TRUE(registry.apply(report(*o, ExecutionReportKind::accepted), at_seconds(1)));
  ASSERT_TRUE(request_replace(*o, ReplaceTerms{px(2.10), Quantity(5)}, at_seconds(2)));
  ASSERT_TRUE(registry.apply(report(*o, ExecutionReportKind::replaced), at_seconds(3)));
  auto again = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(4));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
}

TEST(OrderRegistry, InvalidRequest_IsRefusedAndNotHeld) {
  OrderRegistry registry;
  ASSERT_FALSE(registry.add(limit_order("ord-1", Side::buy, 0, 2.00), at_seconds(0)));
  EXPECT_EQ(registry.size(), 0u);
}

TEST(OrderRegistry, ReportByVenueIdOnly_FindsTheOrder) {
  OrderRegistry registry;
  Order* o = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0))->order;
  ASSERT_TRUE(submit(*o, at_seconds(0)));
  ASSERT_TRUE(registry.apply(report(*o, ExecutionReportKind::accepted), at_seconds(1)));
  EXPECT_EQ(registry.find_by_venue_id(OrderId("V-ord-1")), o);
  ExecutionReport cancel = report(*o, ExecutionReportKind::cancelled, "venue halted");
  cancel.client_order_id = ClientOrderId();
  auto applied = registry.apply(cancel, at_seconds(2));
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(o->state, OrderState::cancelled);
}

TEST(OrderRegistry, ReportForUnknownOrder_IsNotFound) {
  OrderRegistry registry;
  Order stranger(limit_order("ghost", Side::buy, 1, 1.00), at_seconds(0));
  auto r = registry.apply(report(stranger, ExecutionReportKind::accepted), at_seconds(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_EQ(registry.size(), 0u);
}

TEST(OrderRegistry, CountingOpenOrders_NeverMutates) {
  OrderRegistry registry;
  Order* a = registry.add(limit_order("a", Side::buy, 1, 1.00), at_seconds(0))->order;
  Order* b = registry.add(limit_order("b", Side::sell, 1, 1.00), at_seconds(0))->order;
  ASSERT_TRUE(submit(*a, at_seconds(0)));
  ASSERT_TRUE(submit(*b, at_seconds(0)));
  ASSERT_TRUE(registry.apply(report(*b, ExecutionReportKind::rejected, "closed"), at_seconds(1)));
  const OrderRegistry& view = registry;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(view.open_count(), 1u);
    EXPECT_EQ(view.count_in_state(OrderState::pending_submit), 1u);
    EXPECT_EQ(view.count_in_state(OrderState::accepted), 0u);
    EXPECT_EQ(view.open_orders().size(), 1u);
  }
  EXPECT_EQ(view.size(), 2u);
  EXPECT_EQ(view.find(ClientOrderId("nobody")), nullptr);
  EXPECT_EQ(view.size(), 2u);
  EXPECT_EQ(a->history.size(), 1u);
}

TEST(OrderRegistry, PruneClosed_DropsOnlyOldTerminalOrders) {
  OrderRegistry registry;
  Order* done = registry.add(limit_order("done", Side::buy, 1, 1.00), at_seconds(0))->order;
  registry.add(limit_order("live", Side::buy, 1, 1.00), at_seconds(0));
  ASSERT_TRUE(reject_before_submit(*done, "risk", at_seconds(1)));
  EXPECT_EQ(registry.prune_closed_before(at_seconds(1)), 0u);
  EXPECT_EQ(registry.prune_closed_before(at_seconds(2)), 1u);
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_NE(registry.find(ClientOrderId("live")), nullptr);
}

TEST(OrderRegistry, Handle_FindsTheOrderUntilPruned_ThenTheSlotServesANewOrder) {
  OrderRegistry registry;
  auto added = registry.add(limit_order("first", Side::buy, 1, 1.00), at_seconds(0));
  ASSERT_TRUE(added);
  const OrderHandle first = added->handle;
  EXPECT_TRUE(first.valid());
  EXPECT_EQ(registry.find(first), added->order);
  EXPECT_EQ(registry.handle_of(ClientOrderId("first")), first);
  EXPECT_EQ(registry.add(limit_order("first", Side::buy, 1, 1.00), at_seconds(1))->handle, first) << "idempotent";
  ASSERT_TRUE(reject_before_submit(*added->order, "risk", at_seconds(1)));
  ASSERT_EQ(registry.prune_closed_before(at_seconds(2)), 1u);
  EXPECT_EQ(registry.find(first), nullptr) << "a stale handle finds nothing";
  EXPECT_FALSE(registry.handle_of(ClientOrderId("first")).valid());
  auto second = registry.add(limit_order("second", Side::buy, 1, 1.00), at_seconds(3));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->handle.slot, first.slot) << "the slot is reused";
  EXPECT_NE(second->handle, first);
  EXPECT_EQ(registry.find(first), nullptr);
  EXPECT_EQ(registry.find(second->handle)->client_order_id(), ClientOrderId("second"));
  EXPECT_EQ(registry.slot_count(), 1u);
}

TEST(OrderRegistry, Locate_ByClientIdElseVenueId_EmptyWhenUnknown) {
  OrderRegistry registry;
  auto added = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0));
  Order* o = added->order;
  ASSERT_TRUE(submit(*o, at_seconds(0)));
  ASSERT_TRUE(registry.apply(added->handle, report(*o, ExecutionReportKind::accepted), at_seconds(1)));
  ExecutionReport by_venue = report(*o, ExecutionReportKind::cancelled);
  by_venue.client_order_id = ClientOrderId();
  EXPECT_EQ(registry.locate(by_venue), added->handle);
  by_venue.order_id = OrderId("V-nobody");
  EXPECT_FALSE(registry.locate(by_venue).valid());
  auto unknown = registry.apply(OrderHandle{}, report(*o, ExecutionReportKind::cancelled), at_seconds(2));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

TEST(OrderRegistry, PrunedRecordReused_TheNewOrderStartsFresh) {
  OrderRegistry registry;
  Order* old = registry.add(limit_order("old", Side::buy, 5, 2.00), at_seconds(0))->order;
  ASSERT_TRUE(submit(*old, at_seconds(0)));
  ASSERT_TRUE(registry.apply(report(*old, ExecutionReportKind::accepted), at_seconds(1)));
  ASSERT_TRUE(registry.apply(fill_report(*old, 0, 5, 2.00), at_seconds(2)));
  ASSERT_EQ(old->state, OrderState::filled);
  ASSERT_EQ(registry.prune_closed_before(at_seconds(3)), 1u);
  auto added = registry.add(limit_order("new", Side::sell, 3, 1.50), at_seconds(4));
  ASSERT_TRUE(added);
  const Order& fresh = *added->order;
  const Order expected(limit_order("new", Side::sell, 3, 1.50), at_seconds(4));
  EXPECT_EQ(fresh.request, expected.request);
  EXPECT_EQ(fresh.state, OrderState::new_order);
  EXPECT_TRUE(fresh.order_id.empty());
  EXPECT_TRUE(fresh.history.empty());
  EXPECT_TRUE(fresh.fills.empty());
  EXPECT_EQ(fresh.filled_quantity(), Quantity(0));
  EXPECT_EQ(fresh.fees, Money());
  EXPECT_EQ(fresh.replace_count, 0);
  EXPECT_EQ(fresh.created_time, at_seconds(4));
  EXPECT_EQ(registry.find_by_venue_id(OrderId("V-old")), nullptr);
  EXPECT_FALSE(registry.add(limit_order("new", Side::sell, 4, 1.50), at_seconds(5))) << "idempotency uses the new original";
}

// Pruned orders' index nodes are reused by the next orders: ids, venue ids and lookups stay exact.
TEST(OrderRegistry, PrunedIdsReusedForNewOrders_EveryLookupFindsTheNewOrderOnly) {
  OrderRegistry registry;
  for (int round = 0; round < 3; ++round) {
    std::vector<OrderHandle> handles;
    for (int i = 0; i < 4; ++i) {
      const std::string id = "r" + std::to_string(round) + "-" + std::to_string(i);
      auto added = registry.add(limit_order(id, Side::buy, 1, 1.00), at_seconds(10 * round));
      ASSERT_TRUE(added);
      ASSERT_TRUE(added->created);
      ASSERT_TRUE(submit(*added->order, at_seconds(10 * round)));
      ASSERT_TRUE(registry.apply(added->handle, report(*added->order, ExecutionReportKind::accepted), at_seconds(10 * round)));
      handles.push_back(added->handle);
    }
    for (int i = 0; i < 4; ++i) {
      const std::string id = "r" + std::to_string(round) + "-" + std::to_string(i);
      EXPECT_EQ(registry.handle_of(ClientOrderId(id)), handles[i]);
      ASSERT_NE(registry.find_by_venue_id(OrderId("V-" + id)), nullptr);
      EXPECT_EQ(registry.find_by_venue_id(OrderId("V-" + id))->client_order_id(), ClientOrderId(id));
      if (round > 0) {
        const std::string old = "r" + std::to_string(round - 1) + "-" + std::to_string(i);
        EXPECT_EQ(registry.find(ClientOrderId(old)), nullptr);
        EXPECT_EQ(registry.find_by_venue_id(OrderId("V-" + old)), nullptr);
      }
      Order* o = registry.find(handles[i]);
      ASSERT_TRUE(registry.apply(report(*o, ExecutionReportKind::cancelled), at_seconds(10 * round + 1)));
    }
    EXPECT_EQ(registry.size(), 4u);
    ASSERT_EQ(registry.prune_closed_before(at_seconds(10 * round + 2)), 4u);
    EXPECT_EQ(registry.size(), 0u);
  }
}

TEST(OrderRegistry, InvalidRequestUnderAHeldId_IsAConflictNotAnInvalidArgument) {
  OrderRegistry registry;
  ASSERT_TRUE(registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0)));
  auto clash = registry.add(limit_order("ord-1", Side::buy, 0, 2.00), at_seconds(1));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::conflict);
  auto invalid = registry.add(limit_order("ord-2", Side::buy, 0, 2.00), at_seconds(1));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(registry.size(), 1u);
}

TEST(OrderRegistry, Locate_ByEchoedHandle_OnlyWhenItNamesTheReportsOrder) {
  OrderRegistry registry;
  auto one = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0));
  auto two = registry.add(limit_order("ord-2", Side::buy, 5, 2.00), at_seconds(0));
  ExecutionReport about_one = report(*one->order, ExecutionReportKind::accepted);
  about_one.engine_order = one->handle;
  EXPECT_EQ(registry.locate(about_one), one->handle);
  about_one.engine_order = two->handle;  // a handle naming another order: the client id decides
  EXPECT_EQ(registry.locate(about_one), one->handle);
  about_one.engine_order = OrderHandle{one->handle.slot, one->handle.generation + 1};  // stale
  EXPECT_EQ(registry.locate(about_one), one->handle);
  ExecutionReport unknown = about_one;
  unknown.client_order_id = ClientOrderId("ord-9");
  unknown.engine_order = one->handle;  // the handle alone never names an order
  EXPECT_FALSE(registry.locate(unknown).valid());
}

TEST(OrderRegistry, ResubmitAfterTheWalkMovedTheLimit_IsStillIdempotent_OtherTermsStillConflict) {
  OrderRegistry registry;
  Order* o = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(0))->order;
  o->request.limit_price = px(1.90);  // the smart walk opens at the mid
  auto again = registry.add(limit_order("ord-1", Side::buy, 5, 2.00), at_seconds(1));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_FALSE(registry.add(limit_order("ord-1", Side::buy, 5, 1.90), at_seconds(1)));
  auto other_tag = limit_order("ord-1", Side::buy, 5, 2.00);
  other_tag.strategy_tag = "someone-else";
  auto clash = registry.add(other_tag, at_seconds(1));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::conflict);
  EXPECT_EQ(o->request.limit_price, px(1.90));  // the held order is untouched
}

// Venue ids learnt from acknowledgements are found however the registry indexes them: after a prune that
// drops some acknowledged orders no one looked up, the others are still found by venue id, the dropped not.
TEST(OrderRegistry, AcknowledgedThenPrunedWithoutLookups_OnlyTheOrdersKeptAreFoundByVenueId) {
  OrderRegistry registry;
  Order* gone = registry.add(limit_order("gone", Side::buy, 1, 1.00), at_seconds(0))->order;
  Order* kept = registry.add(limit_order("kept", Side::buy, 1, 1.00), at_seconds(0))->order;
  for (Order* o : {gone, kept}) {
    ASSERT_TRUE(submit(*o, at_seconds(0)));
    ASSERT_TRUE(registry.apply(report(*o, ExecutionReportKind::accepted), at_seconds(1)));
  }
  ASSERT_TRUE(registry.apply(report(*gone, ExecutionReportKind::cancelled), at_seconds(2)));
  ASSERT_EQ(registry.prune_closed_before(at_seconds(3)), 1u);
  EXPECT_EQ(registry.find_by_venue_id(OrderId("V-gone")), nullptr);
  EXPECT_EQ(registry.find_by_venue_id(OrderId("V-kept")), kept);
  ExecutionReport by_venue_id = report(*kept, ExecutionReportKind::cancelled);
  by_venue_id.client_order_id = ClientOrderId();
  auto applied = registry.apply(by_venue_id, at_seconds(4));
  ASSERT_TRUE(applied) << applied.error().describe();
  EXPECT_EQ(*applied, kept);
}

// A venue that hands out one id twice: the first order acknowledged holds it; pruning either order frees it.
TEST(OrderRegistry, VenueIdAcknowledgedTwice_FirstHoldsIt_PruningEitherFreesIt) {
  for (bool prune_first : {true, false}) {
    OrderRegistry registry;
    Order* first = registry.add(limit_order("first", Side::buy, 1, 1.00), at_seconds(0))->order;
    Order* second = registry.add(limit_order("second", Side::buy, 1, 1.00), at_seconds(0))->order;
    for (Order* o : {first, second}) {
      ASSERT_TRUE(submit(*o, at_seconds(0)));
      ExecutionReport ack = report(*o, ExecutionReportKind::accepted);
      ack.order_id = OrderId("V-same");
      ASSERT_TRUE(registry.apply(ack, at_seconds(1)));
    }
    if (!prune_first) {
      EXPECT_EQ(registry.find_by_venue_id(OrderId("V-same")), first);
    }
    Order* ended = prune_first ? first : second;
    ASSERT_TRUE(registry.apply(report(*ended, ExecutionReportKind::cancelled), at_seconds(2)));
    ASSERT_EQ(registry.prune_closed_before(at_seconds(3)), 1u);
    EXPECT_EQ(registry.find_by_venue_id(OrderId("V-same")), nullptr) << "prune_first " << prune_first;
  }
}

}  // namespace
}  // namespace nightdesk::execution
