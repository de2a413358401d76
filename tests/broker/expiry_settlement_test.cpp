// Expiry: exercise by exception into stock at the strike, cash settlement of index options, worthless
// OTM options, and one underlying price for every leg of a position.
#include <gtest/gtest.h>

#include "venue_fixture.h"

namespace nightdesk::broker::testing {
namespace {

using Prices = std::map<std::string, Price, std::less<>>;

class ExpiryTest : public VenueTest {
 protected:
  void SetUp() override {
    PaperVenueConfig c;
    c.fees.commission_per_contract = Money{};  // keep the P&L arithmetic to premiums and strikes
    make_venue(c);
  }
  // Trades `qty` (signed) of `i` at `price` through the venue.
  void trade(const market::Instrument& i, std::int64_t qty, double price) {
    quote(i, price, price);  // locked quote: fills exactly at `price`
    send(limit(i, qty > 0 ? Side::buy : Side::sell, std::abs(qty), price));
    run();
  }
  const BrokerPosition* lookup(const market::Instrument& i) {
    for (const auto& p : venue->ledger().positions)
      if (InstrumentKey::of(p.instrument) == InstrumentKey::of(i)) return &p;
    return nullptr;
  }
};

TEST_F(ExpiryTest, ShortItmCall_IsAssignedIntoShortStockAtTheStrike) {
  trade(call(100), -1, 3.00);  // +300 credit
  Money cash_before = venue->ledger().cash;
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(105)}});
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_EQ(s->size(), 1u);
  const ExpirySettlement& e = (*s)[0];
  EXPECT_EQ(e.outcome, ExpiryOutcome::assigned);
  EXPECT_EQ(e.intrinsic, px(5));
  EXPECT_EQ(e.stock_quantity, Quantity(-100));
  EXPECT_EQ(e.cash_change, usd(10'000));  // delivers 100 shares at the 100 strike
  EXPECT_EQ(e.realized_pnl, usd(-200));   // took in 300, the call was worth 500 at expiry
  EXPECT_EQ(venue->ledger().cash, cash_before + usd(10'000));
  EXPECT_EQ(position(call(100)), Quantity{});
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity(-100));
  EXPECT_EQ(lookup(market::Instrument::stock("SPY"))->cost, usd(-10'500));  // short at the settlement price
}

TEST_F(ExpiryTest, LongItmPut_IsExercisedSellingStockAtTheStrike) {
  trade(put(100), 2, 4.00);  // -800
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(97.50)}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].outcome, ExpiryOutcome::exercised);
  EXPECT_EQ((*s)[0].stock_quantity, Quantity(-200));
  EXPECT_EQ((*s)[0].cash_change, usd(20'000));
  EXPECT_EQ((*s)[0].realized_pnl, usd(-300));  // worth 2 x 250 = 500, cost 800
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity(-200));
}

TEST_F(ExpiryTest, LongItmPut_CoveredByStock_DeliversTheShares) {
  trade(market::Instrument::stock("SPY"), 100, 99.00);
  trade(put(100), 1, 2.00);
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(95)}});
  ASSERT_TRUE(s);
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity{});
  // Stock bought at 99, put paid 2: sold at the 100 strike, so +100 - 200 = -100 in all.
  EXPECT_EQ(venue->ledger().realized_pnl, usd(-100));
}

TEST_F(ExpiryTest, OtmOptions_ExpireWorthlessKeepingThePremium) {
  trade(call(110), -1, 1.00);
  trade(put(90), 1, 0.50);
  Money cash_before = venue->ledger().cash;
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(100)}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].outcome, ExpiryOutcome::expired_worthless);
  EXPECT_EQ((*s)[0].realized_pnl, usd(100));
  EXPECT_EQ((*s)[1].outcome, ExpiryOutcome::expired_worthless);
  EXPECT_EQ((*s)[1].realized_pnl, usd(-50));
  EXPECT_EQ(venue->ledger().cash, cash_before);
  EXPECT_TRUE(venue->ledger().positions.empty());
}

TEST_F(ExpiryTest, ItmByLessThanOneCent_ExpiresWorthless) {
  trade(call(100), 1, 0.05);
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(100.0099)}});
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)[0].outcome, ExpiryOutcome::expired_worthless);
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity{});
}

TEST_F(ExpiryTest, ItmByExactlyOneCent_IsExercised) {
  trade(call(100), 1, 0.05);
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(100.01)}});
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)[0].outcome, ExpiryOutcome::exercised);
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity(100));
}

TEST_F(ExpiryTest, CashSettledIndexOption_PaysIntrinsicInCashNoStock) {
  auto spx = call(5900, "SPX");
  spx.settlement = market::Settlement::cash;
  spx.style = market::ExerciseStyle::european;
  quote(spx, 20.00, 20.00);
  send(limit(spx, Side::buy, 1, 20.00));
  run();
  Money cash_before = venue->ledger().cash;
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPX", px(5932.47)}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].outcome, ExpiryOutcome::cash_settled);
  EXPECT_EQ((*s)[0].cash_change, usd(3'247));   // 32.47 x 100
  EXPECT_EQ((*s)[0].realized_pnl, usd(1'247));  // minus the 2,000 paid
  EXPECT_EQ(venue->ledger().cash, cash_before + usd(3'247));
  EXPECT_EQ(position(market::Instrument::stock("SPX")), Quantity{});
}

TEST_F(ExpiryTest, IronCondorLegs_AllSettleAgainstOneUnderlyingPrice) {
  // Short 95/100 put spread and short 110/115 call spread, opened for a 2.00 net credit per condor.
  trade(put(95), 1, 0.50);
  trade(put(100), -1, 1.50);
  trade(call(110), -1, 1.50);
  trade(call(115), 1, 0.50);
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(98)}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->size(), 4u);
  Money total;
  for (const auto& e : *s) {
    EXPECT_EQ(e.underlying_price, px(98));
    total += e.realized_pnl;
  }
  // Only the short 100 put is in the money (by 2.00): assigned 100 shares at 100 (worth 98).
  EXPECT_EQ(total, usd(0));  // 200 credit - 200 intrinsic
  EXPECT_EQ(position(market::Instrument::stock("SPY")), Quantity(100));
  EXPECT_EQ(lookup(market::Instrument::stock("SPY"))->cost, usd(9'800));
}

TEST_F(ExpiryTest, MissingUnderlyingPrice_FailsBeforeChangingAnything) {
  trade(call(100), 1, 1.00);
  LedgerState before = venue->ledger();
  auto s = venue->settle_expiry(kExpiry, Prices{{"QQQ", px(400)}});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::not_found);
  EXPECT_EQ(venue->ledger(), before);
}

TEST_F(ExpiryTest, OpenOrdersInTheExpiringContract_AreExpired) {
  quote(call(100), 1.00, 1.20);
  send(limit(call(100), Side::buy, 1, 1.05));
  run();
  ASSERT_EQ(venue->open_orders()->size(), 1u);
  ASSERT_TRUE(venue->settle_expiry(kExpiry, Prices{}));
  run();
  EXPECT_EQ(of_kind(ExecutionReportKind::expired).size(), 1u);
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(ExpiryTest, OtherExpiries_AreLeftAlone) {
  auto later = market::Instrument::option("SPY", Date{std::chrono::year{2025}, std::chrono::February, std::chrono::day{21}}, px(100), OptionRight::call);
  trade(later, 1, 3.00);
  auto s = venue->settle_expiry(kExpiry, Prices{{"SPY", px(105)}});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->empty());
  EXPECT_EQ(position(later), Quantity(1));
}

}  // namespace
}  // namespace nightdesk::broker::testing
