#include "strategy/short_put_vertical.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/strategy_context.h"

namespace nightdesk::strategy {
namespace {

void describe(JsonObjectReader& r, ShortPutVerticalParams& p) {
  describe_entry(r, p.entry);
  describe_band(r, "short_delta", p.short_delta);
  r.optional("width", p.width);
  r.optional("min_credit", p.min_credit);
}

}  // namespace

Result<ShortPutVerticalParams> parse_short_put_vertical(const nlohmann::json& params, std::string_view path) {
  ShortPutVerticalParams p;
  if (auto s = read_object(params, std::string(path), p, describe); !s) return std::unexpected(s.error());
  if (auto s = validate_entry(p.entry, path); !s) return std::unexpected(s.error());
  if (auto s = validate_band(p.short_delta, "short_delta", path); !s) return std::unexpected(s.error());
  if (p.width <= Price{}) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", p.width.to_string()), join_field(path, "width"));
  if (p.min_credit < Price{})
    return fail(ErrorCode::invalid_argument, fmt::format("must be >= 0, got {}", p.min_credit.to_string()), join_field(path, "min_credit"));
  return p;
}

Result<BuiltOrder> pick_short_put_vertical(const ShortPutVerticalParams& p, const market::OptionChain& chain,
                                           const BuildContext& context) {
  auto slice = expiry_in_window(chain, p.entry.dte, context);
  if (!slice) return std::unexpected(slice.error());
  auto shorts = strikes_in_band(chain, **slice, OptionRight::put, p.short_delta, p.entry.liquidity, context);
  if (!shorts) return std::unexpected(shorts.error());
  std::optional<Error> first_failure;
  for (const ScreenedStrike& s : *shorts) {
    Result<BuiltOrder> order = [&]() -> Result<BuiltOrder> {
      if (auto wing = liquid_quote(**slice, s.strike - p.width, OptionRight::put, p.entry.liquidity); !wing)
        return std::unexpected(wing.error());
      VerticalParams v;
      v.expiry = FixedExpiry{(*slice)->expiry()};
      v.right = OptionRight::put;
      v.side = Side::sell;
      v.strike = FixedStrike{s.strike};
      v.width = p.width;
      v.terms.quantity = p.entry.quantity;
      auto built = build_order(v, chain, context);
      if (!built) return built;
      const Price credit = -*built->request.limit_price;
      if (credit <= Price{} || credit < p.min_credit)
        return fail(ErrorCode::not_found,
                    fmt::format("{}/{} credit {} is below min_credit {}", s.strike.to_string(), (s.strike - p.width).to_string(),
                                credit.to_string(), p.min_credit.to_string()),
                    "min_credit");
      return built;
    }();
    if (order) return order;
    if (!first_failure) first_failure = order.error();
  }
  return std::unexpected(*first_failure);
}

ShortPutVertical::ShortPutVertical(std::string name, ShortPutVerticalParams params)
    : name_(std::move(name)), params_(std::move(params)), cadence_(std::chrono::minutes(params_.entry.check_interval_minutes)) {}

void ShortPutVertical::on_quote(StrategyContext& context, const market::QuoteEvent& quote) {
  try_credit_entry(context, quote, params_.entry, cadence_, hold_, positions_, params_.min_credit,
                   [this](const market::OptionChain& chain, const BuildContext& build) { return pick_short_put_vertical(params_, chain, build); });
}

}  // namespace nightdesk::strategy
