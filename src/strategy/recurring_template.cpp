#include "strategy/recurring_template.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace nightdesk::strategy {
namespace {

template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view text, const std::array<const char*, N>& names) {
  for (std::size_t i = 0; i < N; ++i)
    if (text == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<const char*, 4> kStatusNames{"active", "paused", "expired", "completed"};
constexpr std::array<const char*, 2> kPricingNames{"limit", "smart"};
constexpr std::array<const char*, 6> kOutcomeNames{"submitted", "filled", "rejected", "cancelled", "skipped", "missed"};

bool counts_as_execution(FireOutcome o) { return o == FireOutcome::submitted || o == FireOutcome::filled; }

Result<bool> past_expiry(const RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  if (!t.expires_on) return false;
  auto today = calendar.new_york_date(now);
  if (!today) return std::unexpected(today.error());
  return *today > *t.expires_on;
}

Status validate_manual_legs(const std::vector<ManualLeg>& legs) {
  if (legs.empty() || legs.size() > execution::kMaxComboLegs)
    return fail(ErrorCode::invalid_argument, fmt::format("1 to {} legs", execution::kMaxComboLegs), "legs");
  for (std::size_t i = 0; i < legs.size(); ++i) {
    std::string field = fmt::format("legs[{}]", i);
    if (legs[i].ratio < 1) return fail(ErrorCode::invalid_argument, fmt::format("must be >= 1, got {}", legs[i].ratio), field + ".ratio");
    if (auto s = validate_expiry_choice(legs[i].expiry, field + ".expiry"); !s) return s;
    if (auto s = validate_strike_choice(legs[i].strike, field + ".strike"); !s) return s;
  }
  return ok();
}

Timestamp cursor(const RecurringTemplate& t) { return t.history.empty() ? t.created_at : t.history.back().time; }

Result<std::optional<DueFire>> due_conditional(const RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  auto open = calendar.is_open_at(now);
  if (!open) return std::unexpected(open.error());
  if (!*open) return std::optional<DueFire>{};
  auto today = calendar.new_york_date(now);
  if (!today) return std::unexpected(today.error());
  for (auto it = t.history.rbegin(); it != t.history.rend(); ++it) {
    auto day = calendar.new_york_date(it->time);
    if (!day) return std::unexpected(day.error());
    if (*day != *today) break;
    if (!it->client_order_id.empty()) return std::optional<DueFire>{};  // an order went out today already
  }
  return std::optional<DueFire>{DueFire{now, false}};
}

Result<std::optional<DueFire>> due_scheduled(const RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  auto next = next_fire_time(t.schedule, cursor(t), calendar);
  if (!next) return std::unexpected(next.error());
  if (!*next || **next > now) return std::optional<DueFire>{};
  // Several fires may have passed while the engine was down: only the latest one counts.
  Timestamp latest = **next;
  while (true) {
    auto after = next_fire_time(t.schedule, latest, calendar);
    if (!after) return std::unexpected(after.error());
    if (!*after || **after > now) break;
    latest = **after;
  }
  return std::optional<DueFire>{DueFire{latest, now - latest > t.late_tolerance}};
}

Result<BuiltOrder> build_for(const RecurringTemplate& t, const market::OptionChain& chain, const BuildContext& context) {
  OrderTerms terms;
  if (const auto* params = std::get_if<TemplateParams>(&t.order)) {
    TemplateParams p = *params;
    std::visit([&](auto& q) {
      q.terms.quantity = t.quantity;
      if (t.pricing.mode == PricingMode::limit) q.terms.limit_price = t.pricing.limit_price;
    }, p);
    return build_order(p, chain, context);
  }
  terms.quantity = t.quantity;
  if (t.pricing.mode == PricingMode::limit) terms.limit_price = t.pricing.limit_price;
  return build_manual_order(std::get<std::vector<ManualLeg>>(t.order), terms, chain, context);
}

}  // namespace

std::string_view to_string(TemplateStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }
std::optional<TemplateStatus> parse_template_status(std::string_view text) { return parse_enum<TemplateStatus>(text, kStatusNames); }
std::string_view to_string(PricingMode m) { return kPricingNames[static_cast<std::size_t>(m)]; }
std::optional<PricingMode> parse_pricing_mode(std::string_view text) { return parse_enum<PricingMode>(text, kPricingNames); }
std::string_view to_string(FireOutcome o) { return kOutcomeNames[static_cast<std::size_t>(o)]; }
std::optional<FireOutcome> parse_fire_outcome(std::string_view text) { return parse_enum<FireOutcome>(text, kOutcomeNames); }

Status RecurringTemplate::validate() const {
  if (name.empty()) return fail(ErrorCode::invalid_argument, "is required", "name");
  if (underlying.empty()) return fail(ErrorCode::invalid_argument, "is required", "underlying");
  if (quantity <= 0) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", quantity), "quantity");
  if (const auto* params = std::get_if<TemplateParams>(&order)) {
    if (auto valid = strategy::validate(*params); !valid) {
      Error e = valid.error();
      e.field = "order." + e.field;
      return std::unexpected(e);
    }
  } else if (auto legs_ok = validate_manual_legs(std::get<std::vector<ManualLeg>>(order)); !legs_ok) {
    return legs_ok;
  }
  if (pricing.mode == PricingMode::smart && pricing.limit_price)
    return fail(ErrorCode::invalid_argument, "smart pricing walks from the mid and takes no limit price", "pricing.limit_price");
  if (auto valid = schedule.validate(); !valid) {
    Error e = valid.error();
    e.field = "schedule." + e.field;
    return std::unexpected(e);
  }
  for (std::size_t i = 0; i < conditions.size(); ++i)
    if (!std::isfinite(conditions[i].threshold))
      return fail(ErrorCode::invalid_argument, "must be finite", fmt::format("conditions[{}].value", i));
  if (max_executions && *max_executions <= 0)
    return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", *max_executions), "max_executions");
  if (late_tolerance < std::chrono::minutes{0}) return fail(ErrorCode::invalid_argument, "must be >= 0", "late_tolerance_minutes");
  return ok();
}

std::int64_t RecurringTemplate::executions() const {
  return std::count_if(history.begin(), history.end(), [](const ExecutionRecord& r) { return counts_as_execution(r.outcome); });
}

Status pause(RecurringTemplate& t) {
  if (t.status == TemplateStatus::expired || t.status == TemplateStatus::completed)
    return fail(ErrorCode::conflict, fmt::format("template is {}", to_string(t.status)), "status");
  t.status = TemplateStatus::paused;
  return ok();
}

Status resume(RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  auto status = refresh_status(t, now, calendar);
  if (!status) return std::unexpected(status.error());
  if (*status == TemplateStatus::expired || *status == TemplateStatus::completed)
    return fail(ErrorCode::conflict, fmt::format("template is {}", to_string(*status)), "status");
  t.status = TemplateStatus::active;
  return ok();
}

Result<TemplateStatus> refresh_status(RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  if (t.status == TemplateStatus::active || t.status == TemplateStatus::paused) {
    if (t.max_executions && t.executions() >= *t.max_executions) {
      t.status = TemplateStatus::completed;
    } else {
      auto expired = past_expiry(t, now, calendar);
      if (!expired) return std::unexpected(expired.error());
      if (*expired) t.status = TemplateStatus::expired;
    }
  }
  return t.status;
}

Result<std::optional<DueFire>> due_fire(const RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar) {
  if (t.status != TemplateStatus::active) return std::optional<DueFire>{};
  auto expired = past_expiry(t, now, calendar);
  if (!expired) return std::unexpected(expired.error());
  if (*expired || (t.max_executions && t.executions() >= *t.max_executions)) return std::optional<DueFire>{};
  if (t.schedule.kind == ScheduleKind::conditional) return due_conditional(t, now, calendar);
  return due_scheduled(t, now, calendar);
}

Result<std::optional<BuiltOrder>> prepare_fire(RecurringTemplate& t, Timestamp now, const ConditionSnapshot& snapshot,
                                               const market::OptionChain& chain, const BuildContext& context) {
  if (chain.underlying() != t.underlying)
    return fail(ErrorCode::invalid_argument, fmt::format("chain is {}, template trades {}", chain.underlying(), t.underlying), "underlying");
  auto verdict = evaluate_conditions(t.conditions, snapshot);
  if (!verdict.passed) {
    if (t.schedule.kind != ScheduleKind::conditional) record_fire(t, {now, "", FireOutcome::skipped, verdict.reason});
    return std::optional<BuiltOrder>{};
  }
  auto order = build_for(t, chain, context);
  if (!order) {
    record_fire(t, {now, "", FireOutcome::skipped, "order: " + order.error().describe()});
    return std::optional<BuiltOrder>{};
  }
  order->request.strategy_tag = "recurring:" + t.id;
  return std::optional<BuiltOrder>{std::move(*order)};
}

void record_fire(RecurringTemplate& t, ExecutionRecord record) {
  t.history.push_back(std::move(record));
  if ((t.status == TemplateStatus::active || t.status == TemplateStatus::paused) && t.max_executions &&
      t.executions() >= *t.max_executions)
    t.status = TemplateStatus::completed;
}

Status update_outcome(RecurringTemplate& t, std::string_view client_order_id, FireOutcome outcome, std::string reason) {
  auto it = std::find_if(t.history.rbegin(), t.history.rend(),
                         [&](const ExecutionRecord& r) { return !r.client_order_id.empty() && r.client_order_id == client_order_id; });
  if (it == t.history.rend())
    return fail(ErrorCode::not_found, fmt::format("no execution sent order {}", client_order_id), "client_order_id");
  it->outcome = outcome;
  it->reason = std::move(reason);
  if (t.status == TemplateStatus::completed && t.max_executions && t.executions() < *t.max_executions) t.status = TemplateStatus::active;
  return ok();
}

}  // namespace nightdesk::strategy
