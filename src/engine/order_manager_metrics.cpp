#include "engine/order_manager_metrics.h"

namespace nightdesk::engine {

std::string reject_reason_key(std::string_view reason) {
  if (reason.empty()) return "unspecified";
  return std::string(reason.substr(0, reason.find(':')));
}

}  // namespace nightdesk::engine
