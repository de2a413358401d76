#include "broker/paper_venue.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace nightdesk::broker {

using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::OrderRequest;
using execution::OrderType;
using execution::Side;

namespace {

std::string reason_text(RejectReason r, std::string_view detail) { return fmt::format("{}: {}", to_string(r), detail); }

// The price of one unit of the order from per-leg prices: the leg's price for a single leg; for a combo the
// net sum(ratio x price, + buy, - sell), debit positive.
template <class Legs>
std::int64_t net_units(const OrderRequest& req, const Legs& leg_units) {
  if (req.legs.size() == 1) return leg_units[0];
  std::int64_t net = 0;
  for (std::size_t i = 0; i < req.legs.size(); ++i)
    net += execution::direction(req.legs[i].side) * req.legs[i].ratio * leg_units[i];
  return net;
}

// A leg price `fraction` of the half-spread beyond the mid toward the far touch, rounded against the
// trader: bid + spread x (1 + f) / 2 for a buy, ask - the same for a sell.
std::int64_t half_spread_price(const market::Quote& q, Side side, std::int64_t fraction_bps) {
  std::int64_t spread = q.ask.units() - q.bid.units();
  std::int64_t cross = *fixed_point::divide(spread * (10'000 + fraction_bps), 20'000, Rounding::up);
  return side == Side::buy ? q.bid.units() + cross : q.ask.units() - cross;
}

bool is_stop(OrderType type) { return type == OrderType::stop || type == OrderType::stop_limit; }

// Forgotten orders' records kept for reuse: a session's turnover, small next to the orders held.
constexpr std::size_t kSpareOrders = 1'024;

}  // namespace

Status PaperVenueConfig::validate() const {
  if (auto f = fills.validate(); !f) return f;
  if (order_latency.count() < 0) return fail(ErrorCode::out_of_range, "must be >= 0", "order_latency");
  if (report_latency.count() < 0) return fail(ErrorCode::out_of_range, "must be >= 0", "report_latency");
  if (stock_tick.units() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "stock_tick");
  if (combo_tick.units() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "combo_tick");
  return ok();
}

Result<std::unique_ptr<PaperVenue>> PaperVenue::create(PaperVenueConfig config, Scheduler& scheduler) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  return std::unique_ptr<PaperVenue>(new PaperVenue(std::move(config), scheduler));
}

PaperVenue::PaperVenue(PaperVenueConfig config, Scheduler& scheduler)
    : config_(std::move(config)), scheduler_(scheduler), ledger_(config_.starting_cash), random_(config_.fills.seed) {}

// ---- requests from the engine: each reaches the venue after order_latency ----

void PaperVenue::VenueOrder::renew(const OrderRequest& req) {
  request = req;
  order_id = execution::OrderId();
  engine_order = execution::OrderHandle();
  filled = Quantity();
  arrived = false;
  open = true;
  triggered = !is_stop(req.type);
  next_draw = Timestamp{};
  books = {};
}

Status PaperVenue::submit(const OrderRequest& request, execution::OrderHandle engine_order) {
  auto [order, is_new] = add_order(request);
  if (!is_new) {
    if (order->request != request)
      return fail(ErrorCode::conflict, "client order id already used with different terms", "client_order_id");
    order->engine_order = engine_order;  // idempotent re-send (a recovered engine names the order anew)
    return ok();
  }
  order->engine_order = engine_order;
  order_sequence_.push_back(order);
  send_to_venue({InFlight::Kind::submit, order});
  return ok();
}

// The record of a new order for `request`, or the one already held under its client id (not new). A
// forgotten order's node is reused when one is spare (its strings and legs keep their capacity, so this
// allocates nothing).
std::pair<PaperVenue::VenueOrder*, bool> PaperVenue::add_order(const OrderRequest& request) {
  if (spare_orders_.empty()) {
    auto [it, is_new] = orders_.try_emplace(request.client_order_id);
    if (is_new) it->second.renew(request);
    return {&it->second, is_new};
  }
  auto node = std::move(spare_orders_.back());
  spare_orders_.pop_back();
  node.key() = request.client_order_id;
  node.mapped().renew(request);
  auto added = orders_.insert(std::move(node));
  if (!added.inserted) spare_orders_.push_back(std::move(added.node));
  return {&added.position->second, added.inserted};
}

