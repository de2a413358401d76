#include "strategy/leg_plan.h"

#include <fmt/format.h>

#include "strategy/chain_selection.h"
#include "strategy/option_analytics.h"

namespace nightdesk::strategy {
namespace {

Result<market::Quote> stock_quote(const market::OptionChain& chain) {
  if (!chain.underlying_quote())
    return fail(ErrorCode::unavailable, fmt::format("{} has no underlying quote", chain.underlying()), "include_stock");
  return *chain.underlying_quote();
}

Result<BuiltLeg> build_leg(const LegPlan& plan, const market::OptionChain& chain, std::optional<double> spot,
                           const BuildContext& context) {
  BuiltLeg out;
  out.leg.ratio = plan.ratio;
  out.leg.side = plan.side;
  if (plan.stock) {
    auto quote = stock_quote(chain);
    if (!quote) return std::unexpected(quote.error());
    out.leg.instrument = market::Instrument::stock(chain.underlying());
    out.quote = *quote;
    out.delta = 1.0;
    return out;
  }
  const auto* slice = chain.expiry(plan.expiry);
  const auto* row = slice ? slice->find(plan.strike) : nullptr;
  if (row == nullptr || !row->side(plan.right))
    return fail(ErrorCode::not_found, fmt::format("no {} {} {} quoted", format_date(plan.expiry), plan.strike.to_string(), to_string(plan.right)),
                "strike");
  out.leg.instrument = market::Instrument::option(chain.underlying(), plan.expiry, plan.strike, plan.right);
  out.quote = row->side(plan.right)->quote;
  if (spot) {
    if (auto analytics = analyse_option(*row->side(plan.right), plan.right, plan.strike, plan.expiry, *spot, context)) {
      out.iv = analytics->iv;
      out.delta = analytics->greeks.delta;
    }
  }
  return out;
}

std::optional<double> net_delta(const std::vector<BuiltLeg>& legs) {
  double sum = 0;
  for (const auto& leg : legs) {
    if (!leg.delta) return std::nullopt;
    sum += *leg.delta * leg.leg.ratio * leg.leg.instrument.multiplier * execution::direction(leg.leg.side);
  }
  return sum;
}

// The net mid rounded onto the tick grid in the favourable direction.
Result<Price> default_limit(const execution::OrderRequest& request, const execution::NetQuote& net, const BuildContext& context) {
  if (request.is_combo()) return context.combo_ticks.round(net.mid, Rounding::down);
  const TickRule& ticks = request.legs.front().instrument.is_option() ? context.option_ticks : context.combo_ticks;
  return ticks.round(net.mid, request.price_side() == Side::buy ? Rounding::down : Rounding::up);
}

}  // namespace

Result<BuiltOrder> assemble_order(std::string_view template_name, const std::vector<LegPlan>& plans,
                                  const OrderTerms& terms, const market::OptionChain& chain, const BuildContext& context) {
  BuiltOrder order;
  order.template_name = std::string(template_name);
  auto spot = spot_of(chain);
  std::vector<market::Quote> quotes;
  for (const auto& plan : plans) {
    auto leg = build_leg(plan, chain, spot ? std::optional<double>(*spot) : std::nullopt, context);
    if (!leg) return std::unexpected(leg.error());
    order.request.legs.push_back(leg->leg);
    quotes.push_back(leg->quote);
    order.legs.push_back(std::move(*leg));
  }
  auto& request = order.request;
  request.quantity = Quantity(terms.quantity);
  request.type = execution::OrderType::limit;
  request.tif = terms.time_in_force;
  request.source = execution::OrderSource::strategy;
  request.strategy_tag = std::string(template_name);
  request.client_order_id = execution::ClientOrderId(terms.client_order_id);
  auto net = execution::net_quote(request, quotes);
  if (!net) return fail(net.error().code, net.error().message, "quote");
  order.net = *net;
  if (terms.limit_price) {
    request.limit_price = *terms.limit_price;
  } else {
    auto limit = default_limit(request, order.net, context);
    if (!limit) return std::unexpected(limit.error());
    request.limit_price = *limit;
  }
  if (!request.is_combo() && request.limit_price->units() <= 0)
    return fail(ErrorCode::invalid_argument, fmt::format("a single leg's price must be > 0, got {}", request.limit_price->to_string()),
                "limit_price");
  // The engine assigns the client order id later; check everything else now.
  execution::OrderRequest probe = request;
  if (probe.client_order_id.empty()) probe.client_order_id = execution::ClientOrderId("pending");
  if (auto valid = probe.validate(); !valid) return std::unexpected(valid.error());
  order.net_delta = net_delta(order.legs);
  return order;
}

}  // namespace nightdesk::strategy
