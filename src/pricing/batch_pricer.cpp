// Compiled with -O3 -fno-math-errno -fno-trapping-math (src/CMakeLists.txt): the vectorizer needs
// the first two to if-convert the selects and to use sqrtpd; neither changes any result.
#include "pricing/batch_pricer.h"

#include <cmath>
#include <cstddef>

#include <fmt/format.h>

#include "pricing/european_kernel.h"
#include "pricing/option_pricer.h"

namespace nightdesk::pricing {
namespace {

Status check_length(std::size_t size, std::size_t expected, const char* field) {
  if (size == expected) return ok();
  return fail(ErrorCode::invalid_argument, fmt::format("{} has {} entries, expected {}", field, size, expected),
              field);
}

// Cheap vectorizable scan (non-short-circuit &); the slow path only runs when something is wrong.
bool all_valid(const ChainInputs& in, bool use_q) {
  const std::size_t n = in.strike.size();
  int bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double q = use_q ? in.dividend_yield[i] : 0.0;
    const bool good = (in.spot_or_forward[i] > 0) & (in.spot_or_forward[i] < HUGE_VAL) & (in.strike[i] > 0) &
                      (in.strike[i] < HUGE_VAL) & (in.years[i] >= 0) & (in.years[i] < HUGE_VAL) &
                      (in.vol[i] >= 0) & (in.vol[i] < HUGE_VAL) & (std::abs(in.rate[i]) < HUGE_VAL) &
                      (std::abs(q) < HUGE_VAL);
    bad |= good ? 0 : 1;
  }
  return bad == 0;
}

Status first_invalid(const ChainInputs& in, bool use_q) {
  for (std::size_t i = 0; i < in.strike.size(); ++i) {
    const OptionInputs one{in.spot_or_forward[i], in.strike[i], in.years[i],
                           in.rate[i],            use_q ? in.dividend_yield[i] : 0.0, in.vol[i]};
    if (Status s = validate_option_inputs(one); !s) {
      Error e = s.error();
      e.field = fmt::format("{}[{}]", e.field, i);
      e.message = fmt::format("option {}: {}", i, e.message);
      return std::unexpected(std::move(e));
    }
  }
  return ok();
}

// The hot loop, compiled twice: SSE2 (any x86-64) and AVX2 (4 lanes), picked at run time. FP
// contraction stays off (ISO mode), so both round exactly like the scalar API (tested bit for bit). __restrict on parameters (GCC ignores it on locals) spares the vectorizer
// dozens of run-time alias checks. q == nullptr means black76 (carry 0).
#define NIGHTDESK_PRICE_LOOP_PARAMS                                                                       \
  std::size_t n, const double* __restrict s, const double* __restrict k, const double* __restrict t,   \
      const double* __restrict r, const double* __restrict q, const double* __restrict v,              \
      const std::uint8_t* __restrict call, double black76, double* __restrict price,                   \
      double* __restrict delta, double* __restrict gamma, double* __restrict vega,                     \
      double* __restrict theta, double* __restrict rho
void price_loop_sse2(NIGHTDESK_PRICE_LOOP_PARAMS) {
  if (q == nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], 0.0, v[i], call[i] ? 1.0 : -1.0, black76);
      price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;
      vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], r[i] - q[i], v[i], call[i] ? 1.0 : -1.0, black76);
    price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;
    vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;
  }
}


[[gnu::target("avx2")]] void price_loop_avx2(NIGHTDESK_PRICE_LOOP_PARAMS) {
  if (q == nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], 0.0, v[i], call[i] ? 1.0 : -1.0, black76);
      price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;
      vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], r[i] - q[i], v[i], call[i] ? 1.0 : -1.0, black76);
    price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;
    vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;
  }
}


#undef NIGHTDESK_PRICE_LOOP_PARAMS

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

template <class... Args>
void price_loop(Args... args) {
  if (cpu_has_avx2()) {
    price_loop_avx2(args...);
  } else {
    price_loop_sse2(args...);
  }
}

}  // namespace

Status price_chain(Model model, const ChainInputs& in, const ChainGreeks& out) {
  if (model == Model::american) {
    return fail(ErrorCode::invalid_argument, "the chain pricer is European only (bsm or black76)", "model");
  }
  const bool black76 = model == Model::black76;
  const std::size_t n = in.strike.size();
  const bool use_q = !black76 || !in.dividend_yield.empty();
  for (const Status& s :
       {check_length(in.spot_or_forward.size(), n, "spot_or_forward"), check_length(in.years.size(), n, "years"),
        check_length(in.rate.size(), n, "rate"), check_length(in.vol.size(), n, "vol"),
        check_length(in.is_call.size(), n, "is_call"),
        use_q ? check_length(in.dividend_yield.size(), n, "dividend_yield") : ok(),
        check_length(out.price.size(), n, "price"), check_length(out.delta.size(), n, "delta"),
        check_length(out.gamma.size(), n, "gamma"), check_length(out.vega.size(), n, "vega"),
        check_length(out.theta.size(), n, "theta"), check_length(out.rho.size(), n, "rho")}) {
    if (!s) return s;
  }
  if (!all_valid(in, use_q)) return first_invalid(in, use_q);

  if (black76) {
    price_loop(n, in.spot_or_forward.data(), in.strike.data(), in.years.data(), in.rate.data(), nullptr,
               in.vol.data(), in.is_call.data(), 1.0, out.price.data(), out.delta.data(), out.gamma.data(),
               out.vega.data(), out.theta.data(), out.rho.data());
  } else {
    price_loop(n, in.spot_or_forward.data(), in.strike.data(), in.years.data(), in.rate.data(),
               in.dividend_yield.data(), in.vol.data(), in.is_call.data(), 0.0, out.price.data(), out.delta.data(),
               out.gamma.data(), out.vega.data(), out.theta.data(), out.rho.data());
  }
  return ok();
}

}  // namespace nightdesk::pricing
