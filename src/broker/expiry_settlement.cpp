#include "broker/expiry_settlement.h"

#include <algorithm>

namespace nightdesk::broker {

std::string_view to_string(ExpiryOutcome outcome) {
  switch (outcome) {
    case ExpiryOutcome::expired_worthless: return "expired_worthless";
    case ExpiryOutcome::cash_settled: return "cash_settled";
    case ExpiryOutcome::exercised: return "exercised";
    case ExpiryOutcome::assigned: return "assigned";
  }
  return "unknown";
}

Result<ExpirySettlement> plan_expiry(const BrokerPosition& position, Price underlying_price) {
  const market::Instrument& i = position.instrument;
  if (!i.is_option()) return fail(ErrorCode::invalid_argument, "only options expire", "instrument");
  ExpirySettlement s;
  s.instrument = i;
  s.quantity = position.quantity;
  s.underlying_price = underlying_price;
  Price moneyness = i.right == OptionRight::call ? underlying_price - i.strike : i.strike - underlying_price;
  s.intrinsic = std::max(moneyness, Price{});
  if (i.settlement == market::Settlement::cash) {
    s.outcome = s.intrinsic.units() > 0 ? ExpiryOutcome::cash_settled : ExpiryOutcome::expired_worthless;
    return s;
  }
  if (s.intrinsic < kExerciseThreshold) {
    s.outcome = ExpiryOutcome::expired_worthless;
    s.intrinsic = Price{};  // below the threshold nobody exercises: the option is worth nothing
    return s;
  }
  const bool is_long = position.quantity.count() > 0;
  s.outcome = is_long ? ExpiryOutcome::exercised : ExpiryOutcome::assigned;
  // A call delivers shares to its holder; a put takes shares from its holder. Short positions mirror.
  std::int64_t shares = position.quantity.count() * i.multiplier;
  s.stock_quantity = Quantity(i.right == OptionRight::call ? shares : -shares);
  return s;
}

}  // namespace nightdesk::broker
