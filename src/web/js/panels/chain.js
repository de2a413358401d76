// The option chain of one expiry around the spot (bid/ask/IV/delta of calls and puts; a click on a bid or ask
// puts that option on the ticket), and the IV smile of the chosen expiry and the next two.
import { el, replace, table, num } from '../dom.js';
import { lineChart } from '../svg_chart.js';
import { expiries, expiryRows } from '../chain_view.js';

const STRIKES_EACH_SIDE = 10;

export function chainPanel(root, state, { pickLeg }) {
  let chosen = null;
  const select = el('select', { 'data-testid': 'chain-expiry', onchange: (e) => { chosen = e.target.value; render(); } });
  const tableBox = el('div', { class: 'scroll' });
  const smileBox = el('div', { class: 'chart-box', 'data-testid': 'iv-smile' });
  root.replaceChildren(el('div', { class: 'row' }, el('label', {}, 'Expiry ', select)), el('div', { class: 'split' }, tableBox, smileBox));

  function cell(row, right, field, side) {
    const q = row[right];
    if (!q) return el('td', {}, '—');
    return el('td', { class: 'pick', title: `${side} ${right} ${row.strike}`,
                      onclick: () => pickLeg({ side, right, strike: Number(row.strike), expiry: chosen }) }, q[field]);
  }

  // Out of the money on each side: puts below the spot, calls above (where the quotes are tightest).
  function smile(expiry, spot) {
    return expiryRows(state.chain, expiry).map((r) => {
      const q = Number(r.strike) < spot ? r.put : r.call;
      return [Number(r.strike), q && q.iv ? q.iv * 100 : NaN];
    });
  }

  function render() {
    const chain = state.chain;
    if (!chain) return;
    const list = expiries(chain);
    if (!chosen || !list.includes(chosen)) chosen = list.find((e) => expiryRows(chain, e).length > 0) || list[0];
    if (select.options.length !== list.length) replace(select, list.map((e) => el('option', { value: e }, e)));
    select.value = chosen;
    const spot = Number(chain.spot);
    const rows = expiryRows(chain, chosen);
    const at = rows.reduce((best, r, i) => (Math.abs(Number(r.strike) - spot) < Math.abs(Number(rows[best].strike) - spot) ? i : best), 0);
    const near = rows.slice(Math.max(0, at - STRIKES_EACH_SIDE), at + STRIKES_EACH_SIDE + 1);
    replace(tableBox, table(['Δ', 'IV', 'bid', 'ask', 'call | strike | put', 'bid', 'ask', 'IV', 'Δ'], near.map((r) => el('tr',
      { class: Number(r.strike) <= spot ? 'itm-call' : 'itm-put' },
      el('td', {}, num(r.call && r.call.delta)), el('td', {}, num(r.call && r.call.iv * 100, 1)),
      cell(r, 'call', 'bid', 'sell'), cell(r, 'call', 'ask', 'buy'), el('th', {}, r.strike),
      cell(r, 'put', 'bid', 'sell'), cell(r, 'put', 'ask', 'buy'),
      el('td', {}, num(r.put && r.put.iv * 100, 1)), el('td', {}, num(r.put && r.put.delta)))), { class: 'chain', 'data-testid': 'chain-table' }));
    const index = list.indexOf(chosen);
    const shown = list.slice(index, index + 3);
    replace(smileBox, lineChart({
      series: shown.map((e, i) => ({ name: e, points: smile(e, spot), cls: `series-${i}` })),
      markerX: spot, label: 'implied volatility by strike', xFormat: (k) => k.toFixed(0), yFormat: (v) => `${v.toFixed(0)}%`,
    }), el('div', { class: 'legend' }, shown.map((e, i) => el('span', { class: `key series-${i}` }, e))));
  }

  state.on('chain', render);
  render();
}
