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

// The hot loop, compiled three times and picked at run time: SSE2 (any x86-64; no contraction, so it
// rounds exactly like the scalar API), AVX2+FMA (4 lanes) and AVX-512 (8 lanes, 32 registers, so the
// polynomials no longer spill). The last two contract a*b+c into fused multiply-adds, which halves the
// polynomial work and changes results by a few ulp (batch_pricer_test states the tolerance).
// __restrict on parameters (GCC ignores it on locals) spares the vectorizer dozens of run-time alias
// checks. q == nullptr means black76 (carry 0).
#define NIGHTDESK_PRICE_LOOP_PARAMS                                                                       \
  std::size_t n, const double* __restrict s, const double* __restrict k, const double* __restrict t,   \
      const double* __restrict r, const double* __restrict q, const double* __restrict v,              \
      const std::uint8_t* __restrict call, double black76, double* __restrict price,                   \
      double* __restrict delta, double* __restrict gamma, double* __restrict vega,                     \
      double* __restrict theta, double* __restrict rho
// Two loops so that neither loads q conditionally (that would stop the vectorizer). Each first scans
// the chain for invalid inputs (non-short-circuit &, so it vectorizes too) and writes nothing if any is
// found; the caller then looks for the culprit on its slow path.
#define NIGHTDESK_VALID_OPTION(i)                                                                          \
  ((s[i] > 0) & (s[i] < HUGE_VAL) & (k[i] > 0) & (k[i] < HUGE_VAL) & (t[i] >= 0) & (t[i] < HUGE_VAL) &    \
   (v[i] >= 0) & (v[i] < HUGE_VAL) & (std::abs(r[i]) < HUGE_VAL))
#define NIGHTDESK_PRICE_LOOP_BODY                                                                          \
  int bad = 0;                                                                                             \
  if (q == nullptr) {                                                                                      \
    for (std::size_t i = 0; i < n; ++i) bad |= NIGHTDESK_VALID_OPTION(i) ? 0 : 1;                         \
    if (bad != 0) return false;                                                                            \
    for (std::size_t i = 0; i < n; ++i) {                                                                  \
      const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], 0.0, v[i], call[i] ? 1.0 : -1.0, black76); \
      price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;                                        \
      vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;                                              \
    }                                                                                                      \
    return true;                                                                                           \
  }                                                                                                        \
  for (std::size_t i = 0; i < n; ++i) bad |= (NIGHTDESK_VALID_OPTION(i) & (std::abs(q[i]) < HUGE_VAL)) ? 0 : 1; \
  if (bad != 0) return false;                                                                              \
  for (std::size_t i = 0; i < n; ++i) {                                                                    \
    const Greeks g =                                                                                       \
        european_greeks_kernel(s[i], k[i], t[i], r[i], r[i] - q[i], v[i], call[i] ? 1.0 : -1.0, black76); \
    price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;                                          \
    vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;                                                \
  }                                                                                                        \
  return true;

bool price_loop_sse2(NIGHTDESK_PRICE_LOOP_PARAMS) { NIGHTDESK_PRICE_LOOP_BODY }

[[gnu::target("avx2,fma"), gnu::optimize("fp-contract=fast")]] bool price_loop_avx2(NIGHTDESK_PRICE_LOOP_PARAMS) {
  NIGHTDESK_PRICE_LOOP_BODY
}

// avx512bw for the byte loads of is_call; GCC's generic tuning would otherwise stay at 256 bits.
[[gnu::target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,prefer-vector-width=512"),
  gnu::optimize("fp-contract=fast")]] bool price_loop_avx512(
    NIGHTDESK_PRICE_LOOP_PARAMS) {
  NIGHTDESK_PRICE_LOOP_BODY
}

#undef NIGHTDESK_PRICE_LOOP_BODY
#undef NIGHTDESK_VALID_OPTION
#undef NIGHTDESK_PRICE_LOOP_PARAMS

enum class VectorIsa { sse2, avx2_fma, avx512 };

VectorIsa best_isa() {
  static const VectorIsa isa = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw")) {
      return VectorIsa::avx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return VectorIsa::avx2_fma;
    return VectorIsa::sse2;
  }();
  return isa;
}

// Prices the chain with the best loop this CPU runs; false (nothing written) if an input is invalid.
template <class... Args>
bool price_loop(Args... args) {
  switch (best_isa()) {
    case VectorIsa::avx512: return price_loop_avx512(args...);
    case VectorIsa::avx2_fma: return price_loop_avx2(args...);
    case VectorIsa::sse2: break;
  }
  return price_loop_sse2(args...);
}

}  // namespace

Status price_chain(Model model, const ChainInputs& in, const ChainGreeks& out) {
  if (model == Model::american) {
    return fail(ErrorCode::invalid_argument, "the chain pricer is European only (bsm or black76)", "model");
  }
  const bool black76 = model == Model::black76;
  const std::size_t n = in.strike.size();
  const bool use_q = !black76 || !in.dividend_yield.empty();
  // Lengths first, without building a Status per span: this runs on every refresh.
  struct Span {
    std::size_t size;
    const char* field;
  };
  const Span spans[] = {{in.spot_or_forward.size(), "spot_or_forward"}, {in.years.size(), "years"},
                        {in.rate.size(), "rate"},       {in.vol.size(), "vol"},
                        {in.is_call.size(), "is_call"},
                        {use_q ? in.dividend_yield.size() : n, "dividend_yield"},
                        {out.price.size(), "price"},    {out.delta.size(), "delta"},
                        {out.gamma.size(), "gamma"},    {out.vega.size(), "vega"},
                        {out.theta.size(), "theta"},    {out.rho.size(), "rho"}};
  for (const Span& span : spans) {
    if (span.size != n) return check_length(span.size, n, span.field);
  }
  // Black-76 ignores a dividend yield it is given, but still rejects a non-finite one.
  bool ignored_q_finite = true;
  if (black76 && use_q) {
    for (const double q : in.dividend_yield) ignored_q_finite &= std::abs(q) < HUGE_VAL;
  }
  const bool priced =
      ignored_q_finite &&
      price_loop(n, in.spot_or_forward.data(), in.strike.data(), in.years.data(), in.rate.data(),
                 black76 ? nullptr : in.dividend_yield.data(), in.vol.data(), in.is_call.data(), black76 ? 1.0 : 0.0,
                 out.price.data(), out.delta.data(), out.gamma.data(), out.vega.data(), out.theta.data(),
                 out.rho.data());
  if (!priced) return first_invalid(in, use_q);
  return ok();
}

}  // namespace nightdesk::pricing
