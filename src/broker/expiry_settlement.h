// ExpirySettlement: what happened to one option position at expiry. Cash-settled (index) options pay
// their intrinsic value in cash; physically settled (equity/ETF) options in the money by >= $0.01 are
// exercised (long) or assigned (short) into stock at the strike; the rest expire worthless. Plain value.
#pragma once

#include <cstdint>
#include <string_view>

#include "broker/broker.h"
#include "common/time.h"

namespace nightdesk::broker {

enum class ExpiryOutcome : std::uint8_t { expired_worthless, cash_settled, exercised, assigned };
std::string_view to_string(ExpiryOutcome outcome);

// Exercise by exception: a physically settled option is in the money when it is worth at least this.
inline constexpr Price kExerciseThreshold = Price::from_units(100);  // $0.01

struct ExpirySettlement {
  market::Instrument instrument;
  Quantity quantity;        // the position's contracts before settlement (long positive)
  ExpiryOutcome outcome = ExpiryOutcome::expired_worthless;
  Price underlying_price;   // the one price every leg on this underlying settled against
  Price intrinsic;          // per share, >= 0
  Quantity stock_quantity;  // shares delivered (long positive): +100/contract for an exercised call or an assigned put
  Money cash_change;        // change in the venue's cash balance (receipts positive): strike x shares, or cash settlement
  Money realized_pnl;       // the option's P&L: its value at expiry (intrinsic x multiplier x quantity) minus its cost
  Timestamp time{};
};

// Decides the outcome of `position` (an option) against `underlying_price`; the money fields are left
// for the ledger to fill. Error (invalid_argument) for a stock position.
Result<ExpirySettlement> plan_expiry(const BrokerPosition& position, Price underlying_price);

}  // namespace nightdesk::broker
