#include "pricing/bivariate_normal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <span>

namespace nightdesk::pricing {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x * std::numbers::sqrt2 / 2.0); }

// Gauss-Legendre half-rules (abscissae in (0,1) of the symmetric rule on [-1,1]) with 6, 12 and
// 20 points; Genz picks more points as |rho| grows.
constexpr std::array<double, 3> kW6 = {0.1713244923791705, 0.3607615730481384, 0.4679139345726904};
constexpr std::array<double, 3> kX6 = {0.9324695142031522, 0.6612093864662647, 0.2386191860831970};
constexpr std::array<double, 6> kW12 = {0.04717533638651177, 0.1069393259953183, 0.1600783285433464,
                                        0.2031674267230659,  0.2334925365383547, 0.2491470458134029};
constexpr std::array<double, 6> kX12 = {0.9815606342467191, 0.9041172563704750, 0.7699026741943050,
                                        0.5873179542866171, 0.3678314989981802, 0.1252334085114692};
constexpr std::array<double, 10> kW20 = {0.01761400713915212, 0.04060142980038694, 0.06267204833410906,
                                         0.08327674157670475, 0.1019301198172404,  0.1181945319615184,
                                         0.1316886384491766,  0.1420961093183821,  0.1491729864726037,
                                         0.1527533871307259};
constexpr std::array<double, 10> kX20 = {0.9931285991850949, 0.9639719272779138, 0.9122344282513259,
                                         0.8391169718222188, 0.7463319064601508, 0.6360536807265150,
                                         0.5108670019508271, 0.3737060887154196, 0.2277858511416451,
                                         0.07652652113349733};

// The Drezner-Wesolowsky nodes of one correlation: the sines of the Gauss-Legendre points between 0 and
// asin(r) (node 2i at 1 - x_i, node 2i + 1 at 1 + x_i). They depend on r alone, and callers use few
// correlations (Bjerksund-Stensland 2002: always +-sqrt(t1/T)), so the last few are kept per thread: the
// sines were about a quarter of a call. A node set is computed exactly as inline, so results do not change.
struct CorrelationNodes {
  double r = std::numeric_limits<double>::quiet_NaN();  // never equal: the empty slot matches nothing
  double asr = 0;
  std::array<double, 20> sn{};
  std::array<double, 20> one_minus_sn2{};
};

const CorrelationNodes& nodes_for(double r, std::span<const double> x) {
  thread_local std::array<CorrelationNodes, 4> cache;
  thread_local std::size_t next = 0;
  for (const CorrelationNodes& c : cache)
    if (c.r == r) return c;
  CorrelationNodes& c = cache[next];
  next = (next + 1) % cache.size();
  c.r = r;
  c.asr = std::asin(r);
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = 0; j < 2; ++j) {
      const double side = j == 0 ? -1.0 : 1.0;
      const double sn = std::sin(c.asr * (1.0 + side * x[i]) / 2.0);
      c.sn[2 * i + j] = sn;
      c.one_minus_sn2[2 * i + j] = 1.0 - sn * sn;
    }
  }
  return c;
}

// P(X > h, Y > k).
double upper_orthant(double h, double k, double r) {
  std::span<const double> w = kW20;
  std::span<const double> x = kX20;
  if (std::abs(r) < 0.3) {
    w = kW6;
    x = kX6;
  } else if (std::abs(r) < 0.75) {
    w = kW12;
    x = kX12;
  }
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  double hk = h * k;
  double bvn = 0.0;
  if (std::abs(r) < 0.925) {
    // Integrate the density along the correlation from 0 to r (Drezner-Wesolowsky form).
    const double hs = (h * h + k * k) / 2.0;
    const CorrelationNodes& nodes = nodes_for(r, x);
    for (std::size_t i = 0; i < w.size(); ++i) {
      for (std::size_t j = 0; j < 2; ++j) {
        const double sn = nodes.sn[2 * i + j];
        bvn += w[i] * std::exp((sn * hk - hs) / nodes.one_minus_sn2[2 * i + j]);
      }
    }
    return std::clamp(bvn * nodes.asr / (2.0 * kTwoPi) + normal_cdf(-h) * normal_cdf(-k), 0.0, 1.0);
  }
  // |r| near 1: integrate from r to +-1 with the singularity subtracted analytically.
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (std::abs(r) < 1.0) {
    const double as = (1.0 - r) * (1.0 + r);
    double a = std::sqrt(as);
    const double bs = (h - k) * (h - k);
    const double c = (4.0 - hk) / 8.0;
    const double d = (12.0 - hk) / 16.0;
    double asr = -(bs / as + hk) / 2.0;
    if (asr > -100.0) {
      bvn = a * std::exp(asr) * (1.0 - c * (bs - as) * (1.0 - d * bs / 5.0) / 3.0 + c * d * as * as / 5.0);
    }
    if (hk > -100.0) {
      const double b = std::sqrt(bs);
      const double sp = std::sqrt(kTwoPi) * normal_cdf(-b / a);
      bvn -= std::exp(-hk / 2.0) * sp * b * (1.0 - c * bs * (1.0 - d * bs / 5.0) / 3.0);
    }
    a /= 2.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      for (const double side : {-1.0, 1.0}) {
        const double xs = (a + side * a * x[i]) * (a + side * a * x[i]);
        const double rs = std::sqrt(1.0 - xs);
        asr = -(bs / xs + hk) / 2.0;
        if (asr > -100.0) {
          const double sp = 1.0 + c * xs * (1.0 + d * xs);
          const double ep = std::exp(-hk * xs / (2.0 * (1.0 + rs) * (1.0 + rs))) / rs;
          bvn += a * w[i] * std::exp(asr) * (ep - sp);
        }
      }
    }
    bvn = -bvn / kTwoPi;
  }
  if (r > 0) {
    bvn += normal_cdf(-std::max(h, k));
  } else if (h >= k) {
    bvn = -bvn;
  } else {
    const double band = h < 0 ? normal_cdf(k) - normal_cdf(h) : normal_cdf(-h) - normal_cdf(-k);
    bvn = band - bvn;
  }
  return std::clamp(bvn, 0.0, 1.0);
}

}  // namespace

double bivariate_normal_cdf(double a, double b, double rho) { return upper_orthant(-a, -b, rho); }

}  // namespace nightdesk::pricing