Status PaperVenue::cancel(const execution::ClientOrderId& id) {
  cancels_in_flight_.push(id);
  send_to_venue({InFlight::Kind::cancel, nullptr});
  return ok();
}

Status PaperVenue::replace(const execution::ClientOrderId& id, const execution::ReplaceTerms& terms) {
  replaces_in_flight_.push(ReplaceInFlight{id, terms});
  send_to_venue({InFlight::Kind::replace, nullptr});
  return ok();
}

// Every request travels the same latency, so requests arrive in the order sent: a FIFO holds them and the
// timer only says "the next one arrives now". The timer's closure is just `this`, which std::function keeps
// without allocating; the order -> ack path stays allocation-light.
void PaperVenue::send_to_venue(InFlight request) {
  in_flight_.push(std::move(request));
  scheduler_.schedule_at(scheduler_.now() + config_.order_latency, [this] {
    InFlight next = in_flight_.take();
    switch (next.kind) {
      case InFlight::Kind::submit: return on_submit_arrives(*next.order);
      case InFlight::Kind::cancel:  // the id is read in place: arriving sends nothing back synchronously
        on_cancel_arrives(cancels_in_flight_.front());
        return cancels_in_flight_.pop();
      case InFlight::Kind::replace: {
        ReplaceInFlight r = replaces_in_flight_.take();
        return on_replace_arrives(r.id, r.terms);
      }
    }
  });
}

// ---- what the venue does when a request arrives ----

std::optional<std::string> PaperVenue::off_tick(const OrderRequest& req, Price limit, std::string_view what) const {
  Price tick;
  if (req.is_combo()) {
    tick = config_.combo_tick;
  } else if (!req.legs.front().instrument.is_option()) {
    tick = config_.stock_tick;
  } else {
    const TickRule& rule = config_.ticks.rule_for(req.legs.front().instrument.underlying);
    if (rule.is_on_tick(limit)) return std::nullopt;
    return reason_text(RejectReason::off_tick, fmt::format("{} {} is not on the {} tick", what, limit.to_string(), rule.tick_at(limit).to_string()));
  }
  if (limit.units() % tick.units() == 0) return std::nullopt;
  return reason_text(RejectReason::off_tick, fmt::format("{} {} is not on the {} tick", what, limit.to_string(), tick.to_string()));
}

std::optional<std::string> PaperVenue::reject_reason(VenueOrder& order) {
  const OrderRequest& req = order.request;
  if (req.quantity.count() <= 0)
    return reason_text(RejectReason::quantity_not_positive, fmt::format("quantity {} must be > 0", req.quantity.count()));
  if (auto valid = req.validate(); !valid) return reason_text(RejectReason::invalid_request, valid.error().describe());
  for (std::size_t i = 0; i < req.legs.size(); ++i) {  // validate() bounds the legs by kMaxComboLegs
    const auto& leg = req.legs[i];
    auto book = books_.find(leg.instrument);
    if (book == books_.end() || !book->second.quoted) {
      auto symbol = leg.instrument.symbol();
      return reason_text(RejectReason::unknown_instrument, symbol ? *symbol : leg.instrument.underlying);
    }
    order.books[i] = &book->second;
  }
  if (config_.calendar != nullptr && open_session_now() == nullptr)
    return reason_text(RejectReason::market_closed, fmt::format("no NYSE session at {}", format_iso8601(scheduler_.now())));
  if (req.stop_price)
    if (auto why = off_tick(req, *req.stop_price, "stop")) return why;
  if (req.limit_price) return off_tick(req, *req.limit_price);
  return std::nullopt;
}

