#include "strategy/order_templates.h"

#include <fmt/format.h>

#include "strategy/chain_selection.h"
#include "strategy/leg_plan.h"

namespace nightdesk::strategy {
namespace {

using Plans = std::vector<LegPlan>;

// +1 when moving out of the money means a higher strike (calls), -1 when lower (puts).
std::int64_t otm_direction(OptionRight right) { return right == OptionRight::call ? 1 : -1; }

Price toward_otm(OptionRight right, Price width) { return width * otm_direction(right); }

// The side of a leg described for the structure's `described` direction when `requested` was asked.
Side leg_side(Side described_leg, Side requested, Side described) {
  return requested == described ? described_leg : execution::opposite(described_leg);
}

// Expiry and strike lookups bound to one chain and context.
class ChainPicker {
 public:
  ChainPicker(const market::OptionChain& chain, const BuildContext& context) : chain_(chain), context_(context) {}

  Result<const market::ExpirySlice*> expiry(const ExpiryChoice& choice, std::string_view field) const {
    return select_expiry(chain_, choice, context_, field);
  }
  Result<Price> strike(const market::ExpirySlice& slice, OptionRight right, const StrikeChoice& choice, std::string_view field) const {
    return select_strike(chain_, slice, right, choice, context_, field);
  }

 private:
  const market::OptionChain& chain_;
  const BuildContext& context_;
};

Status require_below(Price put, Price call, std::string_view put_field, std::string_view call_field) {
  if (put < call) return ok();
  return fail(ErrorCode::invalid_argument,
              fmt::format("resolves to {}, which is not above {} {}", call.to_string(), put_field, put.to_string()), std::string(call_field));
}

// `strike` is quoted on `right` as well (straddles and iron butterflies share one strike across rights).
Status require_quoted(const market::ExpirySlice& slice, Price strike, OptionRight right, std::string_view field) {
  const auto* row = slice.find(strike);
  if (row && row->side(right)) return ok();
  return fail(ErrorCode::not_found, fmt::format("no {} at strike {} listed for {}", to_string(right), strike.to_string(), format_date(slice.expiry())),
              std::string(field));
}

Status require_later(const market::ExpirySlice& near, const market::ExpirySlice& far) {
  if (far.expiry() > near.expiry()) return ok();
  return fail(ErrorCode::invalid_argument,
              fmt::format("resolves to {}, which is not after near_expiry {}", format_date(far.expiry()), format_date(near.expiry())), "far_expiry");
}

// Shortens the repetitive "unwrap or return the error" steps below.
#define ND_TRY(var, expr)                                 \
  auto var##_result = (expr);                             \
  if (!var##_result) return std::unexpected(var##_result.error()); \
  auto var = *var##_result
#define ND_CHECK(expr) \
  if (auto status_ = (expr); !status_) return std::unexpected(status_.error())

class Planner {
 public:
  Planner(const market::OptionChain& chain, const BuildContext& context) : pick_(chain, context) {}

  Result<Plans> operator()(const SingleParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(k, pick_.strike(*slice, p.right, p.strike, "strike"));
    return Plans{{slice->expiry(), k, p.right, p.side, 1}};
  }

  Result<Plans> operator()(const VerticalParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(anchor, pick_.strike(*slice, p.right, p.strike, "strike"));
    ND_TRY(wing, strike_at_width(*slice, p.right, anchor, toward_otm(p.right, p.width), "width"));
    return Plans{{slice->expiry(), anchor, p.right, p.side, 1}, {slice->expiry(), wing, p.right, execution::opposite(p.side), 1}};
  }

  Result<Plans> operator()(const IronCondorParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(short_put, pick_.strike(*slice, OptionRight::put, p.put_strike, "put_strike"));
    ND_TRY(short_call, pick_.strike(*slice, OptionRight::call, p.call_strike, "call_strike"));
    ND_CHECK(require_below(short_put, short_call, "put_strike", "call_strike"));
    ND_TRY(long_put, strike_at_width(*slice, OptionRight::put, short_put, -p.width, "width"));
    ND_TRY(long_call, strike_at_width(*slice, OptionRight::call, short_call, p.call_width.value_or(p.width),
                                      p.call_width ? "call_width" : "width"));
    const Date e = slice->expiry();
    auto s = [&](Side described) { return leg_side(described, p.side, Side::sell); };
    return Plans{{e, long_put, OptionRight::put, s(Side::buy), 1}, {e, short_put, OptionRight::put, s(Side::sell), 1},
                 {e, short_call, OptionRight::call, s(Side::sell), 1}, {e, long_call, OptionRight::call, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const IronButterflyParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(body, pick_.strike(*slice, OptionRight::call, p.strike, "strike"));
    ND_CHECK(require_quoted(*slice, body, OptionRight::put, "strike"));
    ND_TRY(long_put, strike_at_width(*slice, OptionRight::put, body, -p.width, "width"));
    ND_TRY(long_call, strike_at_width(*slice, OptionRight::call, body, p.width, "width"));
    const Date e = slice->expiry();
    auto s = [&](Side described) { return leg_side(described, p.side, Side::sell); };
    return Plans{{e, long_put, OptionRight::put, s(Side::buy), 1}, {e, body, OptionRight::put, s(Side::sell), 1},
                 {e, body, OptionRight::call, s(Side::sell), 1}, {e, long_call, OptionRight::call, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const ButterflyParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(body, pick_.strike(*slice, p.right, p.strike, "strike"));
    ND_TRY(lower, strike_at_width(*slice, p.right, body, -p.width, "width"));
    ND_TRY(upper, strike_at_width(*slice, p.right, body, p.width, "width"));
    const Date e = slice->expiry();
    auto s = [&](Side described) { return leg_side(described, p.side, Side::buy); };
    return Plans{{e, lower, p.right, s(Side::buy), 1}, {e, body, p.right, s(Side::sell), 2}, {e, upper, p.right, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const BrokenWingButterflyParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(body, pick_.strike(*slice, p.right, p.strike, "strike"));
    ND_TRY(near_wing, strike_at_width(*slice, p.right, body, -toward_otm(p.right, p.width), "width"));
    ND_TRY(far_wing, strike_at_width(*slice, p.right, body, toward_otm(p.right, p.far_width), "far_width"));
    const Date e = slice->expiry();
    auto s = [&](Side described) { return leg_side(described, p.side, Side::buy); };
    return Plans{{e, near_wing, p.right, s(Side::buy), 1}, {e, body, p.right, s(Side::sell), 2}, {e, far_wing, p.right, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const StraddleParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(k, pick_.strike(*slice, OptionRight::call, p.strike, "strike"));
    ND_CHECK(require_quoted(*slice, k, OptionRight::put, "strike"));
    const Date e = slice->expiry();
    return Plans{{e, k, OptionRight::call, p.side, 1}, {e, k, OptionRight::put, p.side, 1}};
  }

  Result<Plans> operator()(const StrangleParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(put, pick_.strike(*slice, OptionRight::put, p.put_strike, "put_strike"));
    ND_TRY(call, pick_.strike(*slice, OptionRight::call, p.call_strike, "call_strike"));
    ND_CHECK(require_below(put, call, "put_strike", "call_strike"));
    const Date e = slice->expiry();
    return Plans{{e, put, OptionRight::put, p.side, 1}, {e, call, OptionRight::call, p.side, 1}};
  }

  Result<Plans> operator()(const CalendarParams& p) const {
    ND_TRY(near, pick_.expiry(p.near_expiry, "near_expiry"));
    ND_TRY(far, pick_.expiry(p.far_expiry, "far_expiry"));
    ND_CHECK(require_later(*near, *far));
    ND_TRY(k, pick_.strike(*near, p.right, p.strike, "strike"));
    ND_CHECK(require_quoted(*far, k, p.right, "strike"));
    auto s = [&](Side described) { return leg_side(described, p.side, Side::buy); };
    return Plans{{near->expiry(), k, p.right, s(Side::sell), 1}, {far->expiry(), k, p.right, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const DiagonalParams& p) const {
    ND_TRY(near, pick_.expiry(p.near_expiry, "near_expiry"));
    ND_TRY(far, pick_.expiry(p.far_expiry, "far_expiry"));
    ND_CHECK(require_later(*near, *far));
    ND_TRY(near_k, pick_.strike(*near, p.right, p.near_strike, "near_strike"));
    ND_TRY(far_k, pick_.strike(*far, p.right, p.far_strike, "far_strike"));
    auto s = [&](Side described) { return leg_side(described, p.side, Side::buy); };
    return Plans{{near->expiry(), near_k, p.right, s(Side::sell), 1}, {far->expiry(), far_k, p.right, s(Side::buy), 1}};
  }

  Result<Plans> operator()(const RatioSpreadParams& p) const { return ratio(p.expiry, p.right, p.strike, p.width, p.ratio, Side::buy); }
  Result<Plans> operator()(const BackspreadParams& p) const { return ratio(p.expiry, p.right, p.strike, p.width, p.ratio, Side::sell); }

  Result<Plans> operator()(const CoveredCallParams& p) const {
    return with_stock(p.include_stock, single(p.expiry, OptionRight::call, p.strike, Side::sell));
  }
  Result<Plans> operator()(const ProtectivePutParams& p) const {
    return with_stock(p.include_stock, single(p.expiry, OptionRight::put, p.strike, Side::buy));
  }
  Result<Plans> operator()(const CashSecuredPutParams& p) const { return single(p.expiry, OptionRight::put, p.strike, Side::sell); }

  Result<Plans> operator()(const CollarParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(put, pick_.strike(*slice, OptionRight::put, p.put_strike, "put_strike"));
    ND_TRY(call, pick_.strike(*slice, OptionRight::call, p.call_strike, "call_strike"));
    ND_CHECK(require_below(put, call, "put_strike", "call_strike"));
    const Date e = slice->expiry();
    return with_stock(p.include_stock, Plans{{e, put, OptionRight::put, Side::buy, 1}, {e, call, OptionRight::call, Side::sell, 1}});
  }

  Result<Plans> operator()(const JadeLizardParams& p) const {
    ND_TRY(slice, pick_.expiry(p.expiry, "expiry"));
    ND_TRY(put, pick_.strike(*slice, OptionRight::put, p.put_strike, "put_strike"));
    ND_TRY(call, pick_.strike(*slice, OptionRight::call, p.call_strike, "call_strike"));
    ND_CHECK(require_below(put, call, "put_strike", "call_strike"));
    ND_TRY(wing, strike_at_width(*slice, OptionRight::call, call, p.call_width, "call_width"));
    const Date e = slice->expiry();
    return Plans{{e, put, OptionRight::put, Side::sell, 1}, {e, call, OptionRight::call, Side::sell, 1}, {e, wing, OptionRight::call, Side::buy, 1}};
  }

 private:
  // 1 at the anchor strike on `anchor_side`, `count` `width` further out of the money on the other side.
  Result<Plans> ratio(const ExpiryChoice& expiry, OptionRight right, const StrikeChoice& strike, Price width, std::int32_t count,
                      Side anchor_side) const {
    ND_TRY(slice, pick_.expiry(expiry, "expiry"));
    ND_TRY(anchor, pick_.strike(*slice, right, strike, "strike"));
    ND_TRY(wing, strike_at_width(*slice, right, anchor, toward_otm(right, width), "width"));
    return Plans{{slice->expiry(), anchor, right, anchor_side, 1}, {slice->expiry(), wing, right, execution::opposite(anchor_side), count}};
  }

  Result<Plans> single(const ExpiryChoice& expiry, OptionRight right, const StrikeChoice& strike, Side side) const {
    ND_TRY(slice, pick_.expiry(expiry, "expiry"));
    ND_TRY(k, pick_.strike(*slice, right, strike, "strike"));
    return Plans{{slice->expiry(), k, right, side, 1}};
  }

  // Prepends the 100 shares per contract a buy-write (or a married put / collar with stock) buys.
  static Result<Plans> with_stock(bool include_stock, Result<Plans> options) {
    if (!options || !include_stock) return options;
    LegPlan stock;
    stock.stock = true;
    stock.side = Side::buy;
    stock.ratio = 100;
    options->insert(options->begin(), stock);
    return options;
  }

  ChainPicker pick_;
};

#undef ND_TRY
#undef ND_CHECK

}  // namespace

Result<BuiltOrder> build_order(const TemplateParams& params, const market::OptionChain& chain, const BuildContext& context) {
  if (auto valid = validate(params); !valid) return std::unexpected(valid.error());
  auto plans = std::visit(Planner(chain, context), params);
  if (!plans) return std::unexpected(plans.error());
  const OrderTerms& terms = std::visit([](const auto& p) -> const OrderTerms& { return p.terms; }, params);
  return assemble_order(template_name(params), *plans, terms, chain, context);
}

Result<BuiltOrder> build_manual_order(const std::vector<ManualLeg>& legs, const OrderTerms& terms,
                                      const market::OptionChain& chain, const BuildContext& context) {
  if (legs.empty() || legs.size() > execution::kMaxComboLegs)
    return fail(ErrorCode::invalid_argument, fmt::format("1 to {} legs, got {}", execution::kMaxComboLegs, legs.size()), "legs");
  if (terms.quantity <= 0) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", terms.quantity), "quantity");
  ChainPicker pick(chain, context);
  Plans plans;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const ManualLeg& leg = legs[i];
    std::string field = fmt::format("legs[{}]", i);
    auto rename = [&](Error e) {
      e.field = e.field.empty() ? field : field + "." + e.field;
      return std::unexpected(std::move(e));
    };
    if (leg.ratio < 1) return rename(Error{ErrorCode::invalid_argument, fmt::format("must be >= 1, got {}", leg.ratio), "ratio"});
    if (auto valid = validate_expiry_choice(leg.expiry, "expiry"); !valid) return rename(valid.error());
    if (auto valid = validate_strike_choice(leg.strike, "strike"); !valid) return rename(valid.error());
    auto slice = pick.expiry(leg.expiry, "expiry");
    if (!slice) return rename(slice.error());
    auto strike = pick.strike(**slice, leg.right, leg.strike, "strike");
    if (!strike) return rename(strike.error());
    plans.push_back({(*slice)->expiry(), *strike, leg.right, leg.side, leg.ratio});
  }
  return assemble_order("manual", plans, terms, chain, context);
}

}  // namespace nightdesk::strategy
