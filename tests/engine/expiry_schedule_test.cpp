// ExpirySchedule: the paper venue's positions settle by themselves at 16:00 New York on expiry day.
#include "engine/expiry_schedule.h"

#include "order_flow_fixture.h"

namespace nightdesk::engine::testing {
namespace {

class ExpiryTest : public OrderFlowTest {
 public:
  TradingCalendar calendar = *TradingCalendar::nyse();
  std::unique_ptr<ExpirySchedule> expiries;
  std::vector<ExpiryProcessed> processed;
  std::vector<broker::ExpirySettlement> settlements;

  void start_with_expiries() {
    start();
    expiries = ExpirySchedule::create(loop, *venue, calendar);
    loop.bus().subscribe<ExpiryProcessed>([this](const ExpiryProcessed& e) { processed.push_back(e); });
    loop.bus().subscribe<broker::ExpirySettlement>([this](const broker::ExpirySettlement& s) { settlements.push_back(s); });
  }
  void underlying(double bid, double ask) { quote(market::Instrument::stock("SPY"), bid, ask); }
};

TEST_F(ExpiryTest, LongInTheMoneyCall_ExercisedAtSixteenHundredNewYork) {
  start_with_expiries();
  underlying(104.00, 104.02);
  quote(call(100), 4.00, 4.10);
  submit(limit(call(100), Side::buy, 1, 4.10), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(venue->ledger().positions.size(), 1u);
  const Timestamp close = *parse_iso8601("2025-01-17T21:00:00Z");  // 16:00 EST
  ASSERT_TRUE(loop.run_until(close - std::chrono::nanoseconds(1)));
  EXPECT_TRUE(processed.empty()) << "not a nanosecond early";
  ASSERT_TRUE(loop.run_until(close));
  ASSERT_EQ(processed.size(), 1u);
  EXPECT_EQ(processed[0].expiry, kExpiry);
  EXPECT_EQ(processed[0].time, close);
  EXPECT_EQ(processed[0].settlements, 1u);
  EXPECT_TRUE(processed[0].error.empty());
  ASSERT_EQ(settlements.size(), 1u);
  EXPECT_EQ(settlements[0].outcome, broker::ExpiryOutcome::exercised);
  EXPECT_EQ(settlements[0].underlying_price, px(104.01)) << "the underlying's mid";
  EXPECT_EQ(settlements[0].stock_quantity, Quantity(100));
}

TEST_F(ExpiryTest, EachExpiryDateScheduledOnce) {
  start_with_expiries();
  quote(call(100), 4.00, 4.10);
  quote(call(105), 1.00, 1.10);
  quote(call(100), 4.00, 4.20);
  EXPECT_EQ(expiries->scheduled(), 1u);
}

TEST_F(ExpiryTest, NoUnderlyingPrice_ProcessedWithTheReason) {
  start_with_expiries();
  quote(call(100), 4.00, 4.10);
  submit(limit(call(100), Side::buy, 1, 4.10), ExecutionStyle::direct);
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-01-17T21:00:00Z")));
  ASSERT_EQ(processed.size(), 1u);
  EXPECT_EQ(processed[0].settlements, 0u);
  EXPECT_NE(processed[0].error.find("SPY"), std::string::npos) << processed[0].error;
}

TEST_F(ExpiryTest, SummerExpiry_SettlesAtTwentyHundredUtc) {
  start_with_expiries();
  const Date july{std::chrono::year{2025}, std::chrono::July, std::chrono::day{18}};
  ASSERT_TRUE(expiries->schedule(july));
  ASSERT_TRUE(loop.run_until(*parse_iso8601("2025-07-18T20:00:00Z")));
  ASSERT_EQ(processed.size(), 1u);
  EXPECT_EQ(processed[0].time, *parse_iso8601("2025-07-18T20:00:00Z")) << "16:00 EDT";
}

TEST_F(ExpiryTest, DateOutsideTheCalendar_IsAnError) {
  start_with_expiries();
  EXPECT_FALSE(expiries->schedule(Date{std::chrono::year{2099}, std::chrono::January, std::chrono::day{16}}));
}

}  // namespace
}  // namespace nightdesk::engine::testing
