#include "risk/candidate_order.h"

namespace nightdesk::risk {

std::vector<Price> CandidateOrder::leg_prices() const {
  std::vector<Price> out;
  for (const auto& leg : legs) out.push_back(leg.mark);
  if (request.legs.size() == 1 && request.limit_price && !out.empty()) out.front() = *request.limit_price;
  return out;
}

}  // namespace nightdesk::risk
