// Positions: one row per position (P&L, Greeks), opened to its legs and management history on a click.
import { el, replace, table, money, num, sign, clock } from '../dom.js';

export function positionsPanel(root, state) {
  const expanded = new Set();
  let showClosed = false;
  const toggle = el('label', { class: 'toggle' },
    el('input', { type: 'checkbox', onchange: (e) => { showClosed = e.target.checked; render(); } }), ' closed too');

  function details(p) {
    const legs = table(['leg', 'qty', 'open cost', 'mark', 'value', 'IV'], p.legs.map((l) => el('tr', {},
      el('td', { class: 'mono' }, l.instrument.symbol), el('td', {}, l.quantity), el('td', {}, money(l.open_cost)),
      el('td', {}, l.mark ?? '—'), el('td', {}, money(l.market_value)),
      el('td', {}, l.quoted_iv ? (l.quoted_iv * 100).toFixed(1) + '%' : '—'))));
    const history = el('ul', { class: 'history' }, (p.history || []).map((h) =>
      el('li', {}, el('span', { class: 'muted' }, clock(h.time)), ' ', el('b', {}, h.kind), ' ', h.reason || '')));
    return el('tr', { class: 'details' }, el('td', { colspan: 10 }, legs, el('h3', {}, 'Management history'), history));
  }

  function row(p) {
    const g = (p.greeks && p.greeks.position) || {};
    const open = expanded.has(p.id);
    const tr = el('tr', { class: 'clickable', 'data-position': p.id, onclick: () => {
      if (open) expanded.delete(p.id); else expanded.add(p.id);
      render();
    } },
      el('td', {}, open ? '▾ ' : '▸ ', p.id), el('td', {}, p.bot_managed ? 'bot' : 'manual'),
      el('td', {}, p.legs.length), el('td', { class: sign(p.unrealized_pnl) }, money(p.unrealized_pnl)),
      el('td', {}, p.pnl_pct ?? '—'), el('td', { class: sign(p.realized_pnl) }, money(p.realized_pnl)),
      el('td', {}, num(g.delta)), el('td', {}, num(g.gamma, 3)), el('td', {}, num(g.theta)), el('td', {}, num(g.vega)));
    return open ? [tr, details(p)] : [tr];
  }

  function render() {
    const all = [...state.positions.values()];
    const shown = all.filter((p) => showClosed || p.open).sort((a, b) => a.id.localeCompare(b.id));
    const open = all.filter((p) => p.open).length;
    replace(root,
      el('div', { class: 'row' }, el('span', { class: 'muted', 'data-testid': 'positions-count' }, `${open} open`), toggle),
      shown.length === 0 ? el('p', { class: 'muted' }, 'No positions yet.')
        : table(['position', 'source', 'legs', 'unrealized', 'P&L %', 'realized', 'Δ', 'Γ', 'Θ', 'ν'],
                shown.flatMap(row), { 'data-testid': 'positions-table' }));
  }

  state.on('positions', render);
  render();
}
