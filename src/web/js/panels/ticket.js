// The order ticket: a strategy template (or single option, or custom legs) built on the chain's strikes, the
// legs editable, a limit price defaulting to the net mid, the payoff at expiry drawn, and POST /orders.
import { el, replace, money } from '../dom.js';
import { lineChart } from '../svg_chart.js';
import { expiries, expiryRows, quoteOf, mid, nearestStrike } from '../chain_view.js';
import { occSymbol, netPrice, payoffCurve, templateLegs, flip, TEMPLATE_SIDE } from '../options_math.js';

const KINDS = ['single', 'vertical', 'iron_condor', 'butterfly', 'straddle', 'strangle', 'custom'];

export function ticketPanel(root, state, { api, notify }) {
  const t = { kind: 'vertical', side: 'sell', right: 'put', expiry: null, strike: null, width: 5, legs: [] };
  const field = (label, input) => el('label', {}, label, input);
  const kind = el('select', { 'data-testid': 'ticket-kind', onchange: (e) => {
    t.kind = e.target.value;
    t.side = TEMPLATE_SIDE[t.kind];
    side.value = t.side;
    build();
  } }, KINDS.map((k) => el('option', { value: k }, k.replace('_', ' '))));
  const side = el('select', { 'data-testid': 'ticket-side', onchange: (e) => { t.side = e.target.value; build(); } },
    el('option', { value: 'buy' }, 'buy'), el('option', { value: 'sell' }, 'sell'));
  const right = el('select', { onchange: (e) => { t.right = e.target.value; build(); } },
    el('option', { value: 'put' }, 'put'), el('option', { value: 'call' }, 'call'));
  const expiry = el('select', { 'data-testid': 'ticket-expiry', onchange: (e) => { t.expiry = e.target.value; t.strike = null; build(); } });
  const strike = el('select', { 'data-testid': 'ticket-strike', onchange: (e) => { t.strike = Number(e.target.value); build(); } });
  const width = el('input', { type: 'number', min: 1, step: 1, value: 5, onchange: (e) => { t.width = Number(e.target.value) || 5; build(); } });
  const quantity = el('input', { type: 'number', min: 1, max: 100, step: 1, value: 1, 'data-testid': 'ticket-quantity', oninput: drawPayoff });
  const limit = el('input', { type: 'number', step: 0.01, 'data-testid': 'ticket-limit', oninput: drawPayoff });
  const priority = el('select', {}, ['normal', 'high', 'urgent', 'low'].map((p) => el('option', { value: p }, p)));
  const botManaged = el('input', { type: 'checkbox' });
  const legsBox = el('div', { 'data-testid': 'ticket-legs' });
  const payoffBox = el('div', { class: 'chart-box', 'data-testid': 'payoff' });
  const result = el('p', { class: 'small', 'data-testid': 'ticket-result', role: 'status' });
  const midText = el('span', { class: 'small muted' });
  kind.value = t.kind;
  side.value = t.side;

  root.replaceChildren(
    el('div', { class: 'form-grid' }, field('Structure', kind), field('Side', side), field('Right', right),
       field('Expiry', expiry), field('Strike', strike), field('Width', width), field('Quantity', quantity),
       field('Limit (net, debit +)', limit), field('Priority', priority), field('Bot-managed', botManaged)),
    el('div', { class: 'row' }, midText, el('button', { class: 'quiet', 'data-testid': 'ticket-mid', onclick: () => setMid() }, 'Use mid')),
    legsBox, payoffBox,
    el('div', { class: 'row' }, el('button', { class: 'primary', 'data-testid': 'ticket-submit', onclick: submit }, 'Send order'), result));

  // The first expiry at least four weeks out (the usual tenor of a spread), else the last one.
  function defaultExpiry() {
    const list = expiries(state.chain);
    const from = Date.parse(state.chain.as_of) + 28 * 86400000;
    return list.find((e) => Date.parse(e) >= from && expiryRows(state.chain, e).length > 0) || list[list.length - 1];
  }

  const strikes = () => expiryRows(state.chain, t.expiry).map((r) => Number(r.strike));

  // The template's legs on listed strikes; custom keeps what is there.
  function build() {
    if (!state.chain) return;
    if (!t.expiry) t.expiry = defaultExpiry();
    if (t.strike === null) t.strike = nearestStrike(state.chain, t.expiry, Number(state.chain.spot));
    if (t.kind !== 'custom') {
      const legs = templateLegs(t.kind, { expiry: t.expiry, right: t.right, strike: t.strike, width: t.width })
        .map((l) => ({ ...l, strike: nearestStrike(state.chain, t.expiry, l.strike) }));
      t.legs = t.side === 'sell' ? flip(legs) : legs;
    }
    fillSelects();
    setMid();
    drawLegs();
  }

  function fillSelects() {
    const list = expiries(state.chain);
    if (expiry.options.length !== list.length) replace(expiry, list.map((e) => el('option', { value: e }, e)));
    expiry.value = t.expiry;
    replace(strike, strikes().map((k) => el('option', { value: k }, k.toFixed(2))));
    strike.value = String(t.strike);
  }

  function netMid() { return netPrice(t.legs, (leg) => mid(quoteOf(state.chain, leg))); }

  function setMid() {
    const m = netMid();
    midText.textContent = Number.isFinite(m) ? `net mid ${m.toFixed(2)} (${m >= 0 ? 'debit' : 'credit'})` : 'no quote for a leg';
    if (Number.isFinite(m)) limit.value = m.toFixed(2);
    drawPayoff();
  }

  function drawLegs() {
    const row = (leg, i) => el('tr', {},
      el('td', {}, select(['buy', 'sell'], leg.side, (v) => { leg.side = v; custom(); })),
      el('td', {}, select(['call', 'put'], leg.right, (v) => { leg.right = v; custom(); })),
      el('td', {}, select(strikes().map(String), String(leg.strike), (v) => { leg.strike = Number(v); custom(); })),
      el('td', {}, el('input', { type: 'number', min: 1, max: 10, value: leg.ratio, class: 'narrow',
                                 onchange: (e) => { leg.ratio = Math.max(1, Number(e.target.value) || 1); custom(); } })),
      el('td', { class: 'mono small' }, occSymbol(state.chain.underlying, leg.expiry, leg.right, leg.strike)),
      el('td', {}, el('button', { class: 'quiet', onclick: () => { t.legs.splice(i, 1); custom(); } }, '×')));
    replace(legsBox, el('table', {}, el('thead', {}, el('tr', {}, ['side', 'right', 'strike', 'ratio', 'symbol', ''].map((h) => el('th', {}, h)))),
                        el('tbody', {}, t.legs.map(row))),
            t.legs.length < 6 ? el('button', { class: 'quiet', onclick: addLeg }, '+ leg') : null);
  }

  function select(values, value, onchange) {
    const s = el('select', { onchange: (e) => onchange(e.target.value) }, values.map((v) => el('option', { value: v }, v)));
    s.value = value;
    return s;
  }

  // An edited leg turns the ticket into custom legs.
  function custom() {
    t.kind = 'custom';
    kind.value = 'custom';
    setMid();
    drawLegs();
  }

  function addLeg() {
    t.legs.push({ side: 'buy', right: t.right, strike: t.strike, expiry: t.expiry, ratio: 1 });
    custom();
  }

  function drawPayoff() {
    const net = Number(limit.value);
    const qty = Math.max(1, Number(quantity.value) || 1);
    if (t.legs.length === 0 || !Number.isFinite(net)) return replace(payoffBox);
    const points = payoffCurve(t.legs, net, qty, Number(state.chain.spot));
    const ys = points.map((p) => p[1]);
    replace(payoffBox, lineChart({ series: [{ name: 'at expiry', points, cls: 'payoff' }], zero: true,
                                   markerX: Number(state.chain.spot), label: 'payoff at expiry',
                                   xFormat: (k) => k.toFixed(0), yFormat: (v) => money(v).replace('.00', '') }),
            el('div', { class: 'small muted' }, `max profit ${money(Math.max(...ys))}, max loss ${money(Math.min(...ys))} in this range`));
  }

  async function submit() {
    if (t.legs.length === 0) return;
    const id = `web-${Date.now().toString(36)}`;
    const legs = t.legs.map((l) => ({ symbol: occSymbol(state.chain.underlying, l.expiry, l.right, l.strike), side: l.side, ratio: l.ratio }));
    const body = { client_order_id: id, quantity: Math.max(1, Number(quantity.value) || 1), limit_price: Number(limit.value).toFixed(2),
                   priority: priority.value, bot_managed: botManaged.checked };
    if (legs.length === 1) Object.assign(body, { symbol: legs[0].symbol, side: legs[0].side });
    else body.legs = legs;
    result.textContent = 'sending…';
    result.className = 'small';
    try {
      const answer = await api.post('/orders', body);
      result.textContent = `${answer.client_order_id}: ${answer.status}`;
      notify(`order ${answer.client_order_id} ${answer.status}`);
    } catch (e) {
      result.textContent = e.message;
      result.className = 'small error';
    }
  }

  // A click in the chain: one option on the ticket.
  function useLeg(leg) {
    Object.assign(t, { kind: 'single', side: leg.side, right: leg.right, expiry: leg.expiry, strike: leg.strike });
    kind.value = 'single';
    side.value = leg.side;
    right.value = leg.right;
    build();
  }

  let built = false;
  state.on('chain', () => {
    if (!built) build();
    built = true;
  });
  return { useLeg };
}
