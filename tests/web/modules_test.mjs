// The dashboard's pure modules under Node (no browser): OCC symbols, net prices and payoffs of the ticket, and
// the live feed's sequencing (a gap asks for a REST resync; pushes during a resync wait for it; quotes never
// resync). Run by ctest as web.Modules: node --test modules_test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const web = new URL('../../src/web/js/', import.meta.url);
// The modules are served as ES modules from src/web, which has no package.json: load them by their text.
async function load(name) {
  const text = readFileSync(new URL(name, web), 'utf8');
  return import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
}

const math = await load('options_math.js');
const { LiveFeed } = await load('live_feed.js');

test('occSymbol pads the root to six and the strike to eight thousandths', () => {
  assert.equal(math.occSymbol('SPY', '2025-02-07', 'put', 540), 'SPY   250207P00540000');
  assert.equal(math.occSymbol('BAC', '2030-01-18', 'call', 32.5), 'BAC   300118C00032500');
});

test('a sold put spread nets a credit (negative) and its payoff is capped both ways', () => {
  const legs = math.flip(math.templateLegs('vertical', { expiry: '2025-02-07', right: 'put', strike: 500, width: 5 }));
  assert.deepEqual(legs.map((l) => [l.side, l.strike]), [['sell', 500], ['buy', 495]]);
  const prices = { 500: 3.0, 495: 1.8 };
  const net = math.netPrice(legs, (l) => prices[l.strike]);
  assert.ok(Math.abs(net + 1.2) < 1e-9);
  assert.ok(Math.abs(math.payoffAt(legs, net, 2, 600) - 240) < 1e-9);   // keeps the credit: 1.20 x 100 x 2
  assert.ok(Math.abs(math.payoffAt(legs, net, 2, 400) + 760) < 1e-9);   // width 5 - 1.20 = 3.80 lost per share
});

test('iron condor and butterfly templates have the usual shape', () => {
  const condor = math.flip(math.templateLegs('iron_condor', { expiry: 'x', right: 'put', strike: 100, width: 5 }));
  assert.deepEqual(condor.map((l) => `${l.side} ${l.right} ${l.strike}`),
                   ['sell put 95', 'buy put 90', 'sell call 105', 'buy call 110']);
  const fly = math.templateLegs('butterfly', { expiry: 'x', right: 'call', strike: 100, width: 5 });
  assert.deepEqual(fly.map((l) => `${l.side} ${l.ratio} ${l.strike}`), ['buy 1 95', 'sell 2 100', 'buy 1 105']);
  assert.equal(math.payoffAt(fly, 1, 1, 100), 400);
  assert.equal(math.payoffAt(fly, 1, 1, 120), -100);
});

function feed(channels = ['orders', 'quotes:SPY']) {
  const log = { pushes: [], resyncs: [] };
  let release;
  const f = new LiveFeed({
    token: 't', channels, onState: () => {},
    onPush: (channel, data) => log.pushes.push(`${channel}:${data}`),
    resync: (list) => { log.resyncs.push(list.join(',')); return new Promise((r) => { release = r; }); },
  });
  return { f, log, finish: async () => { release(); await new Promise((r) => setTimeout(r, 0)); } };
}

test('after the ack, pushes past its seq apply once the REST read is done; older ones are dropped', async () => {
  const { f, log, finish } = feed();
  f.receive({ type: 'ack', seq: { orders: 10 } });
  assert.deepEqual(log.resyncs, ['orders,quotes:SPY']);
  f.receive({ channel: 'orders', seq: 10, data: 'old' });
  f.receive({ channel: 'orders', seq: 11, data: 'new' });
  assert.deepEqual(log.pushes, [], 'nothing applies while the resync runs');
  await finish();
  assert.deepEqual(log.pushes, ['orders:new']);
});

test('a gap in a state channel resyncs it; a gap in quotes does not', async () => {
  const { f, log, finish } = feed();
  f.receive({ type: 'ack', seq: { orders: 1, 'quotes:SPY': 1 } });
  await finish();
  f.receive({ channel: 'quotes:SPY', seq: 5, data: 'q' });
  assert.deepEqual(log.resyncs, ['orders,quotes:SPY']);
  f.receive({ channel: 'orders', seq: 2, data: 'a' });
  f.receive({ channel: 'orders', seq: 4, data: 'c' });
  assert.deepEqual(log.resyncs, ['orders,quotes:SPY', 'orders']);
  assert.deepEqual(log.pushes, ['quotes:SPY:q', 'orders:a', 'orders:c']);
  await finish();
});
