// Option arithmetic the ticket needs: OCC symbols, leg mids and the payoff at expiry. Pure functions.
// Leg: {side: "buy"|"sell", right: "call"|"put", strike: Number, expiry: "YYYY-MM-DD", ratio: Number}.

// "SPY", "2025-02-07", "put", 540 -> "SPY   250207P00540000" (root padded to 6, strike in 1/1000).
export function occSymbol(underlying, expiry, right, strike) {
  const root = underlying.padEnd(6, ' ');
  const date = expiry.slice(2, 4) + expiry.slice(5, 7) + expiry.slice(8, 10);
  const thousandths = String(Math.round(Number(strike) * 1000)).padStart(8, '0');
  return `${root}${date}${right === 'call' ? 'C' : 'P'}${thousandths}`;
}

// Net per unit of the structure at `price(leg)` per share: debit positive, credit negative (the API's sign).
export function netPrice(legs, price) {
  return legs.reduce((sum, leg) => sum + (leg.side === 'buy' ? 1 : -1) * leg.ratio * price(leg), 0);
}

// Profit in dollars at expiry when the underlying ends at `spot`, for `quantity` units bought at `net`.
export function payoffAt(legs, net, quantity, spot, multiplier = 100) {
  const value = legs.reduce((sum, leg) => {
    const intrinsic = leg.right === 'call' ? Math.max(0, spot - leg.strike) : Math.max(0, leg.strike - spot);
    return sum + (leg.side === 'buy' ? 1 : -1) * leg.ratio * intrinsic;
  }, 0);
  return (value - net) * quantity * multiplier;
}

// The payoff curve over a range around the strikes and spot.
export function payoffCurve(legs, net, quantity, spot, steps = 120) {
  const strikes = legs.map((l) => l.strike).concat(spot ? [spot] : []);
  const lo = Math.min(...strikes) * 0.93;
  const hi = Math.max(...strikes) * 1.07;
  const points = [];
  for (let i = 0; i <= steps; i += 1) {
    const s = lo + ((hi - lo) * i) / steps;
    points.push([s, payoffAt(legs, net, quantity, s)]);
  }
  return points;
}

// The legs of one unit of a strategy template, bought (the API's "buy"; flip() sells it), around `strike` (the
// body, or the strike a vertical is anchored on) with wings `width` apart:
//   single K; vertical: long K, short K±width further out of the money (selling it is the credit spread);
//   iron_condor: short put K-w, long put K-2w, short call K+w, long call K+2w, reversed (its buy);
//   butterfly 1-2-1 around K; straddle: call and put at K; strangle: put K-w, call K+w.
export function templateLegs(kind, { expiry, right, strike, width }) {
  const leg = (side, r, k, ratio = 1) => ({ side, right: r, strike: k, expiry, ratio });
  const out = right === 'put' ? -width : width;
  switch (kind) {
    case 'single': return [leg('buy', right, strike)];
    case 'vertical': return [leg('buy', right, strike), leg('sell', right, strike + out)];
    case 'iron_condor':
      return flip([leg('sell', 'put', strike - width), leg('buy', 'put', strike - 2 * width),
                   leg('sell', 'call', strike + width), leg('buy', 'call', strike + 2 * width)]);
    case 'butterfly':
      return [leg('buy', right, strike - width), leg('sell', right, strike, 2), leg('buy', right, strike + width)];
    case 'straddle': return [leg('buy', 'call', strike), leg('buy', 'put', strike)];
    case 'strangle': return [leg('buy', 'put', strike - width), leg('buy', 'call', strike + width)];
    default: return [];
  }
}

// The usual side of each template: credit structures are sold.
export const TEMPLATE_SIDE = { single: 'buy', vertical: 'sell', iron_condor: 'sell', butterfly: 'buy', straddle: 'buy',
                               strangle: 'buy', custom: 'buy' };

export function flip(legs) {
  return legs.map((l) => ({ ...l, side: l.side === 'buy' ? 'sell' : 'buy' }));
}
