// Reading the chain answer of GET /chains/{underlying}: expiries, strikes and a leg's quote.

export function expiries(chain) { return chain ? chain.expiries.map((e) => e.expiry) : []; }

export function expiryRows(chain, expiry) {
  const found = chain && chain.expiries.find((e) => e.expiry === expiry);
  return found ? found.strikes : [];
}

export function quoteOf(chain, leg) {
  const row = expiryRows(chain, leg.expiry).find((r) => Number(r.strike) === Number(leg.strike));
  return row ? row[leg.right] : null;
}

export function mid(quote) {
  if (!quote) return NaN;
  return (Number(quote.bid) + Number(quote.ask)) / 2;
}

// The listed strike nearest to `price`.
export function nearestStrike(chain, expiry, price) {
  const strikes = expiryRows(chain, expiry).map((r) => Number(r.strike));
  if (strikes.length === 0) return Math.round(price);
  return strikes.reduce((best, k) => (Math.abs(k - price) < Math.abs(best - price) ? k : best), strikes[0]);
}
