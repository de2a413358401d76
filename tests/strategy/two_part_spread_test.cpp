// The two-part spread on the scripted XYZ chain (desk_fixture.h): the debit call vertical first, then the
// credit put vertical for a net credit; a credit side that does not fill in time is cancelled.
#include "strategy/two_part_spread.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desk_fixture.h"

namespace nightdesk::strategy::testing {
namespace {

TwoPartSpreadParams params(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json j = {{"underlying", "XYZ"}, {"execution", "direct"}, {"credit_timeout_minutes", 60}};
  j.update(overrides);
  auto p = parse_two_part_spread(j);
  EXPECT_TRUE(p) << p.error().describe();
  return p ? *p : TwoPartSpreadParams{};
}

class TwoPartSpreadTest : public DeskFixture {
 public:
  TwoPartSpread* spread = nullptr;
  void start(TwoPartSpreadParams p) {
    auto owned = std::make_unique<TwoPartSpread>("two", std::move(p));
    spread = owned.get();
    ASSERT_TRUE(host->add(std::move(owned)));
    publish_chain();
    advance_minutes(1);
  }
};

TEST_F(TwoPartSpreadTest, DebitFillsThenCreditRestsAtDebitPlusMinimum) {
  open();
  start(params());
  // Debit: long call 100 (0.534 in 0.45-0.55) at 2.45, short call 105 at 0.70: 1.75 paid.
  const execution::Order* debit = manager->find(execution::ClientOrderId("two-1"));
  ASSERT_NE(debit, nullptr) << counters("two").last_skip;
  EXPECT_EQ(debit->request.legs[0].instrument, option(100, OptionRight::call));
  EXPECT_EQ(debit->request.legs[0].side, Side::buy);
  EXPECT_EQ(debit->request.legs[1].instrument, option(105, OptionRight::call));
  EXPECT_EQ(debit->state, execution::OrderState::filled);
  ASSERT_TRUE(spread->debit_paid());
  EXPECT_EQ(*spread->debit_paid(), dollars(1.75));
  // Credit: short put 97.5 (-0.299), long 92.5, resting at -(1.75 + 0.05); the market gives only 0.95.
  const execution::Order* credit = manager->find(execution::ClientOrderId("two-2"));
  ASSERT_NE(credit, nullptr) << counters("two").last_skip;
  EXPECT_EQ(credit->request.legs[0].instrument, option(97.5, OptionRight::put));
  EXPECT_EQ(credit->request.legs[0].side, Side::sell);
  EXPECT_EQ(credit->request.legs[1].instrument, option(92.5, OptionRight::put));
  EXPECT_EQ(*credit->request.limit_price, dollars(-1.80));
  EXPECT_EQ(credit->request.parent_position_id, debit->request.parent_position_id);
  EXPECT_FALSE(execution::is_terminal(credit->state));
  EXPECT_EQ(spread->stage(), TwoPartStage::credit_working);

  mark(option(97.5, OptionRight::put), 2.50);  // net 2.30 credit now: the whole is a net credit
  advance_minutes(1);
  EXPECT_EQ(manager->find(execution::ClientOrderId("two-2"))->state, execution::OrderState::filled);
  EXPECT_EQ(spread->stage(), TwoPartStage::done);
  const portfolio::Position* p = position(debit->request.parent_position_id);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->legs().size(), 4u);
}

TEST_F(TwoPartSpreadTest, CreditSideNotFilledBeforeTimeout_IsCancelled) {
  open();
  start(params());
  ASSERT_EQ(spread->stage(), TwoPartStage::credit_working) << counters("two").last_skip;
  advance_minutes(58);
  EXPECT_FALSE(execution::is_terminal(manager->find(execution::ClientOrderId("two-2"))->state));
  advance_minutes(2);
  EXPECT_EQ(manager->find(execution::ClientOrderId("two-2"))->state, execution::OrderState::cancelled);
  EXPECT_EQ(spread->stage(), TwoPartStage::abandoned);
  EXPECT_EQ(counters("two").cancels, 1u);
  EXPECT_NE(counters("two").last_skip.find("credit side ended cancelled"), std::string::npos) << counters("two").last_skip;
}

TEST_F(TwoPartSpreadTest, DebitSideNotFilledBeforeTimeout_CancelledAndNoCreditSideSent) {
  open();
  publish_chain();
  quote(option(100, OptionRight::call), 2.35, 2.55);  // mid 2.45 as before, but no longer locked: the debit rests
  ASSERT_TRUE(host->add(std::make_unique<TwoPartSpread>("two", params({{"debit_timeout_minutes", 10}, {"check_interval_minutes", 120}}))));
  quote(market::Instrument::stock("XYZ"), 99.99, 100.01);
  advance_minutes(1);
  const execution::Order* debit = manager->find(execution::ClientOrderId("two-1"));
  ASSERT_NE(debit, nullptr) << counters("two").last_skip;
  EXPECT_EQ(*debit->request.limit_price, dollars(1.75));
  EXPECT_FALSE(execution::is_terminal(debit->state));
  advance_minutes(10);
  EXPECT_EQ(manager->find(execution::ClientOrderId("two-1"))->state, execution::OrderState::cancelled);
  EXPECT_EQ(manager->find(execution::ClientOrderId("two-2")), nullptr);
  const auto* two = dynamic_cast<const TwoPartSpread*>(host->find("two"));
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->stage(), TwoPartStage::abandoned);
}

TEST(TwoPartSpreadParams, ZeroTimeoutNamesItsField) {
  auto p = parse_two_part_spread({{"underlying", "XYZ"}, {"credit_timeout_minutes", 0}}, "params");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "params.credit_timeout_minutes");
}

}  // namespace
}  // namespace nightdesk::strategy::testing
