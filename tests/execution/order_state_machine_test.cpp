#include "execution/order_state_machine.h"

#include <map>
#include <utility>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "execution/order_fixtures.h"

namespace nightdesk::execution {
namespace {

using namespace testing;
using S = OrderState;
using E = OrderEvent;

// The spec's state machine written out independently of the implementation's table.
// A value of nullopt-like "stay" is written as the same state; "working" as accepted/partially_filled
// depending on the fixture (below, orders reach pending_* from accepted, so working = accepted).
const std::map<std::pair<S, E>, S>& legal() {
  static const std::map<std::pair<S, E>, S> table{
      {{S::new_order, E::submit}, S::pending_submit},
      {{S::new_order, E::reject}, S::rejected},
      {{S::pending_submit, E::accept}, S::accepted},
      {{S::pending_submit, E::reject}, S::rejected},
      {{S::pending_submit, E::partial_fill}, S::partially_filled},
      {{S::pending_submit, E::fill}, S::filled},
      {{S::pending_submit, E::cancel}, S::cancelled},
      {{S::pending_submit, E::expire}, S::expired},
      {{S::accepted, E::partial_fill}, S::partially_filled},
      {{S::accepted, E::fill}, S::filled},
      {{S::accepted, E::request_cancel}, S::pending_cancel},
      {{S::accepted, E::cancel}, S::cancelled},
      {{S::accepted, E::request_replace}, S::pending_replace},
      {{S::accepted, E::expire}, S::expired},
      {{S::partially_filled, E::partial_fill}, S::partially_filled},
      {{S::partially_filled, E::fill}, S::filled},
      {{S::partially_filled, E::request_cancel}, S::pending_cancel},
      {{S::partially_filled, E::cancel}, S::cancelled},
      {{S::partially_filled, E::request_replace}, S::pending_replace},
      {{S::partially_filled, E::expire}, S::expired},
      {{S::pending_cancel, E::partial_fill}, S::pending_cancel},
      {{S::pending_cancel, E::fill}, S::filled},
      {{S::pending_cancel, E::cancel}, S::cancelled},
      {{S::pending_cancel, E::cancel_reject}, S::accepted},
      {{S::pending_cancel, E::expire}, S::expired},
      {{S::pending_replace, E::partial_fill}, S::pending_replace},
      {{S::pending_replace, E::fill}, S::filled},
      {{S::pending_replace, E::replace}, S::accepted},
      {{S::pending_replace, E::replace_reject}, S::accepted},
      {{S::pending_replace, E::cancel}, S::cancelled},
      {{S::pending_replace, E::expire}, S::expired},
      {{S::filled, E::cancel_reject}, S::filled},
      {{S::filled, E::replace_reject}, S::filled},
      {{S::cancelled, E::cancel_reject}, S::cancelled},
      {{S::cancelled, E::replace_reject}, S::cancelled},
      {{S::rejected, E::cancel_reject}, S::rejected},
      {{S::rejected, E::replace_reject}, S::rejected},
      {{S::expired, E::cancel_reject}, S::expired},
      {{S::expired, E::replace_reject}, S::expired},
  };
  return table;
}

constexpr Timestamp kT0{};

Status fire(Order& o, E event, Timestamp t) {
  switch (event) {
    case E::submit: return submit(o, t);
    case E::accept: return apply(o, report(o, ExecutionReportKind::accepted), t);
    case E::reject: return apply(o, report(o, ExecutionReportKind::rejected, "venue says no"), t);
    case E::partial_fill: return apply(o, fill_report(o, 0, 1, 2.00), t);
    case E::fill: return apply(o, fill_report(o, 0, std::max<std::int64_t>(1, o.leaves_quantity().count()), 2.00), t);
    case E::request_cancel: return request_cancel(o, t);
    case E::cancel: return apply(o, report(o, ExecutionReportKind::cancelled), t);
    case E::cancel_reject: return apply(o, report(o, ExecutionReportKind::cancel_rejected, "too late"), t);
    case E::request_replace: return request_replace(o, ReplaceTerms{px(2.10), o.request.quantity}, t);
    case E::replace: return apply(o, report(o, ExecutionReportKind::replaced), t);
    case E::replace_reject: return apply(o, report(o, ExecutionReportKind::replace_rejected, "no"), t);
    case E::expire: return apply(o, report(o, ExecutionReportKind::expired, "day over"), t);
  }
  return ok();
}

// An order of 10 brought to `state` through real transitions.
Order order_in(S state) {
  Order o(limit_order("ord-1", Side::buy, 10, 2.00), kT0);
  auto go = [&](std::initializer_list<E> events) {
    for (E e : events) EXPECT_TRUE(fire(o, e, kT0)) << to_string(e);
  };
  switch (state) {
    case S::new_order: break;
    case S::pending_submit: go({E::submit}); break;
    case S::accepted: go({E::submit, E::accept}); break;
    case S::partially_filled: go({E::submit, E::accept, E::partial_fill}); break;
    case S::filled: go({E::submit, E::accept, E::fill}); break;
    case S::pending_cancel: go({E::submit, E::accept, E::request_cancel}); break;
    case S::cancelled: go({E::submit, E::accept, E::request_cancel, E::cancel}); break;
    case S::pending_replace: go({E::submit, E::accept, E::request_replace}); break;
    case S::rejected: go({E::submit, E::reject}); break;
    case S::expired: go({E::submit, E::accept, E::expire}); break;
  }
  EXPECT_EQ(o.state, state);
  return o;
}

TEST(OrderStateMachine, EveryStateEventPair_FollowsTheSpecTable) {
  int legal_seen = 0;
  for (int s = 0; s < kOrderStateCount; ++s) {
    for (int e = 0; e < kOrderEventCount; ++e) {
      S state = static_cast<S>(s);
      E event = static_cast<E>(e);
      SCOPED_TRACE(fmt::format("{} + {}", to_string(state), to_string(event)));
      Order o = order_in(state);
      std::size_t history_before = o.history.size();
      std::uint64_t refused_before = refused_transition_count();
      Status result = fire(o, event, kT0 + std::chrono::seconds(1));
      auto expected = legal().find({state, event});
      if (expected == legal().end()) {
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, ErrorCode::conflict);
        EXPECT_EQ(o.state, state);
        EXPECT_EQ(o.history.size(), history_before);
        EXPECT_EQ(refused_transition_count(), refused_before + 1);
        EXPECT_EQ(transition(state, event).rule, TransitionRule::illegal);
      } else {
        ++legal_seen;
        ASSERT_TRUE(result) << result.error().describe();
        EXPECT_EQ(o.state, expected->second);
        ASSERT_EQ(o.history.size(), history_before + 1);
        EXPECT_EQ(o.history.back().from, state);
        EXPECT_EQ(o.history.back().to, expected->second);
        EXPECT_EQ(o.history.back().event, event);
        EXPECT_EQ(o.history.back().engine_time, kT0 + std::chrono::seconds(1));
        EXPECT_EQ(refused_transition_count(), refused_before);
      }
    }
  }
  EXPECT_EQ(legal_seen, static_cast<int>(legal().size()));
}

TEST(OrderStateMachine, CancelRejectAfterPartialFill_ReturnsToPartiallyFilled) {
  Order o = order_in(S::partially_filled);
  ASSERT_TRUE(request_cancel(o, kT0));
  ASSERT_TRUE(fire(o, E::cancel_reject, kT0));
  EXPECT_EQ(o.state, S::partially_filled);
  EXPECT_EQ(o.history.back().reason, "too late");
}

TEST(OrderStateMachine, Replace_UpdatesWorkingTermsAndCounts) {
  Order o = order_in(S::accepted);
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(2.15), Quantity(10)}, kT0));
  EXPECT_EQ(o.request.limit_price, px(2.00));  // old terms work until the venue confirms
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), kT0));
  EXPECT_EQ(o.request.limit_price, px(2.15));
  EXPECT_EQ(o.replace_count, 1);
  EXPECT_FALSE(o.pending_replace.has_value());
}

