// A person's commands through the TradingDesk (the API's position close/roll/PATCH and order PATCH/DELETE),
// end to end on the simulated engine: scripted quotes, the paper venue, the OrderManager and the desk.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/desk_commands.h"
#include "market/synthetic_market.h"
#include "trading_desk_fixture.h"

namespace nightdesk::engine::testing {
namespace {

using portfolio::CloseAmount;
using portfolio::ManagementActionKind;
using portfolio::ManagementChange;
using portfolio::Percent;
using portfolio::PositionSource;
using portfolio::RollOverrides;

CloseAmount units(std::int64_t n) { return CloseAmount{Quantity(n), std::nullopt}; }

class DeskCommandsTest : public TradingDeskTest {
 public:
  const portfolio::ManagementAction* last_action(const std::string& id, ManagementActionKind kind) {
    const portfolio::ManagementAction* found = nullptr;
    for (const auto& a : position(id).history())
      if (a.kind == kind) found = &a;
    return found;
  }
  // Two-sided quotes 0.20 wide around the spread's marks: a close at the mid rests.
  void widen() {
    quote(put(440), 4.90, 5.10);
    quote(put(430), 2.90, 3.10);
  }
};

TEST_F(DeskCommandsTest, CloseThreeOfTen_FillsAndIsRecordedWithWho) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  auto placed = desk->close_position(id, units(3), "alice");
  ASSERT_TRUE(placed) << placed.error().describe();
  EXPECT_EQ((*placed)->request.quantity, Quantity(3));
  EXPECT_EQ((*placed)->request.source, execution::OrderSource::manual_api);
  advance(1);
  EXPECT_EQ(held(position(id), put(440)), -7);
  EXPECT_EQ(held(position(id), put(430)), 7);
  const auto* action = last_action(id, ManagementActionKind::manual_close);
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->who, "alice");
  EXPECT_EQ(action->order_id, (*placed)->client_order_id().value());
  EXPECT_FALSE(position(id).exit_state().working) << "the position is free again once the close ended";
}

TEST_F(DeskCommandsTest, CloseWhileHalted_PassesAsRiskReducing) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ASSERT_TRUE(desk->halt("alice", "news pending"));
  auto placed = desk->close_position(id, CloseAmount::all(), "alice");
  ASSERT_TRUE(placed) << placed.error().describe();
  advance(1);
  EXPECT_TRUE(position(id).is_flat());
  EXPECT_EQ(desk->metrics().orders_refused, 0u);
}

TEST_F(DeskCommandsTest, SecondCloseWhileTheFirstWorks_Conflict) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  widen();
  auto first = desk->close_position(id, units(2), "alice");
  ASSERT_TRUE(first) << first.error().describe();
  advance(1);
  ASSERT_FALSE(execution::is_terminal((*first)->state)) << "a close at the mid rests";
  auto second = desk->close_position(id, units(1), "bob");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_EQ(second.error().field, "position_id");
}

TEST_F(DeskCommandsTest, CloseOfUnknownOrFlatOrMoreThanHeld_RefusedNamingTheCause) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  EXPECT_EQ(desk->close_position("nope", units(1), "alice").error().code, ErrorCode::not_found);
  auto too_many = desk->close_position(id, units(11), "alice");
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "quantity");
  EXPECT_EQ(desk->close_position(id, CloseAmount{std::nullopt, Percent::points(5)}, "alice").error().field, "pct");
  EXPECT_EQ(desk->close_position(id, units(1), "").error().field, "who");
  ASSERT_TRUE(desk->close_position(id, CloseAmount::all(), "alice"));
  advance(1);
  ASSERT_TRUE(position(id).is_flat());
  auto flat = desk->close_position(id, units(1), "alice");
  ASSERT_FALSE(flat);
  EXPECT_EQ(flat.error().code, ErrorCode::conflict);
}

TEST_F(DeskCommandsTest, RollWithoutATargetExpiry_RefusedAndRecordedWithWho) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();  // the chain lists only February
  auto r = desk->roll_position(id, RollOverrides{}, false, "alice");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "expiry");
  const auto* refused = last_action(id, ManagementActionKind::roll_refused);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->who, "alice");
}

TEST_F(DeskCommandsTest, RealRollWhileHalted_ConflictNamingTheBreaker) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ASSERT_TRUE(desk->halt("alice", "news pending"));
  auto real = desk->roll_position(id, RollOverrides{}, false, "alice");
  ASSERT_FALSE(real);
  EXPECT_EQ(real.error().code, ErrorCode::conflict);
  EXPECT_EQ(real.error().field, "circuit_breaker");
  auto dry = desk->roll_position(id, RollOverrides{}, true, "alice");  // a plan opens nothing: it may be asked for
  ASSERT_FALSE(dry);
  EXPECT_NE(dry.error().field, "circuit_breaker");
}

