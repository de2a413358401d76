#!/usr/bin/env python3
"""Fits the tangent-edge values of "Let's Be Rational" as piecewise polynomials in y = sqrt|x| and prints
src/pricing/tangent_edge_fit.h. Needs python3 and mpmath only (40-digit arithmetic).

For x = -y^2 < 0, b_max = e^{x/2}, s_c = sqrt(2|x|); the tangent at s_c meets 0 at s_l = s_c - sqrt(pi/2)
(1 - erfcx(y)) and b_max at s_u = s_c + sqrt(pi/2) (1 + erfcx(y)). The fitted quantities, all O(1) and smooth
in y (b_max divided out; b_l also by y^2, which it vanishes like as y -> 0):
  0: b(x, s_l) / (b_max y^2)     1: b'(x, s_l) / b_max
  2: (b_max - b(x, s_u)) / b_max 3: b'(x, s_u) / b_max
  4: b_c / (b_max y) = (1 - erfcx(y)) / (2y)
and for the lower branch's guess, with the lower map f(s) = (2 pi |x| / sqrt27) Phi(-z)^3, z = |x| / (sqrt3 s)
as a function of beta, scaled to the unit square (t = beta / b_l, F = f / f(s_l)):
  5: ln Phi(-z(s_l))             6: F'(1) = b_l f'(b_l) / f(s_l)
  7: F'(0) = b_l / f(s_l)        8: F''(1) = b_l^2 f''(b_l) / f(s_l)
and for the middle branches' guesses, s(beta) scaled to the unit square on [b_l, b_c] and [b_c, b_u]:
  9, 10: the end slopes on [b_l, b_c]     11, 12: the end slopes on [b_c, b_u]
and for the upper branch's guess, with the upper map g(s) = Phi(-s/2) as a function of d = b_max - beta on
[0, b_max - b_u], scaled to the unit square (t = d / (b_max - b_u), G = g / g(s_u)):
  13: g(s_u) = Phi(-s_u/2)       14: G'(0)      15: G'(1)      16: G''(1)
and for the lower branch's fitted root (lower_guess.h), whose ln t = ln beta - ln b_l would otherwise wait for
a division and a logarithm after the fit:
  17: ln(b(x, s_l) / (b_max y^2)), so that ln b_l = x/2 + ln|x| + (17)
Each on kPieces equal pieces of [0, kYMax], Chebyshev interpolation of degree kDegree in the local variable
u = 2 (y - y_0)/w - 1 in [-1, 1], converted to monomial coefficients in u (ascending).
Usage: python3 tools/fit_tangent_edges.py > src/pricing/tangent_edge_fit.h (PIECES, DEGREE: environment overrides,
for trying other fits; the checked-in header is the default 16 x 10)
"""
import os
import sys
import mpmath as mp

mp.mp.dps = 40
Y_MAX = 4
PIECES = int(os.environ.get("PIECES", 16))
QUANTITIES = 18
DEGREE = int(os.environ.get("DEGREE", 10))


def cdf(z):
    return mp.ncdf(z)


def edges(y):
    a = y * y
    x = -a
    b_max = mp.exp(x / 2)
    erfcx = mp.exp(a) * mp.erfc(y)
    s_c = mp.sqrt(2) * y
    s_l = s_c - mp.sqrt(mp.pi / 2) * (1 - erfcx)
    s_u = s_c + mp.sqrt(mp.pi / 2) * (1 + erfcx)

    def price_and_vega(s):
        h, t = x / s, s / 2
        b = mp.exp(x / 2) * cdf(h + t) - mp.exp(-x / 2) * cdf(h - t)
        c = mp.exp(x / 2) * cdf(-(h + t)) + mp.exp(-x / 2) * cdf(h - t)
        v = mp.exp(-(h * h + t * t) / 2) / mp.sqrt(2 * mp.pi)
        return b, c, v

    b_l, _, v_l = price_and_vega(s_l)
    _, c_u, v_u = price_and_vega(s_u)
    # The lower map f = (2 pi |x| / sqrt27) Phi(-z)^3, z = |x| / (sqrt3 s), its derivatives in s at s_l, and in
    # beta (b' = v_l, b''/b' = x^2/s^3 - s/4), on the unit square t = beta/b_l, F = f/f(s_l).
    z = a / (mp.sqrt(3) * s_l)
    big_p, p = cdf(-z), mp.npdf(z)
    scale = 2 * mp.pi / mp.sqrt(27) * a
    f = scale * big_p ** 3
    fs = 3 * scale * big_p * big_p * p * z / s_l
    fss = 3 * scale * (big_p * p * z / s_l ** 2) * (2 * p * z + big_p * (z * z - 2))
    ratio = x * x / s_l ** 3 - s_l / 4
    d1, d2 = fs / v_l, (fss - fs * ratio) / (v_l * v_l)
    # The middle branches' interpolants of s(beta) on the unit square: [b_l, b_c] -> [s_l, s_c] and
    # [b_c, b_u] -> [s_c, s_u], with b' = v_l, v_c = b_max / sqrt(2 pi), v_u at the ends.
    b_c = b_max * (1 - erfcx) / 2
    v_c = b_max / mp.sqrt(2 * mp.pi)
    b_u = b_max - c_u
    lower_width = (b_c - b_l) / (s_c - s_l)
    upper_width = (b_u - b_c) / (s_u - s_c)
    # The upper map g(s) = Phi(-s/2) as a function of the distance to the bound, d = b_max - beta, on [0, c_u]
    # (dg/dd = 1/2 at 0), scaled to the unit square: t = d / c_u, G = g / g(s_u).
    half = s_u / 2
    g = cdf(-half)
    gs, gss = -mp.npdf(half) / 2, half * mp.npdf(half) / 4
    ratio_u = x * x / s_u ** 3 - s_u / 4
    g1, g2 = -gs / v_u, (gss - gs * ratio_u) / (v_u * v_u)
    return [b_l / (b_max * a), v_l / b_max, c_u / b_max, v_u / b_max, (1 - erfcx) / (2 * y),
            mp.log(big_p), b_l * d1 / f, b_l / f, b_l * b_l * d2 / f,
            lower_width / v_l, lower_width / v_c, upper_width / v_c, upper_width / v_u,
            g, c_u / (2 * g), c_u * g1 / g, c_u * c_u * g2 / g, mp.log(b_l / (b_max * a))]


