// Generates the fitted guesses of "Let's Be Rational"'s outer branches: src/pricing/lower_guess_fit.h (argument
// `lower`: s / s_l as a piecewise polynomial in y = sqrt|x| and ln t, t = beta / b(x, s_l)) and
// src/pricing/upper_guess_fit.h (argument `upper`: s / s_u in y and ln t, t = d / (b_max - b(x, s_u)) with
// d = b_max - beta the distance to the bound). Offline tool, single-threaded. The oracle is the library's own solve
// (relative price error <= 1e-13 on the grid tests, far below the fits' ~1e-7: a regeneration with a newer solver
// changes the last digits only); s_l and s_u in long double. Chebyshev interpolation at 8 x 8 nodes per piece,
// converted to monomials in the pieces' local variables; prints the max error at random points to stderr.
// Build and run from the repository root, after building the pricing library in build-release:
//   g++ -O2 -std=c++23 -Isrc tools/fit_branch_guess.cpp build-release/src/libnightdesk_pricing.a -o /tmp/fit
//   /tmp/fit lower > src/pricing/lower_guess_fit.h
//   /tmp/fit upper > src/pricing/upper_guess_fit.h
#include <cmath>
#include <cstdio>
#include <random>
#include <string_view>

#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace {

constexpr int kYPieces = 4;        // y in [0, 4): pieces of width 1
constexpr int kLogTPieces = 8;     // ln t in [-20, 0): pieces of width 2.5
constexpr int kNodes = 8;          // degree 7 in each variable
constexpr double kYMax = 4.0;
constexpr double kLogTMin = -20.0;

// The branch being fitted: its ratio s / s_edge at (y, ln t) from the solver, and what the header says of it.
struct Branch {
  const char* name;        // "lower" or "upper": the namespace is <name>_guess_fit
  const char* definition;  // of s / s_edge and t, for the header's comment
  double (*exact)(double y, double log_t);
};

// erfcx(y) = exp(y^2) erfc(y) in long double, for the edges' total volatilities.
long double erfcx_long(double y) {
  const long double a = static_cast<long double>(y) * y;
  return std::exp(a) * std::erfc(static_cast<long double>(y));
}

double lower_exact(double y, double log_t) {
  using namespace nightdesk::pricing;
  const double x = -y * y;
  const long double a = static_cast<long double>(y) * y;
  const double s_l = static_cast<double>(std::sqrt(2 * a) - std::sqrt(M_PIl / 2) * (1 - erfcx_long(y)));
  const double beta = normalised_otm_black(x, s_l) * std::exp(log_t);
  const double s = normalised_implied_total_volatility(x, beta, std::exp(0.5 * x) - beta).total_volatility;
  return s / s_l;
}

double upper_exact(double y, double log_t) {
  using namespace nightdesk::pricing;
  const double x = -y * y;
  const long double a = static_cast<long double>(y) * y;
  const double s_u = static_cast<double>(std::sqrt(2 * a) + std::sqrt(M_PIl / 2) * (1 + erfcx_long(y)));
  const double distance = normalised_otm_black_complement(x, s_u) * std::exp(log_t);
  const double s = normalised_implied_total_volatility(x, std::exp(0.5 * x) - distance, distance).total_volatility;
  return s / s_u;
}

constexpr Branch kBranches[] = {
    {"lower", "The lower branch's total volatility s / s_l of \"Let's Be Rational\" as piecewise polynomials in\n"
              "// y = sqrt|x| and ln t, t = beta / b(x, s_l); read by lower_guess.h.",
     lower_exact},
    {"upper", "The upper branch's total volatility s / s_u of \"Let's Be Rational\" as piecewise polynomials in\n"
              "// y = sqrt|x| and ln t, t = (b_max - beta) / (b_max - b(x, s_u)); read by upper_guess.h.",
     upper_exact},
};

double y_of(int piece, double u) { return (kYMax / kYPieces) * (piece + 0.5 * (u + 1.0)); }
double log_t_of(int piece, double v) { return kLogTMin + (-kLogTMin / kLogTPieces) * (piece + 0.5 * (v + 1.0)); }

// Monomial coefficients m[k] of sum_j c[j] T_j(u).
void chebyshev_to_monomial(const double* c, double* m) {
  double t[kNodes][kNodes] = {};  // t[j][k]: u^k coefficient of T_j
  t[0][0] = 1.0;
  t[1][1] = 1.0;
  for (int j = 2; j < kNodes; ++j) {
    for (int k = 0; k < kNodes; ++k) t[j][k] = (k > 0 ? 2.0 * t[j - 1][k - 1] : 0.0) - t[j - 2][k];
  }
  for (int k = 0; k < kNodes; ++k) {
    m[k] = 0.0;
    for (int j = 0; j < kNodes; ++j) m[k] += c[j] * t[j][k];
  }
}

