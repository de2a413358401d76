#include "portfolio/portfolio.h"

#include <algorithm>

#include <fmt/format.h>

#include "portfolio/roll_planner.h"

namespace nightdesk::portfolio {

Portfolio::Portfolio(ManagementSettings settings, const TradingCalendar& calendar, IdGenerator& order_ids)
    : settings_(std::move(settings)), calendar_(calendar), order_ids_(order_ids), exits_(settings_.exits) {}

Status Portfolio::apply_fill(const execution::OrderRequest& order, const execution::Fill& fill) {
  if (order.parent_position_id.empty())
    return fail(ErrorCode::invalid_argument, "a fill of an order without a position id", "parent_position_id");
  if (fill.leg >= order.legs.size())
    return fail(ErrorCode::invalid_argument, fmt::format("fill of leg {} of a {}-leg order", fill.leg, order.legs.size()), "leg");
  const execution::OrderLeg& leg = order.legs[fill.leg];
  auto it = positions_.find(order.parent_position_id);
  if (it == positions_.end())
    it = positions_.emplace(order.parent_position_id, Position(order.parent_position_id, leg.instrument.underlying,
                                                               source_of(order.source), fill.engine_time)).first;
  std::string fill_id = fill.fill_id.empty() ? std::string() : order.client_order_id.value() + "/" + fill.fill_id;
  const bool was_flat = it->second.is_flat();
  auto applied = it->second.apply_fill(PositionFill{leg.instrument, leg.side, fill.quantity, fill.price, fill.fees,
                                                    fill.engine_time, std::move(fill_id)});
  if (it->second.is_flat() != was_flat) index_open_positions();
  index_held_strikes();  // a fill may add or remove a leg without opening or flattening the position
  if (!applied) return applied;
  if (it->second.is_flat()) greeks_.erase(it->first);
  return ok();
}

void Portfolio::index_open_positions() {
  open_.clear();
  for (auto& entry : positions_)
    if (!entry.second.is_flat()) open_.push_back(&entry);
}

void Portfolio::index_held_strikes() {
  held_strikes_.clear();
  for (const auto* entry : open_)
    for (const PositionLeg& leg : entry->second.legs())
      if (leg.instrument.is_option()) held_strikes_.push_back(leg.instrument.strike);
  std::sort(held_strikes_.begin(), held_strikes_.end());
  held_strikes_.erase(std::unique(held_strikes_.begin(), held_strikes_.end()), held_strikes_.end());
}

void Portfolio::on_quote(const market::QuoteEvent& event) {
  auto mark = event.quote.mark();
  if (!event.is_option()) {
    if (mark) spots_[event.underlying] = mark->to_double();
  } else if (!mark || !std::binary_search(held_strikes_.begin(), held_strikes_.end(), event.strike)) {
    return;  // no leg of any position is on this contract (or there is no mark to set): nothing changes
  }
  market::Instrument instrument = event.instrument();
  // A flat position has no legs to mark and no Greeks.
  for (auto* entry : open_) {
    Position& position = entry->second;
    if (position.underlying() != event.underlying) continue;
    // An option quote re-prices only the positions holding it; the underlying's re-prices them all.
    bool holds = mark && position.set_mark(instrument, *mark, event.iv);
    if (holds || !event.is_option()) refresh_greeks(position, event.time());
  }
}

void Portfolio::refresh_greeks(Position& position, Timestamp now) {
  if (position.is_flat()) return;
  auto spot = spots_.find(position.underlying());
  if (spot == spots_.end()) {
    greeks_errors_[position.id()] = "no underlying price yet";
    return;
  }
  auto previous = greeks_.find(position.id());
  auto g = position_greeks(position, spot->second, now, calendar_, settings_.pricing,
                           previous == greeks_.end() ? nullptr : &previous->second);
  if (!g) {
    greeks_.erase(position.id());
    greeks_errors_[position.id()] = g.error().describe();
    return;
  }
  greeks_errors_.erase(position.id());
  greeks_[position.id()] = std::move(*g);
}

std::vector<ExitIntent> Portfolio::plan_exits(Timestamp now) {
  std::vector<ExitIntent> out;
  last_errors_.clear();
  for (auto* entry : open_) {
    const std::string& id = entry->first;
    Position& position = entry->second;
    // evaluate() has nothing for a manual position (nor a flat one: open_ has none).
    if (!position.is_bot_managed()) continue;
    // The plan reads only the position and its exit settings (not the time): unchanged since a plan that
    // found nothing to do, it finds nothing again. Most quotes change no position.
    auto quiet = exits_quiet_at_.find(&position);
    if (quiet != exits_quiet_at_.end() && quiet->second == position.revision()) continue;
    if (rolls_.contains(id)) continue;
    auto intent = exit_planner_for(id).evaluate(position, now, order_ids_);
    if (!intent) last_errors_.push_back(id + ": " + intent.error().describe());
    else if (*intent) out.push_back(std::move(**intent));
    else exits_quiet_at_.insert_or_assign(&position, position.revision());  // after evaluate, which may move the high water
  }
  return out;
}

std::vector<RollCandidate> Portfolio::roll_candidates(Timestamp now) const {
  std::vector<RollCandidate> out;
  auto today = calendar_.new_york_date(now);
  if (!today) return out;
  for (const auto* entry : open_) {
    const std::string& id = entry->first;
    const Position& position = entry->second;
    // roll_trigger refuses these (and flat ones) first; skipping them here saves the lookups after every quote.
    if (!position.is_bot_managed()) continue;
    // Unchanged since a look that found no trigger today, it finds none again (see rolls_quiet_at_).
    auto quiet = rolls_quiet_at_.find(&position);
    if (quiet != rolls_quiet_at_.end() && quiet->second.revision == position.revision() && quiet->second.day == *today) continue;
    if (rolls_.contains(id)) continue;
    const RollSettings& settings = roll_settings_for(id);
    if (!settings.enabled) continue;
    std::vector<LegDelta> deltas;
    if (const PositionGreeks* g = settings.roll_on_delta_breach ? greeks(id) : nullptr)
      for (const LegRisk& leg : g->legs) deltas.push_back(LegDelta{leg.instrument, leg.per_share.delta});
    if (auto trigger = roll_trigger(position, *today, settings, deltas)) out.push_back(RollCandidate{id, *trigger});
    else if (!settings.roll_on_delta_breach) rolls_quiet_at_.insert_or_assign(&position, RollQuiet{position.revision(), *today});
  }
  return out;
}

Result<RollStart> Portfolio::roll(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                                  RollReason reason, bool dry_run) {
  return start_roll(position_id, chain, now, reason, roll_settings_for(position_id), dry_run, {});
}

Result<RollStart> Portfolio::start_roll(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                                        RollReason reason, const RollSettings& settings, bool dry_run, const std::string& who) {
  auto it = positions_.find(position_id);
  if (it == positions_.end()) return fail(ErrorCode::not_found, "no such position", "position_id");
  Position& position = it->second;
  if (!position.is_bot_managed()) return fail(ErrorCode::conflict, "the bot never rolls a manual position", "source");
  if (rolls_.contains(position_id)) return fail(ErrorCode::conflict, "a roll is already working", "position_id");
  if (position.exit_state().working) return fail(ErrorCode::conflict, "an exit order is working", "position_id");
  auto today = calendar_.new_york_date(now);
  if (!today) return std::unexpected(today.error());

  auto plan = plan_roll(position, chain, *today, settings, reason);
  const std::string by = who.empty() ? std::string() : " requested by " + who;
  if (!plan) {
    position.record({now, ManagementActionKind::roll_refused, fmt::format("roll ({}){} refused: {}", to_string(reason), by, plan.error().describe()),
                     position.pnl_pct().has_value() ? std::optional(*position.pnl_pct()) : std::nullopt, std::nullopt, Quantity(0),
                     std::nullopt, std::nullopt, {}, who});
    return std::unexpected(plan.error());
  }
  bool dry = dry_run || settings.dry_run;
  position.record({now, ManagementActionKind::roll_proposed,
                   fmt::format("{}roll ({}){} {} -> {} ({} DTE), {} x {} units, net {} per unit at the mids{}", dry ? "dry-run " : "",
                               to_string(reason), by, format_date(plan->from_expiry), format_date(plan->to_expiry), plan->to_dte,
                               to_string(plan->strategy), plan->units.count(), plan->net_price.to_string(),
                               plan->note.empty() ? "" : "; " + plan->note),
                   std::nullopt, std::nullopt, plan->units, plan->net_credit, std::nullopt, {}, who});
  if (dry) {
    RollResult r{position_id, true, true, plan->reason, plan->strategy, plan->execution, plan->old_legs, plan->new_legs,
                 plan->units, Quantity(0), Quantity(0), plan->net_credit, Money(), {}, {}, now, now};
    roll_history_.push_back(std::move(r));
    return RollStart{std::move(*plan), std::nullopt};
  }
  auto execution = RollExecution::start(*plan, now, order_ids_, settings.close_first_open_retries);
  if (!execution) return std::unexpected(execution.error());
  execution::OrderRequest first = execution->current_order();
  record_roll_transitions(position, *execution, 0);
  rolls_.emplace(position_id, std::move(*execution));
  return RollStart{std::move(*plan), std::move(first)};
}

void Portfolio::record_roll_transitions(Position& position, const RollExecution& roll, std::size_t from) {
  const auto& all = roll.transitions();
  for (std::size_t i = from; i < all.size(); ++i) {
    const RollTransition& t = all[i];
    ManagementActionKind kind = t.recovery ? ManagementActionKind::roll_recovery
                                : roll.finished() && i + 1 == all.size() ? ManagementActionKind::roll_completed
                                                                         : ManagementActionKind::roll_step;
    position.record({t.time, kind, fmt::format("{} -> {}: {}", to_string(t.from), to_string(t.to), t.note), std::nullopt,
                     std::nullopt, roll.result().units_opened, roll.result().net_credit, std::nullopt,
                     roll.current_order().client_order_id.value(), {}});
  }
}

void Portfolio::finish_roll(Position& position, RollExecution& roll) {
  roll_history_.push_back(roll.result());
  if (roll.result().units_opened.count() > 0) {
    // The rolled legs are a new trade: the ladder and the trailing stop start again from their entry.
    position.exit_state() = ExitState{};
  }
}

Result<std::optional<execution::OrderRequest>> Portfolio::on_order_finished(const execution::Order& order, Timestamp now,
                                                                             const market::OptionChain* chain) {
  auto it = positions_.find(order.request.parent_position_id);
  if (it == positions_.end()) return std::nullopt;
  Position& position = it->second;
  auto outcome = outcome_of(order);
  if (!outcome) return std::unexpected(outcome.error());
  if (exits_.on_exit_finished(position, outcome->client_order_id, outcome->filled, now)) return std::nullopt;

  auto roll = rolls_.find(position.id());
  if (roll == rolls_.end() || roll->second.current_order().client_order_id != order.client_order_id()) return std::nullopt;
  std::size_t before = roll->second.transitions().size();
  auto next = roll->second.on_order_finished(*outcome, now, order_ids_, chain);
  if (!next) return std::unexpected(next.error());
  record_roll_transitions(position, roll->second, before);
  if (roll->second.finished()) {
    finish_roll(position, roll->second);
    rolls_.erase(roll);
  }
  return next;
}

const Position* Portfolio::position(std::string_view id) const {
  auto it = positions_.find(id);
  return it == positions_.end() ? nullptr : &it->second;
}

const RollExecution* Portfolio::active_roll(std::string_view position_id) const {
  auto it = rolls_.find(position_id);
  return it == rolls_.end() ? nullptr : &it->second;
}

const PositionGreeks* Portfolio::greeks(std::string_view position_id) const {
  auto it = greeks_.find(position_id);
  return it == greeks_.end() ? nullptr : &it->second;
}

PortfolioGreeks Portfolio::portfolio_greeks(const BetaReference* reference) const {
  std::vector<PositionGreeks> all;
  for (const auto& [id, g] : greeks_) all.push_back(g);
  return aggregate_greeks(all, reference);
}

void Portfolio::mark_start_of_day() { start_of_day_ = greeks_; }

DailyAttribution Portfolio::attribute_day() const {
  std::vector<PositionGreeks> start, end;
  for (const auto& [id, g] : start_of_day_) start.push_back(g);
  for (const auto& [id, g] : greeks_) end.push_back(g);
  return portfolio::attribute_day(start, end);
}

}  // namespace nightdesk::portfolio
