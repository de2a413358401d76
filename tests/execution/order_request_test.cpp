#include "execution/order_request.h"

#include <gtest/gtest.h>

#include "execution/order_terms.h"

namespace nightdesk::execution {
namespace {

using std::chrono::January;
using std::chrono::year;

market::Instrument spy_call(std::int64_t strike_dollars) {
  return market::Instrument::option("SPY", year(2025) / January / 17, Price::from_units(strike_dollars * 10'000), OptionRight::call);
}

OrderRequest single_limit() {
  OrderRequest r;
  r.client_order_id = ClientOrderId("ord-1");
  r.legs = {OrderLeg{spy_call(450), 1, Side::buy}};
  r.quantity = Quantity(10);
  r.type = OrderType::limit;
  r.limit_price = Price::from_units(12'500);
  return r;
}

TEST(OrderRequest, SingleLimit_IsValid) { EXPECT_TRUE(single_limit().validate().has_value()); }

TEST(OrderRequest, EmptyClientOrderId_IsRejectedNamingTheField) {
  auto r = single_limit();
  r.client_order_id = ClientOrderId();
  auto s = r.validate();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "client_order_id");
}

TEST(OrderRequest, ZeroQuantity_IsRejected) {
  auto r = single_limit();
  r.quantity = Quantity(0);
  ASSERT_FALSE(r.validate());
  EXPECT_EQ(r.validate().error().field, "quantity");
}

TEST(OrderRequest, LimitWithoutPrice_IsRejected) {
  auto r = single_limit();
  r.limit_price.reset();
  ASSERT_FALSE(r.validate());
  EXPECT_EQ(r.validate().error().field, "limit_price");
}

TEST(OrderRequest, MarketWithPrice_IsRejected) {
  auto r = single_limit();
  r.type = OrderType::market;
  ASSERT_FALSE(r.validate());
}

TEST(OrderRequest, StopLimitNeedsBothPrices) {
  auto r = single_limit();
  r.type = OrderType::stop_limit;
  EXPECT_FALSE(r.validate());
  r.stop_price = Price::from_units(13'000);
  EXPECT_TRUE(r.validate());
}

TEST(OrderRequest, NegativeSingleLegPrice_IsRejected) {
  auto r = single_limit();
  r.limit_price = Price::from_units(-100);
  ASSERT_FALSE(r.validate());
}

TEST(OrderRequest, ComboCredit_NegativeNetPriceIsValid) {
  auto r = single_limit();
  r.legs = {OrderLeg{spy_call(450), 1, Side::sell}, OrderLeg{spy_call(455), 1, Side::buy}};
  r.limit_price = Price::from_units(-15'000);  // a 1.50 credit
  EXPECT_TRUE(r.validate());
  EXPECT_TRUE(r.is_combo());
  EXPECT_EQ(r.price_side(), Side::buy);
}

TEST(OrderRequest, ComboWithSameInstrumentTwice_IsRejected) {
  auto r = single_limit();
  r.legs = {OrderLeg{spy_call(450), 1, Side::sell}, OrderLeg{spy_call(450), 1, Side::buy}};
  ASSERT_FALSE(r.validate());
  EXPECT_EQ(r.validate().error().field, "legs[1].instrument");
}

TEST(OrderRequest, ZeroRatio_IsRejected) {
  auto r = single_limit();
  r.legs = {OrderLeg{spy_call(450), 1, Side::sell}, OrderLeg{spy_call(455), 0, Side::buy}};
  ASSERT_FALSE(r.validate());
  EXPECT_EQ(r.validate().error().field, "legs[1].ratio");
}

TEST(OrderRequest, StopOnCombo_IsRejected) {
  auto r = single_limit();
  r.legs = {OrderLeg{spy_call(450), 1, Side::sell}, OrderLeg{spy_call(455), 1, Side::buy}};
  r.type = OrderType::stop_limit;
  r.stop_price = Price::from_units(10'000);
  ASSERT_FALSE(r.validate());
}

TEST(OrderRequest, LegQuantity_IsQuantityTimesRatio) {
  auto r = single_limit();
  r.legs = {OrderLeg{spy_call(450), 1, Side::buy}, OrderLeg{spy_call(455), 2, Side::sell}};
  EXPECT_EQ(r.leg_quantity(1), Quantity(20));
}

TEST(OrderTerms, NamesRoundTrip) {
  for (auto t : {OrderType::limit, OrderType::market, OrderType::stop, OrderType::stop_limit})
    EXPECT_EQ(parse_order_type(to_string(t)), t);
  for (auto s : {OrderSource::strategy, OrderSource::bot_management, OrderSource::manual_api, OrderSource::roll})
    EXPECT_EQ(parse_order_source(to_string(s)), s);
  for (auto t : {TimeInForce::day, TimeInForce::gtc, TimeInForce::ioc}) EXPECT_EQ(parse_time_in_force(to_string(t)), t);
  EXPECT_EQ(parse_side("sell"), Side::sell);
  EXPECT_EQ(parse_side("SELL"), std::nullopt);
}

}  // namespace
}  // namespace nightdesk::execution
