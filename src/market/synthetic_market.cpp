#include "market/synthetic_market.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "pricing/batch_pricer.h"

namespace nightdesk::market {
namespace {

constexpr double kSecondsPerYear = 365.0 * 86400.0;
constexpr auto kSnapshotMargin = std::chrono::minutes(15);  // stay clear of the open and close auctions

double years_between(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count() / kSecondsPerYear;
}

Price to_price(double value, Rounding rounding) {
  auto p = Price::from_double(std::max(value, 0.0), rounding);
  return p ? *p : Price{};
}

}  // namespace

Status SyntheticConfig::validate() const {
  if (underlying.empty()) return fail(ErrorCode::invalid_argument, "must not be empty", "underlying");
  if (trading_days < 1 || trading_days > 5000) return fail(ErrorCode::out_of_range, "must be 1..5000", "days");
  if (snapshots_per_day < 1 || snapshots_per_day > 390)
    return fail(ErrorCode::out_of_range, "must be 1..390", "snapshots_per_day");
  if (!(path.spot > 0) || !(path.spot < 1e6)) return fail(ErrorCode::out_of_range, "must be in (0, 1e6)", "spot");
  if (path.model == PathModel::heston && (path.v0 < 0 || path.theta <= 0 || path.kappa <= 0 || path.xi < 0 ||
                                          path.rho <= -1 || path.rho >= 1))
    return fail(ErrorCode::invalid_argument, "Heston needs v0 >= 0, theta > 0, kappa > 0, xi >= 0, |rho| < 1", "path");
  if (path.model == PathModel::gbm && !(path.vol > 0)) return fail(ErrorCode::out_of_range, "must be > 0", "vol");
  if (max_strikes_per_expiry < 2) return fail(ErrorCode::out_of_range, "must be >= 2", "max_strikes_per_expiry");
  return ticks.validate();
}

Result<std::unique_ptr<SyntheticFeed>> SyntheticFeed::create(SyntheticConfig config, const TradingCalendar& calendar) {
  auto valid = config.validate();
  if (!valid) return std::unexpected(valid.error());
  std::unique_ptr<SyntheticFeed> feed(new SyntheticFeed(std::move(config), calendar));
  auto scheduled = feed->build_schedule();
  if (!scheduled) return std::unexpected(scheduled.error());
  return feed;
}

SyntheticFeed::SyntheticFeed(SyntheticConfig config, const TradingCalendar& calendar)
    : config_(std::move(config)), calendar_(calendar),
      name_(fmt::format("synthetic({}, seed={})", config_.underlying, config_.seed)),
      path_(config_.path, config_.seed), noise_(config_.seed ^ 0xA5A5'5A5A'F00D'BEEFULL) {}

Status SyntheticFeed::build_schedule() {
  auto open_today = calendar_.is_trading_day(config_.start);
  if (!open_today) return std::unexpected(open_today.error());
  Date day = config_.start;
  if (!*open_today) {
    auto next = calendar_.next_trading_day(day);
    if (!next) return std::unexpected(next.error());
    day = *next;
  }
  int k = config_.snapshots_per_day;
  for (int d = 0; d < config_.trading_days; ++d) {
    auto session = calendar_.session(day);
    if (!session) return std::unexpected(session.error());
    const Session& s = **session;
    if (k == 1) {
      snapshot_times_.push_back(s.close - kSnapshotMargin);
    } else {
      auto span = (s.close - kSnapshotMargin) - (s.open + kSnapshotMargin);
      for (int i = 0; i < k; ++i) snapshot_times_.push_back(s.open + kSnapshotMargin + span * i / (k - 1));
    }
    auto next = calendar_.next_trading_day(day);
    if (!next) return std::unexpected(next.error());
    day = *next;
  }
  path_time_ = snapshot_times_.front();
  return ok();
}

Result<bool> SyntheticFeed::next(QuoteEvent& event) {
  if (pending_next_ == pending_.size()) {
    if (snapshot_ == snapshot_times_.size()) return false;
    auto generated = generate_snapshot();
    if (!generated) return std::unexpected(generated.error());
  }
  event = std::move(pending_[pending_next_++]);  // each event is delivered once
  ++stats_.events;
  ++stats_.rows;
  return true;
}

Status SyntheticFeed::generate_snapshot() {
  Timestamp t = snapshot_times_[snapshot_++];
  path_.advance(years_between(path_time_, t));
  path_time_ = t;
  if (snapshot_ == 1 || (snapshot_ - 1) % static_cast<std::size_t>(config_.snapshots_per_day) == 0) ++day_index_;
  auto today = calendar_.new_york_date(t);
  if (!today) return std::unexpected(today.error());

  double spot = path_.spot();
  pending_.clear();
  pending_next_ = 0;

  QuoteEvent u;
  u.kind = InstrumentKind::underlying;
  u.underlying = config_.underlying;
  u.quote.time = t;
  Price last = to_price(spot, Rounding::nearest);
  last = *TickRule::flat(Price::from_units(100)).round(last, Rounding::nearest);
  u.quote.last = last;
  u.quote.bid = last - Price::from_units(100) * static_cast<std::int64_t>(noise_.uniform() < 0.5);
  u.quote.ask = u.quote.bid + Price::from_units(100);
  u.quote.bid_size = Quantity{100 * (1 + static_cast<std::int64_t>(noise_.uniform() * 20))};
  u.quote.ask_size = Quantity{100 * (1 + static_cast<std::int64_t>(noise_.uniform() * 20))};
  pending_.push_back(u);

  // Under Heston the short end of the surface follows the current variance; GBM keeps the configured level.
  VolSurface surface = config_.surface;
  if (config_.path.model == PathModel::heston) {
    surface.atm_short = std::sqrt(std::max(path_.variance(), 1e-4));
    surface.atm_long = std::sqrt(config_.path.theta);
  }

  auto expiries = listed_expiries(calendar_, *today, config_.listing);
  if (!expiries) return std::unexpected(expiries.error());
  for (Date expiry : *expiries) {
    auto years = calendar_.years_to_expiry(t, expiry);
    if (!years) return std::unexpected(years.error());
    if (*years <= 0) continue;  // expired at this instant
    auto quoted = quote_expiry(expiry, t, surface, spot, *years, *today);
    if (!quoted) return quoted;
  }
  return ok();
}

Status SyntheticFeed::quote_expiry(Date expiry, Timestamp t, const VolSurface& surface, double spot, double years,
                                   Date today) {
  const auto& p = config_.path;
  double forward = spot * std::exp((p.rate - p.dividend) * years);
  double atm_vol = surface.atm(years);
  double atm_sd = atm_vol * std::sqrt(years);
  const std::vector<Price> strikes = strike_grid(spot, years, atm_vol, config_.max_strikes_per_expiry);

  // The whole expiry goes through the chain pricer at once, on its AVX2+FMA loop wherever the CPU has one
  // (AVX-512 machines too): the loop is pinned rather than "best" so a seed gives the same quotes on every
  // such machine. Fused multiply-adds move theoretical values by a few ulp from the scalar
  // black_scholes_price_and_delta; CPUs without AVX2 use the SSE2 loop, which matches the scalar bit for bit.
  const std::size_t n = 2 * strikes.size();
  ChainScratch& c = chain_;
  for (auto* v : {&c.spot, &c.strike, &c.years, &c.rate, &c.dividend, &c.vol, &c.price, &c.delta, &c.gamma,
                  &c.vega, &c.theta, &c.rho})
    v->resize(n);
  c.is_call.resize(n);
  c.z.resize(strikes.size());
  c.depth.resize(strikes.size());
  for (std::size_t i = 0; i < strikes.size(); ++i) {
    const double strike = strikes[i].to_double();
    const double vol = surface.implied_vol(strike, forward, years);
    c.z[i] = std::log(strike / forward) / std::max(atm_sd, 1e-6);  // moneyness in standard deviations
    c.depth[i] = std::exp(-0.5 * c.z[i] * c.z[i]);
    for (std::size_t j = 2 * i; j < 2 * i + 2; ++j) {
      c.spot[j] = spot, c.strike[j] = strike, c.years[j] = years, c.rate[j] = p.rate, c.dividend[j] = p.dividend;
      c.vol[j] = vol;
      c.is_call[j] = j == 2 * i ? 1 : 0;
    }
  }
  static const pricing::ChainIsa isa = pricing::chain_isa_supported(pricing::ChainIsa::avx2_fma)
                                           ? pricing::ChainIsa::avx2_fma
                                           : pricing::ChainIsa::sse2;
  auto priced = pricing::price_chain_on(isa, pricing::Model::bsm,
                                        {c.spot, c.strike, c.years, c.rate, c.dividend, c.vol, c.is_call},
                                        {c.price, c.delta, c.gamma, c.vega, c.theta, c.rho});
  if (!priced) return priced;

  // What depends on the expiry alone, computed once for its chain.
  const double days = std::max(static_cast<double>((std::chrono::sys_days{expiry} - std::chrono::sys_days{today}).count()), 0.25);
  const ExpiryTerms terms{spot, 0.02 / std::sqrt(days), std::sqrt(days / 7 + 1)};
  for (std::size_t j = 0; j < n; ++j) {
    QuoteEvent& e = pending_.emplace_back();
    e.kind = InstrumentKind::option;
    e.underlying = config_.underlying;
    e.expiry = expiry;
    e.strike = strikes[j / 2];
    e.right = c.is_call[j] != 0 ? OptionRight::call : OptionRight::put;
    e.quote.time = t;
    quote_option(e, terms, c.z[j / 2], c.depth[j / 2], c.vol[j], c.price[j], c.delta[j]);
  }
  return ok();
}

void SyntheticFeed::quote_option(QuoteEvent& e, const ExpiryTerms& terms, double z, double depth, double vol,
                                 double theo_price, double theo_delta) {
  const double spot = terms.spot;
  double strike = e.strike.to_double();

  // Spread: a relative width of the time value (plus a little of the intrinsic value) that grows away
  // from the money and toward expiry, never under one tick.
  double intrinsic = std::max(e.right == OptionRight::call ? spot - strike : strike - spot, 0.0);
  double time_value = std::max(theo_price - intrinsic, 0.0);
  double relative = 0.004 + 0.01 * std::min(std::fabs(z), 4.0) + terms.near_expiry_width;
  Price theo_px = to_price(theo_price, Rounding::nearest);
  double tick = config_.ticks.tick_at(theo_px).to_double();
  double width = std::max(relative * (time_value + 0.1 * intrinsic), tick);
  Price bid = *config_.ticks.round(to_price(theo_price - width / 2, Rounding::down), Rounding::down);
  Price ask = *config_.ticks.round(to_price(theo_price + width / 2, Rounding::up), Rounding::up);
  Price min_tick = config_.ticks.tick_at(Price{});
  if (ask < min_tick) ask = min_tick;
  if (ask <= bid) ask = *config_.ticks.round(bid + min_tick, Rounding::up);
  e.quote.bid = bid;
  e.quote.ask = ask;

  // Displayed size and activity: deepest near the money, thin in the wings.
  auto size = [&](double base) { return Quantity{1 + static_cast<std::int64_t>(base * (0.5 + noise_.uniform()))}; };
  e.quote.bid_size = bid.units() == 0 ? Quantity{0} : size(5 + 400 * depth);
  e.quote.ask_size = size(5 + 400 * depth);
  e.quote.last.reset();
  e.volume = static_cast<std::int64_t>(3000 * depth * noise_.uniform() / terms.volume_decay);
  e.open_interest = static_cast<std::int64_t>(20000 * (0.2 + depth) * noise_.uniform());
  e.iv = vol;
  e.delta = theo_delta;
}

}  // namespace nightdesk::market