double evaluate(const double (&m)[kNodes][kNodes], double u, double v) {
  double sum = 0.0;
  for (int p = kNodes - 1; p >= 0; --p) {
    double inner = 0.0;
    for (int q = kNodes - 1; q >= 0; --q) inner = inner * v + m[p][q];
    sum = sum * u + inner;
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  const Branch* branch = nullptr;
  for (const Branch& b : kBranches) {
    if (argc == 2 && std::string_view(argv[1]) == b.name) branch = &b;
  }
  if (branch == nullptr) {
    std::fprintf(stderr, "usage: fit_branch_guess lower|upper > src/pricing/<branch>_guess_fit.h\n");
    return 2;
  }
  static double coefficients[kYPieces][kLogTPieces][kNodes][kNodes];
  double node[kNodes];
  for (int k = 0; k < kNodes; ++k) node[k] = std::cos(M_PI * (k + 0.5) / kNodes);
  std::mt19937_64 random(2026);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  double worst = 0.0;
  for (int py = 0; py < kYPieces; ++py) {
    for (int pt = 0; pt < kLogTPieces; ++pt) {
      double f[kNodes][kNodes];
      for (int i = 0; i < kNodes; ++i) {
        for (int j = 0; j < kNodes; ++j) f[i][j] = branch->exact(y_of(py, node[i]), log_t_of(pt, node[j]));
      }
      double c[kNodes][kNodes];  // Chebyshev coefficients, c[p][q] of T_p(u) T_q(v)
      for (int p = 0; p < kNodes; ++p) {
        for (int q = 0; q < kNodes; ++q) {
          double sum = 0.0;
          for (int i = 0; i < kNodes; ++i) {
            for (int j = 0; j < kNodes; ++j) {
              sum += f[i][j] * std::cos(M_PI * p * (i + 0.5) / kNodes) * std::cos(M_PI * q * (j + 0.5) / kNodes);
            }
          }
          c[p][q] = sum * (p ? 2.0 : 1.0) * (q ? 2.0 : 1.0) / (kNodes * kNodes);
        }
      }
      // Monomials: first in v for each T_p, then in u.
      double in_v[kNodes][kNodes];
      for (int p = 0; p < kNodes; ++p) chebyshev_to_monomial(c[p], in_v[p]);
      auto& m = coefficients[py][pt];
      for (int q = 0; q < kNodes; ++q) {
        double column[kNodes], out[kNodes];
        for (int p = 0; p < kNodes; ++p) column[p] = in_v[p][q];
        chebyshev_to_monomial(column, out);
        for (int p = 0; p < kNodes; ++p) m[p][q] = out[p];
      }
      for (int r = 0; r < 200; ++r) {
        const double u = unit(random), v = unit(random);
        const double truth = branch->exact(y_of(py, u), log_t_of(pt, v));
        worst = std::max(worst, std::fabs(evaluate(m, u, v) / truth - 1.0));
      }
    }
  }
  std::fprintf(stderr, "max relative error of s at random points: %.3g\n", worst);
  std::printf(
      "// Generated by tools/fit_branch_guess.cpp %s; do not edit. Constants, any thread; internal to src/pricing.\n"
      "// %s\n// Max relative error at random points: %.2g.\n"
      "#pragma once\n\nnamespace nightdesk::pricing::%s_guess_fit {\n\n"
      "// The fit as fitted_root.h reads it.\nstruct Fit {\n"
      "  static constexpr int kYPieces = %d;\n  static constexpr int kLogTPieces = %d;\n"
      "  static constexpr int kDegree = %d;\n"
      "  static constexpr double kYMax = %g;\n  static constexpr double kLogTMin = %g;\n\n"
      "  // kCoefficients[y piece][ln t piece][p][q]: u^p v^q coefficient, u and v the pieces' local variables\n"
      "  // in [-1, 1].\n"
      "  static constexpr double kCoefficients[kYPieces][kLogTPieces][kDegree + 1][kDegree + 1] = {\n",
      branch->name, branch->definition, worst, branch->name, kYPieces, kLogTPieces, kNodes - 1, kYMax, kLogTMin);
  for (int py = 0; py < kYPieces; ++py) {
    std::printf("    {  // y piece %d\n", py);
    for (int pt = 0; pt < kLogTPieces; ++pt) {
      std::printf("        {  // ln t piece %d\n", pt);
      for (int p = 0; p < kNodes; ++p) {
        std::printf("            {");
        for (int q = 0; q < kNodes; ++q) {
          std::printf("%.17g", coefficients[py][pt][p][q]);
          if (q + 1 < kNodes) std::printf(q == 3 ? ",\n             " : ", ");
        }
        std::printf("},\n");
      }
      std::printf("        },\n");
    }
    std::printf("    },\n");
  }
  std::printf("};\n};\n\n}  // namespace nightdesk::pricing::%s_guess_fit\n", branch->name);
}
