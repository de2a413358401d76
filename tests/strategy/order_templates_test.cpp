#include "strategy/order_templates.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chain_fixture.h"
#include "strategy/template_registry.h"

namespace nightdesk::strategy {
namespace {

using execution::Side;
using testing::hand_chain;
using testing::hand_context;
using testing::px;
using testing::ymd;

// Parses a template order and builds it on the hand-made XYZ chain (spot 100, 2025-03-21 strikes 90..110).
Result<BuiltOrder> build_hand(const char* json) {
  auto params = parse_template_order(nlohmann::json::parse(json));
  if (!params) return std::unexpected(params.error());
  return build_order(*params, hand_chain(), hand_context());
}

struct LegSpec {
  double strike;  // 0 for a stock leg
  OptionRight right;
  Side side;
  int ratio;
};

void expect_legs(const BuiltOrder& order, const std::vector<LegSpec>& want) {
  ASSERT_EQ(order.request.legs.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& leg = order.request.legs[i];
    SCOPED_TRACE(::testing::Message() << "leg " << i);
    if (want[i].strike == 0) {
      EXPECT_FALSE(leg.instrument.is_option());
    } else {
      EXPECT_EQ(leg.instrument.strike, px(want[i].strike));
      EXPECT_EQ(leg.instrument.right, want[i].right);
    }
    EXPECT_EQ(leg.side, want[i].side);
    EXPECT_EQ(leg.ratio, want[i].ratio);
  }
}

constexpr auto C = OptionRight::call;
constexpr auto P = OptionRight::put;
constexpr auto B = Side::buy;
constexpr auto S = Side::sell;

TEST(OrderTemplates, CreditPutVertical_ShortAnchorLongWidthBelow_NetCreditIsNegative) {
  auto o = build_hand(R"({"template":"vertical","expiry":"2025-03-21","right":"put","side":"sell","strike":100,"width":5})");
  ASSERT_TRUE(o) << o.error().describe();
  expect_legs(*o, {{100, P, S, 1}, {95, P, B, 1}});
  EXPECT_EQ(o->net.mid, px(-1.80));  // -2.60 + 0.80
  EXPECT_EQ(o->net.bid, px(-1.90));  // rest on every leg's near side: +0.75 - 2.65
  EXPECT_EQ(o->net.ask, px(-1.70));
  EXPECT_EQ(o->request.limit_price, px(-1.80));
  EXPECT_EQ(o->request.quantity, Quantity(1));
  EXPECT_EQ(o->request.strategy_tag, "vertical");
  EXPECT_TRUE(o->request.is_combo());
}

TEST(OrderTemplates, DebitCallVertical_LongAnchorShortWidthAbove_NetDebitIsPositive) {
  auto o = build_hand(R"({"template":"vertical","expiry":"2025-03-21","right":"call","side":"buy","strike":100,"width":5,"quantity":3})");
  ASSERT_TRUE(o) << o.error().describe();
  expect_legs(*o, {{100, C, B, 1}, {105, C, S, 1}});
  EXPECT_EQ(o->request.limit_price, px(1.80));
  EXPECT_EQ(o->request.quantity, Quantity(3));
  EXPECT_EQ(o->request.leg_quantity(1), Quantity(3));
}

TEST(OrderTemplates, EveryTemplateOnTheHandChain_LegsRatiosAndNetMid) {
  struct Case {
    const char* json;
    std::vector<LegSpec> legs;
    double net_mid;
  };
  const std::vector<Case> cases{
      {R"({"template":"single","expiry":"2025-03-21","right":"call","side":"buy","strike":110})", {{110, C, B, 1}}, 0.20},
      {R"({"template":"iron_condor","expiry":"2025-03-21","put_strike":95,"call_strike":105,"width":5})",
       {{90, P, B, 1}, {95, P, S, 1}, {105, C, S, 1}, {110, C, B, 1}}, -1.20},
      {R"({"template":"iron_condor","expiry":"2025-03-21","side":"buy","put_strike":95,"call_strike":105,"width":5})",
       {{90, P, S, 1}, {95, P, B, 1}, {105, C, B, 1}, {110, C, S, 1}}, 1.20},
      {R"({"template":"iron_butterfly","expiry":"2025-03-21","strike":100,"width":5})",
       {{95, P, B, 1}, {100, P, S, 1}, {100, C, S, 1}, {105, C, B, 1}}, -3.60},
      {R"({"template":"butterfly","expiry":"2025-03-21","right":"call","strike":100,"width":5})",
       {{95, C, B, 1}, {100, C, S, 2}, {105, C, B, 1}}, 1.60},
      {R"({"template":"broken_wing_butterfly","expiry":"2025-03-21","right":"put","strike":100,"width":5,"far_width":10})",
       {{105, P, B, 1}, {100, P, S, 2}, {90, P, B, 1}}, 1.00},
      {R"({"template":"straddle","expiry":"2025-03-21"})", {{100, C, B, 1}, {100, P, B, 1}}, 5.20},
      {R"({"template":"straddle","expiry":"2025-03-21","side":"sell","strike":{"atm_offset":5}})", {{105, C, S, 1}, {105, P, S, 1}}, -6.80},
      {R"({"template":"strangle","expiry":"2025-03-21","put_strike":95,"call_strike":105})", {{95, P, B, 1}, {105, C, B, 1}}, 1.60},
      {R"({"template":"calendar","near_expiry":"2025-03-21","far_expiry":"2025-04-17","right":"call","strike":100})",
       {{100, C, S, 1}, {100, C, B, 1}}, 2.40},
      {R"({"template":"diagonal","near_expiry":"2025-03-21","far_expiry":"2025-04-17","right":"call","near_strike":105,"far_strike":100})",
       {{105, C, S, 1}, {100, C, B, 1}}, 4.20},
      {R"({"template":"ratio_spread","expiry":"2025-03-21","right":"call","strike":100,"width":5})", {{100, C, B, 1}, {105, C, S, 2}}, 1.00},
      {R"({"template":"backspread","expiry":"2025-03-21","right":"put","strike":100,"width":5,"ratio":3})", {{100, P, S, 1}, {95, P, B, 3}}, -0.20},
      {R"({"template":"covered_call","expiry":"2025-03-21","strike":105})", {{105, C, S, 1}}, 0.80},
      {R"({"template":"protective_put","expiry":"2025-03-21","strike":95})", {{95, P, B, 1}}, 0.80},
      {R"({"template":"collar","expiry":"2025-03-21","put_strike":95,"call_strike":105})", {{95, P, B, 1}, {105, C, S, 1}}, 0.00},
      {R"({"template":"cash_secured_put","expiry":"2025-03-21","strike":95})", {{95, P, S, 1}}, 0.80},
      {R"({"template":"jade_lizard","expiry":"2025-03-21","put_strike":95,"call_strike":105,"call_width":5})",
       {{95, P, S, 1}, {105, C, S, 1}, {110, C, B, 1}}, -1.40},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto o = build_hand(c.json);
    ASSERT_TRUE(o) << o.error().describe();
    expect_legs(*o, c.legs);
    EXPECT_EQ(o->net.mid, px(c.net_mid));
    EXPECT_EQ(o->request.limit_price, px(c.net_mid));
  }
}

TEST(OrderTemplates, SingleLegSell_LimitIsThePositiveOptionPrice) {
  auto o = build_hand(R"({"template":"cash_secured_put","expiry":"2025-03-21","strike":95})");
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_FALSE(o->request.is_combo());
  EXPECT_EQ(o->request.price_side(), Side::sell);
  EXPECT_GT(o->request.limit_price->units(), 0);
}

TEST(OrderTemplates, BuyWriteWithStock_HundredSharesPerContractFirst) {
  auto o = build_hand(R"({"template":"covered_call","expiry":"2025-03-21","strike":105,"include_stock":true})");
  ASSERT_TRUE(o) << o.error().describe();
  expect_legs(*o, {{0, C, B, 100}, {105, C, S, 1}});
  EXPECT_EQ(o->request.legs[0].instrument.multiplier, 1);
  // The execution module's net convention (sum of ratio x leg price): 100 x 100.00 - 0.80.
  EXPECT_EQ(o->net.mid, px(9999.20));
  ASSERT_TRUE(o->net_delta);
  EXPECT_GT(*o->net_delta, 50.0);  // 100 shares less a short call's delta x 100
  EXPECT_LT(*o->net_delta, 100.0);
}

TEST(OrderTemplates, ExplicitLimitPriceOverridesTheMid) {
  auto o = build_hand(R"({"template":"vertical","expiry":"2025-03-21","right":"put","side":"sell","strike":100,"width":5,"limit_price":-1.95})");
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->request.limit_price, px(-1.95));
}

TEST(OrderTemplates, DefaultLimitRoundsTheMidInTheFavourableDirection) {
  // A half-cent net mid: 100/105 call vertical with the 105 call quoted 0.75 x 0.86 (mid 0.805).
  auto chain = hand_chain();
  market::QuoteEvent e;
  e.kind = market::InstrumentKind::option;
  e.underlying = "XYZ";
  e.expiry = ymd(2025, 3, 21);
  e.strike = px(105);
  e.right = C;
  e.quote = market::Quote{chain.as_of(), px(0.75), px(0.86), Quantity(1), Quantity(1), {}};
  chain.apply(e);
  VerticalParams debit;
  debit.expiry = FixedExpiry{ymd(2025, 3, 21)};
  debit.right = C;
  debit.side = B;
  debit.strike = FixedStrike{px(100)};
  debit.width = px(5);
  auto o = build_order(debit, chain, hand_context());
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->net.mid, px(1.795));
  EXPECT_EQ(o->request.limit_price, px(1.79));  // pay less
  debit.side = S;  // credit call spread: short 100, long 105 -> net -1.795
  auto credit = build_order(debit, chain, hand_context());
  ASSERT_TRUE(credit) << credit.error().describe();
  EXPECT_EQ(credit->request.limit_price, px(-1.80));  // receive more
}

