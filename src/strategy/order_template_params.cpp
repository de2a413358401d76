#include "strategy/order_template_params.h"

#include <fmt/format.h>

namespace nightdesk::strategy {
namespace {

Status check_terms(const OrderTerms& t) {
  if (t.quantity <= 0) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", t.quantity), "quantity");
  return ok();
}

Status check_expiry(const ExpiryChoice& e, std::string_view field) { return validate_expiry_choice(e, field); }
Status check_strike(const StrikeChoice& s, std::string_view field) { return validate_strike_choice(s, field); }

Status check_width(Price width, std::string_view field) {
  if (width.units() <= 0) return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", width.to_string()), std::string(field));
  return ok();
}

Status check_ratio(std::int32_t ratio) {
  if (ratio < 2 || ratio > 10) return fail(ErrorCode::invalid_argument, fmt::format("must be in [2, 10], got {}", ratio), "ratio");
  return ok();
}

// The far expiry must come after the near one when both are known before looking at the chain.
Status check_expiry_order(const ExpiryChoice& near, const ExpiryChoice& far) {
  const auto* nd = std::get_if<TargetDte>(&near);
  const auto* fd = std::get_if<TargetDte>(&far);
  if (nd && fd && fd->days <= nd->days)
    return fail(ErrorCode::invalid_argument, fmt::format("dte {} must be after near_expiry's {}", fd->days, nd->days), "far_expiry");
  const auto* nf = std::get_if<FixedExpiry>(&near);
  const auto* ff = std::get_if<FixedExpiry>(&far);
  if (nf && ff && ff->date <= nf->date)
    return fail(ErrorCode::invalid_argument, fmt::format("{} must be after near_expiry {}", format_date(ff->date), format_date(nf->date)), "far_expiry");
  return ok();
}

// Runs checks in order and returns the first failure.
template <class... Checks>
Status first_failure(Checks&&... checks) {
  Status result = ok();
  ((result ? (void)(result = checks) : (void)0), ...);
  return result;
}

struct Validator {
  Status operator()(const SingleParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const VerticalParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_terms(p.terms));
  }
  Status operator()(const IronCondorParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.put_strike, "put_strike"),
                         check_strike(p.call_strike, "call_strike"), check_width(p.width, "width"),
                         p.call_width ? check_width(*p.call_width, "call_width") : ok(), check_terms(p.terms));
  }
  Status operator()(const IronButterflyParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_terms(p.terms));
  }
  Status operator()(const ButterflyParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_terms(p.terms));
  }
  Status operator()(const BrokenWingButterflyParams& p) const {
    Status wider = p.far_width > p.width ? ok()
                                         : fail(ErrorCode::invalid_argument,
                                                fmt::format("must be wider than width {}, got {}", p.width.to_string(), p.far_width.to_string()),
                                                "far_width");
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_width(p.far_width, "far_width"), wider, check_terms(p.terms));
  }
  Status operator()(const StraddleParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const StrangleParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.put_strike, "put_strike"),
                         check_strike(p.call_strike, "call_strike"), check_terms(p.terms));
  }
  Status operator()(const CalendarParams& p) const {
    return first_failure(check_expiry(p.near_expiry, "near_expiry"), check_expiry(p.far_expiry, "far_expiry"),
                         check_expiry_order(p.near_expiry, p.far_expiry), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const DiagonalParams& p) const {
    return first_failure(check_expiry(p.near_expiry, "near_expiry"), check_expiry(p.far_expiry, "far_expiry"),
                         check_expiry_order(p.near_expiry, p.far_expiry), check_strike(p.near_strike, "near_strike"),
                         check_strike(p.far_strike, "far_strike"), check_terms(p.terms));
  }
  Status operator()(const RatioSpreadParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_ratio(p.ratio), check_terms(p.terms));
  }
  Status operator()(const BackspreadParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_width(p.width, "width"),
                         check_ratio(p.ratio), check_terms(p.terms));
  }
  Status operator()(const CoveredCallParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const ProtectivePutParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const CollarParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.put_strike, "put_strike"),
                         check_strike(p.call_strike, "call_strike"), check_terms(p.terms));
  }
  Status operator()(const CashSecuredPutParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.strike, "strike"), check_terms(p.terms));
  }
  Status operator()(const JadeLizardParams& p) const {
    return first_failure(check_expiry(p.expiry, "expiry"), check_strike(p.put_strike, "put_strike"),
                         check_strike(p.call_strike, "call_strike"), check_width(p.call_width, "call_width"), check_terms(p.terms));
  }
};

struct Namer {
  std::string_view operator()(const SingleParams&) const { return "single"; }
  std::string_view operator()(const VerticalParams&) const { return "vertical"; }
  std::string_view operator()(const IronCondorParams&) const { return "iron_condor"; }
  std::string_view operator()(const IronButterflyParams&) const { return "iron_butterfly"; }
  std::string_view operator()(const ButterflyParams&) const { return "butterfly"; }
  std::string_view operator()(const BrokenWingButterflyParams&) const { return "broken_wing_butterfly"; }
  std::string_view operator()(const StraddleParams&) const { return "straddle"; }
  std::string_view operator()(const StrangleParams&) const { return "strangle"; }
  std::string_view operator()(const CalendarParams&) const { return "calendar"; }
  std::string_view operator()(const DiagonalParams&) const { return "diagonal"; }
  std::string_view operator()(const RatioSpreadParams&) const { return "ratio_spread"; }
  std::string_view operator()(const BackspreadParams&) const { return "backspread"; }
  std::string_view operator()(const CoveredCallParams&) const { return "covered_call"; }
  std::string_view operator()(const ProtectivePutParams&) const { return "protective_put"; }
  std::string_view operator()(const CollarParams&) const { return "collar"; }
  std::string_view operator()(const CashSecuredPutParams&) const { return "cash_secured_put"; }
  std::string_view operator()(const JadeLizardParams&) const { return "jade_lizard"; }
};

}  // namespace

std::string_view template_name(const TemplateParams& params) { return std::visit(Namer{}, params); }

Status validate(const TemplateParams& params) { return std::visit(Validator{}, params); }

}  // namespace nightdesk::strategy