TEST(OrderStateMachine, ReplaceReject_KeepsOldTerms) {
  Order o = order_in(S::accepted);
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(2.15), Quantity(10)}, kT0));
  ASSERT_TRUE(fire(o, E::replace_reject, kT0));
  EXPECT_EQ(o.request.limit_price, px(2.00));
  EXPECT_EQ(o.replace_count, 0);
  EXPECT_EQ(o.state, S::accepted);
}

TEST(OrderStateMachine, FillDuringPendingReplace_IsAppliedAndReplaceWorksTheRest) {
  Order o = order_in(S::accepted);
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(2.15), Quantity(10)}, kT0));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 4, 2.00), kT0));
  EXPECT_EQ(o.state, S::pending_replace);
  EXPECT_EQ(o.leaves_quantity(), Quantity(6));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), kT0));
  EXPECT_EQ(o.state, S::partially_filled);
  EXPECT_EQ(o.leaves_quantity(), Quantity(6));
}

TEST(OrderStateMachine, ReplaceDownToFilledQuantity_CompletesTheOrder) {
  Order o = order_in(S::accepted);
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(2.15), Quantity(5)}, kT0));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 5, 2.00), kT0));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), kT0));
  EXPECT_EQ(o.state, S::filled);
}

TEST(OrderStateMachine, ReplaceAtOrBelowFilled_IsRefused) {
  Order o = order_in(S::partially_filled);
  auto s = request_replace(o, ReplaceTerms{px(2.15), Quantity(1)}, kT0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "quantity");
  EXPECT_EQ(o.state, S::partially_filled);
}

