#include "pricing/option_implied_volatility.h"

#include <gtest/gtest.h>

#include <random>

#include "pricing/bjerksund_stensland.h"

namespace nightdesk::pricing {
namespace {

OptionInputs spy_like(double strike, double years, double vol) { return {100.0, strike, years, 0.05, 0.02, vol}; }

TEST(AmericanImpliedVolatility, RoundTripsBjerksundStenslandPrices) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> strike(60, 140), years(2.0 / 365, 2.0), vol(0.05, 1.5);
  int solved = 0;
  for (int i = 0; i < 300; ++i) {
    OptionInputs in = spy_like(strike(rng), years(rng), vol(rng));
    for (OptionRight right : {OptionRight::call, OptionRight::put}) {
      double price = american_price(right, in, {});
      // Skip prices indistinguishable from the zero-volatility value: any small vol reproduces them.
      OptionInputs zero = in;
      zero.vol = 0;
      if (price - american_zero_vol_price(right, zero) < 1e-10 * in.strike) continue;
      auto iv = american_implied_volatility(right, price, in);
      ASSERT_TRUE(iv) << iv.error().describe();
      OptionInputs back = in;
      back.vol = *iv;
      EXPECT_NEAR(american_price(right, back, {}), price, 1e-11 * in.strike);
      ++solved;
    }
  }
  EXPECT_GT(solved, 500);
}

TEST(AmericanImpliedVolatility, RoundTripsTheTree) {
  AmericanSettings tree{AmericanEngine::leisen_reimer_tree, 101};
  OptionInputs in = spy_like(105, 0.5, 0.3);
  double price = american_price(OptionRight::put, in, tree);
  auto iv = american_implied_volatility(OptionRight::put, price, in, tree);
  ASSERT_TRUE(iv);
  EXPECT_NEAR(*iv, 0.3, 1e-9);
}

TEST(AmericanImpliedVolatility, BelowTheZeroVolatilityValueIsAnErrorNamingPrice) {
  // A deep in-the-money put is worth at least its intrinsic value 40 when exercised now.
  auto iv = american_implied_volatility(OptionRight::put, 39.0, spy_like(140, 0.5, 0));
  ASSERT_FALSE(iv);
  EXPECT_EQ(iv.error().field, "price");
  EXPECT_NE(iv.error().message.find("below"), std::string::npos);
}

TEST(AmericanImpliedVolatility, AtOrAboveTheUpperBoundIsAnError) {
  auto call = american_implied_volatility(OptionRight::call, 100.0, spy_like(100, 0.5, 0));
  ASSERT_FALSE(call);
  EXPECT_NE(call.error().message.find("upper bound"), std::string::npos);
  EXPECT_FALSE(american_implied_volatility(OptionRight::put, 100.0, spy_like(100, 0.5, 0)));
}

TEST(AmericanImpliedVolatility, ZeroTimeIsAnErrorNamingYears) {
  auto iv = american_implied_volatility(OptionRight::call, 1.0, spy_like(100, 0.0, 0));
  ASSERT_FALSE(iv);
  EXPECT_EQ(iv.error().field, "years");
}

TEST(AmericanImpliedVolatility, BadInputsNameTheirField) {
  EXPECT_EQ(american_implied_volatility(OptionRight::call, std::nan(""), spy_like(100, 1, 0)).error().field, "price");
  EXPECT_EQ(american_implied_volatility(OptionRight::call, 1.0, spy_like(-1, 1, 0)).error().field, "strike");
}

TEST(ImpliedVolatilityByModel, DispatchesEachModel) {
  OptionInputs in = spy_like(95, 0.25, 0.22);
  for (Model model : {Model::bsm, Model::black76, Model::american}) {
    auto g = price_and_greeks(model, OptionRight::call, in);
    ASSERT_TRUE(g);
    auto iv = implied_volatility(model, OptionRight::call, g->price, in);
    ASSERT_TRUE(iv) << iv.error().describe();
    EXPECT_NEAR(*iv, 0.22, 1e-9);
  }
}

}  // namespace
}  // namespace nightdesk::pricing
