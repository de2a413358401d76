// Implied volatility solves per second: our "Let's Be Rational" against QuantLib's blackFormulaImpliedStdDev
// and VanillaOption::impliedVolatility (AnalyticEuropeanEngine), on one fixed mixed set of inputs, same run.
// Run: build-release/bench/implied_volatility_bench
#include <benchmark/benchmark.h>

#include <ql/exercise.hpp>
#include <ql/instruments/vanillaoption.hpp>
#include <ql/pricingengines/blackformula.hpp>
#include <ql/pricingengines/vanilla/analyticeuropeanengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/settings.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "pricing/implied_volatility.h"
#include "pricing/normalised_black.h"

namespace {

using nightdesk::pricing::black_implied_volatility;
using nightdesk::pricing::undiscounted_black_price;

struct Case {
  double forward, strike, years, vol, price;
  int days;
  bool is_call;
};

// 1000 options: K/F 0.2..1.8, vol 1%..400%, 1 day..5 years, calls and puts, from a fixed LCG; prices that
// underflow or sit at intrinsic are replaced so every case has a proper solution.
const std::vector<Case>& mixed_cases() {
  static const std::vector<Case> cases = [] {
    std::vector<Case> out;
    unsigned seed = 2024;
    auto uniform = [&seed] {
      seed = seed * 1664525u + 1013904223u;
      return (seed >> 8) / double(1u << 24);
    };
    while (out.size() < 1000) {
      Case c{};
      c.forward = 100.0;
      c.strike = c.forward * (0.2 + 1.6 * uniform());
      c.vol = 0.01 * std::pow(400.0, uniform());
      c.days = 1 + static_cast<int>(1824.0 * uniform() * uniform());
      c.years = c.days / 365.0;
      c.is_call = uniform() < 0.5;
      c.price = undiscounted_black_price(c.forward, c.strike, c.vol, c.years, c.is_call);
      const double intrinsic = std::max(c.is_call ? c.forward - c.strike : c.strike - c.forward, 0.0);
      // Keep cases QuantLib can also solve: time value above 1e-10 of the forward.
      if (c.price - intrinsic < 1e-10 * c.forward) continue;
      out.push_back(c);
    }
    return out;
  }();
  return cases;
}

void BM_LetsBeRational(benchmark::State& state) {
  const auto& cases = mixed_cases();
  double max_error = 0.0;
  for (const Case& c : cases) {
    const double vol = *black_implied_volatility(c.price, c.forward, c.strike, c.years, c.is_call);
    const double repriced = undiscounted_black_price(c.forward, c.strike, vol, c.years, c.is_call);
    max_error = std::max(max_error, std::fabs(repriced - c.price) / c.price);
  }
  for (auto _ : state) {
    for (const Case& c : cases) {
      benchmark::DoNotOptimize(black_implied_volatility(c.price, c.forward, c.strike, c.years, c.is_call));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(cases.size()));
  state.counters["ns_per_solve"] = benchmark::Counter(static_cast<double>(state.iterations() * cases.size()),
                                                      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["max_rel_price_err"] = max_error;
}
BENCHMARK(BM_LetsBeRational)->Unit(benchmark::kMicrosecond);

void BM_QuantLibBlackFormulaImpliedStdDev(benchmark::State& state) {
  const auto& cases = mixed_cases();
  const double accuracy = 1e-12;  // comparable to ours; QuantLib's default is 1e-6
  double max_error = 0.0;
  int refused = 0;
  for (const Case& c : cases) {
    try {
      const double sd = QuantLib::blackFormulaImpliedStdDev(c.is_call ? QuantLib::Option::Call : QuantLib::Option::Put,
                                                            c.strike, c.forward, c.price, 1.0, 0.0,
                                                            QuantLib::Null<QuantLib::Real>(), accuracy, 100);
      const double repriced = undiscounted_black_price(c.forward, c.strike, sd / std::sqrt(c.years), c.years, c.is_call);
      max_error = std::max(max_error, std::fabs(repriced - c.price) / c.price);
    } catch (const std::exception&) {
      ++refused;
    }
  }
  for (auto _ : state) {
    for (const Case& c : cases) {
      try {
        benchmark::DoNotOptimize(QuantLib::blackFormulaImpliedStdDev(
            c.is_call ? QuantLib::Option::Call : QuantLib::Option::Put, c.strike, c.forward, c.price, 1.0, 0.0,
            QuantLib::Null<QuantLib::Real>(), accuracy, 100));
      } catch (const std::exception&) {
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(cases.size()));
  state.counters["ns_per_solve"] = benchmark::Counter(static_cast<double>(state.iterations() * cases.size()),
                                                      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["max_rel_price_err"] = max_error;
  state.counters["refused"] = refused;
}
BENCHMARK(BM_QuantLibBlackFormulaImpliedStdDev)->Unit(benchmark::kMicrosecond);

// VanillaOption::impliedVolatility with AnalyticEuropeanEngine: spot = forward, r = q = 0, so the
// undiscounted Black price is also the BSM price; expiry in whole days from a fixed evaluation date.
void BM_QuantLibVanillaOptionImpliedVolatility(benchmark::State& state) {
  using namespace QuantLib;
  const auto& cases = mixed_cases();
  const Date today(15, January, 2025);
  Settings::instance().evaluationDate() = today;
  const DayCounter dc = Actual365Fixed();
  auto spot = ext::make_shared<SimpleQuote>(100.0);
  Handle<YieldTermStructure> flat_rate(ext::make_shared<FlatForward>(today, 0.0, dc));
  Handle<BlackVolTermStructure> flat_vol(ext::make_shared<BlackConstantVol>(today, NullCalendar(), 0.2, dc));
  auto process = ext::make_shared<BlackScholesMertonProcess>(Handle<Quote>(spot), flat_rate, flat_rate, flat_vol);
  auto engine = ext::make_shared<AnalyticEuropeanEngine>(process);
  std::vector<VanillaOption> options;
  options.reserve(cases.size());
  for (const Case& c : cases) {
    options.emplace_back(ext::make_shared<PlainVanillaPayoff>(c.is_call ? Option::Call : Option::Put, c.strike),
                         ext::make_shared<EuropeanExercise>(today + c.days));
    options.back().setPricingEngine(engine);
  }
  const double accuracy = 1e-10;  // in vol; QuantLib's default is 1e-4
  double max_error = 0.0;
  int refused = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    try {
      const double vol = options[i].impliedVolatility(cases[i].price, process, accuracy, 200, 1e-7, 10.0);
      const Case& c = cases[i];
      const double repriced = undiscounted_black_price(c.forward, c.strike, vol, c.years, c.is_call);
      max_error = std::max(max_error, std::fabs(repriced - c.price) / c.price);
    } catch (const std::exception&) {
      ++refused;
    }
  }
  for (auto _ : state) {
    for (size_t i = 0; i < cases.size(); ++i) {
      try {
        benchmark::DoNotOptimize(options[i].impliedVolatility(cases[i].price, process, accuracy, 200, 1e-7, 10.0));
      } catch (const std::exception&) {
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(cases.size()));
  state.counters["ns_per_solve"] = benchmark::Counter(static_cast<double>(state.iterations() * cases.size()),
                                                      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["max_rel_price_err"] = max_error;
  state.counters["refused"] = refused;
}
BENCHMARK(BM_QuantLibVanillaOptionImpliedVolatility)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
