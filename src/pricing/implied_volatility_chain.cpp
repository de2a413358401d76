#include "pricing/implied_volatility_chain.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace nightdesk::pricing {
namespace {

// The expiry-level factors of bsm_implied_volatility: forward = spot growth, undiscounted = price growth.
struct ExpiryFactors {
  double years = std::nan("");
  double rate = std::nan("");
  double dividend_yield = std::nan("");
  double forward_growth = 0.0;  // e^{(r - q) T}; 1 for black76
  double undiscount = 0.0;      // e^{r T}
};

bool usable(double years, double rate, double dividend_yield) {
  return years > 0.0 && years < HUGE_VAL && std::isfinite(rate) && std::isfinite(dividend_yield);
}

}  // namespace

Result<std::size_t> implied_volatility_chain(Model model, const ChainQuotes& in, const ChainVols& out) {
  if (model == Model::american) {
    return fail(ErrorCode::invalid_argument, "the chain solver is European only (bsm or black76)", "model");
  }
  const bool black76 = model == Model::black76;
  const std::size_t n = in.price.size();
  struct Span {
    std::size_t size;
    const char* field;
  };
  const Span spans[] = {{in.spot_or_forward.size(), "spot_or_forward"},
                        {in.strike.size(), "strike"},
                        {in.years.size(), "years"},
                        {in.rate.size(), "rate"},
                        {black76 && in.dividend_yield.empty() ? n : in.dividend_yield.size(), "dividend_yield"},
                        {in.is_call.size(), "is_call"},
                        {in.previous_vol.empty() ? n : in.previous_vol.size(), "previous_vol"},
                        {out.vol.size(), "vol"},
                        {out.failure.size(), "failure"}};
  for (const Span& span : spans) {
    if (span.size != n) {
      return fail(ErrorCode::invalid_argument, fmt::format("{} has {} entries, expected {}", span.field, span.size, n),
                  span.field);
    }
  }

  // Options go to the solver in blocks (black_implied_volatilities advances a block's solves side by side).
  constexpr std::size_t kBlock = 8;
  std::size_t failures = 0;
  ExpiryFactors expiry;
  for (std::size_t first = 0; first < n; first += kBlock) {
    const std::size_t count = std::min(kBlock, n - first);
    BlackIvQuote quotes[kBlock];
    std::size_t quoted[kBlock];  // which options of the block are in quotes
    std::expected<double, IvFailure> solved[kBlock];
    std::size_t solving = 0;
    for (std::size_t i = first; i < first + count; ++i) {
      const double years = in.years[i];
      const double rate = in.rate[i];
      const double q = black76 ? 0.0 : in.dividend_yield[i];
      const bool call = in.is_call[i] != 0;
      if (!usable(years, rate, q) || !(std::isfinite(in.spot_or_forward[i]) && in.spot_or_forward[i] > 0.0)) {
        // Let the scalar API classify whatever is wrong, exactly as it would for this option alone.
        solved[i - first] =
            black76 ? black76_implied_volatility(in.price[i], in.spot_or_forward[i], in.strike[i], years, rate, call)
                    : bsm_implied_volatility(in.price[i], in.spot_or_forward[i], in.strike[i], years, rate, q, call);
        continue;
      }
      if (years != expiry.years || rate != expiry.rate || q != expiry.dividend_yield) {
        expiry = {years, rate, q, black76 ? 1.0 : std::exp((rate - q) * years), std::exp(rate * years)};
      }
      // The same expressions as bsm_implied_volatility / black76_implied_volatility, so the same bits.
      const double forward = black76 ? in.spot_or_forward[i] : in.spot_or_forward[i] * expiry.forward_growth;
      const double guess = in.previous_vol.empty() ? 0.0 : in.previous_vol[i];
      quoted[solving] = i - first;
      quotes[solving++] = {in.price[i] * expiry.undiscount, forward, in.strike[i], years, call, guess};
    }
    std::expected<double, IvFailure> batch[kBlock];
    black_implied_volatilities(std::span(quotes, solving), std::span(batch, solving));
    for (std::size_t j = 0; j < solving; ++j) solved[quoted[j]] = batch[j];
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = first + j;
      if (solved[j]) {
        out.vol[i] = *solved[j];
        out.failure[i] = std::nullopt;
      } else {
        out.vol[i] = 0.0;
        out.failure[i] = solved[j].error();
        ++failures;
      }
    }
  }
  return failures;
}

}  // namespace nightdesk::pricing
