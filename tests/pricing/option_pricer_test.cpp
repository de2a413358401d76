// The scalar API: input validation names the field, edge cases never produce NaN, unit helpers.
#include "pricing/option_pricer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "pricing/black_scholes.h"
#include "pricing/dollar_greeks.h"

namespace nightdesk::pricing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const OptionInputs kGood{100, 100, 0.5, 0.05, 0.01, 0.25};

std::string bad_field(OptionInputs in, Model model = Model::bsm) {
  auto r = price_and_greeks(model, OptionRight::call, in);
  EXPECT_FALSE(r.has_value());
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(r.error().field.empty());
  EXPECT_EQ(r.error().describe().rfind(r.error().field + ": ", 0), 0u);  // "strike: must be ..."
  return r.error().field;
}

TEST(PriceAndGreeksValidation, NegativeVol_NamesVol) {
  OptionInputs in = kGood;
  in.vol = -0.1;
  EXPECT_EQ(bad_field(in), "vol");
}

TEST(PriceAndGreeksValidation, NonPositiveStrike_NamesStrike) {
  OptionInputs in = kGood;
  in.strike = 0;
  EXPECT_EQ(bad_field(in), "strike");
  in.strike = -5;
  EXPECT_EQ(bad_field(in, Model::american), "strike");
}

TEST(PriceAndGreeksValidation, NegativeYears_NamesYears) {
  OptionInputs in = kGood;
  in.years = -1e-9;
  EXPECT_EQ(bad_field(in, Model::black76), "years");
}

TEST(PriceAndGreeksValidation, NaNInAnyField_NamesThatField) {
  const std::pair<double OptionInputs::*, const char*> fields[] = {
      {&OptionInputs::spot_or_forward, "spot_or_forward"}, {&OptionInputs::strike, "strike"},
      {&OptionInputs::years, "years"}, {&OptionInputs::rate, "rate"},
      {&OptionInputs::dividend_yield, "dividend_yield"}, {&OptionInputs::vol, "vol"}};
  for (const auto& [member, name] : fields) {
    OptionInputs in = kGood;
    in.*member = kNaN;
    EXPECT_EQ(bad_field(in), name);
    in.*member = std::numeric_limits<double>::infinity();
    EXPECT_EQ(bad_field(in), name);
  }
}

TEST(PriceAndGreeksValidation, TreeStepsOutOfRange_NamesTreeSteps) {
  auto r = price_and_greeks(Model::american, OptionRight::put, kGood, {AmericanEngine::leisen_reimer_tree, 0});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "tree_steps");
}

void expect_finite(const Greeks& g) {
  for (double x : {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga, g.charm}) {
    EXPECT_TRUE(std::isfinite(x));
  }
}

TEST(PriceAndGreeksEdge, ZeroYearsAndZeroVol_AllModelsFinite) {
  for (Model model : {Model::bsm, Model::black76, Model::american}) {
    for (AmericanEngine engine : {AmericanEngine::bjerksund_stensland_2002, AmericanEngine::leisen_reimer_tree}) {
      for (OptionRight right : {OptionRight::call, OptionRight::put}) {
        for (double s : {80.0, 100.0, 120.0}) {
          for (auto [years, vol] : {std::pair{0.0, 0.25}, {0.5, 0.0}, {0.0, 0.0}, {1e-8, 1e-8}}) {
            auto r = price_and_greeks(model, right, {s, 100, years, 0.05, 0.02, vol}, {engine, 101});
            ASSERT_TRUE(r);
            expect_finite(*r);
          }
        }
      }
    }
  }
}

TEST(PriceAndGreeksEdge, AmericanAtExpiry_IsPayoffWithDelta) {
  auto r = price_and_greeks(Model::american, OptionRight::put, {90, 100, 0.0, 0.05, 0.0, 0.3});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->price, 10.0);
  EXPECT_EQ(r->delta, -1.0);
  EXPECT_EQ(r->gamma, 0.0);
}

TEST(PriceAndGreeks, BsmModel_EqualsBlackScholesGreeks) {
  auto r = price_and_greeks(Model::bsm, OptionRight::put, kGood);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->price, black_scholes_greeks(OptionRight::put, kGood).price);
  EXPECT_EQ(r->theta, black_scholes_greeks(OptionRight::put, kGood).theta);
}

