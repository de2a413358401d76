#include "strategy/entry_params.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace nightdesk::strategy {
void describe_entry(JsonObjectReader& reader, EntryParams& p) {
  reader.required("underlying", p.underlying);
  reader.optional("min_dte", p.dte.min);
  reader.optional("max_dte", p.dte.max);
  reader.optional("target_dte", p.dte.target);
  reader.optional("min_open_interest", p.liquidity.min_open_interest);
  reader.optional("min_volume", p.liquidity.min_volume);
  reader.optional("quantity", p.quantity);
  reader.optional("max_positions", p.max_positions);
  reader.optional("check_interval_minutes", p.check_interval_minutes);
  reader.optional("execution", p.execution);
}

Status validate_entry(const EntryParams& p, std::string_view path) {
  auto bad = [&](std::string_view key, std::string message) {
    return fail(ErrorCode::invalid_argument, std::move(message), join_field(path, key));
  };
  if (p.underlying.empty()) return bad("underlying", "is required");
  if (p.dte.min < 0) return bad("min_dte", fmt::format("must be >= 0, got {}", p.dte.min));
  if (p.dte.max < p.dte.min) return bad("max_dte", fmt::format("must be >= min_dte ({}), got {}", p.dte.min, p.dte.max));
  if (p.dte.target < p.dte.min || p.dte.target > p.dte.max)
    return bad("target_dte", fmt::format("must be in [min_dte, max_dte] = [{}, {}], got {}", p.dte.min, p.dte.max, p.dte.target));
  if (p.liquidity.min_open_interest < 0) return bad("min_open_interest", "must be >= 0");
  if (p.liquidity.min_volume < 0) return bad("min_volume", "must be >= 0");
  if (p.quantity <= 0) return bad("quantity", fmt::format("must be > 0, got {}", p.quantity));
  if (p.max_positions <= 0) return bad("max_positions", fmt::format("must be > 0, got {}", p.max_positions));
  if (p.check_interval_minutes <= 0)
    return bad("check_interval_minutes", fmt::format("must be > 0, got {}", p.check_interval_minutes));
  if (p.execution != "smart" && p.execution != "direct")
    return bad("execution", fmt::format("must be \"smart\" or \"direct\", got \"{}\"", p.execution));
  return ok();
}

void describe_band(JsonObjectReader& reader, std::string_view prefix, DeltaBand& band) {
  reader.optional(std::string(prefix) + "_min", band.min);
  reader.optional(std::string(prefix) + "_max", band.max);
}

Status validate_band(const DeltaBand& band, std::string_view prefix, std::string_view path) {
  if (!(band.min > 0 && band.min < 1))
    return fail(ErrorCode::invalid_argument, fmt::format("must be in (0, 1), got {}", band.min), join_field(path, std::string(prefix) + "_min"));
  if (!(band.max >= band.min && band.max < 1))
    return fail(ErrorCode::invalid_argument, fmt::format("must be in [{}_min, 1), got {}", prefix, band.max),
                join_field(path, std::string(prefix) + "_max"));
  return ok();
}

bool EntryCadence::due(const market::QuoteEvent& quote, std::string_view underlying, Timestamp now, const TradingCalendar& calendar) {
  if (quote.kind != market::InstrumentKind::underlying || quote.underlying != underlying) return false;
  if (last_ && now - *last_ < every_) return false;
  auto open = calendar.is_open_at(now);
  if (!open || !*open) return false;
  last_ = now;
  return true;
}

void OwnedPositions::add(std::string position_id) {
  if (std::find(ids_.begin(), ids_.end(), position_id) == ids_.end()) ids_.push_back(std::move(position_id));
}

std::int64_t OwnedPositions::open(const portfolio::Portfolio& portfolio) const {
  return std::count_if(ids_.begin(), ids_.end(), [&](const std::string& id) {
    const portfolio::Position* p = portfolio.position(id);
    return p != nullptr && !p->is_flat();
  });
}

Price entry_limit(const BuiltOrder& order, engine::ExecutionStyle style, std::optional<Price> worst) {
  const Price own = *order.request.limit_price;
  if (style == engine::ExecutionStyle::direct) return own;
  const execution::Side side = order.request.price_side();
  Price far = order.net.far_touch(side);
  if (!order.request.is_combo() && far <= Price{}) return own;
  if (worst) far = side == execution::Side::buy ? std::min(far, *worst) : std::max(far, *worst);
  // Never start worse than the order's own price would allow: the mid stays inside the limit.
  return side == execution::Side::buy ? std::max(far, own) : std::min(far, own);
}

bool has_room(StrategyContext& context, const OwnedPositions& positions, std::int64_t max_positions) {
  const std::int64_t open = positions.open(context.portfolio());
  const std::int64_t working = static_cast<std::int64_t>(context.working_orders().size());
  if (open + working < max_positions) return true;
  context.skip(fmt::format("at max_positions {} ({} open, {} working)", max_positions, open, working));
  return false;
}

Result<const execution::Order*> submit_entry(StrategyContext& context, BreakerHold& hold, execution::OrderRequest request,
                                             engine::ExecutionStyle style) {
  auto placed = context.submit(std::move(request), style);
  hold.note(context.breaker(), placed ? nullptr : &placed.error());
  return placed;
}

}  // namespace nightdesk::strategy
