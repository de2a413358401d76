// Orders: the working ones with their walk (the limit price path of the cancel/replace walk, replaces, filled
// of quantity) and a cancel button; below them the most recent ended orders.
import { el, replace, table, clock } from '../dom.js';
import { isOpenOrder } from '../desk_state.js';

const ENDED_SHOWN = 12;

function legsText(order) {
  return order.legs.map((l) => `${l.side} ${l.ratio > 1 ? l.ratio + '× ' : ''}${l.instrument.symbol.replace(/\s+/g, ' ')}`).join(' / ');
}

function progress(order) {
  const share = order.quantity ? order.filled / order.quantity : 0;
  const bar = el('span', { class: 'bar' }, el('span', { class: 'fill' }));
  bar.firstChild.style.width = `${Math.round(share * 100)}%`;
  return el('span', { class: 'progress' }, bar, ` ${order.filled}/${order.quantity}`);
}

export function ordersPanel(root, state, { api, notify }) {
  async function cancel(order) {
    try {
      await api.remove(`/orders/${encodeURIComponent(order.client_order_id)}`);
      notify(`cancel sent for ${order.client_order_id}`);
    } catch (e) {
      notify(`cancel ${order.client_order_id}: ${e.message}`, true);
    }
  }

  function walk(order) {
    const path = state.walks.get(order.client_order_id) || [];
    const shown = path.length > 4 ? ['…', ...path.slice(-4)] : path;
    return el('span', { class: 'walk' }, el('b', {}, `step ${order.replaces}`), ' ', shown.join(' → '));
  }

  function openRow(o) {
    return el('tr', { 'data-order': o.client_order_id, 'data-state': o.state },
      el('td', {}, o.client_order_id), el('td', { class: 'mono small' }, legsText(o)), el('td', {}, o.limit_price ?? 'mkt'),
      el('td', {}, walk(o)), el('td', {}, progress(o)), el('td', {}, el('span', { class: `state ${o.state}` }, o.state)),
      el('td', {}, clock(o.created)),
      el('td', {}, el('button', { class: 'quiet', onclick: () => cancel(o) }, 'Cancel')));
  }

  function endedRow(o) {
    return el('tr', { 'data-order': o.client_order_id, 'data-state': o.state },
      el('td', {}, o.client_order_id), el('td', { class: 'mono small' }, legsText(o)), el('td', {}, o.limit_price ?? 'mkt'),
      el('td', {}, o.average_price ?? '—'), el('td', {}, `${o.filled}/${o.quantity}`),
      el('td', {}, el('span', { class: `state ${o.state}` }, o.state)), el('td', {}, o.replaces),
      el('td', { class: 'small muted' }, lastReason(o)));
  }

  function render() {
    const orders = [...state.orders.values()].sort((a, b) => b.created.localeCompare(a.created));
    const open = orders.filter(isOpenOrder);
    const ended = orders.filter((o) => !isOpenOrder(o)).slice(0, ENDED_SHOWN);
    replace(root,
      el('h3', {}, `Working (${open.length})`),
      open.length === 0 ? el('p', { class: 'muted' }, 'No working orders.')
        : table(['order', 'legs', 'limit', 'walk', 'filled', 'state', 'created', ''], open.map(openRow),
                { 'data-testid': 'open-orders' }),
      el('h3', {}, 'Recent'),
      table(['order', 'legs', 'limit', 'avg price', 'filled', 'state', 'replaces', 'last note'], ended.map(endedRow),
            { 'data-testid': 'ended-orders' }));
  }

  state.on('orders', render);
  render();
}

function lastReason(order) {
  const h = order.history || [];
  return h.length ? h[h.length - 1].reason : '';
}
