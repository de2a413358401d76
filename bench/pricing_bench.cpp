// Pricing throughput vs QuantLib on the same inputs in the same run (spec C2):
//   chain pricer (BSM price + delta, gamma, vega, theta, rho) vs AnalyticEuropeanEngine repricing
//   after a spot change (NPV + delta, gamma, vega, theta, rho, dividendRho), 80 and 10,000 options;
//   American: Bjerksund-Stensland 2002 vs QuantLib's (1993) engine, Leisen-Reimer 201 steps vs
//   BinomialVanillaEngine<LeisenReimer>(201);
//   chain refresh: 80 quoted mids -> implied vol per option -> batch price and Greeks at those vols, vs
//   QuantLib's VanillaOption::impliedVolatility + AnalyticEuropeanEngine reprice with Greeks per option.
// Run: build-release/bench/pricing_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include <ql/exercise.hpp>
#include <ql/instruments/vanillaoption.hpp>
#include <ql/pricingengines/vanilla/analyticeuropeanengine.hpp>
#include <ql/pricingengines/vanilla/binomialengine.hpp>
#include <ql/pricingengines/vanilla/bjerksundstenslandengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

#include "pricing/batch_pricer.h"
#include "pricing/binomial_tree.h"
#include "pricing/bjerksund_stensland.h"
#include "pricing/implied_volatility_chain.h"
#include "pricing/option_pricer.h"

namespace {

using namespace nightdesk::pricing;
namespace ql = QuantLib;

constexpr double kSpot = 100.0, kRate = 0.04, kYield = 0.015, kVol = 0.22;

// A chain on one underlying: strikes 60%..140% of spot, calls and puts, expiries 7..365 days.
struct Chain {
  std::vector<double> spot, strike, years, rate, q, vol;
  std::vector<std::uint8_t> is_call;
  std::vector<int> days;
  explicit Chain(std::size_t n) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<int> day(7, 365);
    for (std::size_t i = 0; i < n; ++i) {
      days.push_back(day(rng));
      spot.push_back(kSpot);
      strike.push_back(kSpot * (0.6 + 0.8 * static_cast<double>(i % 41) / 40.0));
      years.push_back(days.back() / 365.0);
      rate.push_back(kRate);
      q.push_back(kYield);
      vol.push_back(kVol);
      is_call.push_back(i % 2 == 0 ? 1 : 0);
    }
  }
};

