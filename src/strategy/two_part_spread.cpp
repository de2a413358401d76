#include "strategy/two_part_spread.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/strategy_context.h"

namespace nightdesk::strategy {
namespace {

constexpr std::array<std::string_view, 5> kStageNames = {"idle", "debit_working", "credit_working", "done", "abandoned"};

void describe(JsonObjectReader& r, TwoPartSpreadParams& p) {
  describe_entry(r, p.entry);
  r.optional("debit_right", p.debit_right);
  describe_band(r, "debit_delta", p.debit_delta);
  r.optional("debit_width", p.debit_width);
  r.optional("credit_right", p.credit_right);
  describe_band(r, "credit_delta", p.credit_delta);
  r.optional("credit_width", p.credit_width);
  r.optional("min_net_credit", p.min_net_credit);
  r.optional("debit_timeout_minutes", p.debit_timeout_minutes);
  r.optional("credit_timeout_minutes", p.credit_timeout_minutes);
}

// The vertical on `right` whose first strike is the best of `band` with a liquid wing `width` further out.
Result<BuiltOrder> pick_vertical(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right, Side side,
                                 const DeltaBand& band, Price width, const EntryParams& entry, const BuildContext& context,
                                 std::string_view prefix) {
  auto strikes = strikes_in_band(chain, slice, right, band, entry.liquidity, context);
  if (!strikes) return std::unexpected(Error{strikes.error().code, strikes.error().message, std::string(prefix) + "_delta"});
  std::optional<Error> first;
  for (const ScreenedStrike& s : *strikes) {
    const Price wing = right == OptionRight::put ? s.strike - width : s.strike + width;
    if (auto q = liquid_quote(slice, wing, right, entry.liquidity); !q) {
      if (!first) first = Error{q.error().code, q.error().message, std::string(prefix) + "_width"};
      continue;
    }
    VerticalParams v;
    v.expiry = FixedExpiry{slice.expiry()};
    v.right = right;
    v.side = side;
    v.strike = FixedStrike{s.strike};
    v.width = width;
    v.terms.quantity = entry.quantity;
    return build_order(v, chain, context);
  }
  return std::unexpected(*first);
}

}  // namespace

std::string_view to_string(TwoPartStage stage) { return kStageNames[static_cast<std::size_t>(stage)]; }

Result<TwoPartSpreadParams> parse_two_part_spread(const nlohmann::json& params, std::string_view path) {
  TwoPartSpreadParams p;
  if (auto s = read_object(params, std::string(path), p, describe); !s) return std::unexpected(s.error());
  if (auto s = validate_entry(p.entry, path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.debit_delta, "debit_delta", path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.credit_delta, "credit_delta", path); !s) return std::unexpected(s.error());
  for (auto [key, width] : {std::pair{"debit_width", p.debit_width}, std::pair{"credit_width", p.credit_width}})
    if (width <= Price{}) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", width.to_string()), join_field(path, key));
  if (p.min_net_credit < Price{}) return fail(ErrorCode::invalid_argument, "must be >= 0", join_field(path, "min_net_credit"));
  if (p.debit_timeout_minutes <= 0) return fail(ErrorCode::invalid_argument, "must be > 0", join_field(path, "debit_timeout_minutes"));
  if (p.credit_timeout_minutes <= 0) return fail(ErrorCode::invalid_argument, "must be > 0", join_field(path, "credit_timeout_minutes"));
  return p;
}

TwoPartSpread::TwoPartSpread(std::string name, TwoPartSpreadParams params)
    : name_(std::move(name)), params_(std::move(params)), cadence_(std::chrono::minutes(params_.entry.check_interval_minutes)) {}

void TwoPartSpread::on_quote(StrategyContext& context, const market::QuoteEvent& quote) {
  if (!cadence_.due(quote, params_.entry.underlying, context.now(), context.calendar())) return;
  if (stage_ == TwoPartStage::debit_working || stage_ == TwoPartStage::credit_working) return;
  if (!has_room(context, positions_, params_.entry.max_positions)) return;
  if (hold_.held(context.breaker())) return context.skip(hold_.reason(context.breaker()));
  const market::OptionChain* chain = context.chain(params_.entry.underlying);
  if (chain == nullptr) return context.skip("no chain for " + params_.entry.underlying);
  open_debit(context, *chain);
}

void TwoPartSpread::open_debit(StrategyContext& context, const market::OptionChain& chain) {
  const BuildContext build = context.build_context(params_.entry.underlying);
  auto slice = expiry_in_window(chain, params_.entry.dte, build);
  if (!slice) return context.skip(slice.error().field + ": " + slice.error().message);
  auto order = pick_vertical(chain, **slice, params_.debit_right, Side::buy, params_.debit_delta, params_.debit_width, params_.entry,
                             build, "debit");
  if (!order) return context.skip(order.error().field + ": " + order.error().message);
  if (*order->request.limit_price <= Price{})
    return context.skip(fmt::format("debit_delta: the debit side prices at {} (not a debit)", order->request.limit_price->to_string()));
  order->request.limit_price = entry_limit(*order, params_.entry.style());
  auto placed = submit_entry(context, hold_, std::move(order->request), params_.entry.style());
  if (!placed) return context.skip("refused: " + placed.error().message);
  debit_id_ = (*placed)->client_order_id();
  credit_id_ = execution::ClientOrderId();
  position_id_ = (*placed)->request.parent_position_id;
  positions_.add(position_id_);
  debit_paid_.reset();
  stage_ = TwoPartStage::debit_working;
  timeout_ = context.set_timer(context.now() + std::chrono::minutes(params_.debit_timeout_minutes), kDebitTimeout);
}

void TwoPartSpread::on_fill(StrategyContext& context, const StrategyFill& fill) {
  if (!fill.order_complete()) return;
  const execution::ClientOrderId& id = fill.order.client_order_id();
  if (id == debit_id_ && stage_ == TwoPartStage::debit_working) {
    context.cancel_timer(timeout_);
    auto paid = fill.order.average_fill_price();
    debit_paid_ = paid ? std::optional<Price>(*paid) : fill.order.request.limit_price;
    open_credit(context, fill.order.filled_quantity());
  } else if (id == credit_id_ && stage_ == TwoPartStage::credit_working) {
    context.cancel_timer(timeout_);
    stage_ = TwoPartStage::done;
  }
}

// The credit side rests at -(debit paid + min_net_credit): it fills only when the whole is a net credit.
void TwoPartSpread::open_credit(StrategyContext& context, Quantity units) {
  const market::OptionChain* chain = context.chain(params_.entry.underlying);
  if (chain == nullptr) return give_up(context, "no chain for " + params_.entry.underlying);
  const BuildContext build = context.build_context(params_.entry.underlying);
  const execution::Order* debit = context.order(debit_id_);
  const market::ExpirySlice* slice = debit == nullptr ? nullptr : chain->expiry(debit->request.legs.front().instrument.expiry);
  if (slice == nullptr) return give_up(context, "the debit side's expiry is no longer listed");
  auto order = pick_vertical(*chain, *slice, params_.credit_right, Side::sell, params_.credit_delta, params_.credit_width, params_.entry,
                             build, "credit");
  if (!order) return give_up(context, order.error().field + ": " + order.error().message);
  order->request.quantity = units;
  order->request.limit_price = -(*debit_paid_ + params_.min_net_credit);
  order->request.parent_position_id = position_id_;
  auto placed = context.submit(std::move(order->request), engine::ExecutionStyle::direct);
  if (!placed) return give_up(context, "credit side refused: " + placed.error().message);
  credit_id_ = (*placed)->client_order_id();
  stage_ = TwoPartStage::credit_working;
  timeout_ = context.set_timer(context.now() + std::chrono::minutes(params_.credit_timeout_minutes), kCreditTimeout);
}

void TwoPartSpread::on_order_end(StrategyContext& context, const StrategyOrderEnd& end) {
  const execution::ClientOrderId& id = end.order.client_order_id();
  if (id == debit_id_ && stage_ == TwoPartStage::debit_working) {
    context.cancel_timer(timeout_);
    const Quantity filled = end.order.filled_quantity();
    if (filled.count() <= 0) return give_up(context, fmt::format("debit side ended {}", execution::to_string(end.state)));
    auto paid = end.order.average_fill_price();
    debit_paid_ = paid ? std::optional<Price>(*paid) : end.order.request.limit_price;
    open_credit(context, filled);
  } else if (id == credit_id_ && stage_ == TwoPartStage::credit_working) {
    context.cancel_timer(timeout_);
    give_up(context, fmt::format("credit side ended {} ({} of {} filled)", execution::to_string(end.state),
                                 end.order.filled_quantity().count(), end.order.request.quantity.count()));
  }
}

void TwoPartSpread::on_timer(StrategyContext& context, std::uint64_t tag) {
  const execution::ClientOrderId& id = tag == kDebitTimeout ? debit_id_ : credit_id_;
  const bool waiting = (tag == kDebitTimeout && stage_ == TwoPartStage::debit_working) ||
                       (tag == kCreditTimeout && stage_ == TwoPartStage::credit_working);
  if (!waiting) return;
  context.skip(fmt::format("{} side not filled within {} minutes: cancelling", tag == kDebitTimeout ? "debit" : "credit",
                           tag == kDebitTimeout ? params_.debit_timeout_minutes : params_.credit_timeout_minutes));
  if (auto s = context.cancel(id); !s) give_up(context, "cancel failed: " + s.error().message);
  // The order's end (on_order_end) moves the stage on.
}

void TwoPartSpread::give_up(StrategyContext& context, std::string reason) {
  stage_ = TwoPartStage::abandoned;
  context.skip(std::move(reason));
}

}  // namespace nightdesk::strategy