void PaperVenue::on_submit_arrives(VenueOrder& order) {
  const OrderRequest& request = order.request;
  order.arrived = true;
  if (auto why = reject_reason(order)) {
    order.open = false;
    report(ExecutionReportKind::rejected, order, *why);
    return;
  }
  order.order_id = execution::OrderId(order_ids_.take());
  report(ExecutionReportKind::accepted, order);
  index_resting(order);
  try_fill(order, /*arriving=*/true);
  if (order.open && request.tif == execution::TimeInForce::ioc) {
    report(ExecutionReportKind::expired, order, "ioc: the remainder did not fill on arrival");
    close(order);
  }
  if (order.open && request.tif == execution::TimeInForce::day) expire_at_close(order);
}

// The session open now, or null when none is (or the calendar cannot say). Remembers the last session
// found open: until its close every later instant is inside it (open <= then <= now < close, all on one
// New York date), so the calendar's time zone work is done once a session, not once an order.
const Session* PaperVenue::open_session_now() {
  const Timestamp now = scheduler_.now();
  if (open_session_ && open_session_->open <= now && now < open_session_->close) return &*open_session_;
  auto open = config_.calendar->is_open_at(now);
  if (!open || !*open) return nullptr;
  auto today = config_.calendar->new_york_date(now);
  if (!today) return nullptr;
  auto session = config_.calendar->session(*today);
  if (!session || !*session) return nullptr;
  open_session_ = **session;
  return &*open_session_;
}

// A day order lives until the session's close; without a calendar the venue cannot know it and the
// order works until cancelled (a backtest configures the calendar).
void PaperVenue::expire_at_close(VenueOrder& order) {
  if (config_.calendar == nullptr) return;
  // The order was just accepted, which with a calendar means open_session_now() found the session.
  const Session* open = open_session_now();
  if (open == nullptr) return;
  const Timestamp close = open->close;
  // Closes come in time order (a later order's session closes no earlier), so the close timers fire in
  // the order scheduled and each takes the oldest id waiting: the timer's closure is just `this`, which
  // std::function keeps without allocating. An earlier close than the last one (a clock set back) gets
  // its own closure with the id.
  if (close < last_day_close_) {
    scheduler_.schedule_at(close, [this, id = order.request.client_order_id] { expire_day_order(id); });
    return;
  }
  last_day_close_ = close;
  day_orders_.push(order.request.client_order_id);
  scheduler_.schedule_at(close, [this] {
    expire_day_order(day_orders_.front());  // read in place, as a cancel's id is (see send_to_venue)
    day_orders_.pop();
  });
}

void PaperVenue::expire_day_order(const execution::ClientOrderId& id) {
  auto it = orders_.find(id);
  if (it == orders_.end() || !it->second.open) return;
  VenueOrder& o = it->second;
  report(ExecutionReportKind::expired, o, "day order: the session closed");
  close(o);
}

void PaperVenue::on_cancel_arrives(const execution::ClientOrderId& id) {
  auto it = orders_.find(id);
  if (it == orders_.end() || !it->second.arrived) {
    report(ExecutionReportKind::cancel_rejected, id, reason_text(RejectReason::unknown_order, id.value()));
    return;
  }
  VenueOrder& order = it->second;
  if (!order.open) {
    report(ExecutionReportKind::cancel_rejected, order, reason_text(RejectReason::order_closed, "too late: the order is no longer working"));
    return;
  }
  report(ExecutionReportKind::cancelled, order, "cancelled on request");
  close(order);
}

void PaperVenue::on_replace_arrives(const execution::ClientOrderId& id, const execution::ReplaceTerms& terms) {
  auto it = orders_.find(id);
  auto refuse = [&](RejectReason why, std::string detail) {
    ExecutionReport& r = report(ExecutionReportKind::replace_rejected, id, reason_text(why, detail));
    if (it != orders_.end()) r.order_id = it->second.order_id;
  };
  if (it == orders_.end() || !it->second.arrived) return refuse(RejectReason::unknown_order, id.value());
  VenueOrder& order = it->second;
  if (!order.open) return refuse(RejectReason::order_closed, "too late: the order is no longer working");
  if (terms.quantity.count() <= 0)
    return refuse(RejectReason::quantity_not_positive, fmt::format("quantity {} must be > 0", terms.quantity.count()));
  if (terms.quantity <= order.filled)
    return refuse(RejectReason::quantity_below_filled,
                  fmt::format("new total {} is not above the {} already filled", terms.quantity.count(), order.filled.count()));
  if (terms.limit_price) {
    if (!order.request.is_combo() && terms.limit_price->units() <= 0)
      return refuse(RejectReason::invalid_request, "a single-leg limit price must be > 0");
    if (auto why = off_tick(order.request, *terms.limit_price)) {
      report(ExecutionReportKind::replace_rejected, order, *why);
      return;
    }
    order.request.limit_price = terms.limit_price;
  }
  order.request.quantity = terms.quantity;
  ExecutionReport& r = report(ExecutionReportKind::replaced, order);
  r.limit_price = order.request.limit_price;
  r.quantity = order.request.quantity;
  try_fill(order, /*arriving=*/true);
}