TEST(OrderTemplates, ClientOrderIdAndTimeInForceCarryThrough) {
  auto o = build_hand(R"({"template":"single","expiry":"2025-03-21","right":"put","side":"buy","strike":95,"client_order_id":"ord-7","time_in_force":"gtc"})");
  ASSERT_TRUE(o) << o.error().describe();
  EXPECT_EQ(o->request.client_order_id.value(), "ord-7");
  EXPECT_EQ(o->request.tif, execution::TimeInForce::gtc);
  EXPECT_TRUE(o->request.validate());
}

// --- bad parameters ---

void expect_error(const char* json, ErrorCode code, const std::string& field, const std::string& message_part = "") {
  SCOPED_TRACE(json);
  auto o = build_hand(json);
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, code) << o.error().describe();
  EXPECT_EQ(o.error().field, field) << o.error().describe();
  if (!message_part.empty()) {
    EXPECT_NE(o.error().message.find(message_part), std::string::npos) << o.error().message;
  }
}

TEST(OrderTemplates, WidthWithNoListedStrike_NamesWidthAndTheMissingStrike) {
  expect_error(R"({"template":"vertical","expiry":"2025-03-21","right":"put","side":"sell","strike":100,"width":2.5})",
               ErrorCode::not_found, "width", "no put strike 2.50 below 100.00 listed for 2025-03-21");
  expect_error(R"({"template":"vertical","expiry":"2025-03-21","right":"call","side":"sell","strike":110,"width":5})",
               ErrorCode::not_found, "width", "no call strike 5.00 above 110.00 listed for 2025-03-21");
}