TEST(OrderStateMachine, Overfill_IsRefusedAndChangesNothing) {
  Order o = order_in(S::accepted);
  auto s = apply(o, fill_report(o, 0, 11, 2.00), kT0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::conflict);
  EXPECT_TRUE(o.fills.empty());
  EXPECT_EQ(o.state, S::accepted);
}

TEST(OrderStateMachine, ReplayedFillId_IsRefused) {
  Order o = order_in(S::accepted);
  ASSERT_TRUE(apply(o, fill_report(o, 0, 2, 2.00, "X1"), kT0));
  auto s = apply(o, fill_report(o, 0, 2, 2.00, "X1"), kT0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "fill_id");
  EXPECT_EQ(o.filled_quantity(), Quantity(2));
}

TEST(OrderStateMachine, FillOnUnknownLeg_IsRefused) {
  Order o = order_in(S::accepted);
  ASSERT_FALSE(apply(o, fill_report(o, 1, 1, 2.00), kT0));
}

TEST(OrderStateMachine, ReportForAnotherOrder_IsRefused) {
  Order o = order_in(S::accepted);
  ExecutionReport r = report(o, ExecutionReportKind::cancelled);
  r.client_order_id = ClientOrderId("ord-other");
  ASSERT_FALSE(apply(o, r, kT0));
  r = report(o, ExecutionReportKind::cancelled);
  r.order_id = OrderId("V-someone-else");
  auto s = apply(o, r, kT0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "order_id");
}

TEST(OrderStateMachine, AcceptWithoutVenueId_IsRefused) {
  Order o = order_in(S::pending_submit);
  ExecutionReport r = report(o, ExecutionReportKind::accepted);
  r.order_id = OrderId();
  ASSERT_FALSE(apply(o, r, kT0));
  EXPECT_EQ(o.state, S::pending_submit);
}

TEST(OrderStateMachine, SubmitInvalidRequest_IsRefused) {
  Order o(limit_order("ord-1", Side::buy, 0, 2.00), kT0);
  ASSERT_FALSE(submit(o, kT0));
  EXPECT_EQ(o.state, S::new_order);
}

TEST(OrderStateMachine, RejectBeforeSubmit_RecordsReason) {
  Order o(limit_order("ord-1", Side::buy, 1, 2.00), kT0);
  ASSERT_TRUE(reject_before_submit(o, "rate limit: queue full", kT0));
  EXPECT_EQ(o.state, S::rejected);
  EXPECT_EQ(o.history.back().reason, "rate limit: queue full");
}

TEST(OrderStateMachine, ComboIsFilledOnlyWhenEveryLegIs) {
  Order o(vertical_order("ord-v", 2, 1.00), kT0);
  ASSERT_TRUE(submit(o, kT0));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::accepted), kT0));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 2, 3.00), kT0));
  EXPECT_EQ(o.state, S::partially_filled);
  EXPECT_EQ(o.filled_quantity(), Quantity(0));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 2, 2.00), kT0));
  EXPECT_EQ(o.state, S::filled);
  EXPECT_EQ(o.filled_quantity(), Quantity(2));
}

TEST(OrderStateMachine, StateNames_AreTheSpecs) {
  EXPECT_EQ(to_string(S::new_order), "new");
  EXPECT_EQ(to_string(S::partially_filled), "partially_filled");
  EXPECT_EQ(to_string(E::replace_reject), "replace_reject");
}

}  // namespace
}  // namespace nightdesk::execution
