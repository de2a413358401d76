#include "portfolio/exit_settings.h"

#include <fmt/format.h>

namespace nightdesk::portfolio {

ProfitLadder ProfitLadder::standard() {
  return {{{Percent::points(50), Percent::points(30)},
           {Percent::points(100), Percent::points(50)},
           {Percent::points(200), Percent::points(20)}}};
}

ProfitLadder ProfitLadder::aggressive() {
  return {{{Percent::points(100), Percent::points(50)},
           {Percent::points(200), Percent::points(25)},
           {Percent::points(400), Percent::points(15)},
           {Percent::points(1000), Percent::points(100)}}};
}

Status ProfitLadder::validate() const {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const ProfitLevel& level = levels[i];
    if (level.trigger <= Percent())
      return fail(ErrorCode::out_of_range, fmt::format("a profit level's trigger must be > 0%, got {}", level.trigger.to_string()),
                  fmt::format("levels[{}].trigger", i));
    if (i > 0 && level.trigger <= levels[i - 1].trigger)
      return fail(ErrorCode::invalid_argument,
                  fmt::format("triggers must ascend: {} after {}", level.trigger.to_string(), levels[i - 1].trigger.to_string()),
                  fmt::format("levels[{}].trigger", i));
    if (level.take <= Percent() || level.take > Percent::points(100))
      return fail(ErrorCode::out_of_range, fmt::format("a level takes more than 0% and at most 100%, got {}", level.take.to_string()),
                  fmt::format("levels[{}].take", i));
  }
  return ok();
}

Status ExitSettings::validate() const {
  if (auto ladder_ok = ladder.validate(); !ladder_ok) {
    Error e = ladder_ok.error();
    e.field = "ladder." + e.field;
    return std::unexpected(e);
  }
  if (stop_loss.enabled && stop_loss.stop >= Percent())
    return fail(ErrorCode::out_of_range, fmt::format("the stop loss must be below 0%, got {}", stop_loss.stop.to_string()), "stop_loss");
  if (trailing.enabled && trailing.trail <= Percent())
    return fail(ErrorCode::out_of_range, fmt::format("the trail must be > 0 points, got {}", trailing.trail.to_string()), "trailing.trail");
  if (min_close.count() < 1) return fail(ErrorCode::out_of_range, "min_close must be >= 1", "min_close");
  return ok();
}

}  // namespace nightdesk::portfolio