TEST_F(DeskCommandsTest, RollOfUnknownPositionOrInvalidOverride_Refused) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  EXPECT_EQ(desk->roll_position("nope", RollOverrides{}, true, "alice").error().code, ErrorCode::not_found);
  RollOverrides bad;
  bad.delta_breach = 2.0;
  EXPECT_EQ(desk->roll_position(id, bad, true, "alice").error().field, "delta_breach");
  EXPECT_EQ(desk->roll_position(id, RollOverrides{}, true, " ").error().field, "who");
}

class DeskRollCommandsTest : public DeskCommandsTest {
 public:
  // A 2-unit bot-managed spread in the 2025-01-17 expiry on the synthetic chain of 2025-01-15.
  std::string open_near_spread() {
    market::SyntheticConfig synthetic;
    synthetic.seed = 7;
    synthetic.start = Date{std::chrono::year{2025}, std::chrono::January, std::chrono::day{15}};
    synthetic.trading_days = 1;
    auto feed = market::SyntheticFeed::create(synthetic, nyse());
    EXPECT_TRUE(feed && loop.run(**feed));
    const market::OptionChain* chain = desk->chains().chain("SPY");
    const Price atm = *chain->atm_strike(*chain->expiry(kExpiry));
    const market::Instrument short_leg = put(atm.to_double() - 5, kExpiry), long_leg = put(atm.to_double() - 15, kExpiry);
    OrderRequest open;
    open.client_order_id = ClientOrderId("open-roll");
    open.legs = {OrderLeg{short_leg, 1, Side::sell}, OrderLeg{long_leg, 1, Side::buy}};
    open.quantity = Quantity(2);
    open.limit_price = manager->quotes().find(long_leg)->ask - manager->quotes().find(short_leg)->bid;
    auto placed = send(open);
    EXPECT_TRUE(placed);
    advance(1);
    return placed ? (*placed)->request.parent_position_id : std::string();
  }
};

TEST_F(DeskRollCommandsTest, DryRunRoll_ReturnsThePlanAndSendsNothing) {
  TradingDeskConfig config;
  config.management.exits.stop_loss.enabled = false;
  config.management.roll.enabled = false;  // the bot leaves it alone; the person asks
  open_desk(1'000'000, config);
  const std::string id = open_near_spread();
  const auto submitted = manager->metrics().orders_submitted;
  RollOverrides o;
  o.require_credit = false;
  auto r = desk->roll_position(id, o, true, "alice");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->order);
  EXPECT_EQ(r->plan.reason, portfolio::RollReason::requested);
  EXPECT_GT(r->plan.to_expiry, kExpiry);
  EXPECT_EQ(manager->metrics().orders_submitted, submitted);
  EXPECT_EQ(desk->portfolio().active_roll(id), nullptr);
}

TEST_F(DeskRollCommandsTest, RequestedRoll_StartsAndFillsAsOneCombo) {
  TradingDeskConfig config;
  config.management.exits.stop_loss.enabled = false;
  config.management.roll.enabled = false;
  open_desk(1'000'000, config);
  const std::string id = open_near_spread();
  RollOverrides o;
  o.require_credit = false;
  auto r = desk->roll_position(id, o, false, "alice");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->order);
  EXPECT_EQ(r->order->legs.size(), 4u);
  advance(900);
  ASSERT_FALSE(desk->portfolio().roll_history().empty());
  EXPECT_TRUE(desk->portfolio().roll_history().back().success) << desk->portfolio().roll_history().back().error;
  for (const auto& leg : position(id).legs()) EXPECT_GT(leg.instrument.expiry, kExpiry);
}

TEST_F(DeskCommandsTest, HandOverToManual_TheBotTakesNoProfitThenBackToTheBot) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ManagementChange manual;
  manual.source = PositionSource::manual;
  ASSERT_TRUE(desk->manage_position(id, manual, "alice"));
  mark(put(430), 1.50);
  mark(put(440), 2.50);  // +50%: the ladder's first level
  advance(1);
  EXPECT_EQ(desk->metrics().exits_produced, 0u);
  EXPECT_EQ(desk->metrics().positions_manual, 1u);
  ManagementChange bot;
  bot.source = PositionSource::bot_managed;
  ASSERT_TRUE(desk->manage_position(id, bot, "alice"));
  desk->manage_now();
  advance(1);
  EXPECT_EQ(desk->metrics().exits_produced, 1u);
  EXPECT_EQ(held(position(id), put(440)), -7);
}

TEST_F(DeskCommandsTest, StopOverrideForOnePosition_FiresWhereTheGlobalStopWouldNot) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ManagementChange change;
  change.overrides.exits.stop_loss = Percent::points(-50);
  auto effective = desk->manage_position(id, change, "alice");
  ASSERT_TRUE(effective) << effective.error().describe();
  EXPECT_EQ(effective->exits.stop_loss.stop, Percent::points(-50));
  mark(put(440), 6.00);  // net 3.00: -50% of the 2.00 credit (the global stop is -200%)
  advance(1);
  EXPECT_TRUE(has_action(position(id), ManagementActionKind::stop_loss));
  EXPECT_TRUE(position(id).is_flat());
}

