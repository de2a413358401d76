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
// checks; the helpers are always_inline so each copy is compiled for its caller's instruction set.
struct ChainArrays {
  std::size_t n;
  const double *s, *k, *t, *r, *q, *v;  // q == r for black76: carry r - q is then exactly 0
  const std::uint8_t* call;
  double black76;
  double *price, *delta, *gamma, *vega, *theta, *rho;
};

// Non-short-circuit &, so the scan vectorizes; the caller finds the culprit on its slow path.
[[gnu::always_inline]] inline bool all_valid(std::size_t n, const double* __restrict s, const double* __restrict k,
                                             const double* __restrict t, const double* __restrict r,
                                             const double* __restrict q, const double* __restrict v) {
  int bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool good = (s[i] > 0) & (s[i] < HUGE_VAL) & (k[i] > 0) & (k[i] < HUGE_VAL) & (t[i] >= 0) &
                      (t[i] < HUGE_VAL) & (v[i] >= 0) & (v[i] < HUGE_VAL) & (std::abs(r[i]) < HUGE_VAL) &
                      (std::abs(q[i]) < HUGE_VAL);
    bad |= good ? 0 : 1;
  }
  return bad == 0;
}

// Options [0, m) with their signs (+1 call, -1 put) already as doubles: a byte load in this loop would make
// GCC's vectorization factor 64 options (one vector of bytes) and leave a short chain to the scalar epilogue.
[[gnu::always_inline]] inline void price_block(std::size_t m, const double* __restrict s, const double* __restrict k,
                                               const double* __restrict t, const double* __restrict r,
                                               const double* __restrict q, const double* __restrict v,
                                               const double* __restrict sign, double black76,
                                               double* __restrict price, double* __restrict delta,
                                               double* __restrict gamma, double* __restrict vega,
                                               double* __restrict theta, double* __restrict rho) {
  for (std::size_t i = 0; i < m; ++i) {
    const Greeks g = european_greeks_kernel(s[i], k[i], t[i], r[i], r[i] - q[i], v[i], sign[i], black76);
    price[i] = g.price, delta[i] = g.delta, gamma[i] = g.gamma;
    vega[i] = g.vega, theta[i] = g.theta, rho[i] = g.rho;
  }
}

// The last n % 8 options go through the same vector loop on a padded copy (the scalar epilogue GCC would
// otherwise run costs more than pricing a whole vector of 8).
[[gnu::always_inline]] inline void price_tail(const ChainArrays& a, std::size_t start) {
  constexpr std::size_t kLanes = 8;
  alignas(64) double s[kLanes], k[kLanes], t[kLanes], r[kLanes], q[kLanes], v[kLanes], sign[kLanes];
  alignas(64) double price[kLanes], delta[kLanes], gamma[kLanes], vega[kLanes], theta[kLanes], rho[kLanes];
  const std::size_t m = a.n - start;
  for (std::size_t j = 0; j < kLanes; ++j) {  // benign values in the unused lanes
    const bool used = j < m;
    s[j] = used ? a.s[start + j] : 1.0, k[j] = used ? a.k[start + j] : 1.0, t[j] = used ? a.t[start + j] : 1.0;
    r[j] = used ? a.r[start + j] : 0.0, q[j] = used ? a.q[start + j] : 0.0, v[j] = used ? a.v[start + j] : 0.2;
    sign[j] = used && a.call[start + j] == 0 ? -1.0 : 1.0;
  }
  price_block(kLanes, s, k, t, r, q, v, sign, a.black76, price, delta, gamma, vega, theta, rho);
  for (std::size_t j = 0; j < m; ++j) {
    a.price[start + j] = price[j], a.delta[start + j] = delta[j], a.gamma[start + j] = gamma[j];
    a.vega[start + j] = vega[j], a.theta[start + j] = theta[j], a.rho[start + j] = rho[j];
  }
}

[[gnu::always_inline]] inline bool price_all(const ChainArrays& a) {
  if (!all_valid(a.n, a.s, a.k, a.t, a.r, a.q, a.v)) return false;
  constexpr std::size_t kBlock = 64;
  alignas(64) double sign[kBlock];
  const std::size_t whole = a.n & ~std::size_t{7};
  for (std::size_t start = 0; start < whole; start += kBlock) {
    const std::size_t m = whole - start < kBlock ? whole - start : kBlock;
    for (std::size_t j = 0; j < m; ++j) sign[j] = a.call[start + j] != 0 ? 1.0 : -1.0;
    price_block(m, a.s + start, a.k + start, a.t + start, a.r + start, a.q + start, a.v + start, sign, a.black76,
                a.price + start, a.delta + start, a.gamma + start, a.vega + start, a.theta + start, a.rho + start);
  }
  if (whole < a.n) price_tail(a, whole);
  return true;
}

bool price_all_sse2(const ChainArrays& a) { return price_all(a); }

[[gnu::target("avx2,fma"), gnu::optimize("fp-contract=fast")]] bool price_all_avx2(const ChainArrays& a) {
  return price_all(a);
}

[[gnu::target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,prefer-vector-width=512"),
  gnu::optimize("fp-contract=fast")]] bool price_all_avx512(const ChainArrays& a) {
  return price_all(a);
}

ChainIsa best_isa() {
  static const ChainIsa isa = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw")) {
      return ChainIsa::avx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return ChainIsa::avx2_fma;
    return ChainIsa::sse2;
  }();
  return isa;
}

// Prices the chain with the given loop; false (nothing written) if an input is invalid.
bool price_loop(ChainIsa isa, const ChainArrays& a) {
  switch (isa == ChainIsa::best ? best_isa() : isa) {
    case ChainIsa::avx512: return price_all_avx512(a);
    case ChainIsa::avx2_fma: return price_all_avx2(a);
    case ChainIsa::sse2:
    case ChainIsa::best: break;
  }
  return price_all_sse2(a);
}

}  // namespace

bool chain_isa_supported(ChainIsa isa) {
  const ChainIsa best = best_isa();
  switch (isa) {
    case ChainIsa::sse2:
    case ChainIsa::best: return true;
    case ChainIsa::avx2_fma: return best != ChainIsa::sse2;
    case ChainIsa::avx512: return best == ChainIsa::avx512;
  }
  return false;
}

Status price_chain(Model model, const ChainInputs& in, const ChainGreeks& out) {
  return price_chain_on(ChainIsa::best, model, in, out);
}

Status price_chain_on(ChainIsa isa, Model model, const ChainInputs& in, const ChainGreeks& out) {
  if (!chain_isa_supported(isa)) {
    return fail(ErrorCode::invalid_argument, "this CPU cannot run the requested chain loop", "isa");
  }
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
  const double* q = black76 ? in.rate.data() : in.dividend_yield.data();
  const bool priced =
      ignored_q_finite &&
      price_loop(isa, {n, in.spot_or_forward.data(), in.strike.data(), in.years.data(), in.rate.data(), q, in.vol.data(),
                  in.is_call.data(), black76 ? 1.0 : 0.0, out.price.data(), out.delta.data(), out.gamma.data(),
                  out.vega.data(), out.theta.data(), out.rho.data()});
  if (!priced) return first_invalid(in, use_q);
  return ok();
}

}  // namespace nightdesk::pricing
