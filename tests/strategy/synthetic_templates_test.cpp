// Order templates against the synthetic SPY market: delta targeting, DTE targeting and the shape of every
// template on a realistic chain.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "chain_fixture.h"
#include "strategy/chain_selection.h"
#include "strategy/option_analytics.h"
#include "strategy/order_templates.h"
#include "strategy/template_registry.h"

namespace nightdesk::strategy {
namespace {

using execution::Side;
using testing::px;
using testing::synthetic_chain;
using testing::synthetic_context;
using testing::ymd;

Result<BuiltOrder> build_synthetic(const std::string& json) {
  auto params = parse_template_order(nlohmann::json::parse(json));
  if (!params) return std::unexpected(params.error());
  return build_order(*params, synthetic_chain(), synthetic_context());
}

double delta_at(Date expiry, Price strike, OptionRight right) {
  const auto& chain = synthetic_chain();
  const auto* row = chain.expiry(expiry)->find(strike);
  auto a = analyse_option(*row->side(right), right, strike, expiry, chain.spot()->to_double(), synthetic_context());
  EXPECT_TRUE(a);
  return a ? a->greeks.delta : 0;
}

TEST(SyntheticTemplates, TargetDte30_PicksTheExpiryNearestThirtyCalendarDays) {
  // Today is 2025-01-02: 2025-01-31 is 29 days out, 2025-02-07 is 36.
  auto slice = select_expiry(synthetic_chain(), TargetDte{30}, synthetic_context(), "expiry");
  ASSERT_TRUE(slice) << slice.error().describe();
  EXPECT_EQ((*slice)->expiry(), ymd(2025, 1, 31));
}

TEST(SyntheticTemplates, ShortPutVerticalAtThirtyDelta_ShortStrikeIsTheNearestDeltaAndCredit) {
  auto o = build_synthetic(R"({"template":"vertical","expiry":{"dte":30},"right":"put","side":"sell","strike":{"delta":0.30},"width":5})");
  ASSERT_TRUE(o) << o.error().describe();
  const auto& short_leg = o->request.legs[0].instrument;
  const auto& long_leg = o->request.legs[1].instrument;
  EXPECT_EQ(long_leg.strike, short_leg.strike - px(5));
  EXPECT_LT(short_leg.strike.to_double(), synthetic_chain().spot()->to_double());
  double d = delta_at(short_leg.expiry, short_leg.strike, OptionRight::put);
  EXPECT_NEAR(d, -0.30, 0.03);
  // Nearest: the strikes one dollar either side are further from -0.30.
  double gap = std::fabs(std::fabs(d) - 0.30);
  EXPECT_LE(gap, std::fabs(std::fabs(delta_at(short_leg.expiry, short_leg.strike - px(1), OptionRight::put)) - 0.30));
  EXPECT_LE(gap, std::fabs(std::fabs(delta_at(short_leg.expiry, short_leg.strike + px(1), OptionRight::put)) - 0.30));
  ASSERT_TRUE(o->legs[0].delta);
  EXPECT_DOUBLE_EQ(*o->legs[0].delta, d);
  EXPECT_LT(o->net.mid.units(), 0);
  EXPECT_LT(o->request.limit_price->units(), 0);
  // Short a 0.30 put, long a smaller-delta put: the spread is long delta.
  ASSERT_TRUE(o->net_delta);
  EXPECT_GT(*o->net_delta, 0);
}

TEST(SyntheticTemplates, IronCondorAtSixteenDelta_ShortStrikesStraddleSpotAndCollectCredit) {
  auto o = build_synthetic(R"({"template":"iron_condor","expiry":{"dte":45},"put_strike":{"delta":0.16},"call_strike":{"delta":0.16},"width":10})");
  ASSERT_TRUE(o) << o.error().describe();
  const auto& legs = o->request.legs;
  double spot = synthetic_chain().spot()->to_double();
  EXPECT_LT(legs[1].instrument.strike.to_double(), spot);
  EXPECT_GT(legs[2].instrument.strike.to_double(), spot);
  EXPECT_EQ(legs[0].instrument.strike, legs[1].instrument.strike - px(10));
  EXPECT_EQ(legs[3].instrument.strike, legs[2].instrument.strike + px(10));
  EXPECT_NEAR(std::fabs(*o->legs[1].delta), 0.16, 0.03);
  EXPECT_NEAR(std::fabs(*o->legs[2].delta), 0.16, 0.03);
  EXPECT_LT(o->net.mid.units(), 0);
}

TEST(SyntheticTemplates, StraddleDefault_IsAtTheChainsAtmStrike) {
  auto o = build_synthetic(R"({"template":"straddle","expiry":{"dte":7}})");
  ASSERT_TRUE(o) << o.error().describe();
  const auto& chain = synthetic_chain();
  auto atm = chain.atm_strike(*chain.expiry(o->request.legs[0].instrument.expiry));
  EXPECT_EQ(o->request.legs[0].instrument.strike, *atm);
  EXPECT_GT(o->net.mid.units(), 0);
  ASSERT_TRUE(o->net_delta);
  EXPECT_NEAR(*o->net_delta, 0.0, 20.0);  // an ATM straddle is close to delta neutral (in shares)
}

// Every template builds on the synthetic chain with the expected leg count, ratios and net price sign.
TEST(SyntheticTemplates, EveryTemplateBuildsWithExpectedShapeAndSign) {
  struct Case {
    std::string json;
    std::vector<int> ratios;
    int sign;  // +1 debit, -1 credit (net mid) on this seeded market, whose put skew makes OTM puts rich
  };
  const std::vector<Case> cases{
      {R"({"template":"single","right":"call","side":"buy","strike":{"delta":0.5}})", {1}, 1},
      {R"({"template":"vertical","right":"call","side":"buy","strike":{"atm_offset":0},"width":5})", {1, 1}, 1},
      {R"({"template":"vertical","right":"call","side":"sell","strike":{"delta":0.3},"width":5})", {1, 1}, -1},
      {R"({"template":"iron_condor","put_strike":{"delta":0.2},"call_strike":{"delta":0.2},"width":5})", {1, 1, 1, 1}, -1},
      {R"({"template":"iron_butterfly","width":10})", {1, 1, 1, 1}, -1},
      {R"({"template":"butterfly","right":"call","width":5})", {1, 2, 1}, 1},
      {R"({"template":"broken_wing_butterfly","right":"put","strike":{"atm_offset":-5},"width":5,"far_width":10})", {1, 2, 1}, -1},
      {R"({"template":"straddle","side":"sell"})", {1, 1}, -1},
      {R"({"template":"strangle","put_strike":{"delta":0.25},"call_strike":{"delta":0.25}})", {1, 1}, 1},
      {R"({"template":"calendar","near_expiry":{"dte":30},"far_expiry":{"dte":60},"right":"put","strike":{"atm_offset":0}})", {1, 1}, 1},
      {R"({"template":"diagonal","near_expiry":{"dte":30},"far_expiry":{"dte":90},"right":"call","near_strike":{"delta":0.3},"far_strike":{"delta":0.5}})",
       {1, 1}, 1},
      {R"({"template":"ratio_spread","right":"put","strike":{"atm_offset":0},"width":10})", {1, 2}, -1},
      {R"({"template":"backspread","right":"call","strike":{"atm_offset":0},"width":5})", {1, 2}, 1},
      {R"({"template":"covered_call","strike":{"delta":0.3}})", {1}, 1},
      {R"({"template":"protective_put","strike":{"delta":0.3}})", {1}, 1},
      {R"({"template":"collar","put_strike":{"delta":0.25},"call_strike":{"delta":0.25}})", {1, 1}, 0},
      {R"({"template":"cash_secured_put","strike":{"delta":0.3}})", {1}, 1},
      {R"({"template":"jade_lizard","put_strike":{"delta":0.3},"call_strike":{"delta":0.2},"call_width":5})", {1, 1, 1}, -1},
  };
  std::set<std::string> covered;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto o = build_synthetic(c.json);
    ASSERT_TRUE(o) << o.error().describe();
    covered.insert(o->template_name);
    ASSERT_EQ(o->request.legs.size(), c.ratios.size());
    for (std::size_t i = 0; i < c.ratios.size(); ++i) EXPECT_EQ(o->request.legs[i].ratio, c.ratios[i]) << "leg " << i;
    if (c.sign != 0) {
      EXPECT_EQ(o->net.mid.units() > 0 ? 1 : -1, c.sign) << o->net.mid.to_string();
    }
    // Single-leg prices are the option's own (positive); combos carry the sign.
    if (!o->request.is_combo()) {
      EXPECT_GT(o->request.limit_price->units(), 0);
    }
    for (const auto& leg : o->legs) EXPECT_TRUE(leg.iv && leg.delta);
  }
  EXPECT_EQ(covered.size(), order_templates().size());
}

TEST(SyntheticTemplates, TargetDteBeyondTheListing_PicksTheLastExpiry) {
  auto o = build_synthetic(R"({"template":"single","expiry":{"dte":3650},"right":"call","side":"buy","strike":{"delta":0.5}})");
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->request.legs[0].instrument.expiry, synthetic_chain().expiries().rbegin()->first);
}

}  // namespace
}  // namespace nightdesk::strategy
