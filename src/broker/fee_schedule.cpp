#include "broker/fee_schedule.h"

namespace nightdesk::broker {

Result<Money> FeeSchedule::fees_for(const market::Instrument& instrument, Quantity contracts) const {
  if (!instrument.is_option()) return commission_per_share.checked_times(contracts.count());
  auto per_contract = commission_per_contract.checked_add(exchange_fee_per_contract);
  if (!per_contract) return per_contract;
  per_contract = per_contract->checked_add(regulatory_fee_per_contract);
  if (!per_contract) return per_contract;
  return per_contract->checked_times(contracts.count());
}

}  // namespace nightdesk::broker
