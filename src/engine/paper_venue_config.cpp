#include "engine/paper_venue_config.h"

#include <cmath>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

namespace nightdesk::engine {
namespace {

constexpr const char* kSection = "paper_venue";

template <class T>
std::string where(const Config& config, const ConfigKey<T>& key) {
  auto origin = config.origin(key.section(), key.name());
  return origin ? origin->describe() : "?";
}

// A USD amount from a number key into a fixed-point value (Price or Money), rounded to 1e-4.
template <class Decimal>
Status read_dollars(const Config& config, const ConfigKey<double>& key, Decimal& out) {
  auto value = Decimal::from_double(config.get(key), Rounding::nearest);
  if (!value) return fail(ErrorCode::out_of_range, fmt::format("{}: {}: {}", where(config, key), key.path(), value.error().message), key.path());
  out = *value;
  return ok();
}

Result<broker::FillModel> fill_model(const std::string& name) {
  for (auto model : {broker::FillModel::touch, broker::FillModel::probabilistic, broker::FillModel::displayed_size,
                     broker::FillModel::half_spread})
    if (broker::to_string(model) == name) return model;
  return fail(ErrorCode::invalid_argument, "unknown fill model " + name, "fill_model");
}

// "0.75, 0.69" -> {0.75, 0.69}; each in (0, 1].
Result<std::vector<double>> fractions(const Config& config, const ConfigKey<std::vector<std::string>>& key) {
  std::vector<double> out;
  const auto& items = config.get(key);
  for (std::size_t i = 0; i < items.size(); ++i) {
    char* end = nullptr;
    double f = std::strtod(items[i].c_str(), &end);
    if (items[i].empty() || end != items[i].c_str() + items[i].size() || !std::isfinite(f) || f <= 0 || f > 1)
      return fail(ErrorCode::out_of_range,
                  fmt::format("{}: {}[{}]: expected a fraction in (0, 1], got \"{}\"", where(config, key), key.path(), i, items[i]),
                  key.path());
    out.push_back(f);
  }
  if (out.empty())
    return fail(ErrorCode::invalid_argument, fmt::format("{}: {}: needs at least one fraction (for one leg)", where(config, key), key.path()),
                key.path());
  return out;
}

}  // namespace

PaperVenueConfigKeys::PaperVenueConfigKeys(ConfigSchema& s)
    : fill_model_(s.choice(kSection, "fill_model", {"touch", "probabilistic", "displayed_size", "half_spread"},
                           "How orders fill against the quote (spec A5): touch, probabilistic inside the spread, partial by displayed "
                           "size, or the options half-spread convention")
                      .defaults_to("touch")),
      probability_at_mid_(s.number(kSection, "probability_at_mid", "probabilistic: chance per interval that a limit at the mid fills")
                              .defaults_to(0.3).range(0, 1)),
      probability_interval_(s.duration(kSection, "probability_interval", "probabilistic: one draw per order per interval")
                                .defaults_to(std::chrono::seconds(1)).range(std::chrono::milliseconds(1), std::chrono::hours(24))),
      half_spread_fractions_(s.text_list(kSection, "half_spread_fractions",
                                         "half_spread: fraction of the half-spread a marketable order crosses, for 1, 2, 3, 4+ legs")
                                 .defaults_to({"0.75", "0.69", "0.62", "0.56"})),
      seed_(s.integer(kSection, "seed", "Seed of the probabilistic model's draws (same seed, same fills)").defaults_to(1).range(0, INT64_MAX)),
      order_latency_(s.duration(kSection, "order_latency", "A submit, cancel or replace reaches the venue after this long")
                         .defaults_to(ConfigDuration(0)).range(ConfigDuration(0), std::chrono::minutes(10))),
      report_latency_(s.duration(kSection, "report_latency", "An execution report reaches the engine after this long")
                          .defaults_to(ConfigDuration(0)).range(ConfigDuration(0), std::chrono::minutes(10))),
      commission_per_contract_(s.number(kSection, "commission_per_contract", "USD per option contract").defaults_to(0.65).range(0, 1'000)),
      exchange_fee_per_contract_(s.number(kSection, "exchange_fee_per_contract", "USD per option contract").defaults_to(0).range(0, 1'000)),
      regulatory_fee_per_contract_(s.number(kSection, "regulatory_fee_per_contract", "USD per option contract (ORF and the like)")
                                       .defaults_to(0).range(0, 1'000)),
      commission_per_share_(s.number(kSection, "commission_per_share", "USD per share of stock").defaults_to(0).range(0, 1'000)),
      option_ticks_(s.choice(kSection, "option_ticks", {"standard", "penny_pilot"},
                             "Default option tick rule: standard ($0.05 under $3, $0.10 above) or penny_pilot ($0.01 / $0.05)")
                        .defaults_to("standard")),
      penny_pilot_underlyings_(s.text_list(kSection, "penny_pilot_underlyings", "Underlyings quoted on the penny-pilot ticks")
                                   .defaults_to({})),
      stock_tick_(s.number(kSection, "stock_tick", "Price increment of stock orders, USD").defaults_to(0.01).range(0.0001, 100)),
      combo_tick_(s.number(kSection, "combo_tick", "Increment of a combo's net price, USD").defaults_to(0.01).range(0.0001, 100)),
      reject_outside_session_(s.boolean(kSection, "reject_outside_session", "Reject orders outside the NYSE session (market_closed)")
                                  .defaults_to(true)),
      starting_cash_(s.number(kSection, "starting_cash_usd", "The paper account's cash at start").defaults_to(100'000).range(0, 1e12)) {}

Result<PaperVenueSettings> PaperVenueConfigKeys::read(const Config& c) const {
  PaperVenueSettings out;
  broker::PaperVenueConfig& v = out.venue;
  auto model = fill_model(c.get(fill_model_));
  if (!model) return std::unexpected(model.error());
  v.fills.model = *model;
  v.fills.probability_at_mid = c.get(probability_at_mid_);
  v.fills.probability_interval = c.get(probability_interval_);
  auto f = fractions(c, half_spread_fractions_);
  if (!f) return std::unexpected(f.error());
  v.fills.half_spread_fraction_by_legs = std::move(*f);
  v.fills.seed = static_cast<std::uint64_t>(c.get(seed_));
  v.order_latency = c.get(order_latency_);
  v.report_latency = c.get(report_latency_);
  for (auto [key, into] : {std::pair{&commission_per_contract_, &v.fees.commission_per_contract},
                           std::pair{&exchange_fee_per_contract_, &v.fees.exchange_fee_per_contract},
                           std::pair{&regulatory_fee_per_contract_, &v.fees.regulatory_fee_per_contract},
                           std::pair{&commission_per_share_, &v.fees.commission_per_share}, std::pair{&starting_cash_, &v.starting_cash}})
    if (auto read = read_dollars(c, *key, *into); !read) return std::unexpected(read.error());
  if (auto read = read_dollars(c, stock_tick_, v.stock_tick); !read) return std::unexpected(read.error());
  if (auto read = read_dollars(c, combo_tick_, v.combo_tick); !read) return std::unexpected(read.error());
  v.ticks = TickTable(c.get(option_ticks_) == "penny_pilot" ? TickRule::penny_pilot() : TickRule::standard());
  for (const auto& underlying : c.get(penny_pilot_underlyings_)) v.ticks.set(underlying, TickRule::penny_pilot());
  out.reject_outside_session = c.get(reject_outside_session_);
  if (auto valid = v.validate(); !valid) {
    std::string key = std::string(kSection) + "." + valid.error().field;
    return fail(valid.error().code, key + ": " + valid.error().message, key);
  }
  return out;
}

}  // namespace nightdesk::engine