TEST(OrderTemplates, UnlistedStrikeOrExpiry_NamesTheParameter) {
  expect_error(R"({"template":"single","expiry":"2025-03-21","right":"call","side":"buy","strike":101})", ErrorCode::not_found, "strike",
               "no call at strike 101.00 listed for 2025-03-21");
  expect_error(R"({"template":"single","expiry":"2025-03-20","right":"call","side":"buy","strike":100})", ErrorCode::not_found, "expiry",
               "2025-03-20");
  expect_error(R"({"template":"iron_condor","expiry":"2025-03-21","put_strike":95,"call_strike":105,"width":5,"call_width":20})",
               ErrorCode::not_found, "call_width");
  // The calendar's strike must also be listed on the far expiry (which has 95..105 only).
  expect_error(R"({"template":"calendar","near_expiry":"2025-03-21","far_expiry":"2025-04-17","right":"call","strike":90})",
               ErrorCode::not_found, "strike", "2025-04-17");
}

TEST(OrderTemplates, StrikesInTheWrongOrder_NameTheCallStrike) {
  expect_error(R"({"template":"strangle","expiry":"2025-03-21","put_strike":105,"call_strike":95})", ErrorCode::invalid_argument,
               "call_strike");
  expect_error(R"({"template":"jade_lizard","expiry":"2025-03-21","put_strike":100,"call_strike":100,"call_width":5})",
               ErrorCode::invalid_argument, "call_strike");
}