// ---- quotes and matching ----

void PaperVenue::on_quote(const market::QuoteEvent& event) {
  auto known = books_.find(event);  // a lookup builds no key; only a new instrument's book does
  QuoteBook& book = known != books_.end() ? known->second : books_[InstrumentKey::of(event)];
  book.quote = event.quote;
  book.quoted = true;
  book.bid_left = event.quote.bid_size;
  book.ask_left = event.quote.ask_size;
  if (book.resting.empty()) return;
  // Fills only close orders (closed ones are skipped and dropped below); nothing is added while this runs,
  // because new orders arrive through timers, never from inside a fill.
  for (std::size_t i = 0; i < book.resting.size(); ++i)
    if (book.resting[i]->open) try_fill(*book.resting[i], /*arriving=*/false);
  std::erase_if(book.resting, [](const VenueOrder* o) { return !o->open; });
}

void PaperVenue::index_resting(VenueOrder& order) {
  for (std::size_t i = 0; i < order.request.legs.size(); ++i) {
    if (order.books[i] == nullptr) order.books[i] = &books_[InstrumentKey::of(order.request.legs[i].instrument)];
    order.books[i]->resting.push_back(&order);
  }
}

void PaperVenue::close(VenueOrder& order) { order.open = false; }

void PaperVenue::try_fill(VenueOrder& order, bool arriving) {
  if (!order.open) return;
  if (!order.triggered) {
    if (!stop_triggered(order)) return;
    order.triggered = true;
    arriving = true;  // a triggered stop enters as a fresh market (stop) or limit (stop-limit) order
  }
  if (auto m = match(order, arriving)) execute(order, *m);
}

// A buy stop triggers when the ask or the last trade reaches the stop price from below; a sell stop when
// the bid or the last trade reaches it from above. An empty side (zero bid, no offer) is no touch: only
// the last trade can then trigger, so a quote with nobody bidding does not set off a sell stop.
bool PaperVenue::stop_triggered(const VenueOrder& order) const {
  const OrderRequest& req = order.request;
  const QuoteBook* book = order.books[0];
  if (book == nullptr || !book->quoted) return false;
  const market::Quote& q = book->quote;
  const std::int64_t stop = req.stop_price->units();
  if (req.legs.front().side == Side::buy) {
    bool touch = q.ask.units() > 0 && q.ask.units() >= stop;
    return touch || (q.last && q.last->units() >= stop);
  }
  bool touch = q.bid.units() > 0 && q.bid.units() <= stop;
  return touch || (q.last && q.last->units() > 0 && q.last->units() <= stop);
}