def fit(piece, quantity):
    width = mp.mpf(Y_MAX) / PIECES
    y0 = piece * width
    n = DEGREE + 1
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    values = [edges(y0 + (u + 1) * width / 2)[quantity] for u in nodes]
    # Chebyshev coefficients, then monomial coefficients in u.
    cheb = [2 * mp.fsum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n) for k in range(n)) / n
            for j in range(n)]
    cheb[0] /= 2
    mono = [mp.mpf(0)] * n
    t_prev, t_cur = [mp.mpf(1)] + [mp.mpf(0)] * (n - 1), [mp.mpf(0), mp.mpf(1)] + [mp.mpf(0)] * (n - 2)
    for j in range(n):
        poly = t_prev if j == 0 else t_cur
        if j >= 2:
            nxt = [(-t_prev[i]) + (2 * t_cur[i - 1] if i > 0 else 0) for i in range(n)]
            t_prev, t_cur = t_cur, nxt
            poly = t_cur
        for i in range(n):
            mono[i] += cheb[j] * poly[i]
    return mono, abs(cheb[-1]) + abs(cheb[-2])


def main():
    out = sys.stdout
    worst = [0.0] * QUANTITIES
    table = []
    for piece in range(PIECES):
        row = []
        for q in range(QUANTITIES):
            mono, tail = fit(piece, q)
            worst[q] = max(worst[q], float(tail))
            row.append(mono)
        table.append(row)
    sys.stderr.write("last Chebyshev terms (size of the truncation): %s\n" % worst)
    header = [
        "// Generated by tools/fit_tangent_edges.py (mpmath, 40 digits); do not edit. Constants, any thread; internal.",
        "// The tangent-edge values and initial-guess data of \"Let's Be Rational\" as piecewise polynomials in",
        "// y = sqrt|x|, read by tangent_edges.h (quantities: see the generator's docstring).",
        "#pragma once",
        "",
        "namespace nightdesk::pricing::tangent_edge_fit {",
        "",
        "constexpr double kYMax = %d;" % Y_MAX,
        "constexpr int kPieces = %d;" % PIECES,
        "constexpr int kDegree = %d;" % DEGREE,
        "constexpr double kPiecesPerUnitY = %r;" % (PIECES / Y_MAX),
        "",
        "// kCoefficients[piece][q][k]: u^k coefficient of quantity q on piece `piece`, u = 2 (y - y_0) / w - 1.",
        "constexpr double kCoefficients[kPieces][%d][kDegree + 1] = {" % QUANTITIES,
    ]
    out.write("\n".join(header) + "\n")
    for piece, row in enumerate(table):
        out.write("    {  // piece %d\n" % piece)
        for q, mono in enumerate(row):
            numbers = [mp.nstr(c, 17, min_fixed=0, max_fixed=0) for c in mono]
            lines = [", ".join(numbers[i:i + 4]) for i in range(0, len(numbers), 4)]
            out.write("        {" + (",\n         ".join(lines)) + "},  // q = %d\n" % q)
        out.write("    },\n")
    out.write("};\n\n}  // namespace nightdesk::pricing::tangent_edge_fit\n")


if __name__ == "__main__":
    main()
