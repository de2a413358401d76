// Test-only sample records: one realistic value of every journal record type, and journal entries built
// from them, shared by the codec, back-end and writer tests.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/paper_venue.h"
#include "execution/order_fixtures.h"
#include "store/management_records.h"
#include "store/order_records.h"
#include "store/position_records.h"
#include "store/record_kind.h"
#include "store/risk_records.h"
#include "store/template_records.h"
#include "store/venue_records.h"
#include "strategy/recurring_template_json.h"

#include <nlohmann/json.hpp>

namespace nightdesk::store::testing {

using execution::testing::at_seconds;
using execution::testing::px;

inline OrderCreated sample_created() {
  execution::OrderRequest r = execution::testing::vertical_order("ord-7", 3, 1.25);
  r.source = execution::OrderSource::roll;
  r.parent_position_id = "pos-12";
  r.strategy_tag = "tab\there \"quoted\" \\ back\\slash ünïcode";  // escaping in JSON and SQL
  r.tif = execution::TimeInForce::gtc;
  return OrderCreated{r, at_seconds(10)};
}

inline execution::Fill sample_fill() {
  execution::Fill f;
  f.order_id = execution::OrderId("V-9");
  f.client_order_id = execution::ClientOrderId("ord-7");
  f.fill_id = "F-31";
  f.leg = 1;
  f.quantity = Quantity(2);
  f.price = px(4.35);
  f.fees = Money::from_units(13'001);
  f.venue_time = at_seconds(20);
  f.engine_time = at_seconds(20) + std::chrono::microseconds(250);
  return f;
}

inline OrderEventRecord sample_replace_event() {
  OrderEventRecord e;
  e.client_order_id = execution::ClientOrderId("ord-7");
  e.order_id = execution::OrderId("V-9");
  e.transition = {execution::OrderState::pending_replace, execution::OrderState::partially_filled, execution::OrderEvent::replace,
                  at_seconds(15), at_seconds(14), "replaced at venue"};
  e.terms = execution::ReplaceTerms{px(-0.35), Quantity(4)};  // a credit: negative net price
  return e;
}

inline OrderEventRecord sample_fill_event() {
  OrderEventRecord e;
  e.client_order_id = execution::ClientOrderId("ord-7");
  e.order_id = execution::OrderId("V-9");
  e.transition = {execution::OrderState::accepted, execution::OrderState::partially_filled, execution::OrderEvent::partial_fill,
                  at_seconds(20), at_seconds(20), ""};
  e.fill = sample_fill();
  return e;
}

inline execution::OrderFilled sample_filled() {
  return execution::OrderFilled{sample_fill(), Quantity(1), Quantity(2), execution::OrderState::partially_filled};
}

inline VenueSnapshot sample_venue() {
  VenueSnapshot s;
  s.time = at_seconds(30);
  broker::BrokerPosition call{execution::testing::spy_call(450), Quantity(-3), Money::from_units(-3'900'000), Money::from_units(125'000)};
  broker::BrokerPosition stock{market::Instrument::stock("SPY"), Quantity(100), Money::from_units(450'000'000), Money{}};
  s.state.ledger = {{call, stock}, Money::from_units(98'765'4321), Money::from_units(26'000), Money::from_units(-5'000)};
  s.state.open_orders = {broker::BrokerOrder{sample_created().request, execution::OrderId("V-9"), Quantity(1)}};
  s.state.next_order_number = 10;
  s.state.next_fill_number = 32;
  return s;
}

inline PositionChange sample_position_change() {
  PositionChange c;
  c.position_id = "pos-12";
  c.underlying = "SPY";
  c.source = portfolio::PositionSource::manual;
  c.opened = at_seconds(20);
  c.time = at_seconds(21);
  c.cause = "F-31";
  c.legs = {{execution::testing::spy_call(450), Quantity(-2), Money::from_units(-870'000)},
            {execution::testing::spy_call(455), Quantity(2), Money::from_units(410'000)}};
  c.entry_cost = Money::from_units(-460'000);  // a credit spread: negative cost
  c.realized_pnl = Money::from_units(12'345);
  c.fees = Money::from_units(26'002);
  return c;
}

inline ManagementRecord sample_management() {
  portfolio::ManagementAction a;
  a.time = at_seconds(40);
  a.kind = portfolio::ManagementActionKind::take_profit;
  a.reason = "P&L +52% >= +50%: close 3 of 10";
  a.pnl_pct = portfolio::Percent::from_basis_points(5'200);
  a.threshold = portfolio::Percent::points(50);
  a.quantity = Quantity(3);
  a.level = 0;
  a.order_id = "bot-77";
  return ManagementRecord{"pos-12", a};
}

inline ManagementRecord sample_roll_management() {
  portfolio::ManagementAction a;
  a.time = at_seconds(41);
  a.kind = portfolio::ManagementActionKind::roll_completed;
  a.reason = "rolled to 2024-07-19 for a net credit";
  a.amount = Money::from_units(-1'250'000);
  return ManagementRecord{"pos-12", a};
}

inline RiskRefusal sample_refusal() {
  return RiskRefusal{execution::ClientOrderId("ord-8"),
                     execution::OrderSource::manual_api,
                     "pos-ord-8",
                     {{risk::RiskRule::risk_per_trade, "risk per trade 2.6% > 2.0% (520.00 of equity 20000.00)"},
                      {risk::RiskRule::delta, "delta 130 > 100"}},
                     at_seconds(50)};
}

inline risk::BreakerTransition sample_breaker() {
  return risk::BreakerTransition{at_seconds(60), risk::BreakerState::active, risk::BreakerState::halted,
                                 risk::BreakerTrigger::manual_halt, "daily loss 1.0% < 3.0%", "ops@desk", "fat finger on the feed"};
}

// One entry per registered kind, keyed by kind: a kind added to the registry without a sample here
// makes the registry test fail.
// A person's PATCH: a tighter stop, a ladder of its own, rolls to 45 DTE, handed to the bot.
inline ManagementChangeRecord sample_management_change() {
  ManagementChangeRecord r;
  r.position_id = "pos-12";
  r.who = "ana";
  r.time = at_seconds(40);
  auto& e = r.change.overrides.exits;
  e.stop_loss = portfolio::Percent::points(-150);
  e.stop_loss_enabled = true;
  e.ladder = portfolio::ProfitLadder{{{portfolio::Percent::points(40), portfolio::Percent::points(50)},
                                      {portfolio::Percent::points(80), portfolio::Percent::points(100)}}};
  e.min_close = Quantity(2);
  auto& roll = r.change.overrides.roll;
  roll.target_dte = 45;
  roll.strike_strategy = portfolio::StrikeStrategy::atm_adjust;
  roll.max_strike_adjustment = px(5.00);
  roll.delta_breach = 0.35;
  roll.execution = portfolio::RollExecutionMode::close_first;
  r.change.clear_overrides = true;
  r.change.source = portfolio::PositionSource::bot_managed;
  return r;
}

// A paused weekly SPY put vertical that fired twice (one fill, one skip).
inline strategy::RecurringTemplate sample_template() {
  nlohmann::json body = {
      {"name", "weekly put spread"},
      {"underlying", "SPY"},
      {"order", {{"template", "vertical"}, {"right", "put"}, {"side", "sell"}, {"strike", 440}, {"width", 10}, {"expiry", "2025-02-21"}}},
      {"quantity", 2},
      {"pricing", {{"mode", "limit"}, {"limit_price", "-1.25"}}},
      {"schedule", {{"kind", "weekly"}, {"time", "10:30"}, {"weekdays", {"mon", "thu"}}}},
      {"max_executions", 4}};
  auto t = strategy::parse_recurring_template(body, strategy::TemplateSource::api);
  if (!t) throw std::runtime_error(t.error().describe());
  t->id = "t3";
  t->created_at = at_seconds(5);
  t->status = strategy::TemplateStatus::paused;
  t->history = {{at_seconds(20), "rec-t3-1", strategy::FireOutcome::filled, ""},
                {at_seconds(40), "", strategy::FireOutcome::skipped, "paused"}};
  return *t;
}

inline std::map<std::string, std::vector<JournalEntry>> sample_entries() {
  return {
      {std::string(kinds::kOrderCreated), {encode(sample_created())}},
      {std::string(kinds::kOrderEvent), {encode(sample_replace_event()), encode(sample_fill_event())}},
      {std::string(kinds::kFill), {encode(sample_filled())}},
      {std::string(kinds::kVenueState), {encode(sample_venue())}},
      {std::string(kinds::kPositionChange), {encode(sample_position_change())}},
      {std::string(kinds::kManagementAction), {encode(sample_management()), encode(sample_roll_management())}},
      {std::string(kinds::kRiskRefused), {encode(sample_refusal())}},
      {std::string(kinds::kBreakerTransition), {encode(sample_breaker())}},
      {std::string(kinds::kManagementChange), {encode(sample_management_change())}},
      {std::string(kinds::kTemplateState), {encode_template_state(sample_template(), at_seconds(41))}},
      {std::string(kinds::kTemplateRemoved), {encode_template_removed("t3", at_seconds(50))}},
  };
}

// Every sample entry, in kind order.
inline std::vector<JournalEntry> all_sample_entries() {
  std::vector<JournalEntry> out;
  for (auto& [kind, entries] : sample_entries()) out.insert(out.end(), entries.begin(), entries.end());
  return out;
}

}  // namespace nightdesk::store::testing