TEST(OrderTemplates, FarExpiryNotAfterNear_NamesFarExpiry) {
  expect_error(R"({"template":"calendar","near_expiry":"2025-04-17","far_expiry":"2025-03-21","right":"call","strike":100})",
               ErrorCode::invalid_argument, "far_expiry");
  expect_error(R"({"template":"diagonal","near_expiry":{"dte":40},"far_expiry":{"dte":30},"right":"call","near_strike":105,"far_strike":100})",
               ErrorCode::invalid_argument, "far_expiry");
  // Both target DTEs resolve to the same (only) expiry past 18 days: caught after resolution.
  expect_error(R"({"template":"calendar","near_expiry":{"dte":30},"far_expiry":{"dte":31},"right":"call","strike":100})",
               ErrorCode::invalid_argument, "far_expiry");
}

TEST(OrderTemplates, InvalidNumbers_NameTheField) {
  expect_error(R"({"template":"vertical","right":"put","side":"sell","strike":{"delta":1.2},"width":5})", ErrorCode::invalid_argument,
               "strike.delta");
  expect_error(R"({"template":"vertical","right":"put","side":"sell","strike":100,"width":0})", ErrorCode::invalid_argument, "width");
  expect_error(R"({"template":"vertical","right":"put","side":"sell","strike":100,"width":5,"quantity":0})", ErrorCode::invalid_argument,
               "quantity");
  expect_error(R"({"template":"ratio_spread","right":"call","strike":100,"width":5,"ratio":1})", ErrorCode::invalid_argument, "ratio");
  expect_error(R"({"template":"broken_wing_butterfly","right":"put","strike":100,"width":10,"far_width":5})", ErrorCode::invalid_argument,
               "far_width");
  expect_error(R"({"template":"single","expiry":{"dte":-1},"right":"call","side":"buy","strike":100})", ErrorCode::invalid_argument,
               "expiry.dte");
}

TEST(OrderTemplates, SingleLegLimitMustBePositive) {
  expect_error(R"({"template":"single","expiry":"2025-03-21","right":"call","side":"buy","strike":110,"limit_price":-0.10})",
               ErrorCode::invalid_argument, "limit_price");
}

TEST(OrderTemplates, NoTwoSidedQuote_IsUnavailable) {
  auto chain = hand_chain();
  market::QuoteEvent e;
  e.kind = market::InstrumentKind::option;
  e.underlying = "XYZ";
  e.expiry = ymd(2025, 3, 21);
  e.strike = px(110);
  e.right = C;
  e.quote = market::Quote{chain.as_of(), px(0), px(0), Quantity(0), Quantity(0), {}};
  chain.apply(e);
  SingleParams p;
  p.expiry = FixedExpiry{ymd(2025, 3, 21)};
  p.strike = FixedStrike{px(110)};
  auto o = build_order(p, chain, hand_context());
  ASSERT_FALSE(o);
  EXPECT_EQ(o.error().code, ErrorCode::unavailable);
  EXPECT_EQ(o.error().field, "quote");
}

TEST(OrderTemplates, ManualLegs_BuildAComboAndNameTheBadLeg) {
  std::vector<ManualLeg> legs{{P, S, 1, FixedExpiry{ymd(2025, 3, 21)}, FixedStrike{px(100)}},
                              {P, B, 2, FixedExpiry{ymd(2025, 3, 21)}, AtmOffset{px(-5)}}};
  auto o = build_manual_order(legs, OrderTerms{}, hand_chain(), hand_context());
  ASSERT_TRUE(o) << o.error().describe();
  expect_legs(*o, {{100, P, S, 1}, {95, P, B, 2}});
  EXPECT_EQ(o->net.mid, px(-1.00));  // -2.60 + 2 x 0.80
  EXPECT_EQ(o->request.strategy_tag, "manual");
  legs[1].strike = FixedStrike{px(96)};
  auto bad = build_manual_order(legs, OrderTerms{}, hand_chain(), hand_context());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "legs[1].strike");
  legs[1].ratio = 0;
  bad = build_manual_order(legs, OrderTerms{}, hand_chain(), hand_context());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "legs[1].ratio");
}

}  // namespace
}  // namespace nightdesk::strategy
