#include "risk/circuit_breaker.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::risk {
namespace {

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

Status check_person(std::string_view who, std::string_view reason) {
  if (is_blank(who)) return fail(ErrorCode::invalid_argument, "a person must be named", "who");
  if (is_blank(reason)) return fail(ErrorCode::invalid_argument, "a reason is required", "reason");
  return ok();
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

std::string_view to_string(BreakerState s) {
  switch (s) {
    case BreakerState::active: return "active";
    case BreakerState::reducing: return "reducing";
    case BreakerState::halted: return "halted";
  }
  return "unknown";
}

std::string_view to_string(BreakerTrigger t) {
  switch (t) {
    case BreakerTrigger::daily_loss: return "daily_loss";
    case BreakerTrigger::drawdown: return "drawdown";
    case BreakerTrigger::consecutive_losses: return "consecutive_losses";
    case BreakerTrigger::manual_halt: return "manual_halt";
    case BreakerTrigger::manual_reduce: return "manual_reduce";
    case BreakerTrigger::reset: return "reset";
  }
  return "unknown";
}

std::vector<CircuitBreaker::Breach> CircuitBreaker::breaches(const AccountSnapshot& account) const {
  std::vector<Breach> out;
  const LossMeasure day = daily_loss(account);
  if (day.reached(limits_.max_daily_loss))
    out.push_back({BreakerTrigger::daily_loss, BreakerState::reducing, day.percent().count(),
                   day.describe("daily loss", limits_.max_daily_loss)});
  const LossMeasure dd = drawdown(account);
  if (dd.reached(limits_.max_drawdown))
    out.push_back({BreakerTrigger::drawdown, BreakerState::halted, dd.percent().count(),
                   dd.describe("drawdown", limits_.max_drawdown)});
  if (account.consecutive_losses >= limits_.max_consecutive_losses)
    out.push_back({BreakerTrigger::consecutive_losses, BreakerState::reducing, account.consecutive_losses,
                   fmt::format("consecutive losses {} >= {}", account.consecutive_losses, limits_.max_consecutive_losses)});
  return out;
}

bool CircuitBreaker::is_acknowledged(const Breach& breach) const {
  const auto& ack = acknowledged_[static_cast<int>(breach.trigger)];
  return ack.has_value() && breach.level <= *ack;
}

void CircuitBreaker::rearm_cleared(const std::vector<Breach>& present) {
  for (int t = 0; t < 3; ++t) {
    const bool still = std::any_of(present.begin(), present.end(),
                                   [&](const Breach& b) { return static_cast<int>(b.trigger) == t; });
    if (!still) acknowledged_[t].reset();
  }
}

bool CircuitBreaker::acknowledged(BreakerTrigger trigger, const AccountSnapshot& account) const {
  for (const auto& b : breaches(account))
    if (b.trigger == trigger) return is_acknowledged(b);
  return false;
}

std::optional<BreakerTransition> CircuitBreaker::evaluate(const AccountSnapshot& account, Timestamp now) {
  const auto present = breaches(account);
  rearm_cleared(present);
  const Breach* strictest = nullptr;
  std::vector<std::string> numbers;
  for (const auto& b : present) {
    if (is_acknowledged(b)) continue;
    numbers.push_back(b.numbers);
    if (strictest == nullptr || b.trips_to > strictest->trips_to) strictest = &b;
  }
  if (strictest == nullptr || strictest->trips_to <= state_) return std::nullopt;
  return record({now, state_, strictest->trips_to, strictest->trigger, join(numbers), std::string(kAutomaticActor), ""});
}

Result<BreakerTransition> CircuitBreaker::manual_trip(BreakerTrigger trigger, BreakerState to, std::string who,
                                                      std::string reason, Timestamp now) {
  if (auto s = check_person(who, reason); !s) return std::unexpected(s.error());
  if (to <= state_)
    return fail(ErrorCode::conflict, fmt::format("the breaker is already {}", to_string(state_)), "state");
  return record({now, state_, to, trigger, "", std::move(who), std::move(reason)});
}

Result<BreakerTransition> CircuitBreaker::halt(std::string who, std::string reason, Timestamp now) {
  return manual_trip(BreakerTrigger::manual_halt, BreakerState::halted, std::move(who), std::move(reason), now);
}

Result<BreakerTransition> CircuitBreaker::reduce_only(std::string who, std::string reason, Timestamp now) {
  return manual_trip(BreakerTrigger::manual_reduce, BreakerState::reducing, std::move(who), std::move(reason), now);
}

Result<BreakerTransition> CircuitBreaker::reset(std::string who, std::string reason, const AccountSnapshot& account,
                                                Timestamp now) {
  if (auto s = check_person(who, reason); !s) return std::unexpected(s.error());
  if (state_ == BreakerState::active) return fail(ErrorCode::conflict, "the breaker is not tripped", "state");
  const auto present = breaches(account);
  rearm_cleared(present);
  std::vector<std::string> numbers;
  for (const auto& b : present) {
    auto& ack = acknowledged_[static_cast<int>(b.trigger)];
    ack = std::max(ack.value_or(b.level), b.level);
    numbers.push_back(b.numbers + " (acknowledged)");
  }
  if (numbers.empty()) numbers.push_back("no limit breached");
  return record({now, state_, BreakerState::active, BreakerTrigger::reset, join(numbers), std::move(who), std::move(reason)});
}

BreakerTransition CircuitBreaker::record(BreakerTransition t) {
  state_ = t.to;
  audit_log_.push_back(t);
  return t;
}

}  // namespace nightdesk::risk
