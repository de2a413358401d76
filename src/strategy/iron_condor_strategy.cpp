#include "strategy/iron_condor_strategy.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/strategy_context.h"

namespace nightdesk::strategy {
namespace {

void describe(JsonObjectReader& r, IronCondorStrategyParams& p) {
  describe_entry(r, p.entry);
  describe_band(r, "put_delta", p.put_delta);
  describe_band(r, "call_delta", p.call_delta);
  r.optional("put_width", p.put_width);
  r.optional("call_width", p.call_width);
  r.optional("min_credit", p.min_credit);
}

Result<Price> first_with_wing(const std::vector<ScreenedStrike>& candidates, const market::ExpirySlice& slice, OptionRight right,
                              Price width, const LiquidityFloor& floor, std::string_view field) {
  std::optional<Error> first;
  for (const ScreenedStrike& s : candidates) {
    const Price wing = right == OptionRight::put ? s.strike - width : s.strike + width;
    auto quote = liquid_quote(slice, wing, right, floor);
    if (quote) return s.strike;
    if (!first) first = Error{quote.error().code, quote.error().message, std::string(field)};
  }
  return std::unexpected(*first);
}

Result<Price> pick_short(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right, const DeltaBand& band,
                         Price width, const LiquidityFloor& floor, const BuildContext& context, std::string_view prefix) {
  auto candidates = strikes_in_band(chain, slice, right, band, floor, context);
  if (!candidates) return std::unexpected(Error{candidates.error().code, candidates.error().message, std::string(prefix) + "_delta"});
  return first_with_wing(*candidates, slice, right, width, floor, std::string(prefix) + "_width");
}

}  // namespace

Result<IronCondorStrategyParams> parse_iron_condor_strategy(const nlohmann::json& params, std::string_view path) {
  IronCondorStrategyParams p;
  if (auto s = read_object(params, std::string(path), p, describe); !s) return std::unexpected(s.error());
  if (auto s = validate_entry(p.entry, path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.put_delta, "put_delta", path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.call_delta, "call_delta", path); !s) return std::unexpected(s.error());
  for (auto [key, width] : {std::pair{"put_width", p.put_width}, std::pair{"call_width", p.call_width}})
    if (width <= Price{}) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", width.to_string()), join_field(path, key));
  if (p.min_credit < Price{}) return fail(ErrorCode::invalid_argument, "must be >= 0", join_field(path, "min_credit"));
  return p;
}

Result<BuiltOrder> pick_iron_condor(const IronCondorStrategyParams& p, const market::OptionChain& chain, const BuildContext& context) {
  auto slice = expiry_in_window(chain, p.entry.dte, context);
  if (!slice) return std::unexpected(slice.error());
  auto put = pick_short(chain, **slice, OptionRight::put, p.put_delta, p.put_width, p.entry.liquidity, context, "put");
  if (!put) return std::unexpected(put.error());
  auto call = pick_short(chain, **slice, OptionRight::call, p.call_delta, p.call_width, p.entry.liquidity, context, "call");
  if (!call) return std::unexpected(call.error());
  if (*put >= *call)
    return fail(ErrorCode::not_found, fmt::format("short put {} is not below short call {}", put->to_string(), call->to_string()), "put_delta");
  IronCondorParams c;
  c.expiry = FixedExpiry{(*slice)->expiry()};
  c.side = Side::sell;
  c.put_strike = FixedStrike{*put};
  c.call_strike = FixedStrike{*call};
  c.width = p.put_width;
  c.call_width = p.call_width;
  c.terms.quantity = p.entry.quantity;
  auto built = build_order(c, chain, context);
  if (!built) return built;
  const Price credit = -*built->request.limit_price;
  if (credit <= Price{} || credit < p.min_credit)
    return fail(ErrorCode::not_found, fmt::format("credit {} is below min_credit {}", credit.to_string(), p.min_credit.to_string()),
                "min_credit");
  return built;
}

IronCondorStrategy::IronCondorStrategy(std::string name, IronCondorStrategyParams params)
    : name_(std::move(name)), params_(std::move(params)), cadence_(std::chrono::minutes(params_.entry.check_interval_minutes)) {}

void IronCondorStrategy::on_quote(StrategyContext& context, const market::QuoteEvent& quote) {
  try_credit_entry(context, quote, params_.entry, cadence_, hold_, positions_, params_.min_credit,
                   [this](const market::OptionChain& chain, const BuildContext& build) { return pick_iron_condor(params_, chain, build); });
}

}  // namespace nightdesk::strategy
