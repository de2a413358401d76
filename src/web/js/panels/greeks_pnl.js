// Portfolio Greeks (total and dollar delta/gamma) and P&L figures, with the day's P&L drawn over engine time.
import { el, replace, money, num, sign } from '../dom.js';
import { lineChart } from '../svg_chart.js';

function figure(label, value, cls = '') {
  return el('div', { class: 'figure' }, el('span', { class: 'muted' }, label), el('b', { class: cls }, value));
}

export function greeksPnlPanel(root, state) {
  const greeksBox = el('div', { class: 'figures', 'data-testid': 'greeks' });
  const pnlBox = el('div', { class: 'figures', 'data-testid': 'pnl' });
  const chartBox = el('div', { class: 'chart-box', 'data-testid': 'pnl-chart' });
  root.replaceChildren(greeksBox, pnlBox, chartBox);

  function renderGreeks() {
    const g = state.greeks;
    if (!g) return replace(greeksBox, el('p', { class: 'muted' }, 'No Greeks yet.'));
    const t = g.total || {};
    replace(greeksBox, figure('Δ', num(t.delta)), figure('Γ', num(t.gamma, 3)), figure('Θ / day', num(t.theta)),
            figure('ν', num(t.vega)), figure('$Δ', money(g.dollar_delta)), figure('$Γ 1%', money(g.dollar_gamma_1pct)));
  }

  function renderPnl() {
    const p = state.pnl;
    if (!p) return;
    replace(pnlBox, figure('equity', money(p.equity)), figure('day P&L', money(p.day_pnl), sign(p.day_pnl)),
            figure('unrealized', money(p.unrealized_pnl), sign(p.unrealized_pnl)),
            figure('realized today', money(p.realized_pnl_today), sign(p.realized_pnl_today)));
    const t0 = state.pnlHistory.length ? state.pnlHistory[0][0] : 0;
    replace(chartBox, lineChart({
      series: [{ name: 'day P&L', points: state.pnlHistory.map(([t, v]) => [(t - t0) / 60000, v]), cls: 'pnl' }],
      zero: true, label: 'day P&L over engine time',
      xFormat: (m) => `${Math.round(m)}m`, yFormat: (v) => money(v).replace('.00', ''),
    }));
  }

  state.on('greeks', renderGreeks);
  state.on('pnl', renderPnl);
  renderGreeks();
}
