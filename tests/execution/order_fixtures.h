// Test-only builders for orders, reports and quotes shared by the execution tests.
#pragma once

#include <ostream>
#include <string>

#include "execution/execution_report.h"
#include "execution/order.h"
#include "execution/order_request.h"
#include "market/quote.h"

namespace nightdesk {
// Readable prices and money in test failure messages.
template <class Tag>
void PrintTo(const Decimal4<Tag>& value, std::ostream* os) { *os << value.to_string(); }
inline void PrintTo(const Quantity& value, std::ostream* os) { *os << value.to_string(); }
}  // namespace nightdesk

namespace nightdesk::execution::testing {

inline Price px(double dollars) { return *Price::from_double(dollars, Rounding::nearest); }
inline Timestamp at_seconds(std::int64_t s) { return from_unix_nanos(1'736'000'000'000'000'000 + s * 1'000'000'000); }

inline market::Instrument spy_call(std::int64_t strike_dollars) {
  using namespace std::chrono;
  return market::Instrument::option("SPY", year(2025) / January / 17, Price::from_units(strike_dollars * 10'000), OptionRight::call);
}

inline OrderRequest limit_order(std::string id, Side side, std::int64_t qty, double limit) {
  OrderRequest r;
  r.client_order_id = ClientOrderId(std::move(id));
  r.legs = {OrderLeg{spy_call(450), 1, side}};
  r.quantity = Quantity(qty);
  r.type = OrderType::limit;
  r.limit_price = px(limit);
  r.strategy_tag = "test";
  return r;
}

// A vertical: buy the lower strike, sell the higher, `qty` spreads at a net debit `net`.
inline OrderRequest vertical_order(std::string id, std::int64_t qty, double net) {
  OrderRequest r = limit_order(std::move(id), Side::buy, qty, 1.0);
  r.legs = {OrderLeg{spy_call(450), 1, Side::buy}, OrderLeg{spy_call(455), 1, Side::sell}};
  r.limit_price = px(net);
  return r;
}

inline ExecutionReport report(const Order& o, ExecutionReportKind kind, std::string reason = {}) {
  ExecutionReport r;
  r.kind = kind;
  r.client_order_id = o.client_order_id();
  r.order_id = o.order_id.empty() ? OrderId("V-" + o.client_order_id().value()) : o.order_id;
  r.reason = std::move(reason);
  return r;
}

inline ExecutionReport fill_report(const Order& o, std::size_t leg, std::int64_t qty, double price, std::string fill_id = {}) {
  ExecutionReport r = report(o, ExecutionReportKind::fill);
  Fill f;
  f.order_id = r.order_id;
  f.client_order_id = o.client_order_id();
  f.fill_id = fill_id.empty() ? "F" + std::to_string(o.fills.size() + 1) + "-" + std::to_string(leg) : std::move(fill_id);
  f.leg = leg;
  f.quantity = Quantity(qty);
  f.price = px(price);
  f.fees = Money::from_units(6'500);
  r.fill = f;
  return r;
}

inline market::Quote quote(double bid, double ask, Timestamp t = {}) {
  market::Quote q;
  q.time = t;
  q.bid = px(bid);
  q.ask = px(ask);
  q.bid_size = Quantity(10);
  q.ask_size = Quantity(10);
  return q;
}

}  // namespace nightdesk::execution::testing
