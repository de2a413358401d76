// Execution quality: totals (fill rate, slippage, spread, improvement, walk length, time to fill) and by strategy.
import { el, replace, table, num, pct, money } from '../dom.js';

export function executionPanel(root, state) {
  function render() {
    const q = state.execution;
    if (!q || !q.total) return replace(root, el('p', { class: 'muted' }, 'No orders measured yet.'));
    const t = q.total;
    const figure = (label, value) => el('div', { class: 'figure' }, el('span', { class: 'muted' }, label), el('b', {}, value));
    const strategies = Object.entries(q.by_strategy || {}).map(([name, s]) => el('tr', {},
      el('td', {}, name), el('td', {}, `${s.filled}/${s.ordered}`), el('td', {}, pct(s.fill_rate, 0)),
      el('td', {}, num(s.arrival_slippage, 3)), el('td', {}, num(s.effective_spread, 3)),
      el('td', {}, num(s.mean_replaces, 1)), el('td', {}, money(s.implementation_shortfall))));
    replace(root,
      el('div', { class: 'figures', 'data-testid': 'execution-total' },
        figure('fill rate', pct(t.fill_rate, 0)), figure('arrival slippage', num(t.arrival_slippage, 3)),
        figure('effective spread', num(t.effective_spread, 3)), figure('price improvement', num(t.price_improvement, 3)),
        figure('replaces / order', num(t.mean_replaces, 1)), figure('s to fill', num(t.mean_seconds_to_first_fill, 0)),
        figure('shortfall', money(t.implementation_shortfall))),
      table(['strategy', 'filled', 'fill rate', 'slippage', 'eff. spread', 'replaces', 'shortfall'], strategies));
  }
  state.on('execution', render);
  render();
}
