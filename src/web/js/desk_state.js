// What the page knows about the engine: the latest of each REST resource, merged with WebSocket pushes.
// Panels read it and subscribe to the topics they draw; set/merge calls notify them once per animation frame.

const ENDED = new Set(['filled', 'cancelled', 'rejected', 'expired', 'done']);
const FILLS_KEPT = 200;
const PNL_SAMPLES_KEPT = 600;

export function isOpenOrder(order) { return !ENDED.has(order.state); }

export class DeskState {
  constructor(underlying) {
    this.underlying = underlying;
    this.status = null;
    this.positions = new Map();   // id -> position
    this.orders = new Map();      // client_order_id -> order
    this.walks = new Map();       // client_order_id -> [limit prices seen], the walk's path
    this.fills = [];              // newest first
    this.greeks = null;
    this.risk = null;
    this.pnl = null;
    this.pnlHistory = [];         // [engine ms, day P&L]
    this.quote = null;
    this.execution = null;
    this.chain = null;
    this.listeners = new Map();   // topic -> [fn]
    this.dirty = new Set();
  }

  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, []);
    this.listeners.get(topic).push(fn);
  }

  changed(topic) {
    if (this.dirty.size === 0) requestAnimationFrame(() => this.flush());
    this.dirty.add(topic);
  }

  flush() {
    const topics = [...this.dirty];
    this.dirty.clear();
    for (const topic of topics) for (const fn of this.listeners.get(topic) || []) fn(this);
  }

  setPositions(list) {
    this.positions = new Map(list.map((p) => [p.id, p]));
    this.changed('positions');
  }

  mergePosition(position) {
    this.positions.set(position.id, position);
    this.changed('positions');
  }

  setOrders(list) {
    this.orders = new Map();
    for (const order of list) this.mergeOrder(order);
    this.fills = list.flatMap((o) => o.fills.map((f) => fillRow(o, f)))
      .sort((a, b) => b.time.localeCompare(a.time)).slice(0, FILLS_KEPT);
    this.changed('fills');
  }

  mergeOrder(order) {
    this.orders.set(order.client_order_id, order);
    const path = this.walks.get(order.client_order_id) || [];
    if (order.limit_price !== null && path[path.length - 1] !== order.limit_price) path.push(order.limit_price);
    this.walks.set(order.client_order_id, path);
    this.changed('orders');
  }

  addFill(push) {
    const order = this.orders.get(push.client_order_id);
    this.fills.unshift(fillRow(order || { client_order_id: push.client_order_id, legs: [] }, push));
    this.fills.length = Math.min(this.fills.length, FILLS_KEPT);
    this.changed('fills');
  }

  set(topic, value) {
    this[topic] = value;
    this.changed(topic);
  }

  addPnl(pnl) {
    this.pnl = pnl;
    const t = Date.parse(pnl.as_of);
    const last = this.pnlHistory[this.pnlHistory.length - 1];
    if (!last || t > last[0]) this.pnlHistory.push([t, Number(pnl.day_pnl)]);
    if (this.pnlHistory.length > PNL_SAMPLES_KEPT) this.pnlHistory.shift();
    this.changed('pnl');
  }
}

function fillRow(order, fill) {
  const leg = order.legs && order.legs[fill.leg];
  return {
    time: fill.engine_time || fill.venue_time || '',
    order: order.client_order_id,
    symbol: leg ? leg.instrument.symbol : `leg ${fill.leg}`,
    side: leg ? leg.side : '',
    quantity: fill.quantity,
    price: fill.price,
    fees: fill.fees,
    id: fill.fill_id,
  };
}
