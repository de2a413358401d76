// CircuitBreaker: the account's trading state (active / reducing / halted, spec A8), tripped by the loss limits
// or by a person, reset only by a person with a reason; every transition is kept in its audit log.
// Owned by the engine thread; not thread-safe (callers synchronise). Const methods may run concurrently.
//
// Trips: daily loss and consecutive losses -> reducing (only risk-reducing orders); drawdown and a manual halt
// -> halted (strategies stop; only risk-reducing orders). A trip only ever makes the state stricter.
// A reset acknowledges the breaches present at that moment: an acknowledged trigger trips again only when its
// measure gets worse than it was at the reset, or after it has first fallen back below its limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "risk/account_snapshot.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

enum class BreakerState : std::uint8_t { active, reducing, halted };
enum class BreakerTrigger : std::uint8_t { daily_loss, drawdown, consecutive_losses, manual_halt, manual_reduce, reset };

std::string_view to_string(BreakerState s);
std::string_view to_string(BreakerTrigger t);

// One audit-log entry.
struct BreakerTransition {
  Timestamp time;
  BreakerState from = BreakerState::active;
  BreakerState to = BreakerState::active;
  BreakerTrigger trigger = BreakerTrigger::reset;
  std::string numbers;  // the measures at the time: "daily loss 3.2% >= 3.0% (640.00 of 20000.00); ..."
  std::string who;      // "risk" for an automatic trip; the person otherwise
  std::string reason;   // the person's reason; empty for an automatic trip
};

// Who acts for automatic trips in the audit log.
inline constexpr std::string_view kAutomaticActor = "risk";

class CircuitBreaker {
 public:
  explicit CircuitBreaker(RiskLimits limits) : limits_(std::move(limits)) {}

  BreakerState state() const { return state_; }
  // Whether new risk may be opened (state is active).
  bool allows_opening() const { return state_ == BreakerState::active; }
  // Whether strategies may run (anything but halted); bot management of open positions continues when reducing.
  bool strategies_may_run() const { return state_ != BreakerState::halted; }

  // Measures `account` against the loss limits; when an armed trigger is reached and its state is stricter
  // than the current one, moves there and returns the transition (logged). nullopt otherwise.
  std::optional<BreakerTransition> evaluate(const AccountSnapshot& account, Timestamp now);

  // A person halts, or restricts to risk-reducing orders. `who` and `reason` must not be blank; asking for a
  // state no stricter than the current one is a conflict.
  Result<BreakerTransition> halt(std::string who, std::string reason, Timestamp now);
  Result<BreakerTransition> reduce_only(std::string who, std::string reason, Timestamp now);

  // A person returns the breaker to active. `who` and `reason` must not be blank (invalid_argument naming the
  // field); resetting an active breaker is a conflict. The breaches in `account` are acknowledged.
  Result<BreakerTransition> reset(std::string who, std::string reason, const AccountSnapshot& account, Timestamp now);

  // Whether `trigger`'s breach in `account` is covered by the last reset (the pre-trade check lets it pass).
  bool acknowledged(BreakerTrigger trigger, const AccountSnapshot& account) const;

  // Every transition, oldest first.
  const std::vector<BreakerTransition>& audit_log() const { return audit_log_; }
  const RiskLimits& limits() const { return limits_; }

 private:
  struct Breach {
    BreakerTrigger trigger;
    BreakerState trips_to;
    std::int64_t level;  // basis points, or the loss count
    std::string numbers;
  };
  std::vector<Breach> breaches(const AccountSnapshot& account) const;
  bool is_acknowledged(const Breach& breach) const;
  void rearm_cleared(const std::vector<Breach>& present);
  Result<BreakerTransition> manual_trip(BreakerTrigger trigger, BreakerState to, std::string who, std::string reason,
                                        Timestamp now);
  BreakerTransition record(BreakerTransition t);

  RiskLimits limits_;
  BreakerState state_ = BreakerState::active;
  // The level each trigger had when a reset acknowledged it; indexed by BreakerTrigger (automatic ones).
  std::optional<std::int64_t> acknowledged_[3];
  std::vector<BreakerTransition> audit_log_;
};

}  // namespace nightdesk::risk