void per_option(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.counters["s_per_option"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// QuantLib side: one process shared by the chain, so a spot change reprices every option.
struct QuantLibChain {
  ql::ext::shared_ptr<ql::SimpleQuote> spot = ql::ext::make_shared<ql::SimpleQuote>(kSpot);
  ql::ext::shared_ptr<ql::BlackScholesMertonProcess> process;
  std::vector<std::unique_ptr<ql::VanillaOption>> options;

  QuantLibChain(const Chain& c, ql::Exercise::Type style) {
    const ql::Date today(15, ql::May, 2024);
    ql::Settings::instance().evaluationDate() = today;
    const ql::DayCounter dc = ql::Actual365Fixed();
    auto curve = [&](double r) {
      return ql::Handle<ql::YieldTermStructure>(ql::ext::make_shared<ql::FlatForward>(today, r, dc, ql::Continuous));
    };
    process = ql::ext::make_shared<ql::BlackScholesMertonProcess>(
        ql::Handle<ql::Quote>(spot), curve(kYield), curve(kRate),
        ql::Handle<ql::BlackVolTermStructure>(ql::ext::make_shared<ql::BlackConstantVol>(today, ql::NullCalendar(), kVol, dc)));
    for (std::size_t i = 0; i < c.strike.size(); ++i) {
      auto payoff = ql::ext::make_shared<ql::PlainVanillaPayoff>(c.is_call[i] ? ql::Option::Call : ql::Option::Put, c.strike[i]);
      ql::ext::shared_ptr<ql::Exercise> exercise;
      if (style == ql::Exercise::European) {
        exercise = ql::ext::make_shared<ql::EuropeanExercise>(today + c.days[i]);
      } else {
        exercise = ql::ext::make_shared<ql::AmericanExercise>(today, today + c.days[i]);
      }
      options.push_back(std::make_unique<ql::VanillaOption>(payoff, exercise));
    }
  }
  template <class Engine>
  void set_engine(const Engine& engine) {
    for (auto& o : options) o->setPricingEngine(engine);
  }
};

void BM_ChainBsm_PriceAndGreeks(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Chain c(n);
  std::vector<double> price(n), delta(n), gamma(n), vega(n), theta(n), rho(n);
  double bump = 0.01;
  for (auto _ : state) {
    for (double& s : c.spot) s = kSpot + bump;  // the spot change, part of the measured work
    bump = -bump;
    auto st = price_chain(Model::bsm, {c.spot, c.strike, c.years, c.rate, c.q, c.vol, c.is_call},
                          {price, delta, gamma, vega, theta, rho});
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(price.data());
    benchmark::ClobberMemory();
  }
  // Accuracy against QuantLib on the same chain (untimed): price, vega, theta, rho in units of spot,
  // delta as is, gamma times spot.
  QuantLibChain q(c, ql::Exercise::European);
  q.set_engine(ql::ext::make_shared<ql::AnalyticEuropeanEngine>(q.process));
  q.spot->setValue(c.spot[0]);
  double max_error = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const ql::VanillaOption& o = *q.options[i];
    const double s = c.spot[i];
    for (double e : {std::fabs(price[i] - o.NPV()) / s, std::fabs(delta[i] - o.delta()), std::fabs(gamma[i] - o.gamma()) * s,
                     std::fabs(vega[i] - o.vega()) / s, std::fabs(theta[i] - o.theta()) / s, std::fabs(rho[i] - o.rho()) / s}) {
      max_error = std::max(max_error, e);
    }
  }
  state.counters["max_err_vs_ql"] = max_error;
  per_option(state, n);
}
BENCHMARK(BM_ChainBsm_PriceAndGreeks)->Arg(80)->Arg(10'000);

void BM_ScalarBsm_PriceAndGreeks(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Chain c(n);
  double bump = 0.01;
  for (auto _ : state) {
    bump = -bump;
    for (std::size_t i = 0; i < n; ++i) {
      auto g = price_and_greeks(Model::bsm, c.is_call[i] ? OptionRight::call : OptionRight::put,
                                {kSpot + bump, c.strike[i], c.years[i], kRate, kYield, kVol});
      benchmark::DoNotOptimize(g);
    }
  }
  per_option(state, n);
}
BENCHMARK(BM_ScalarBsm_PriceAndGreeks)->Arg(80);

void BM_QuantLibAnalyticEuropean_PriceAndGreeks(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Chain c(n);
  QuantLibChain q(c, ql::Exercise::European);
  q.set_engine(ql::ext::make_shared<ql::AnalyticEuropeanEngine>(q.process));
  double bump = 0.01;
  for (auto _ : state) {
    q.spot->setValue(kSpot + bump);
    bump = -bump;
    for (auto& o : q.options) {
      benchmark::DoNotOptimize(o->NPV() + o->delta() + o->gamma() + o->vega() + o->theta() + o->rho() + o->dividendRho());
    }
  }
  per_option(state, n);
}
BENCHMARK(BM_QuantLibAnalyticEuropean_PriceAndGreeks)->Arg(80)->Arg(10'000)->Unit(benchmark::kMicrosecond);

// A listed chain as it arrives: 4 expiries x 10 strikes x call/put = 80 options, ordered by expiry, mids
// from a skewed smile (vol = 22% - 15% ln(K/S) + 10% ln(K/S)^2, flatter with time).
constexpr int kRefreshDays[] = {7, 30, 63, 182};
// `underlying` moves the spot with strikes fixed; the smile moves with it (sticky moneyness), so every
// implied volatility changes.
struct QuotedChain : Chain {
  std::vector<double> mid;
  explicit QuotedChain(double underlying = kSpot) : Chain(80) {
    spot.assign(80, underlying);
    for (std::size_t i = 0; i < 80; ++i) {
      days[i] = kRefreshDays[i / 20];
      years[i] = days[i] / 365.0;
      strike[i] = kSpot * (0.8 + 0.4 * static_cast<double>((i / 2) % 10) / 9.0);
      const double m = std::log(strike[i] / underlying);
      vol[i] = (0.22 - 0.15 * m + 0.10 * m * m) / std::pow(years[i] * 12.0, 0.1);
      const OptionRight right = is_call[i] ? OptionRight::call : OptionRight::put;
      mid.push_back(price_and_greeks(Model::bsm, right, {underlying, strike[i], years[i], kRate, kYield, vol[i]})->price);
    }
  }
};

// Implied vols from the mids, then price + Greeks at them. Cold: the same quotes every time, each solve from
// scratch. Warm, the refresh as a running engine does it: the spot ticks (+/- 0.05%, alternating; the smile
// moves with it, so every implied volatility changes) and each solve starts from the option's implied
// volatility at the previous refresh (ChainQuotes::previous_vol).
void chain_refresh(benchmark::State& state, bool warm) {
  const QuotedChain ticks[2] = {QuotedChain(kSpot), QuotedChain(warm ? kSpot * 1.0005 : kSpot)};
  std::vector<double> iv = ticks[1].vol;  // the previous refresh's answer
  std::vector<std::optional<IvFailure>> failure(80);
  std::vector<double> price(80), delta(80), gamma(80), vega(80), theta(80), rho(80);
  std::size_t tick = 0;
  for (auto _ : state) {
    const QuotedChain& c = ticks[tick];
    ChainQuotes quotes{c.mid, c.spot, c.strike, c.years, c.rate, c.q, c.is_call};
    if (warm) quotes.previous_vol = iv;
    auto solved = implied_volatility_chain(Model::bsm, quotes, {iv, failure});
    auto st = price_chain(Model::bsm, {c.spot, c.strike, c.years, c.rate, c.q, iv, c.is_call},
                          {price, delta, gamma, vega, theta, rho});
    benchmark::DoNotOptimize(solved);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(price.data());
    benchmark::ClobberMemory();
    tick ^= 1;
  }
  // Accuracy as the repricing error of the mid at the solved vol: the vol itself is ill-conditioned for
  // short-dated in-the-money options whose time value is a few ulp of the price.
  const QuotedChain& last = ticks[tick ^ 1];
  double max_error = 0.0;
  for (std::size_t i = 0; i < 80; ++i) max_error = std::max(max_error, std::fabs(price[i] - last.mid[i]) / last.mid[i]);
  state.counters["max_rel_price_err"] = max_error;
  state.counters["per_refresh"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  per_option(state, 80);
}

void BM_ChainRefresh80_ImpliedVolAndGreeks(benchmark::State& state) { chain_refresh(state, false); }
BENCHMARK(BM_ChainRefresh80_ImpliedVolAndGreeks)->Unit(benchmark::kMicrosecond);
void BM_ChainRefresh80_WarmStart_ImpliedVolAndGreeks(benchmark::State& state) { chain_refresh(state, true); }
BENCHMARK(BM_ChainRefresh80_WarmStart_ImpliedVolAndGreeks)->Unit(benchmark::kMicrosecond);

// QuantLib: each option carries its own vol quote; impliedVolatility from the mid, set the quote, reprice
// with Greeks. Accuracy 1e-10 in vol (QuantLib's default 1e-4 would not be comparable).
void BM_QuantLibChainRefresh80_ImpliedVolAndGreeks(benchmark::State& state) {
  QuotedChain c;
  const ql::Date today(15, ql::May, 2024);
  ql::Settings::instance().evaluationDate() = today;
  const ql::DayCounter dc = ql::Actual365Fixed();
  auto spot = ql::ext::make_shared<ql::SimpleQuote>(kSpot);
  auto curve = [&](double r) {
    return ql::Handle<ql::YieldTermStructure>(ql::ext::make_shared<ql::FlatForward>(today, r, dc, ql::Continuous));
  };
  std::vector<ql::ext::shared_ptr<ql::SimpleQuote>> vols;
  std::vector<ql::ext::shared_ptr<ql::BlackScholesMertonProcess>> processes;
  std::vector<std::unique_ptr<ql::VanillaOption>> options;
  for (std::size_t i = 0; i < 80; ++i) {
    vols.push_back(ql::ext::make_shared<ql::SimpleQuote>(kVol));
    processes.push_back(ql::ext::make_shared<ql::BlackScholesMertonProcess>(
        ql::Handle<ql::Quote>(spot), curve(kYield), curve(kRate),
        ql::Handle<ql::BlackVolTermStructure>(ql::ext::make_shared<ql::BlackConstantVol>(
            today, ql::NullCalendar(), ql::Handle<ql::Quote>(vols.back()), dc))));
    options.push_back(std::make_unique<ql::VanillaOption>(
        ql::ext::make_shared<ql::PlainVanillaPayoff>(c.is_call[i] ? ql::Option::Call : ql::Option::Put, c.strike[i]),
        ql::ext::make_shared<ql::EuropeanExercise>(today + c.days[i])));
    options.back()->setPricingEngine(ql::ext::make_shared<ql::AnalyticEuropeanEngine>(processes.back()));
  }
  double max_error = 0.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < 80; ++i) {
      const double iv = options[i]->impliedVolatility(c.mid[i], processes[i], 1e-10, 200, 1e-7, 10.0);
      vols[i]->setValue(iv);
      const double npv = options[i]->NPV();
      benchmark::DoNotOptimize(npv + options[i]->delta() + options[i]->gamma() + options[i]->vega() +
                               options[i]->theta() + options[i]->rho());
      max_error = std::max(max_error, std::fabs(npv - c.mid[i]) / c.mid[i]);
    }
  }
  state.counters["max_rel_price_err"] = max_error;
  state.counters["per_refresh"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  per_option(state, 80);
}
BENCHMARK(BM_QuantLibChainRefresh80_ImpliedVolAndGreeks)->Unit(benchmark::kMicrosecond);

void BM_BjerksundStensland2002_Price(benchmark::State& state) {
  Chain c(80);
  {  // distance from QuantLib's 1993 version (a different approximation, so not an error), in units of spot
    QuantLibChain q(c, ql::Exercise::American);
    q.set_engine(ql::ext::make_shared<ql::BjerksundStenslandApproximationEngine>(q.process));
    double max_diff = 0.0;
    for (std::size_t i = 0; i < 80; ++i) {
      const double ours = bjerksund_stensland_price(c.is_call[i] ? OptionRight::call : OptionRight::put,
                                                    {kSpot, c.strike[i], c.years[i], kRate, kYield, kVol});
      max_diff = std::max(max_diff, std::fabs(ours - q.options[i]->NPV()) / kSpot);
    }
    state.counters["max_diff_vs_ql1993"] = max_diff;
  }
  double bump = 0.01;
  for (auto _ : state) {
    bump = -bump;
    for (std::size_t i = 0; i < 80; ++i) {
      benchmark::DoNotOptimize(bjerksund_stensland_price(c.is_call[i] ? OptionRight::call : OptionRight::put,
                                                         {kSpot + bump, c.strike[i], c.years[i], kRate, kYield, kVol}));
    }
  }
  per_option(state, 80);
}
BENCHMARK(BM_BjerksundStensland2002_Price);

void BM_BjerksundStensland2002_PriceAndFdGreeks(benchmark::State& state) {
  Chain c(80);
  double bump = 0.01;
  for (auto _ : state) {
    bump = -bump;
    for (std::size_t i = 0; i < 80; ++i) {
      benchmark::DoNotOptimize(price_and_greeks(Model::american, c.is_call[i] ? OptionRight::call : OptionRight::put,
                                                {kSpot + bump, c.strike[i], c.years[i], kRate, kYield, kVol}));
    }
  }
  per_option(state, 80);
}
BENCHMARK(BM_BjerksundStensland2002_PriceAndFdGreeks)->Unit(benchmark::kMicrosecond);

void BM_QuantLibBjerksundStensland1993_Price(benchmark::State& state) {
  Chain c(80);
  QuantLibChain q(c, ql::Exercise::American);
  q.set_engine(ql::ext::make_shared<ql::BjerksundStenslandApproximationEngine>(q.process));
  double bump = 0.01;
  for (auto _ : state) {
    q.spot->setValue(kSpot + bump);
    bump = -bump;
    for (auto& o : q.options) benchmark::DoNotOptimize(o->NPV());
  }
  per_option(state, 80);
}
BENCHMARK(BM_QuantLibBjerksundStensland1993_Price);

void BM_LeisenReimer201_Price(benchmark::State& state) {
  Chain c(80);
  {  // accuracy against QuantLib's tree with the same steps (untimed), in units of spot
    QuantLibChain q(c, ql::Exercise::American);
    q.set_engine(ql::ext::make_shared<ql::BinomialVanillaEngine<ql::LeisenReimer>>(q.process, 201));
    double max_error = 0.0;
    for (std::size_t i = 0; i < 80; ++i) {
      const double ours = leisen_reimer_price(c.is_call[i] ? OptionRight::call : OptionRight::put, ExerciseStyle::american,
                                              {kSpot, c.strike[i], c.years[i], kRate, kYield, kVol}, 201);
      max_error = std::max(max_error, std::fabs(ours - q.options[i]->NPV()) / kSpot);
    }
    state.counters["max_err_vs_ql"] = max_error;
  }
  double bump = 0.01;
  for (auto _ : state) {
    bump = -bump;
    for (std::size_t i = 0; i < 80; ++i) {
      benchmark::DoNotOptimize(leisen_reimer_price(c.is_call[i] ? OptionRight::call : OptionRight::put,
                                                   ExerciseStyle::american,
                                                   {kSpot + bump, c.strike[i], c.years[i], kRate, kYield, kVol}, 201));
    }
  }
  per_option(state, 80);
}
BENCHMARK(BM_LeisenReimer201_Price)->Unit(benchmark::kMicrosecond);

void BM_QuantLibLeisenReimer201_Price(benchmark::State& state) {
  Chain c(80);
  QuantLibChain q(c, ql::Exercise::American);
  q.set_engine(ql::ext::make_shared<ql::BinomialVanillaEngine<ql::LeisenReimer>>(q.process, 201));
  double bump = 0.01;
  for (auto _ : state) {
    q.spot->setValue(kSpot + bump);
    bump = -bump;
    for (auto& o : q.options) benchmark::DoNotOptimize(o->NPV());
  }
  per_option(state, 80);
}
BENCHMARK(BM_QuantLibLeisenReimer201_Price)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
