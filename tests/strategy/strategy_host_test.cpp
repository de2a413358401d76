// The StrategyHost on the engine path: callbacks delivered, orders only through the desk's risk check,
// exceptions contained and counted.
#include "strategy/strategy_host.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "desk_fixture.h"
#include "strategy/strategy_context.h"

namespace nightdesk::strategy::testing {
namespace {

// Sells one 97.5 put on its first underlying quote and records what it is told.
class Recorder final : public Strategy {
 public:
  explicit Recorder(std::string name, std::int64_t quantity = 1) : name_(std::move(name)), quantity_(quantity) {}
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "test"; }
  void on_start(StrategyContext& context) override {
    started = true;
    context.set_timer(context.now() + std::chrono::minutes(5), 42);
  }
  void on_quote(StrategyContext& context, const market::QuoteEvent& quote) override {
    if (quote.kind != market::InstrumentKind::underlying || sent) return;
    sent = true;
    execution::OrderRequest r;
    r.legs = {execution::OrderLeg{option(97.5, OptionRight::put), 1, Side::sell}};
    r.quantity = Quantity(quantity_);
    r.limit_price = dollars(1.10);
    r.strategy_tag = "pretending-to-be-someone-else";
    r.source = execution::OrderSource::manual_api;
    result = context.submit(r, engine::ExecutionStyle::direct);
  }
  void on_fill(StrategyContext&, const StrategyFill& fill) override { fills += fill.event.fill.quantity.count(); }
  void on_timer(StrategyContext&, std::uint64_t tag) override { timer_tags.push_back(tag); }

  bool started = false;
  bool sent = false;
  std::int64_t fills = 0;
  std::vector<std::uint64_t> timer_tags;
  Result<const execution::Order*> result = fail(ErrorCode::unavailable, "not sent", "");

 private:
  std::string name_;
  std::int64_t quantity_;
};

class Thrower final : public Strategy {
 public:
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "test"; }
  void on_quote(StrategyContext&, const market::QuoteEvent&) override { throw std::runtime_error("bad strategy"); }

 private:
  std::string name_ = "thrower";
};

class StrategyHostTest : public DeskFixture {};

TEST_F(StrategyHostTest, OrderGoesThroughTheDesk_StampedAsTheStrategysAndItsFillComesBack) {
  open();
  auto owned = std::make_unique<Recorder>("seller");
  Recorder* s = owned.get();
  ASSERT_TRUE(host->add(std::move(owned)));
  EXPECT_TRUE(s->started);
  publish_chain();
  ASSERT_TRUE(s->result) << s->result.error().describe();
  const execution::Order& order = **s->result;
  EXPECT_EQ(order.client_order_id().value(), "seller-1");
  EXPECT_EQ(order.request.strategy_tag, "seller");                       // not what the strategy wrote
  EXPECT_EQ(order.request.source, execution::OrderSource::strategy);     // nor the source it claimed
  EXPECT_EQ(desk->metrics().orders_checked, 1u);                          // the desk's risk check saw it
  advance_minutes(1);
  EXPECT_EQ(s->fills, 1);
  EXPECT_EQ(counters("seller").fills, 1u);
  EXPECT_EQ(counters("seller").orders_submitted, 1u);
  const portfolio::Position* p = position("pos-seller-1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(held(*p, option(97.5, OptionRight::put)), -1);
}

// After a restart the manager holds the journal's orders: a strategy's ids continue after its own, or its
// first order would reuse a journaled id and be taken for that order (never sent).
TEST_F(StrategyHostTest, ManagerAlreadyHoldsTheStrategysOrders_ItsNextIdContinuesAfterThem) {
  open();
  auto before = std::make_unique<Recorder>("seller");
  Recorder* first = before.get();
  ASSERT_TRUE(host->add(std::move(before)));
  publish_chain();
  ASSERT_TRUE(first->result);
  ASSERT_EQ((**first->result).client_order_id().value(), "seller-1");

  auto restarted = StrategyHost::create(loop, *desk, *manager, nyse(), {});
  ASSERT_TRUE(restarted);
  auto again = std::make_unique<Recorder>("seller");
  Recorder* second = again.get();
  ASSERT_TRUE((*restarted)->add(std::move(again)));
  ASSERT_TRUE((*restarted)->add(std::make_unique<Recorder>("seller2")));  // "seller2-" is not "seller-"
  publish_chain();
  ASSERT_TRUE(second->result) << second->result.error().describe();
  EXPECT_EQ((**second->result).client_order_id().value(), "seller-2");
  EXPECT_NE(manager->find(execution::ClientOrderId("seller2-1")), nullptr);
}

TEST_F(StrategyHostTest, TimerFiresAtItsEngineTimeWithItsTag) {
  open();
  auto owned = std::make_unique<Recorder>("timed");
  Recorder* s = owned.get();
  ASSERT_TRUE(host->add(std::move(owned)));
  advance_minutes(4);
  EXPECT_TRUE(s->timer_tags.empty());
  advance_minutes(1);
  ASSERT_EQ(s->timer_tags.size(), 1u);
  EXPECT_EQ(s->timer_tags[0], 42u);
  EXPECT_EQ(counters("timed").timers, 1u);
}

TEST_F(StrategyHostTest, OrderOverRiskPerTrade_RefusedByTheDeskAndCounted) {
  open(100'000);  // 2% = $2,000; 30 naked puts at 97.5 need far more
  auto owned = std::make_unique<Recorder>("greedy", 30);
  Recorder* s = owned.get();
  ASSERT_TRUE(host->add(std::move(owned)));
  publish_chain();
  ASSERT_FALSE(s->result);
  EXPECT_EQ(s->result.error().code, ErrorCode::conflict);
  EXPECT_EQ(counters("greedy").orders_refused, 1u);
  EXPECT_EQ(counters("greedy").orders_submitted, 0u);
  EXPECT_FALSE(counters("greedy").last_refusal.empty());
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);  // nothing reached the OrderManager
}

TEST_F(StrategyHostTest, ThrowingStrategy_ContainedCountedAndStoppedOthersUnaffected) {
  StrategyHostConfig config;
  config.max_exceptions = 3;
  open(1'000'000, config);
  ASSERT_TRUE(host->add(std::make_unique<Thrower>()));
  auto owned = std::make_unique<Recorder>("steady");
  Recorder* steady = owned.get();
  ASSERT_TRUE(host->add(std::move(owned)));
  publish_chain();  // 53 quotes
  const StrategyCounters c = counters("thrower");
  EXPECT_EQ(c.exceptions, 3u);
  EXPECT_TRUE(c.stopped);
  EXPECT_EQ(c.quotes, 3u);  // no callbacks once stopped
  EXPECT_NE(c.last_exception.find("on_quote: bad strategy"), std::string::npos) << c.last_exception;
  EXPECT_TRUE(steady->sent);
  EXPECT_EQ(counters("steady").quotes, 53u);
  EXPECT_EQ(loop.bus().handler_errors(), 0u);  // nothing escaped into the bus
}

TEST_F(StrategyHostTest, DuplicateOrBadName_Refused) {
  open();
  ASSERT_TRUE(host->add(std::make_unique<Recorder>("a")));
  auto again = host->add(std::make_unique<Recorder>("a"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  auto bad = host->add(std::make_unique<Recorder>("has space"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "name");
  EXPECT_FALSE(host->counters("nobody"));
}

}  // namespace
}  // namespace nightdesk::strategy::testing
