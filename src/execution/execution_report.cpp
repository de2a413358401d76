#include "execution/execution_report.h"

namespace nightdesk::execution {

std::string_view to_string(ExecutionReportKind kind) {
  switch (kind) {
    case ExecutionReportKind::accepted: return "accepted";
    case ExecutionReportKind::rejected: return "rejected";
    case ExecutionReportKind::fill: return "fill";
    case ExecutionReportKind::cancelled: return "cancelled";
    case ExecutionReportKind::replaced: return "replaced";
    case ExecutionReportKind::expired: return "expired";
    case ExecutionReportKind::cancel_rejected: return "cancel_rejected";
    case ExecutionReportKind::replace_rejected: return "replace_rejected";
  }
  return "unknown";
}

OrderEvent event_of(ExecutionReportKind kind) {
  switch (kind) {
    case ExecutionReportKind::accepted: return OrderEvent::accept;
    case ExecutionReportKind::rejected: return OrderEvent::reject;
    case ExecutionReportKind::fill: return OrderEvent::partial_fill;
    case ExecutionReportKind::cancelled: return OrderEvent::cancel;
    case ExecutionReportKind::replaced: return OrderEvent::replace;
    case ExecutionReportKind::expired: return OrderEvent::expire;
    case ExecutionReportKind::cancel_rejected: return OrderEvent::cancel_reject;
    case ExecutionReportKind::replace_rejected: return OrderEvent::replace_reject;
  }
  return OrderEvent::reject;
}

}  // namespace nightdesk::execution
