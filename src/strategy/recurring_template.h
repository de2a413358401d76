// RecurringTemplate: an order that places itself on a schedule (the original's recurring-order manager): an
// underlying, an order template or manual legs, quantity, pricing, schedule, AND-ed entry conditions, an
// expiry date, a maximum number of executions, a status and an execution history. Plain value owned by the
// engine thread; the store persists it as JSON (recurring_template_json.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"
#include "strategy/built_order.h"
#include "strategy/entry_condition.h"
#include "strategy/order_template_params.h"
#include "strategy/order_templates.h"
#include "strategy/schedule.h"

namespace nightdesk::strategy {

// active -> paused -> active; active/paused -> expired (past expires_on) or completed (max executions).
// expired and completed are final.
enum class TemplateStatus : std::uint8_t { active, paused, expired, completed };
// limit: a limit order at `limit_price` (or the net mid when absent); smart: the execution module's
// cancel/replace walk from the mid.
enum class PricingMode : std::uint8_t { limit, smart };
// What happened at one fire. submitted/filled count as executions; the others do not.
enum class FireOutcome : std::uint8_t { submitted, filled, rejected, cancelled, skipped, missed };

std::string_view to_string(TemplateStatus status);
std::optional<TemplateStatus> parse_template_status(std::string_view text);
std::string_view to_string(PricingMode mode);
std::optional<PricingMode> parse_pricing_mode(std::string_view text);
std::string_view to_string(FireOutcome outcome);
std::optional<FireOutcome> parse_fire_outcome(std::string_view text);

struct RecurringPricing {
  PricingMode mode = PricingMode::smart;
  std::optional<Price> limit_price;  // limit mode only; net per share, debit positive / credit negative
  bool operator==(const RecurringPricing&) const = default;
};

struct ExecutionRecord {
  Timestamp time{};
  std::string client_order_id;  // empty when no order was sent
  FireOutcome outcome = FireOutcome::skipped;
  std::string reason;           // why it was skipped, missed or rejected; empty otherwise
  bool operator==(const ExecutionRecord&) const = default;
};

using RecurringOrder = std::variant<TemplateParams, std::vector<ManualLeg>>;

struct RecurringTemplate {
  std::string id;
  std::string name;
  std::string underlying;  // the chain the order is built from
  RecurringOrder order;
  std::int64_t quantity = 1;  // overrides the order template's own quantity
  RecurringPricing pricing;
  Schedule schedule;
  std::vector<EntryCondition> conditions;  // all must hold
  std::optional<Date> expires_on;          // last New York date it may fire
  std::optional<std::int64_t> max_executions;
  // A scheduled fire found more than this late (the engine was down) is recorded as missed, not sent.
  std::chrono::minutes late_tolerance{30};
  TemplateStatus status = TemplateStatus::active;
  Timestamp created_at{};
  std::vector<ExecutionRecord> history;  // oldest first

  // ok, or invalid_argument naming the JSON field.
  Status validate() const;
  // Fires that sent an order (submitted or filled).
  std::int64_t executions() const;

  bool operator==(const RecurringTemplate&) const = default;
};

// --- status transitions (conflict for an illegal one; pausing a paused template is a no-op) ---
Status pause(RecurringTemplate& t);
// Back to active, unless it expired (before `now`) or completed meanwhile: then conflict.
Status resume(RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar);
// Moves an active or paused template to expired once `now` is past expires_on (New York date), and to
// completed once executions() reaches max_executions. Returns the status after.
Result<TemplateStatus> refresh_status(RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar);

// --- firing ---
struct DueFire {
  Timestamp scheduled{};  // the fire time that is due (now, for a conditional template)
  bool missed = false;    // later than late_tolerance: record it as missed instead of sending
};
// The fire that is due at `now`, if any: for a scheduled template the latest fire time in (last history
// entry or created_at, now]; for a conditional one, now while a session is open and no order was sent today
// (New York date). nullopt when not active or nothing is due.
Result<std::optional<DueFire>> due_fire(const RecurringTemplate& t, Timestamp now, const TradingCalendar& calendar);

// Checks the entry conditions and builds the order from `chain` for a due fire. When a condition fails or
// the order cannot be built, appends a `skipped` record with the reason (a conditional template records
// nothing when a condition fails: it is checked continuously) and returns nullopt. Otherwise returns the
// order (quantity and pricing from the template) for the caller to submit and then record_fire() (submitted).
Result<std::optional<BuiltOrder>> prepare_fire(RecurringTemplate& t, Timestamp now, const ConditionSnapshot& snapshot,
                                               const market::OptionChain& chain, const BuildContext& context);

// Appends a record; then completes the template when it reached max_executions.
void record_fire(RecurringTemplate& t, ExecutionRecord record);
// Updates the outcome of the fire that sent `client_order_id` (filled, rejected, cancelled); not_found when
// no record has it. A rejected last execution reopens a completed template.
Status update_outcome(RecurringTemplate& t, std::string_view client_order_id, FireOutcome outcome, std::string reason = {});

}  // namespace nightdesk::strategy
