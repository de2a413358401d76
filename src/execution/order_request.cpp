#include "execution/order_request.h"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

namespace nightdesk::execution {
namespace {

bool needs_limit(OrderType type) { return type == OrderType::limit || type == OrderType::stop_limit; }
bool needs_stop(OrderType type) { return type == OrderType::stop || type == OrderType::stop_limit; }

// What is wrong with a request, found without building any text: each order is validated several times
// on its way out (registry, state machine, venue), and only a refused one needs its error described.
struct Problem {
  enum class Kind : std::uint8_t {
    none, no_client_order_id, no_legs, too_many_legs, leg_ratio, leg_symbol, leg_repeated, quantity,
    single_leg_ratio, limit_price_presence, stop_price_presence, stop_on_combo, limit_price_sign, stop_price_sign,
  };
  Kind kind = Kind::none;
  std::size_t leg = 0;      // leg_ratio, leg_symbol, leg_repeated: the leg at fault
  std::size_t earlier = 0;  // leg_repeated: the earlier leg with the same instrument
};

Problem first_problem(const OrderRequest& r) {
  using K = Problem::Kind;
  if (r.client_order_id.empty()) return {K::no_client_order_id};
  if (r.legs.empty()) return {K::no_legs};
  if (r.legs.size() > kMaxComboLegs) return {K::too_many_legs};
  for (std::size_t i = 0; i < r.legs.size(); ++i) {
    if (r.legs[i].ratio < 1) return {K::leg_ratio, i};
    if (r.legs[i].instrument.underlying.empty()) return {K::leg_symbol, i};
    for (std::size_t j = 0; j < i; ++j)
      if (r.legs[j].instrument == r.legs[i].instrument) return {K::leg_repeated, i, j};
  }
  if (r.quantity.count() <= 0) return {K::quantity};
  if (r.legs.size() == 1 && r.legs.front().ratio != 1) return {K::single_leg_ratio};
  if (needs_limit(r.type) != r.limit_price.has_value()) return {K::limit_price_presence};
  if (needs_stop(r.type) != r.stop_price.has_value()) return {K::stop_price_presence};
  if (needs_stop(r.type) && r.is_combo()) return {K::stop_on_combo};
  if (!r.is_combo() && r.limit_price && r.limit_price->units() <= 0) return {K::limit_price_sign};
  if (r.stop_price && r.stop_price->units() <= 0) return {K::stop_price_sign};
  return {};
}

Error describe(const Problem& p, const OrderRequest& r) {
  using K = Problem::Kind;
  auto error = [](std::string message, std::string field) { return Error{ErrorCode::invalid_argument, std::move(message), std::move(field)}; };
  auto leg_field = [&p](std::string_view member) { return fmt::format("legs[{}].{}", p.leg, member); };
  switch (p.kind) {
    case K::none: break;
    case K::no_client_order_id: return error("client order id is empty", "client_order_id");
    case K::no_legs: return error("an order needs at least one leg", "legs");
    case K::too_many_legs: return error(fmt::format("a combo has at most {} legs, got {}", kMaxComboLegs, r.legs.size()), "legs");
    case K::leg_ratio: return error(fmt::format("ratio must be >= 1, got {}", r.legs[p.leg].ratio), leg_field("ratio"));
    case K::leg_symbol: return error("instrument has no symbol", leg_field("instrument"));
    case K::leg_repeated: return error(fmt::format("same instrument as legs[{}]", p.earlier), leg_field("instrument"));
    case K::quantity: return error(fmt::format("quantity must be > 0, got {}", r.quantity.count()), "quantity");
    case K::single_leg_ratio: return error("a single-leg order has ratio 1", "legs[0].ratio");
    case K::limit_price_presence:
      return error(fmt::format("a {} order {} a limit price", to_string(r.type), needs_limit(r.type) ? "needs" : "takes no"), "limit_price");
    case K::stop_price_presence:
      return error(fmt::format("a {} order {} a stop price", to_string(r.type), needs_stop(r.type) ? "needs" : "takes no"), "stop_price");
    case K::stop_on_combo: return error("stop orders are single-leg only", "type");
    case K::limit_price_sign:
      return error("a single-leg limit price must be > 0 (net debit/credit signs apply to combos only)", "limit_price");
    case K::stop_price_sign: return error("stop price must be > 0", "stop_price");
  }
  return Error{ErrorCode::internal, "no problem to describe", ""};  // validate() describes only a problem
}

}  // namespace

Status OrderRequest::validate() const {
  const Problem problem = first_problem(*this);
  if (problem.kind == Problem::Kind::none) return ok();
  return std::unexpected(describe(problem, *this));
}

}  // namespace nightdesk::execution