std::optional<PaperVenue::Match> PaperVenue::match(VenueOrder& order, bool arriving) {
  const OrderRequest& req = order.request;
  const std::size_t n = req.legs.size();
  const Quantity leaves(req.quantity.count() - order.filled.count());
  if (leaves.count() <= 0) return std::nullopt;

  std::array<QuoteBook*, execution::kMaxComboLegs> books{};
  std::array<std::int64_t, execution::kMaxComboLegs> far{}, near{}, model{};
  bool two_sided = true;
  for (std::size_t i = 0; i < n; ++i) {
    books[i] = order.books[i];  // set when the order arrived
    if (books[i] == nullptr || !books[i]->quoted) return std::nullopt;
    const market::Quote& q = books[i]->quote;
    const bool buy = req.legs[i].side == Side::buy;
    // Never a fill on a missing, zero or crossed quote: the side we would trade against must be there.
    if (q.is_crossed() || (buy ? q.ask.units() <= 0 : q.bid.units() <= 0)) return std::nullopt;
    far[i] = buy ? q.ask.units() : q.bid.units();
    near[i] = buy ? q.bid.units() : q.ask.units();
    two_sided = two_sided && q.bid.units() > 0 && q.ask.units() > 0;
  }
  const FillModel kind = config_.fills.model;
  model = far;
  if (kind == FillModel::half_spread) {
    if (!two_sided) return std::nullopt;  // no mid to measure from
    auto bps = static_cast<std::int64_t>(std::llround(config_.fills.half_spread_fraction(n) * 10'000));
    for (std::size_t i = 0; i < n; ++i) model[i] = half_spread_price(books[i]->quote, req.legs[i].side, bps);
  }
  const int d = execution::direction(req.price_side());
  const std::int64_t far_net = net_units(req, far);

  Match m;
  m.units = leaves;
  auto at_limit = [&](std::int64_t limit) -> bool {  // leg prices from the far touch, moved so the net is `limit`
    m.leg_prices.assign(n, Price{});
    if (n == 1) {
      m.leg_prices[0] = Price::from_units(limit);
      return true;
    }
    std::int64_t delta = limit - far_net;
    for (std::size_t j = 0; j < n; ++j) {
      const auto& leg = req.legs[j];
      if (delta % leg.ratio != 0) continue;
      std::int64_t moved = far[j] + execution::direction(leg.side) * delta / leg.ratio;
      if (moved <= 0) continue;
      for (std::size_t i = 0; i < n; ++i) m.leg_prices[i] = Price::from_units(i == j ? moved : far[i]);
      return true;
    }
    return false;
  };

  bool fills = false;
  const bool at_market = req.type == OrderType::market || req.type == OrderType::stop;  // a stop gets here triggered
  if (at_market || (arriving && d * (req.limit_price->units() - net_units(req, model)) >= 0)) {
    m.leg_prices.assign(n, Price{});
    for (std::size_t i = 0; i < n; ++i) m.leg_prices[i] = Price::from_units(model[i]);
    fills = true;
  } else if (d * (req.limit_price->units() - far_net) >= 0) {
    // The market came through a resting limit: it trades at its own price (or at the touch if a combo's
    // net cannot be split onto a leg exactly, which favours the trader by the difference).
    if (!at_limit(req.limit_price->units())) {
      m.leg_prices.assign(n, Price{});
      for (std::size_t i = 0; i < n; ++i) m.leg_prices[i] = Price::from_units(far[i]);
    }
    fills = true;
  } else if (kind == FillModel::probabilistic && two_sided && scheduler_.now() >= order.next_draw) {
    const double far_d = static_cast<double>(far_net), near_d = static_cast<double>(net_units(req, near));
    if (far_d != near_d) {
      order.next_draw = scheduler_.now() + config_.fills.probability_interval;
      double position = (2.0 * static_cast<double>(req.limit_price->units()) - far_d - near_d) / (far_d - near_d);
      double p = fill_probability(position, config_.fills.probability_at_mid);
      fills = random_.uniform() < p && at_limit(req.limit_price->units());
    }
  }
  if (!fills) return std::nullopt;

  if (kind == FillModel::displayed_size) {
    std::int64_t units = m.units.count();
    for (std::size_t i = 0; i < n; ++i) {
      const QuoteBook& b = *books[i];
      std::int64_t shown = req.legs[i].side == Side::buy ? b.ask_left.count() : b.bid_left.count();
      units = std::min(units, shown / req.legs[i].ratio);
    }
    if (units <= 0) return std::nullopt;
    m.units = Quantity(units);
  }
  return m;
}

void PaperVenue::execute(VenueOrder& order, const Match& m) {
  const OrderRequest& req = order.request;
  for (std::size_t i = 0; i < req.legs.size(); ++i) {
    const auto& leg = req.legs[i];
    const Quantity contracts(m.units.count() * leg.ratio);
    auto fees = config_.fees.fees_for(leg.instrument, contracts);
    Quantity signed_qty = leg.side == Side::buy ? contracts : -contracts;
    auto booked = fees ? ledger_.apply_trade(leg.instrument, signed_qty, m.leg_prices[i], *fees) : Result<Money>(std::unexpected(fees.error()));
    if (!booked) {
      spdlog::error("paper venue: cannot book a fill of {}: {}", req.client_order_id.value(), booked.error().describe());
      return;
    }
    if (config_.fills.model == FillModel::displayed_size) {
      QuoteBook& b = *order.books[i];
      Quantity& left = leg.side == Side::buy ? b.ask_left : b.bid_left;
      left = left - contracts;
    }
    execution::Fill fill{.order_id = order.order_id,
                         .client_order_id = req.client_order_id,
                         .fill_id = fill_ids_.take(),
                         .leg = i,
                         .quantity = contracts,
                         .price = m.leg_prices[i],
                         .fees = *fees,
                         .venue_time = scheduler_.now(),
                         .engine_time = {}};
    report(ExecutionReportKind::fill, order).fill = std::move(fill);
  }
  order.filled = order.filled + m.units;
  if (order.filled >= req.quantity) close(order);
}

// ---- reports ----

ExecutionReport& PaperVenue::report(ExecutionReportKind kind, const VenueOrder& order, std::string_view reason) {
  return send_report(kind, order.request.client_order_id, order.order_id, order.engine_order, reason);
}

ExecutionReport& PaperVenue::report(ExecutionReportKind kind, const execution::ClientOrderId& id, std::string_view reason) {
  static const execution::OrderId kNoOrderId;
  return send_report(kind, id, kNoOrderId, execution::OrderHandle(), reason);
}

// Reports, like requests, share one latency and so arrive in the order sent (see send_to_venue). Every
// field is set anew: the record may have carried another report before.
ExecutionReport& PaperVenue::send_report(ExecutionReportKind kind, const execution::ClientOrderId& id, const execution::OrderId& order_id,
                                         execution::OrderHandle engine_order, std::string_view reason) {
  std::unique_ptr<ExecutionReport> slot;
  if (spare_reports_.empty()) {
    slot = std::make_unique<ExecutionReport>();
  } else {
    slot = std::move(spare_reports_.back());
    spare_reports_.pop_back();
  }
  ExecutionReport& r = *slot;
  r.kind = kind;
  r.client_order_id = id;
  r.order_id = order_id;
  r.venue_time = scheduler_.now();
  r.reason.assign(reason);
  r.fill.reset();
  r.limit_price.reset();
  r.quantity.reset();
  r.engine_order = engine_order;
  outbound_.push(std::move(slot));
  scheduler_.schedule_at(r.venue_time + config_.report_latency, [this] {
    std::unique_ptr<ExecutionReport> next = outbound_.take();
    if (next->fill) next->fill->engine_time = scheduler_.now();
    if (sink_) sink_(*next);
    spare_reports_.push_back(std::move(next));
  });
  return r;
}

// ---- queries, expiry, state ----

Result<std::vector<BrokerOrder>> PaperVenue::open_orders() const {
  std::vector<BrokerOrder> out;
  for (const VenueOrder* order : order_sequence_) {
    const VenueOrder& o = *order;
    if (o.arrived && o.open) out.push_back(BrokerOrder{o.request, o.order_id, o.filled});
  }
  return out;
}

Result<std::vector<BrokerPosition>> PaperVenue::positions() const { return ledger_.state().positions; }

Result<std::vector<ExpirySettlement>> PaperVenue::settle_expiry(Date expiry, const std::map<std::string, Price, std::less<>>& underlying_prices) {
  std::vector<BrokerPosition> expiring;
  for (const auto& p : ledger_.state().positions) {
    if (!p.instrument.is_option() || p.instrument.expiry != expiry) continue;
    if (!underlying_prices.contains(p.instrument.underlying))
      return fail(ErrorCode::not_found, fmt::format("no settlement price for {}", p.instrument.underlying), "underlying_prices");
    expiring.push_back(p);
  }
  for (VenueOrder* order : order_sequence_) {
    VenueOrder& o = *order;
    if (!o.open || !o.arrived) continue;
    bool expires = std::any_of(o.request.legs.begin(), o.request.legs.end(), [&](const execution::OrderLeg& l) {
      return l.instrument.is_option() && l.instrument.expiry == expiry;
    });
    if (!expires) continue;
    report(ExecutionReportKind::expired, o, "contract expired");
    close(o);
  }
  std::vector<ExpirySettlement> out;
  for (const auto& position : expiring) {
    Price underlying = underlying_prices.find(position.instrument.underlying)->second;
    auto s = plan_expiry(position, underlying);
    if (!s) return std::unexpected(s.error());
    const Money cash_before = ledger_.state().cash;
    auto realized = ledger_.apply_trade(position.instrument, -position.quantity, s->intrinsic, Money{});
    if (!realized) return std::unexpected(realized.error());
    if (s->stock_quantity.count() != 0) {
      auto stock = ledger_.apply_trade(market::Instrument::stock(position.instrument.underlying), s->stock_quantity,
                                       underlying, Money{});
      if (!stock) return std::unexpected(stock.error());
    }
    s->realized_pnl = *realized;
    s->cash_change = ledger_.state().cash - cash_before;
    s->time = scheduler_.now();
    if (settlement_sink_) settlement_sink_(*s);
    out.push_back(std::move(*s));
  }
  return out;
}

std::size_t PaperVenue::forget_closed_orders() {
  for (auto& [key, book] : books_) std::erase_if(book.resting, [](const VenueOrder* o) { return !o->open; });
  std::unordered_set<execution::ClientOrderId> in_flight;
  // A submit's order has not arrived: kept anyway.
  cancels_in_flight_.for_each([&in_flight](const execution::ClientOrderId& id) { in_flight.insert(id); });
  replaces_in_flight_.for_each([&in_flight](const ReplaceInFlight& r) { in_flight.insert(r.id); });
  // Every order is in order_sequence_ once, so walking it visits each order and drops the forgotten ones'
  // pointers in the same pass.
  const std::size_t held = order_sequence_.size();
  std::erase_if(order_sequence_, [&](VenueOrder* o) {
    const execution::ClientOrderId& id = o->request.client_order_id;
    if (!o->arrived || o->open || in_flight.contains(id)) return false;
    auto node = orders_.extract(id);
    if (spare_orders_.size() < kSpareOrders) spare_orders_.push_back(std::move(node));
    return true;
  });
  return held - order_sequence_.size();
}

PaperVenueState PaperVenue::state() const {
  PaperVenueState s;
  s.ledger = ledger_.state();
  s.open_orders = *open_orders();
  s.next_order_number = order_ids_.next();
  s.next_fill_number = fill_ids_.next();
  return s;
}

Status PaperVenue::restore(const PaperVenueState& state) {
  bool submit_in_flight = false;
  in_flight_.for_each([&](const InFlight& r) { submit_in_flight = submit_in_flight || r.kind == InFlight::Kind::submit; });
  if (submit_in_flight)  // its order would be dropped under it
    return fail(ErrorCode::conflict, "cannot restore while submits are on their way to the venue", "state");
  orders_.clear();
  order_sequence_.clear();
  for (auto& [key, book] : books_) book.resting.clear();
  ledger_.restore(state.ledger);
  for (const auto& o : state.open_orders) {
    auto [it, inserted] = orders_.try_emplace(o.request.client_order_id);
    if (!inserted) return fail(ErrorCode::conflict, "duplicate client order id " + o.request.client_order_id.value(), "open_orders");
    // A restored stop is armed again: it triggers on the next quote that reaches its stop price.
    it->second.renew(o.request);
    it->second.order_id = o.order_id;
    it->second.filled = o.filled;
    it->second.arrived = true;
    order_sequence_.push_back(&it->second);
    index_resting(it->second);
  }
  order_ids_.restart(state.next_order_number);
  fill_ids_.restart(state.next_fill_number);
  return ok();
}

}  // namespace nightdesk::broker
