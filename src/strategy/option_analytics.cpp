#include "strategy/option_analytics.h"

#include <fmt/format.h>

#include "pricing/option_implied_volatility.h"
#include "pricing/option_pricer.h"

namespace nightdesk::strategy {

Result<OptionAnalytics> analyse_option(const market::OptionQuote& quote, OptionRight right, Price strike,
                                       Date expiry, double spot, const BuildContext& context) {
  if (context.calendar == nullptr) return fail(ErrorCode::internal, "build context has no calendar", "calendar");
  auto years = context.calendar->years_to_expiry(context.now, expiry);
  if (!years) return std::unexpected(years.error());
  if (*years <= 0) return fail(ErrorCode::out_of_range, fmt::format("{} has expired", format_date(expiry)), "expiry");
  pricing::OptionInputs in{spot, strike.to_double(), *years, context.pricing.rate, context.pricing.dividend_yield, 0.0};
  OptionAnalytics out;
  if (quote.iv && *quote.iv > 0) {
    out.iv = *quote.iv;
    out.iv_from_quote = true;
  } else {
    if (!quote.quote.has_offer() || quote.quote.is_crossed())
      return fail(ErrorCode::unavailable, fmt::format("no IV and no two-sided quote for the {} {} {}", format_date(expiry),
                                                      strike.to_string(), to_string(right)), "quote");
    auto iv = pricing::implied_volatility(context.pricing.model, right, quote.quote.mid().to_double(), in);
    if (!iv) return fail(ErrorCode::unavailable, "implied volatility: " + iv.error().describe(), "quote");
    out.iv = *iv;
  }
  in.vol = out.iv;
  auto greeks = pricing::price_and_greeks(context.pricing.model, right, in);
  if (!greeks) return std::unexpected(greeks.error());
  out.greeks = *greeks;
  return out;
}

}  // namespace nightdesk::strategy
