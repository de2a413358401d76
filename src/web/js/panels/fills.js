// Fills, newest first: time (engine clock), order, leg, side, quantity, price, fees.
import { el, replace, table, clock, money } from '../dom.js';

const SHOWN = 40;

export function fillsPanel(root, state) {
  function render() {
    const rows = state.fills.slice(0, SHOWN).map((f) => el('tr', { 'data-fill': f.id },
      el('td', {}, clock(f.time)), el('td', {}, f.order), el('td', { class: 'mono small' }, f.symbol),
      el('td', {}, f.side), el('td', {}, f.quantity), el('td', {}, f.price), el('td', {}, money(f.fees))));
    replace(root, rows.length === 0 ? el('p', { class: 'muted' }, 'No fills yet.')
      : table(['time', 'order', 'leg', 'side', 'qty', 'price', 'fees'], rows, { 'data-testid': 'fills-table' }));
  }
  state.on('fills', render);
  render();
}