// American Greeks by finite differences agree between the closed form and the tree: delta and
// vega within 1% (+0.002), gamma within 3%, theta within 3% of the option's scale.
TEST(PriceAndGreeks, AmericanGreeks_BjerksundStenslandAgreesWithTree) {
  for (double s : {90.0, 100.0, 110.0}) {
    const OptionInputs in{s, 100, 0.5, 0.08, 0.01, 0.3};
    auto bs = price_and_greeks(Model::american, OptionRight::put, in, {AmericanEngine::bjerksund_stensland_2002});
    auto tree = price_and_greeks(Model::american, OptionRight::put, in, {AmericanEngine::leisen_reimer_tree, 801});
    ASSERT_TRUE(bs && tree);
    EXPECT_NEAR(bs->delta, tree->delta, 0.01 * std::abs(tree->delta) + 2e-3) << s;
    EXPECT_NEAR(bs->gamma, tree->gamma, 0.03 * tree->gamma + 1e-4) << s;
    EXPECT_NEAR(bs->vega, tree->vega, 0.01 * tree->vega + 2e-3 * s) << s;
    EXPECT_NEAR(bs->theta, tree->theta, 0.03 * std::abs(tree->theta) + 0.05) << s;
  }
}

// second_order = false (the portfolio's setting) skips only vanna, charm and rho: the first-order Greeks are
// bit for bit those of the full set, for both engines, puts and calls, and a vol below the bump (forward
// differences).
TEST(PriceAndGreeks, AmericanFirstOrderOnly_SameFirstOrderGreeksNoSecondOrder) {
  for (AmericanEngine engine : {AmericanEngine::bjerksund_stensland_2002, AmericanEngine::leisen_reimer_tree})
    for (OptionRight right : {OptionRight::put, OptionRight::call})
      for (double vol : {0.3, 5e-5}) {
        const OptionInputs in{95, 100, 0.25, 0.05, 0.02, vol};
        AmericanSettings first{engine, 201, false};
        auto full = price_and_greeks(Model::american, right, in, {engine, 201});
        auto part = price_and_greeks(Model::american, right, in, first);
        ASSERT_TRUE(full && part);
        EXPECT_EQ(part->price, full->price);
        EXPECT_EQ(part->delta, full->delta);
        EXPECT_EQ(part->gamma, full->gamma);
        EXPECT_EQ(part->vega, full->vega);
        EXPECT_EQ(part->theta, full->theta);
        EXPECT_EQ(part->volga, full->volga);
        EXPECT_EQ(part->vanna, 0.0);
        EXPECT_EQ(part->charm, 0.0);
        EXPECT_EQ(part->rho, 0.0);
        if (vol > 0.1) {
          EXPECT_NE(full->rho, 0.0);  // (deep in or out of the money at a tiny vol it is 0)
        }
      }
}

TEST(GreekUnits, ThetaConventionsAndVegaPerPoint) {
  Greeks g;
  g.theta = -36.5;
  g.charm = 0.73;
  g.vega = 25.0;
  EXPECT_DOUBLE_EQ(theta_in(g, ThetaConvention::per_year), -36.5);
  EXPECT_DOUBLE_EQ(theta_in(g, ThetaConvention::per_calendar_day), -0.1);
  EXPECT_DOUBLE_EQ(theta_in(g, ThetaConvention::per_trading_day), -36.5 / 252);
  EXPECT_DOUBLE_EQ(charm_in(g, ThetaConvention::per_calendar_day), 0.002);
  EXPECT_DOUBLE_EQ(vega_per_vol_point(g), 0.25);
}

TEST(GreekUnits, DollarGreeks_ScaleByMultiplierAndQuantity) {
  const Greeks per_option = black_scholes_greeks(OptionRight::call, kGood);
  const Greeks position = dollar_greeks(per_option, 100, -3);
  EXPECT_DOUBLE_EQ(position.price, per_option.price * -300);
  EXPECT_DOUBLE_EQ(position.delta, per_option.delta * -300);
  EXPECT_DOUBLE_EQ(position.vega, per_option.vega * -300);
  EXPECT_DOUBLE_EQ(position.charm, per_option.charm * -300);
  EXPECT_DOUBLE_EQ(dollar_delta(per_option, 100, 100, -3), per_option.delta * 100 * -300);
}

}  // namespace
}  // namespace nightdesk::pricing