TEST_F(DeskCommandsTest, InvalidManagementChange_RefusedNamingTheKey) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ManagementChange change;
  change.overrides.roll.min_target_dte = 50;
  change.overrides.roll.max_target_dte = 40;
  auto r = desk->manage_position(id, change, "alice");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "min_target_dte");
  EXPECT_EQ(desk->portfolio().overrides(id), nullptr);
}

TEST_F(DeskCommandsTest, ReplaceRestingOrder_ByPerson_WorksAtTheNewPrice) {
  open_desk(1'000'000);
  spy(450);
  quote(put(440), 4.90, 5.10);
  auto placed = send(limit(put(440), Side::sell, 1, 5.50));  // rests above the bid
  ASSERT_TRUE(placed) << placed.error().describe();
  advance(1);
  const ClientOrderId id = (*placed)->client_order_id();
  ASSERT_TRUE(desk->replace_order(id, OrderChange{px(5.40), std::nullopt}, "alice"));
  advance(1);
  EXPECT_EQ(desk->order(id)->request.limit_price, px(5.40));
  EXPECT_EQ(desk->order(id)->request.quantity, Quantity(1));
}

TEST_F(DeskCommandsTest, ReplaceRaisingQuantityOverRiskPerTrade_RefusedByRisk) {
  open_desk(100'000);  // 2% = 2,000 at risk per trade; one 10-wide spread for 2.00 risks 800
  spy(450);
  quote(put(440), 4.90, 5.10);
  quote(put(430), 2.90, 3.10);
  auto placed = send(put_spread(440, 430, 1, 2.50));  // asks 2.50 where 2.00 is the mid: rests
  ASSERT_TRUE(placed) << placed.error().describe();
  advance(1);
  const ClientOrderId id = (*placed)->client_order_id();
  auto r = desk->replace_order(id, OrderChange{std::nullopt, Quantity(10)}, "alice");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "risk_per_trade");
  EXPECT_EQ(desk->order(id)->request.quantity, Quantity(1));
  EXPECT_EQ(desk->metrics().refusals("risk_per_trade"), 1u);
}

TEST_F(DeskCommandsTest, ReplaceOrCancelWithBadInput_Refused) {
  open_desk(1'000'000);
  spy(450);
  quote(put(440), 4.90, 5.10);
  auto placed = send(limit(put(440), Side::sell, 1, 5.50));
  ASSERT_TRUE(placed);
  advance(1);
  const ClientOrderId id = (*placed)->client_order_id();
  EXPECT_EQ(desk->replace_order(id, OrderChange{}, "alice").error().field, "order");
  EXPECT_EQ(desk->replace_order(id, OrderChange{px(5.40), std::nullopt}, "").error().field, "who");
  EXPECT_EQ(desk->replace_order(ClientOrderId("nope"), OrderChange{px(5.40), std::nullopt}, "alice").error().code, ErrorCode::not_found);
  EXPECT_EQ(desk->cancel_order(id, " ").error().field, "who");
  ASSERT_TRUE(desk->cancel_order(id, "alice"));
  advance(1);
  EXPECT_EQ(desk->order(id)->state, OrderState::cancelled);
  EXPECT_EQ(desk->cancel_order(id, "alice").error().code, ErrorCode::conflict);
  EXPECT_EQ(desk->replace_order(id, OrderChange{px(5.40), std::nullopt}, "alice").error().code, ErrorCode::conflict);
}

// The API's path: a command from another thread, answered by the engine thread with copied values.
TEST_F(DeskCommandsTest, CommandFromAnotherThread_AnsweredByTheEngineWithACopy) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  DeskCommands commands(loop, *desk, std::chrono::seconds(10));
  std::atomic<bool> done{false};
  Result<execution::Order> answer = fail(ErrorCode::internal, "not answered");
  Result<execution::Order> refused = fail(ErrorCode::internal, "not answered");
  std::thread api([&] {
    refused = commands.close_position("nope", units(1), "alice");
    answer = commands.close_position(id, units(2), "alice");
    done = true;
  });
  while (!done) {
    ASSERT_TRUE(loop.run_until(loop.now()));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  api.join();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  ASSERT_TRUE(answer) << answer.error().describe();
  EXPECT_EQ(answer->request.quantity, Quantity(2));
  EXPECT_EQ(answer->request.parent_position_id, id);
}

TEST_F(DeskCommandsTest, EngineNotRunning_CommandTimesOutAsUnavailable) {
  open_desk(1'000'000);
  DeskCommands commands(loop, *desk, std::chrono::milliseconds(20));
  auto r = commands.cancel_order(ClientOrderId("x"), "alice");  // the loop never turns in this test
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(r.error().field, "engine");
}

}  // namespace
}  // namespace nightdesk::engine::testing
