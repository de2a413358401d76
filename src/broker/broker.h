// Broker: the engine's one interface to a venue (the paper venue now, REST adapters later): submit,
// cancel, replace, open orders and positions, and a stream of execution reports.
// Engine thread only; reports arrive on the engine thread through the sink.
#pragma once

#include <functional>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "execution/execution_report.h"
#include "execution/order.h"
#include "execution/order_request.h"
#include "market/instrument.h"

namespace nightdesk::broker {

// A position as the venue holds it. quantity: long positive. cost: what the open quantity cost in
// total (Money: debit positive, so a short opened for a credit has negative cost). realized_pnl:
// closed trades and settlements, before fees.
struct BrokerPosition {
  market::Instrument instrument;
  Quantity quantity;
  Money cost;
  Money realized_pnl;
  bool operator==(const BrokerPosition&) const = default;
};

// An order the venue still works. `request` holds the current terms (after replaces); `filled` counts units.
struct BrokerOrder {
  execution::OrderRequest request;
  execution::OrderId order_id;
  Quantity filled;
  bool operator==(const BrokerOrder&) const = default;
};

using ReportSink = std::function<void(const execution::ExecutionReport&)>;

class Broker {
 public:
  virtual ~Broker() = default;
  // Sends an order. The venue answers with reports (accepted or rejected, then fills). Re-sending a
  // client order id already seen with the same request is a no-op; with different terms, a conflict.
  // `engine_order` (may be empty) is the engine's name for the order: the venue echoes it in the order's
  // reports (ExecutionReport::engine_order; the latest one given for the id) and otherwise ignores it.
  virtual Status submit(const execution::OrderRequest& request, execution::OrderHandle engine_order) = 0;
  // Asks to cancel; the answer is a cancelled or cancel_rejected report (a fill may win the race).
  virtual Status cancel(const execution::ClientOrderId& id) = 0;
  // Asks for new terms (quantity = new TOTAL); the answer is replaced or replace_rejected.
  virtual Status replace(const execution::ClientOrderId& id, const execution::ReplaceTerms& terms) = 0;
  virtual Result<std::vector<BrokerOrder>> open_orders() const = 0;
  virtual Result<std::vector<BrokerPosition>> positions() const = 0;
  // Where reports go; set once before trading.
  virtual void set_report_sink(ReportSink sink) = 0;
};

}  // namespace nightdesk::broker
