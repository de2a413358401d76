#include "execution/net_quote.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::execution {

Result<NetQuote> net_quote(const OrderRequest& request, std::span<const market::Quote> leg_quotes) {
  if (leg_quotes.size() != request.legs.size())
    return fail(ErrorCode::invalid_argument, fmt::format("{} quotes for {} legs", leg_quotes.size(), request.legs.size()), "quotes");
  if (!request.is_combo()) {
    const market::Quote& q = leg_quotes.front();
    if (!q.has_offer() || q.is_crossed())
      return fail(ErrorCode::unavailable, fmt::format("no two-sided quote (bid {} ask {})", q.bid.to_string(), q.ask.to_string()), "quote");
    return NetQuote{q.bid, q.ask, q.mid(), q.time};
  }
  NetQuote net;
  for (std::size_t i = 0; i < leg_quotes.size(); ++i) {
    const market::Quote& q = leg_quotes[i];
    if (!q.has_offer() || q.is_crossed())
      return fail(ErrorCode::unavailable,
                  fmt::format("leg {} has no two-sided quote (bid {} ask {})", i, q.bid.to_string(), q.ask.to_string()),
                  fmt::format("quotes[{}]", i));
    std::int64_t r = request.legs[i].ratio;
    bool buy = request.legs[i].side == Side::buy;
    auto add = [&](Price& into, Price leg_price, bool plus) {
      auto scaled = leg_price.checked_times(plus ? r : -r);
      auto sum = scaled ? into.checked_add(*scaled) : scaled;
      if (!sum) return false;
      into = *sum;
      return true;
    };
    if (!add(net.bid, buy ? q.bid : q.ask, buy) || !add(net.ask, buy ? q.ask : q.bid, buy) || !add(net.mid, q.mid(), buy))
      return fail(ErrorCode::overflow, "net quote overflows", "quotes");
    net.time = std::max(net.time, q.time);
  }
  return net;
}

}  // namespace nightdesk::execution
